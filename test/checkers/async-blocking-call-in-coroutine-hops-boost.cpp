// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t

// Real Boost.Asio: `co_await asio::post(...)` onto a thread pool moves the
// coroutine there, so blocking after it is intended; awaiting an operation
// of an I/O object, or a post that names no executor, moves nothing.

#include <boost/asio.hpp>
#include <chrono>
#include <thread>

namespace asio = boost::asio;
using asio::ip::tcp;

void pause_briefly() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }

asio::awaitable<void> offload(asio::thread_pool &Blocking) {
  pause_briefly();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'pause_briefly' in coroutine 'offload' blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-5]]:24: note: 'pause_briefly' blocks in 'std::this_thread::sleep_for' here
  co_await asio::post(asio::bind_executor(Blocking, asio::use_awaitable));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  pause_briefly();
}

asio::awaitable<void> offload_to_executor(asio::thread_pool &Blocking) {
  co_await asio::post(Blocking.get_executor(), asio::use_awaitable);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

asio::awaitable<void> offload_with_dispatch(asio::thread_pool &Blocking) {
  co_await asio::dispatch(Blocking.get_executor(), asio::use_awaitable);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  pause_briefly();
}

asio::awaitable<void> offload_and_return(asio::thread_pool &Blocking,
                                         asio::io_context &Home) {
  co_await asio::post(Blocking, asio::use_awaitable);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_await asio::post(Home, asio::use_awaitable);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'offload_and_return'
}

asio::awaitable<void> not_a_hop(tcp::socket &Socket) {
  // A yield on the current executor.
  co_await asio::post(asio::use_awaitable);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'not_a_hop'
  asio::steady_timer Timer(Socket.get_executor());
  co_await Timer.async_wait(asio::use_awaitable);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'not_a_hop'
  co_await Socket.async_wait(tcp::socket::wait_read, asio::use_awaitable);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'not_a_hop'
}

// An application class that hands out an executor and can be stopped, as an
// execution context can: its own members are not hops.
class Server {
public:
  explicit Server(asio::io_context &Ctx) : Ctx(Ctx) {}
  asio::any_io_executor get_executor() { return Ctx.get_executor(); }
  void stop() {}
  asio::awaitable<void> drain() { co_return; }

private:
  asio::io_context &Ctx;
};

asio::awaitable<void> after_drain(Server &S) {
  co_await S.drain();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'after_drain'
}
