// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-unawaited-coroutine %t -- --fix-notes -- -I %inputs
// The fixed file still compiles:
// RUN: %async_tidy --checks='-*,async-unawaited-coroutine' %t.cpp -- -std=c++20

// Boost.Asio's awaitable has no promise_type of its own: its promise comes
// from a std::coroutine_traits partial specialization, and an async_*
// operation given use_awaitable is a plain function returning one.

#include <boost/asio.hpp>
#include <chrono>
#include <vector>

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using namespace std::chrono_literals;

awaitable<int> compute() { co_return 42; }
awaitable<void> tick(asio::steady_timer &timer) {
  co_await timer.async_wait(use_awaitable);
}

awaitable<void> forgotten(asio::steady_timer &timer) {
  timer.expires_after(10ms);
  timer.async_wait(use_awaitable);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'async_wait' returns a lazy task that is discarded; nothing waits for the timer [async-unawaited-coroutine]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await timer.async_wait(use_awaitable);
  compute();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'compute' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await compute();
  asio::post(co_await asio::this_coro::executor, use_awaitable);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'post' returns a lazy task that is discarded; the code after it does not run on the executor
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await asio::post(co_await asio::this_coro::executor, use_awaitable);
  auto pending = timer.async_wait(use_awaitable);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy task 'pending' is never awaited; nothing waits for the timer
}

awaitable<std::size_t> echo_once(asio::ip::tcp::socket &socket) {
  char data[64];
  socket.async_read_some(asio::buffer(data), use_awaitable);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'async_read_some' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await socket.async_read_some(asio::buffer(data), use_awaitable);
  co_return co_await socket.async_read_some(asio::buffer(data), use_awaitable);
}

int main() {
  asio::io_context context;
  asio::steady_timer timer(context);
  // Outside a coroutine: reported, nothing to insert.
  tick(timer);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'tick' returns a lazy task that is discarded; its body never runs
  // CHECK-FIXES: {{^}}  tick(timer);{{$}}

  // ---- Negatives: spawned, awaited, stored, callbacks ----
  asio::co_spawn(context, tick(timer), asio::detached);
  asio::co_spawn(context, forgotten(timer), [](std::exception_ptr) {});
  asio::co_spawn(
      context,
      [&]() -> awaitable<void> {
        co_await tick(timer);
        int value = co_await compute();
        auto later = compute();
        value += co_await std::move(later);
        std::vector<awaitable<int>> queued;
        queued.push_back(compute());
        for (auto &each : queued)
          value += co_await std::move(each);
        (void)value;
      },
      asio::detached);
  auto spawned = tick(timer);
  asio::co_spawn(context, std::move(spawned), asio::detached);
  timer.async_wait([](boost::system::error_code) {});
  asio::post(context, [] {});
  context.run();
}
