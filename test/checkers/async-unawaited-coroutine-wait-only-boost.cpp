// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-unawaited-coroutine %t

// Boost.Asio's waits: a timer's async_wait, a post or dispatch onto an
// executor or a strand. Dropped or stored and never awaited, the code after
// them neither waits nor moves.

#include <boost/asio.hpp>
#include <chrono>
#include <tuple>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using namespace std::chrono_literals;

awaitable<void> forgotten_waits(asio::steady_timer &timer,
                                asio::thread_pool &pool) {
  timer.expires_after(10ms);
  timer.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'async_wait' returns a lazy task that is discarded; nothing waits for the timer [async-unawaited-coroutine]
  std::ignore = timer.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'async_wait' returns a lazy task that is discarded; nothing waits for the timer
  auto pending = timer.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 'pending' is never awaited; nothing waits for the timer
  asio::post(pool.get_executor(), use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'post' returns a lazy task that is discarded; the code after it does not run on 'pool'
  asio::dispatch(asio::bind_executor(pool, use_awaitable));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'dispatch' returns a lazy task that is discarded; the code after it does not run on 'pool'
  co_return;
}

awaitable<void> look_alikes(asio::steady_timer &timer, asio::thread_pool &pool,
                            asio::ip::tcp::socket &socket) {
  // Awaited; stored and awaited later; a callback; not a task.
  co_await timer.async_wait(use_awaitable);
  auto later = timer.async_wait(use_awaitable);
  timer.expires_after(5ms);
  co_await std::move(later);
  timer.async_wait([](boost::system::error_code) {});
  std::ignore = timer.expires_after(1ms);
  std::ignore = timer.cancel();
  co_await asio::post(pool.get_executor(), use_awaitable);
  asio::post(pool, [] {});
  // A socket's wait is an operation like any other: reported as a lazy
  // task, not as a timer.
  socket.async_wait(asio::socket_base::wait_read, use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'async_wait' returns a lazy task that is discarded; its body never runs
}

void plain_function(asio::steady_timer &timer) {
  timer.async_wait(use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'async_wait' returns a lazy task that is discarded; nothing waits for the timer
  timer.async_wait([](boost::system::error_code) {});
}
