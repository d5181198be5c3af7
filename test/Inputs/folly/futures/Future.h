//===- folly/futures/Future.h - Mock of folly futures -----------*- C++ -*-===//
//
// A stand-in for folly's futures, for the async-tidy tests: Future and
// SemiFuture with folly's blocking members (get, wait) and non-blocking ones
// (thenValue, via), a Promise to fulfil them, and the executor interface.
// Futures can also be co_awaited, as in folly, which is the non-blocking way
// to use them from a coroutine.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_FOLLY_FUTURES_FUTURE_H
#define ASYNC_TIDY_TEST_INPUTS_FOLLY_FUTURES_FUTURE_H

#include <atomic>
#include <chrono>
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace folly {

/// folly's void: a Future<void> is spelled Future<Unit>.
struct Unit {
  constexpr bool operator==(const Unit &) const noexcept = default;
};
constexpr Unit unit{};

template <typename T> using lift_unit_t = std::conditional_t<std::is_void_v<T>, Unit, T>;

using HighResDuration = std::chrono::nanoseconds;

class Timekeeper;

class Executor {
public:
  /// A reference to an executor that keeps it alive. Implicit from a
  /// pointer, so `scheduleOn(&executor)` works as in folly.
  template <typename ExecutorT = Executor> class KeepAlive {
  public:
    KeepAlive() = default;
    /* implicit */ KeepAlive(ExecutorT *executor) noexcept
        : m_executor(executor) {}
    ExecutorT *get() const noexcept { return m_executor; }
    ExecutorT *operator->() const noexcept { return m_executor; }
    explicit operator bool() const noexcept { return m_executor; }

  private:
    ExecutorT *m_executor = nullptr;
  };

  virtual ~Executor() = default;
  virtual void add(std::function<void()> func) = 0;
};

/// Runs work immediately on the calling thread.
class InlineExecutor : public Executor {
public:
  static InlineExecutor &instance() {
    static InlineExecutor executor;
    return executor;
  }
  void add(std::function<void()> func) override { func(); }
};

namespace futures::detail {

// The state a Promise shares with its (Semi)Future.
template <typename T> class Core {
public:
  bool ready() const noexcept { return m_ready.load(); }

  void setValue(T value) {
    m_value.emplace(std::move(value));
    finish();
  }
  void setException(std::exception_ptr exception) {
    m_exception = std::move(exception);
    finish();
  }

  /// Blocks the calling thread until a value or an exception is set.
  void wait() const { m_ready.wait(false); }

  T take() {
    if (m_exception)
      std::rethrow_exception(m_exception);
    return std::move(*m_value);
  }

  /// Runs \p callback once the core is ready: now, or when it becomes so.
  void setCallback(std::function<void()> callback) {
    if (ready())
      callback();
    else
      m_callback = std::move(callback);
  }

private:
  void finish() {
    m_ready.store(true);
    m_ready.notify_all();
    if (m_callback)
      std::exchange(m_callback, nullptr)();
  }

  std::optional<T> m_value;
  std::exception_ptr m_exception;
  std::atomic<bool> m_ready{false};
  std::function<void()> m_callback;
};

// Awaits a future's core without blocking: the coroutine is resumed by
// whoever fulfils the promise.
template <typename T> class CoreAwaiter {
public:
  explicit CoreAwaiter(std::shared_ptr<Core<T>> core) noexcept
      : m_core(std::move(core)) {}
  bool await_ready() const noexcept { return m_core->ready(); }
  void await_suspend(std::coroutine_handle<> awaiting) {
    m_core->setCallback([awaiting] { awaiting.resume(); });
  }
  T await_resume() { return m_core->take(); }

private:
  std::shared_ptr<Core<T>> m_core;
};

} // namespace futures::detail

template <typename T> class Future;

/// A future with no executor attached: it can be waited for, or given an
/// executor with via(), but not continued with thenValue().
template <typename T> class SemiFuture {
public:
  using value_type = T;

  explicit SemiFuture(std::shared_ptr<futures::detail::Core<T>> core) noexcept
      : m_core(std::move(core)) {}
  SemiFuture(SemiFuture &&) noexcept = default;
  SemiFuture &operator=(SemiFuture &&) noexcept = default;
  SemiFuture(const SemiFuture &) = delete;

  bool isReady() const noexcept { return m_core->ready(); }

  /// Blocks until the value is available and returns it.
  T get() && {
    m_core->wait();
    return m_core->take();
  }
  /// Blocks until the value is available, or throws after \p timeout.
  T get(HighResDuration timeout) && {
    (void)timeout;
    return std::move(*this).get();
  }
  /// Blocks until the value is available.
  SemiFuture &wait() & {
    m_core->wait();
    return *this;
  }
  SemiFuture &&wait() && {
    m_core->wait();
    return std::move(*this);
  }

  Future<T> via(Executor::KeepAlive<> executor) &&;

private:
  template <typename U>
  friend futures::detail::CoreAwaiter<U> operator co_await(SemiFuture<U> &&);
  std::shared_ptr<futures::detail::Core<T>> m_core;
};

/// A future bound to an executor; continuations added with thenValue() run
/// there.
template <typename T> class Future {
public:
  using value_type = T;

  Future(std::shared_ptr<futures::detail::Core<T>> core,
         Executor::KeepAlive<> executor) noexcept
      : m_core(std::move(core)), m_executor(executor) {}
  Future(Future &&) noexcept = default;
  Future &operator=(Future &&) noexcept = default;
  Future(const Future &) = delete;

  bool isReady() const noexcept { return m_core->ready(); }

  /// Blocks until the value is available and returns it.
  T get() && {
    m_core->wait();
    return m_core->take();
  }
  T get(HighResDuration timeout) && {
    (void)timeout;
    return std::move(*this).get();
  }
  /// Blocks until the value is available.
  Future &wait() & {
    m_core->wait();
    return *this;
  }
  Future &&wait() && {
    m_core->wait();
    return std::move(*this);
  }

  /// Non-blocking: \p func runs on the executor once the value is there.
  template <typename F>
  Future<lift_unit_t<std::invoke_result_t<F, T>>> thenValue(F func) && {
    using R = std::invoke_result_t<F, T>;
    auto next = std::make_shared<futures::detail::Core<lift_unit_t<R>>>();
    auto core = m_core;
    Executor::KeepAlive<> executor = m_executor;
    core->setCallback([core, next, executor, func = std::move(func)] {
      executor->add([core, next, func] {
        try {
          if constexpr (std::is_void_v<R>) {
            func(core->take());
            next->setValue(unit);
          } else {
            next->setValue(func(core->take()));
          }
        } catch (...) {
          next->setException(std::current_exception());
        }
      });
    });
    return Future<lift_unit_t<R>>(std::move(next), m_executor);
  }

  SemiFuture<T> semi() && { return SemiFuture<T>(std::move(m_core)); }

private:
  template <typename U>
  friend futures::detail::CoreAwaiter<U> operator co_await(Future<U> &&);
  std::shared_ptr<futures::detail::Core<T>> m_core;
  Executor::KeepAlive<> m_executor;
};

template <typename T>
Future<T> SemiFuture<T>::via(Executor::KeepAlive<> executor) && {
  return Future<T>(std::move(m_core), executor);
}

template <typename T>
futures::detail::CoreAwaiter<T> operator co_await(SemiFuture<T> &&future) {
  return futures::detail::CoreAwaiter<T>(std::move(future.m_core));
}
template <typename T>
futures::detail::CoreAwaiter<T> operator co_await(Future<T> &&future) {
  return futures::detail::CoreAwaiter<T>(std::move(future.m_core));
}

/// The producing side of a (Semi)Future.
template <typename T> class Promise {
public:
  Promise() : m_core(std::make_shared<futures::detail::Core<T>>()) {}
  Promise(Promise &&) noexcept = default;
  Promise(const Promise &) = delete;

  SemiFuture<T> getSemiFuture() { return SemiFuture<T>(m_core); }
  Future<T> getFuture() {
    return Future<T>(m_core, &InlineExecutor::instance());
  }
  void setValue(T value) { m_core->setValue(std::move(value)); }
  void setException(std::exception_ptr exception) {
    m_core->setException(std::move(exception));
  }

private:
  std::shared_ptr<futures::detail::Core<T>> m_core;
};

template <typename T> Future<std::decay_t<T>> makeFuture(T &&value) {
  Promise<std::decay_t<T>> promise;
  promise.setValue(std::forward<T>(value));
  return promise.getFuture();
}
inline Future<Unit> makeFuture() { return makeFuture(unit); }

template <typename T> SemiFuture<std::decay_t<T>> makeSemiFuture(T &&value) {
  Promise<std::decay_t<T>> promise;
  promise.setValue(std::forward<T>(value));
  return promise.getSemiFuture();
}
inline SemiFuture<Unit> makeSemiFuture() { return makeSemiFuture(unit); }

namespace futures {
/// Non-blocking: the returned future completes after \p duration. (This
/// mock's future is complete at once.)
inline SemiFuture<Unit> sleep(HighResDuration duration,
                              Timekeeper *timekeeper = nullptr) {
  (void)duration;
  (void)timekeeper;
  return makeSemiFuture();
}
} // namespace futures

} // namespace folly

#endif // ASYNC_TIDY_TEST_INPUTS_FOLLY_FUTURES_FUTURE_H
