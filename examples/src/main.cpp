// relay [port] [routes-file]
//
// Commands on standard input: "check" re-reads the routes file and reports
// what it holds, "quit" stops the relay.

#include "relay/relay.hpp"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace {

using namespace relay;

struct AdminRequests {
  std::mutex mutex;
  std::condition_variable changed;
  bool check_routes = false;
  bool quit = false;
};

// fine: a plain function may wait; it runs before the io_context does.
tcp::acceptor bind_listener(asio::io_context &ctx, const Config &cfg) {
  tcp::endpoint endpoint(asio::ip::make_address(cfg.listen_address),
                         cfg.listen_port);
  for (int attempt = 0;; ++attempt) {
    try {
      return tcp::acceptor(ctx, endpoint);
    } catch (const boost::system::system_error &error) {
      if (error.code() != asio::error::address_in_use || attempt == 5)
        throw;
      backoff(attempt);
    }
  }
}

asio::awaitable<void> write_pid_file(std::string path) {
  // Runs once, before the first client is accepted: nothing else is waiting
  // for this thread yet, so the blocking fopen is accepted here.
  std::FILE *file = std::fopen(path.c_str(), "w"); // NOLINT(async-blocking-call-in-coroutine)
  if (!file)
    co_return;
  std::fprintf(file, "%ld\n", static_cast<long>(::getpid()));
  std::fclose(file);
}

asio::awaitable<void> stop_on_signal(asio::io_context &ctx) {
  asio::signal_set signals(ctx, SIGINT, SIGTERM);
  // fine: the awaitable wait.
  co_await signals.async_wait(asio::use_awaitable);
  ctx.stop();
}

} // namespace

int main(int argc, char **argv) {
  Config cfg;
  if (argc > 1)
    cfg.listen_port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  if (argc > 2)
    cfg.routes_file = argv[2];

  asio::io_context ctx;
  asio::thread_pool blocking(2);
  Stats stats;
  AdminRequests admin;

  asio::co_spawn(ctx, write_pid_file("relay.pid"), asio::detached);
  asio::co_spawn(ctx, accept_loop(bind_listener(ctx, cfg), cfg, stats, blocking),
                 asio::detached);
  // fine: a failed signal wait is rethrown from ctx.run() instead of being
  // dropped.
  asio::co_spawn(ctx, stop_on_signal(ctx), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });

  // Captureless on purpose: the closure object is gone by the time the
  // coroutine resumes; its parameters live in the coroutine frame.
  auto admin_loop = [](AdminRequests &admin, asio::io_context &ctx,
                       asio::thread_pool &blocking,
                       const Config &cfg) -> asio::awaitable<void> {
    for (;;) {
      std::unique_lock lock(admin.mutex);
      // async-tidy (blocking-call-in-coroutine): condition_variable::wait parks
      // the io_context thread, and with it every session, until the next
      // command arrives.
      admin.changed.wait(lock, [&] { return admin.check_routes || admin.quit; });
      if (admin.quit) {
        ctx.stop();
        co_return;
      }
      admin.check_routes = false;
      lock.unlock();
      RoutingTable routes = co_await load_routes(blocking, cfg.routes_file);
      std::clog << "relay: " << cfg.routes_file << ": " << routes.size()
                << " routes\n";
    }
  };
  // async-tidy (lost-exception): when the routes file cannot be read,
  // load_routes throws, asio::detached drops the exception, and the admin
  // loop is gone without a word: "check" and "quit" are no longer answered.
  asio::co_spawn(ctx, admin_loop(admin, ctx, blocking, cfg), asio::detached);

  // fine: a thread body, not a coroutine; sleeping is its job.
  std::jthread reporter([&stats](std::stop_token stop) {
    while (!stop.stop_requested()) {
      std::this_thread::sleep_for(std::chrono::seconds(10));
      std::clog << "relay: " << stats.live_sessions << " live, "
                << stats.total_sessions << " total, " << stats.bytes_up
                << " B up, " << stats.bytes_down << " B down\n";
    }
  });

  // fine: reading standard input on a thread of its own.
  std::thread console([&] {
    for (std::string line; std::getline(std::cin, line);) {
      std::lock_guard lock(admin.mutex);
      if (line == "check")
        admin.check_routes = true;
      else if (line == "quit")
        admin.quit = true;
      admin.changed.notify_one();
      if (admin.quit)
        break;
    }
  });
  console.detach();

  // fine: main is where the io_context runs.
  ctx.run();
  blocking.join();
  return 0;
}
