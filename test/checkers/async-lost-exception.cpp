// RUN: %check_clang_tidy -std=c++20 %s async-lost-exception %t -- -- -I %inputs

// Without Boost: a standalone-Asio-shaped library (its `detached` is a
// token whose async_result completes with a handler that does nothing),
// tasks of cppcoro, folly and an in-house library spawned with it, and
// folly's `scheduleOn(ex).start()` whose future is dropped.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <utility>

namespace mini {

template <typename T = void> class awaitable {
public:
  struct promise_type {
    awaitable get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { Failure = std::current_exception(); }
    std::exception_ptr Failure;
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {
    if (Failure)
      std::rethrow_exception(Failure);
  }
  std::exception_ptr Failure;
};

template <typename Token, typename Signature> class async_result;

class detached_t {
public:
  constexpr detached_t() {}
};
inline constexpr detached_t detached;

namespace detail {
class detached_handler {
public:
  explicit detached_handler(detached_t) {}
  template <typename... Args> void operator()(Args...) {}
};
} // namespace detail

template <typename Signature> class async_result<detached_t, Signature> {
public:
  typedef detail::detached_handler completion_handler_type;
};

// A token that logs what failed.
struct logged_t {};
inline constexpr logged_t logged;
template <typename Signature> class async_result<logged_t, Signature> {
public:
  struct completion_handler_type {
    template <typename... Args> void operator()(std::exception_ptr E, Args...) {
      if (E)
        std::puts("spawned coroutine failed");
    }
  };
};

struct io_context {};

template <typename Task, typename Token>
void co_spawn(io_context &Context, Task &&T, Token &&Tok) {}

awaitable<void> async_read(int Fd);

} // namespace mini

// Named like Asio's, but not a token: nothing says it discards anything.
namespace other {
struct detached_t {};
inline constexpr detached_t detached;
} // namespace other

mini::awaitable<void> readLoop(int Fd) {
  for (;;)
    co_await mini::async_read(Fd);
}

mini::awaitable<void> caughtLoop(int Fd) {
  try {
    for (;;)
      co_await mini::async_read(Fd);
  } catch (...) {
    std::puts("read loop ended");
  }
}

mini::awaitable<void> validate(int Fd) {
  if (Fd < 0)
    throw std::invalid_argument("bad descriptor");
  co_return;
}

cppcoro::task<void> fetch(int Key) {
  if (Key < 0)
    throw std::out_of_range("key");
  co_return;
}

acme::Job<void> job(int Key) {
  if (Key < 0)
    throw std::domain_error("key");
  co_return;
}

acme::Job<void> safeJob(int Key) { co_return; }

void spawnAll(mini::io_context &Context, int Fd) {
  mini::co_spawn(Context, readLoop(Fd), mini::detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'readLoop' can fail and 'detached' discards its exception; pass a handler that rethrows it, '[](std::exception_ptr e) { if (e) std::rethrow_exception(e); }', or catch inside the coroutine [async-lost-exception]
  // CHECK-NOTES: :[[@LINE-35]]:5: note: awaiting 'async_read' can throw here
  mini::co_spawn(Context, validate(Fd), mini::detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'validate' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-24]]:5: note: an exception of type 'std::invalid_argument' is thrown here
  mini::co_spawn(Context, fetch(Fd), mini::detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'fetch' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-21]]:5: note: an exception of type 'std::out_of_range' is thrown here
  mini::co_spawn(Context, job(Fd), mini::detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'job' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-18]]:5: note: an exception of type 'std::domain_error' is thrown here
  mini::co_spawn(Context, job(Fd), [](std::exception_ptr Ignored) {});
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'job' can fail and the completion handler discards its exception
  // CHECK-NOTES: :[[@LINE-21]]:5: note: an exception of type 'std::domain_error' is thrown here

  // Quiet: the body catches everything, cannot throw, or the token or
  // handler sees the failure.
  mini::co_spawn(Context, caughtLoop(Fd), mini::detached);
  mini::co_spawn(Context, safeJob(Fd), mini::detached);
  mini::co_spawn(Context, readLoop(Fd), mini::logged);
  mini::co_spawn(Context, readLoop(Fd), other::detached);
  mini::co_spawn(Context, job(Fd), [](std::exception_ptr E) {
    if (E)
      std::rethrow_exception(E);
  });
}

// Awaiters of the project: one that cannot fail (its await_resume is
// noexcept), one whose await_resume throws.
struct Signal {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
struct Fallible {
  bool Broken = false;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {
    if (Broken)
      throw std::runtime_error("broken");
  }
};

mini::awaitable<void> waitSignal(Signal &S) { co_await S; }
mini::awaitable<void> waitFallible(Fallible &F) { co_await F; }

void spawnWaits(mini::io_context &Context, Signal &S, Fallible &F) {
  mini::co_spawn(Context, waitSignal(S), mini::detached);
  mini::co_spawn(Context, waitFallible(F), mini::detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'waitFallible' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-6]]:51: note: awaiting 'F' can throw here
}

folly::coro::Task<void> load(int Key) {
  if (Key < 0)
    throw std::invalid_argument("key");
  co_return;
}

folly::coro::Task<void> idle() { co_return; }

// Folly's newer spelling of scheduleOn.
template <typename T>
folly::coro::TaskWithExecutor<T>
co_withExecutor(folly::Executor::KeepAlive<> Ex, folly::coro::Task<T> Task) {
  return std::move(Task).scheduleOn(Ex);
}

// Awaits what its caller hands in: it fails as the argument does, which
// its body cannot tell. The look-alike awaits a coroutine that throws.
folly::coro::Task<void> relay(folly::coro::Task<void> Inner) {
  co_await std::move(Inner);
}
folly::coro::Task<void> relayLoad() { co_await load(7); }

void startAll(folly::Executor *Ex) {
  relay(idle()).scheduleOn(Ex).start();
  relayLoad().scheduleOn(Ex).start();
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: coroutine 'relayLoad' can fail and the future 'start' returns is discarded, with the exception it would hold
  // CHECK-NOTES: :[[@LINE-6]]:39: note: awaiting 'load' can throw here
  load(1).scheduleOn(Ex).start();
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: coroutine 'load' can fail and the future 'start' returns is discarded, with the exception it would hold
  // CHECK-NOTES: :[[@LINE-27]]:5: note: an exception of type 'std::invalid_argument' is thrown here
  auto Pending = load(2);
  (void)std::move(Pending).scheduleOn(Ex).start();
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: coroutine 'load' can fail and the future 'start' returns is discarded, with the exception it would hold
  // CHECK-NOTES: :[[@LINE-31]]:5: note: an exception of type 'std::invalid_argument' is thrown here

  // Kept, read, or a body that cannot fail.
  auto Future = load(3).scheduleOn(Ex).start();
  std::move(Future).get();
  load(4).scheduleOn(Ex).start().get();
  idle().scheduleOn(Ex).start();
  co_withExecutor(Ex, load(5)).start();
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: coroutine 'load' can fail and the future 'start' returns is discarded, with the exception it would hold
  // CHECK-NOTES: :[[@LINE-40]]:5: note: an exception of type 'std::invalid_argument' is thrown here
  co_withExecutor(Ex, idle()).start();
  auto Kept = co_withExecutor(Ex, load(6)).start();
  std::move(Kept).get();
}
