// RUN: %check_clang_tidy -check-suffix=DEFAULT -std=c++20 %s async-lost-exception %t -- -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=SET -std=c++20 %s async-lost-exception %t -- \
// RUN:   -config='{CheckOptions: {async-lost-exception.ReportUnknownBodies: true}}' \
// RUN:   -- -I %inputs

// ReportUnknownBodies: a coroutine whose body is in another file may or
// may not throw; by default it is not reported. A function that is given a
// task and whose body is in another file is not reported either way.

#include <folly/coro/Task.h>
#include <exception>

namespace mini {
template <typename T = void> class awaitable {
public:
  struct promise_type {
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:10: warning: promise type 'promise_type' loses every exception of its coroutines: its 'unhandled_exception' is empty, while its coroutines hand a result to whoever waits for them; store 'std::current_exception()' and rethrow it where the result is read [async-lost-exception]
  // CHECK-MESSAGES-SET: :[[@LINE-2]]:10: warning: promise type 'promise_type' loses every exception of its coroutines
    awaitable get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
template <typename Token, typename Signature> class async_result;
struct detached_t {};
inline constexpr detached_t detached;
struct ignore_all {
  template <typename... Args> void operator()(Args...) {}
};
template <typename Signature> class async_result<detached_t, Signature> {
public:
  using completion_handler_type = ignore_all;
};
struct io_context {};
template <typename Task, typename Token>
void co_spawn(io_context &Context, Task &&T, Token &&Tok) {}
} // namespace mini

mini::awaitable<void> elsewhere(int Fd);
folly::coro::Task<void> remote(int Key);
mini::awaitable<void> local(int Fd) { co_return; }
mini::awaitable<void> throwing(int Fd) {
  if (Fd < 0)
    throw Fd;
  co_return;
}
void spawnElsewhere(mini::awaitable<void> Task);

void spawn(mini::io_context &Context, folly::Executor *Ex) {
  mini::co_spawn(Context, elsewhere(1), mini::detached);
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:3: warning: coroutine 'elsewhere' may fail and 'detached' discards its exception; pass a handler that rethrows it, '[](std::exception_ptr e) { if (e) std::rethrow_exception(e); }', or catch inside the coroutine [async-lost-exception]
  remote(2).scheduleOn(Ex).start();
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:28: warning: coroutine 'remote' may fail and the future 'start' returns is discarded
  // Visible and cannot fail: quiet with the option too.
  mini::co_spawn(Context, local(3), mini::detached);
  spawnElsewhere(throwing(-1));
  mini::co_spawn(Context, elsewhere(4), [](std::exception_ptr E) {
    if (E)
      std::rethrow_exception(E);
  });
}
