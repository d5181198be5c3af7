// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-unbounded-fan-out %t

// Real Boost.Asio: a fixed set of long-lived services started from the
// configuration (an accept loop per configured listener, a thread per
// io_context of a pool), compile-time counts and pools sized by the machine,
// next to the look-alikes that start one piece of work per input element.

#include <boost/asio.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<void> session(tcp::socket Socket);
asio::awaitable<int> lookup(std::string Name);
void process(const std::string &Job);

struct Config {
  std::vector<tcp::endpoint> Listeners;
  std::vector<std::string> Hosts;
};

//===--- Long-lived services ---===//

// Accepts until the acceptor is closed: one per configured listener.
asio::awaitable<void> listen(tcp::endpoint Endpoint) {
  auto Executor = co_await asio::this_coro::executor;
  tcp::acceptor Acceptor(Executor, Endpoint);
  for (;;) {
    tcp::socket Socket = co_await Acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(Executor, session(std::move(Socket)), asio::detached);
  }
}

void startListeners(asio::io_context &Context, const Config &C) {
  for (const tcp::endpoint &Endpoint : C.Listeners)
    asio::co_spawn(Context, listen(Endpoint), asio::detached);
}

// A thread per io_context, each running its event loop until stopped.
void runPool(std::vector<std::unique_ptr<asio::io_context>> &Contexts) {
  std::vector<std::thread> Threads;
  for (auto &Context : Contexts)
    Threads.emplace_back([&Context] { Context->run(); });
  for (std::thread &T : Threads)
    T.join();
}

void runPoolByMember(std::vector<asio::io_context> &Contexts) {
  std::vector<std::thread> Threads;
  for (asio::io_context &Context : Contexts)
    Threads.emplace_back(
        static_cast<asio::io_context::count_type (asio::io_context::*)()>(
            &asio::io_context::run),
        &Context);
  for (std::thread &T : Threads)
    T.join();
}

// Look-alikes: a coroutine per host that does one request and ends, and a
// thread per job that does the job.
asio::awaitable<void> resolveOnce(std::string Host) {
  co_await lookup(Host);
}

void resolveHosts(asio::io_context &Context, const Config &C) {
  for (const std::string &Host : C.Hosts)
    asio::co_spawn(Context, resolveOnce(Host), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop over 'C.Hosts' starts a coroutine with 'co_spawn' in every iteration
}

void threadPerJob(const std::vector<std::string> &Jobs) {
  std::vector<std::thread> Threads;
  for (const std::string &Job : Jobs)
    Threads.emplace_back([Job] { process(Job); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: loop over 'Jobs' starts a thread in every iteration
  for (std::thread &T : Threads)
    T.join();
}

//===--- Counts known at compile time, pools sized by the machine ---===//

void probeMany(asio::io_context &Context) {
  constexpr int Probes = 1000;
  for (int I = 0; I < Probes; ++I)
    asio::co_spawn(Context, lookup(std::to_string(I)), asio::detached);
}

void threadPerCore(asio::io_context &Context,
                   const std::vector<std::string> &Jobs) {
  std::vector<std::thread> Threads;
  const unsigned N = std::thread::hardware_concurrency();
  for (unsigned I = 0; I < N; ++I)
    Threads.emplace_back([&Jobs, I] { process(Jobs[I]); });
  for (std::thread &T : Threads)
    T.join();
}

// Look-alike: a thread per job, however it is counted.
void threadPerIndex(const std::vector<std::string> &Jobs) {
  std::vector<std::thread> Threads;
  const std::size_t Count = Jobs.size();
  for (std::size_t I = 0; I < Count; ++I)
    Threads.emplace_back([&Jobs, I] { process(Jobs[I]); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: loop up to 'Count' starts a thread in every iteration
  for (std::thread &T : Threads)
    T.join();
}
