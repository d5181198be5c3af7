// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-unbounded-fan-out %t

// Real Boost.Asio: co_spawn with detached or use_future starts a coroutine
// at once; with use_awaitable or deferred it only describes one. The accept
// loop, and every loop that co_awaits, is paced by what it awaits.

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <array>
#include <chrono>
#include <future>
#include <string>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<void> probe(tcp::endpoint Endpoint);
asio::awaitable<void> session(tcp::socket Socket);
asio::awaitable<int> lookup(std::string Name);
asio::awaitable<void> worker(asio::experimental::channel<void(
                                 boost::system::error_code, std::string)> &);

//===--- Fan-out ---===//

asio::awaitable<void> probeAll(std::vector<tcp::endpoint> Endpoints) {
  auto Executor = co_await asio::this_coro::executor;
  for (const tcp::endpoint &Endpoint : Endpoints)
    asio::co_spawn(Executor, probe(Endpoint), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop over 'Endpoints' starts a coroutine with 'co_spawn' in every iteration with no bound on how many run at once; bound the concurrency with a semaphore, a windowed join or a fixed pool of workers pulling from a queue [async-unbounded-fan-out]
}

void resolveAll(asio::io_context &Context, const std::vector<std::string> &Names) {
  for (const std::string &Name : Names)
    asio::co_spawn(
        Context,
        [Name]() -> asio::awaitable<void> { co_await lookup(Name); },
        [](std::exception_ptr) {});
  // CHECK-MESSAGES: :[[@LINE-4]]:5: warning: loop over 'Names' starts a coroutine with 'co_spawn' in every iteration
}

void futures(asio::io_context &Context, const std::vector<std::string> &Names) {
  std::vector<std::future<int>> Results;
  for (const std::string &Name : Names)
    Results.push_back(asio::co_spawn(Context, lookup(Name), asio::use_future));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: loop over 'Names' starts a coroutine with 'co_spawn' in every iteration
}

asio::awaitable<void> parallelGroup(std::vector<std::string> Names) {
  auto Executor = co_await asio::this_coro::executor;
  using Op = decltype(asio::co_spawn(Executor, lookup(""), asio::deferred));
  std::vector<Op> Ops;
  for (const std::string &Name : Names)
    Ops.push_back(asio::co_spawn(Executor, lookup(Name), asio::deferred));
  co_await asio::experimental::make_parallel_group(std::move(Ops))
      .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: 'make_parallel_group' starts every task in 'Ops' at once, and 'Ops' is filled by the loop over 'Names' with no bound
  // CHECK-MESSAGES: :[[@LINE-4]]:9: note: task added to 'Ops' in every iteration here
}

//===--- The accept loop and other paced loops ---===//

asio::awaitable<void> listener(tcp::acceptor Acceptor) {
  auto Executor = co_await asio::this_coro::executor;
  for (;;) {
    tcp::socket Socket = co_await Acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(Executor, session(std::move(Socket)), asio::detached);
  }
}

// The await is inside the arguments of co_spawn (Asio's timeout example).
asio::awaitable<void> listenInline(tcp::acceptor &Acceptor) {
  while (Acceptor.is_open())
    asio::co_spawn(
        Acceptor.get_executor(),
        session(co_await Acceptor.async_accept(asio::use_awaitable)),
        asio::detached);
}

// One at a time: co_spawn with use_awaitable, awaited in place.
asio::awaitable<void> oneByOne(std::vector<std::string> Names) {
  auto Executor = co_await asio::this_coro::executor;
  for (const std::string &Name : Names)
    co_await asio::co_spawn(Executor, lookup(Name), asio::use_awaitable);
}

// Throttled by a timer.
asio::awaitable<void> throttled(std::vector<tcp::endpoint> Endpoints) {
  auto Executor = co_await asio::this_coro::executor;
  asio::steady_timer Timer(Executor);
  for (const tcp::endpoint &Endpoint : Endpoints) {
    asio::co_spawn(Executor, probe(Endpoint), asio::detached);
    Timer.expires_after(std::chrono::milliseconds(10));
    co_await Timer.async_wait(asio::use_awaitable);
  }
}

// Paced by a channel.
asio::awaitable<void> fromChannel(
    asio::experimental::channel<void(boost::system::error_code, std::string)>
        &Channel) {
  auto Executor = co_await asio::this_coro::executor;
  while (Channel.is_open()) {
    std::string Name = co_await Channel.async_receive(asio::use_awaitable);
    asio::co_spawn(Executor, lookup(Name), asio::detached);
  }
}

//===--- Bounded ---===//

void fixedEndpoints(asio::io_context &Context,
                    const std::array<tcp::endpoint, 2> &Primary) {
  for (const tcp::endpoint &Endpoint : Primary)
    asio::co_spawn(Context, probe(Endpoint), asio::detached);
}

// A fixed pool of workers pulling from one channel.
void workerPool(
    asio::io_context &Context, int N,
    asio::experimental::channel<void(boost::system::error_code, std::string)>
        &Channel) {
  for (int I = 0; I < N; ++I)
    asio::co_spawn(Context, worker(Channel), asio::detached);
}

// Posting a callback starts no coroutine and no thread.
void posts(asio::io_context &Context, const std::vector<std::string> &Names,
           std::vector<int> &Sizes) {
  for (const std::string &Name : Names)
    asio::post(Context, [&Sizes, Name] { Sizes.push_back(Name.size()); });
}

// Asio's chat server: one listener per port given on the command line.
int main(int argc, char *argv[]) {
  asio::io_context Context(1);
  for (int I = 1; I < argc; ++I) {
    unsigned short Port = std::atoi(argv[I]);
    asio::co_spawn(Context, listener(tcp::acceptor(Context, {tcp::v4(), Port})),
                   asio::detached);
  }
  Context.run();
}
