//===- folly/coro/Task.h - Mock of folly::coro::Task ------------*- C++ -*-===//
//
// A stand-in for folly's coroutine library, for the async-tidy tests:
// folly::coro::Task and what is usually used with it (blockingWait,
// collectAll*, sleep, scheduleOn). Two shapes matter to the checks and are
// kept from folly:
//  - Task has no member operator co_await; here it is awaited through a free
//    `operator co_await(Task<T> &&)` found by ADL (folly itself goes through
//    its promise's await_transform). Only rvalue tasks can be awaited.
//  - blockingWait is a function object, not a function: a call to it is a
//    call to blocking_wait_fn::operator().
// Folly's Future and SemiFuture come from <folly/futures/Future.h>.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_FOLLY_CORO_TASK_H
#define ASYNC_TIDY_TEST_INPUTS_FOLLY_CORO_TASK_H

#include "../futures/Future.h"

#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <ranges>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace folly::coro {

template <typename T = void> class Task;
template <typename T = void> class TaskWithExecutor;

namespace detail {

class TaskPromiseBase {
  // Hands control back to the coroutine that awaited the task.
  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<Promise> self) noexcept {
      if (auto continuation = self.promise().continuation_)
        return continuation;
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };

public:
  // Lazy: nothing runs until the task is awaited or started.
  std::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {
    exception_ = std::current_exception();
  }
  void setContinuation(std::coroutine_handle<> continuation) noexcept {
    continuation_ = continuation;
  }

protected:
  void rethrowIfException() const {
    if (exception_)
      std::rethrow_exception(exception_);
  }

private:
  std::coroutine_handle<> continuation_;
  std::exception_ptr exception_;
};

template <typename T> class TaskPromise final : public TaskPromiseBase {
public:
  Task<T> get_return_object() noexcept;
  void return_value(T value) { value_.emplace(std::move(value)); }
  T result() {
    rethrowIfException();
    return std::move(*value_);
  }

private:
  std::optional<T> value_;
};

template <> class TaskPromise<void> final : public TaskPromiseBase {
public:
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void result() { rethrowIfException(); }
};

// Awaits a task: starts it and resumes the awaiting coroutine when it is
// done. \p Executor, if set, is where the task is started.
template <typename T> class TaskAwaiter {
public:
  using Handle = std::coroutine_handle<TaskPromise<T>>;

  TaskAwaiter(Handle coro, Executor::KeepAlive<> executor) noexcept
      : coro_(coro), executor_(executor) {}
  TaskAwaiter(TaskAwaiter &&other) noexcept
      : coro_(std::exchange(other.coro_, {})), executor_(other.executor_) {}
  ~TaskAwaiter() {
    if (coro_)
      coro_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) {
    coro_.promise().setContinuation(awaiting);
    if (!executor_)
      return coro_;
    executor_->add([coro = coro_] { coro.resume(); });
    return std::noop_coroutine();
  }
  T await_resume() { return coro_.promise().result(); }

private:
  Handle coro_;
  Executor::KeepAlive<> executor_;
};

} // namespace detail

/// A lazily started coroutine producing one T.
template <typename T> class [[nodiscard]] Task {
public:
  using promise_type = detail::TaskPromise<T>;
  using value_type = T;
  using Handle = std::coroutine_handle<promise_type>;

  explicit Task(Handle coro) noexcept : coro_(coro) {}
  Task(Task &&other) noexcept : coro_(std::exchange(other.coro_, {})) {}
  Task &operator=(Task &&other) noexcept {
    std::swap(coro_, other.coro_);
    return *this;
  }
  Task(const Task &) = delete;
  ~Task() {
    if (coro_)
      coro_.destroy();
  }

  /// Binds the task to \p executor; it will start there.
  TaskWithExecutor<T> scheduleOn(Executor::KeepAlive<> executor) && noexcept {
    return TaskWithExecutor<T>(std::exchange(coro_, {}), executor);
  }

  /// Gives up ownership of the coroutine frame (to an awaiter).
  Handle release() && noexcept { return std::exchange(coro_, {}); }

private:
  Handle coro_;
};

/// A task bound to an executor. start() runs it eagerly; awaiting it runs it
/// on the executor and resumes the awaiter after.
template <typename T> class [[nodiscard]] TaskWithExecutor {
public:
  using Handle = std::coroutine_handle<detail::TaskPromise<T>>;

  TaskWithExecutor(Handle coro, Executor::KeepAlive<> executor) noexcept
      : coro_(coro), executor_(executor) {}
  TaskWithExecutor(TaskWithExecutor &&other) noexcept
      : coro_(std::exchange(other.coro_, {})), executor_(other.executor_) {}
  TaskWithExecutor(const TaskWithExecutor &) = delete;
  ~TaskWithExecutor() {
    if (coro_)
      coro_.destroy();
  }

  Executor *getExecutor() const noexcept { return executor_.get(); }

  /// Starts the task now, without waiting for it; the returned future
  /// completes with its result.
  SemiFuture<lift_unit_t<T>> start() &&;

  detail::TaskAwaiter<T> awaiter() && noexcept {
    return detail::TaskAwaiter<T>(std::exchange(coro_, {}), executor_);
  }

private:
  Handle coro_;
  Executor::KeepAlive<> executor_;
};

