// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t

// Real Boost.Asio: the synchronous operations are reported, their async_*
// counterparts awaited with use_awaitable are not, and nothing inside Asio's
// own headers is followed.

#include <boost/asio.hpp>
#include <chrono>
#include <thread>

namespace asio = boost::asio;
using asio::ip::tcp;

void log_and_pause() { std::this_thread::sleep_for(std::chrono::seconds(1)); }

asio::awaitable<void> session(tcp::socket Socket) {
  char Data[1024];
  std::size_t N = Socket.read_some(asio::buffer(Data));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: blocking call to 'boost::asio::basic_stream_socket::read_some' in coroutine 'session'; use the async_* operation with a coroutine completion token and co_await it [async-blocking-call-in-coroutine]
  asio::write(Socket, asio::buffer(Data, N));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::write' in coroutine 'session'
  log_and_pause();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'log_and_pause' in coroutine 'session' blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-10]]:24: note: 'log_and_pause' blocks in 'std::this_thread::sleep_for' here

  // The asynchronous forms suspend.
  N = co_await Socket.async_read_some(asio::buffer(Data), asio::use_awaitable);
  co_await asio::async_write(Socket, asio::buffer(Data, N), asio::use_awaitable);
  asio::steady_timer Timer(co_await asio::this_coro::executor);
  Timer.expires_after(std::chrono::milliseconds(10));
  co_await Timer.async_wait(asio::use_awaitable);
}

asio::awaitable<void> client(asio::io_context &Ctx) {
  auto Executor = co_await asio::this_coro::executor;
  tcp::resolver Resolver(Executor);
  auto Endpoints = Resolver.resolve("localhost", "7");
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: blocking call to 'boost::asio::ip::basic_resolver::resolve' in coroutine 'client'
  tcp::socket Socket(Executor);
  asio::connect(Socket, Endpoints);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::connect' in coroutine 'client'
  Socket.connect(*Endpoints.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_socket::connect' in coroutine 'client'
  asio::steady_timer Timer(Executor, std::chrono::seconds(1));
  Timer.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'boost::asio::basic_waitable_timer::wait' in coroutine 'client'; co_await an asynchronous timer instead
  Ctx.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'boost::asio::io_context::run' in coroutine 'client'; do not run the event loop from inside a coroutine

  auto More = co_await Resolver.async_resolve("localhost", "7", asio::use_awaitable);
  co_await asio::async_connect(Socket, More, asio::use_awaitable);
}

asio::awaitable<void> listener(tcp::acceptor Acceptor) {
  for (;;) {
    tcp::socket Socket = co_await Acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(Acceptor.get_executor(), session(std::move(Socket)),
                   asio::detached);
  }
}

// The thread that runs the event loop blocks; it is no coroutine.
int main() {
  asio::io_context Ctx;
  asio::co_spawn(Ctx, listener(tcp::acceptor(Ctx, {tcp::v4(), 0})),
                 asio::detached);
  std::thread Worker([&Ctx] { Ctx.run(); });
  Ctx.run();
  Worker.join();
}
