//===- acme/job.h - An in-house coroutine library ---------------*- C++ -*-===//
//
// A made-up company's coroutine types, for the async-tidy tests. Nothing is
// spelled the way the well-known libraries spell it, so a check can only
// recognise these through the language's own rules:
//  - Job<T> has no nested promise_type: its promise, JobFrame<T>, comes from
//    a std::coroutine_traits specialization, and gets initial_suspend from
//    its base FrameBase, returning the custom awaiter Park (lazy).
//  - Job<T> is itself the awaiter (await_* members, no operator co_await).
//  - Detached is eager and owns itself: it starts at once, frees its frame
//    when done and gives its caller nothing to await.
//  - Gate is awaitable without being a coroutine type; NotAwaitable only
//    looks like one.
//  - Scheduler::sleep_for suspends, it does not block.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_ACME_JOB_H
#define ASYNC_TIDY_TEST_INPUTS_ACME_JOB_H

#include <atomic>
#include <chrono>
#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace acme {

template <typename T = void> class Job;

/// Suspends unconditionally; what a Job starts with.
struct Park {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

/// What every JobFrame has in common: laziness and the hand-back to the
/// awaiting coroutine.
class FrameBase {
  struct Return {
    bool await_ready() const noexcept { return false; }
    template <typename Frame>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<Frame> Self) noexcept {
      if (std::coroutine_handle<> Next = Self.promise().Awaiter)
        return Next;
      return std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };

public:
  Park initial_suspend() const noexcept { return {}; }
  Return final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { Failure = std::current_exception(); }

  std::coroutine_handle<> Awaiter;
  std::exception_ptr Failure;
};

template <typename T> struct JobFrame : FrameBase {
  Job<T> get_return_object() noexcept;
  void return_value(T V) { Value.emplace(std::move(V)); }
  std::optional<T> Value;
};

template <> struct JobFrame<void> : FrameBase {
  Job<void> get_return_object() noexcept;
  void return_void() noexcept {}
};

/// A lazy unit of work. `co_await job` runs it and yields its result.
template <typename T> class [[nodiscard]] Job {
public:
  using Handle = std::coroutine_handle<JobFrame<T>>;

  explicit Job(Handle H) noexcept : H(H) {}
  Job(Job &&Other) noexcept : H(std::exchange(Other.H, {})) {}
  Job(const Job &) = delete;
  ~Job() {
    if (H)
      H.destroy();
  }

  bool await_ready() const noexcept { return !H || H.done(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> Awaiting) {
    H.promise().Awaiter = Awaiting;
    return H;
  }
  T await_resume() {
    if (H.promise().Failure)
      std::rethrow_exception(H.promise().Failure);
    if constexpr (!std::is_void_v<T>)
      return std::move(*H.promise().Value);
  }

private:
  Handle H;
};

template <typename T> Job<T> JobFrame<T>::get_return_object() noexcept {
  return Job<T>(Job<T>::Handle::from_promise(*this));
}
inline Job<void> JobFrame<void>::get_return_object() noexcept {
  return Job<void>(Job<void>::Handle::from_promise(*this));
}

} // namespace acme

// Job's promise type, given the way the standard allows for types that do
// not name one: for any Job<T> returned by any function.
template <typename T, typename... Args>
struct std::coroutine_traits<acme::Job<T>, Args...> {
  using promise_type = acme::JobFrame<T>;
};

namespace acme {

/// Fire and forget: runs at once, up to its first suspension, and destroys
/// itself when it finishes. Nobody can await it.
struct Detached {
  struct promise_type {
    Detached get_return_object() const noexcept { return {}; }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }
  };
};

/// Something to wait on that is not a coroutine: coroutines awaiting a
/// closed gate are resumed by open().
class Gate {
public:
  bool isOpen() const noexcept { return Open; }
  void open() {
    Open = true;
    for (std::coroutine_handle<> W : std::exchange(Waiting, {}))
      W.resume();
  }

  bool await_ready() const noexcept { return Open; }
  void await_suspend(std::coroutine_handle<> Awaiting) {
    Waiting.push_back(Awaiting);
  }
  void await_resume() const noexcept {}

private:
  bool Open = false;
  std::vector<std::coroutine_handle<>> Waiting;
};

/// Not awaitable: has await_ready but neither await_suspend nor
/// await_resume.
struct NotAwaitable {
  bool await_ready() const noexcept { return true; }
};

/// acme's event loop.
class Scheduler {
public:
  /// Non-blocking: suspends the calling job for \p Duration. (This mock
  /// resumes it at once.)
  Job<void> sleep_for(std::chrono::milliseconds Duration) {
    (void)Duration;
    co_return;
  }
};

/// Runs \p J to completion, blocking the calling thread: acme's sync_wait.
template <typename T> T runBlocking(Job<T> J) {
  std::atomic<bool> Done{false};
  std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> Result;
  [](Job<T> &J, auto &Result, std::atomic<bool> &Done) -> Detached {
    if constexpr (std::is_void_v<T>) {
      co_await J;
      Result.emplace(true);
    } else {
      Result.emplace(co_await J);
    }
    Done.store(true);
    Done.notify_one();
  }(J, Result, Done);
  Done.wait(false);
  if constexpr (!std::is_void_v<T>)
    return std::move(*Result);
}

} // namespace acme

#endif // ASYNC_TIDY_TEST_INPUTS_ACME_JOB_H