template <typename T>
Task<T> detail::TaskPromise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<TaskPromise>::from_promise(*this));
}
inline Task<void> detail::TaskPromise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<TaskPromise>::from_promise(*this));
}

// Both are declared here, at namespace scope, and are found by ADL.
template <typename T>
detail::TaskAwaiter<T> operator co_await(Task<T> &&task) noexcept {
  return detail::TaskAwaiter<T>(std::move(task).release(), nullptr);
}
template <typename T>
detail::TaskAwaiter<T> operator co_await(TaskWithExecutor<T> &&task) noexcept {
  return std::move(task).awaiter();
}

namespace detail {

// The awaiter `co_await x` uses: member operator co_await, then a free one,
// then x itself.
template <typename A> decltype(auto) getAwaiter(A &&awaitable) {
  if constexpr (requires { static_cast<A &&>(awaitable).operator co_await(); })
    return static_cast<A &&>(awaitable).operator co_await();
  else if constexpr (requires {
                       operator co_await(static_cast<A &&>(awaitable));
                     })
    return operator co_await(static_cast<A &&>(awaitable));
  else
    return static_cast<A &&>(awaitable);
}

template <typename A>
using semi_await_result_t = std::remove_cvref_t<decltype(
    std::declval<decltype(getAwaiter(std::declval<A>())) &>()
        .await_resume())>;

// A detached coroutine that runs a task to completion and fulfils a
// promise with the outcome.
struct Starter {
  struct promise_type {
    Starter get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

template <typename T>
Starter startInto(TaskWithExecutor<T> task, Promise<lift_unit_t<T>> promise) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(task);
      promise.setValue(unit);
    } else {
      promise.setValue(co_await std::move(task));
    }
  } catch (...) {
    promise.setException(std::current_exception());
  }
}

// Awaits \p awaitable, reporting void as Unit.
template <typename A>
Task<lift_unit_t<semi_await_result_t<A>>> liftUnit(A awaitable) {
  if constexpr (std::is_void_v<semi_await_result_t<A>>) {
    co_await static_cast<A &&>(awaitable);
    co_return unit;
  } else {
    co_return co_await static_cast<A &&>(awaitable);
  }
}

} // namespace detail

template <typename T>
SemiFuture<lift_unit_t<T>> TaskWithExecutor<T>::start() && {
  Promise<lift_unit_t<T>> promise;
  SemiFuture<lift_unit_t<T>> future = promise.getSemiFuture();
  detail::startInto<T>(std::move(*this), std::move(promise));
  return future;
}

struct blocking_wait_fn {
  /// Runs \p awaitable to completion, blocking the calling thread.
  template <typename A> auto operator()(A &&awaitable) const {
    using R = detail::semi_await_result_t<A>;
    SemiFuture<lift_unit_t<R>> future =
        detail::liftUnit<A>(std::forward<A>(awaitable))
            .scheduleOn(&InlineExecutor::instance())
            .start();
    if constexpr (std::is_void_v<R>)
      std::move(future).get();
    else
      return std::move(future).get();
  }
};
inline constexpr blocking_wait_fn blockingWait{};

/// Awaits all operands; the result is the tuple of their results, with void
/// reported as Unit. (folly runs them concurrently; here they run in turn.)
template <typename... A>
Task<std::tuple<lift_unit_t<detail::semi_await_result_t<A>>...>>
collectAll(A... awaitables) {
  co_return std::tuple<lift_unit_t<detail::semi_await_result_t<A>>...>{
      co_await detail::liftUnit<A>(std::move(awaitables))...};
}

namespace detail {
template <typename Range>
using range_await_result_t =
    semi_await_result_t<std::ranges::range_value_t<std::remove_cvref_t<Range>>>;
template <typename Range>
using collect_range_t =
    std::conditional_t<std::is_void_v<range_await_result_t<Range>>, void,
                       std::vector<range_await_result_t<Range>>>;
} // namespace detail

/// Awaits every element of \p awaitables, at most \p maxConcurrency at a
/// time. Yields the results in order, or nothing for void elements.
template <typename Range>
Task<detail::collect_range_t<Range>>
collectAllWindowed(Range awaitables, std::size_t maxConcurrency) {
  (void)maxConcurrency;
  if constexpr (std::is_void_v<detail::range_await_result_t<Range>>) {
    for (auto &&awaitable : awaitables)
      co_await std::move(awaitable);
  } else {
    std::vector<detail::range_await_result_t<Range>> results;
    for (auto &&awaitable : awaitables)
      results.push_back(co_await std::move(awaitable));
    co_return results;
  }
}

/// Awaits every element of \p awaitables.
template <typename Range>
Task<detail::collect_range_t<Range>> collectAllRange(Range awaitables) {
  std::size_t size = awaitables.size();
  return collectAllWindowed(std::move(awaitables), size);
}

/// Non-blocking: suspends the awaiting coroutine for \p duration. (This
/// mock resumes it at once.)
inline Task<void> sleep(HighResDuration duration,
                        Timekeeper *timekeeper = nullptr) {
  (void)duration;
  (void)timekeeper;
  co_return;
}

} // namespace folly::coro

#endif // ASYNC_TIDY_TEST_INPUTS_FOLLY_CORO_TASK_H
