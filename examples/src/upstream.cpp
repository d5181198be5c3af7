// Routing table and upstream connections.

#include "relay/relay.hpp"

#include <cstdio>
#include <future>
#include <iostream>
#include <thread>

namespace relay {

// fine: an ordinary function; it runs on a pool thread, see load_routes().
RoutingTable read_routes_file(const std::string &path) {
  RoutingTable table;
  std::FILE *file = std::fopen(path.c_str(), "r");
  if (!file)
    return table;
  char name[128], host[256], port[16];
  while (std::fscanf(file, "%127s %255s %15s", name, host, port) == 3)
    table[name] = Upstream{host, port};
  std::fclose(file);
  return table;
}

asio::awaitable<RoutingTable> load_routes(asio::thread_pool &blocking,
                                          std::string path) {
  std::promise<RoutingTable> loaded;
  std::future<RoutingTable> table = loaded.get_future();
  // fine: the lambda is not part of the coroutine; it runs on the pool.
  asio::post(blocking, [path = std::move(path),
                        loaded = std::move(loaded)]() mutable {
    loaded.set_value(read_routes_file(path));
  });
  // async-tidy (blocking-call-in-coroutine): std::future::get blocks the
  // io_context thread until the pool has read the file.
  co_return table.get();
}

void backoff(int attempt) {
  auto delay = std::chrono::milliseconds(50) * (1 << attempt);
  std::this_thread::sleep_for(delay);
}

static void retry_pause(int attempt) {
  std::clog << "relay: upstream connect failed, retry " << attempt << '\n';
  backoff(attempt);
}

// fine: the awaitable way to wait between attempts.
asio::awaitable<void> reconnect_delay(int attempt) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(std::chrono::milliseconds(50) * (1 << attempt));
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<tcp::socket> connect_upstream(const Upstream &where,
                                              const Config &cfg,
                                              Stats &stats) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  // async-tidy (blocking-call-in-coroutine): resolver.resolve() is a blocking
  // DNS lookup; use async_resolve(..., asio::use_awaitable).
  auto endpoints = resolver.resolve(where.host, where.port);

  tcp::socket socket(executor);
  for (int attempt = 0;; ++attempt) {
    auto [error, endpoint] = co_await asio::async_connect(
        socket, endpoints, asio::as_tuple(asio::use_awaitable));
    if (!error)
      co_return socket;
    ++stats.failed_connects;
    if (attempt + 1 == cfg.connect_attempts)
      throw boost::system::system_error(error, "connect " + where.host);
    // async-tidy (blocking-call-in-coroutine): transitively, 'retry_pause'
    // calls 'backoff', which blocks in 'std::this_thread::sleep_for'. co_await
    // reconnect_delay(attempt) is what was meant.
    retry_pause(attempt);
  }
}

} // namespace relay
