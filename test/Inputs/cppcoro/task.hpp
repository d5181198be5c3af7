//===- cppcoro/task.hpp - Mock of the cppcoro task library ------*- C++ -*-===//
//
// A stand-in for cppcoro's <cppcoro/task.hpp> and its companions, for the
// async-tidy tests. The declarations have cppcoro's shapes, which is what the
// checks look at: a lazy task with a nested promise_type and a member
// `operator co_await`, a blocking sync_wait, when_all(_ready), a thread pool,
// an async mutex and an event. The bodies are the simplest ones that still
// run; everything resumes inline on the calling thread.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_CPPCORO_TASK_HPP
#define ASYNC_TIDY_TEST_INPUTS_CPPCORO_TASK_HPP

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace cppcoro {

template <typename T = void> class task;
template <typename T = void> class shared_task;

namespace detail {

// The awaiter `co_await x` uses, found in the compiler's order: a member
// operator co_await, then a free one, then x itself. Lets the combinators
// below accept any awaitable, including other libraries' tasks.
template <typename A> decltype(auto) get_awaiter(A &&awaitable) {
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
concept awaitable = requires(A &&a) {
  get_awaiter(static_cast<A &&>(a)).await_ready();
  get_awaiter(static_cast<A &&>(a)).await_resume();
};

template <typename A>
using await_result_t = std::remove_cvref_t<decltype(
    std::declval<decltype(get_awaiter(std::declval<A>())) &>()
        .await_resume())>;

// when_all reports a void result as this, as cppcoro does.
struct void_value {};
template <typename T>
using non_void_t = std::conditional_t<std::is_void_v<T>, void_value, T>;

class task_promise_base {
  // Hands control back to whoever awaited the task. A task nobody awaited
  // (destroyed before completion) has no continuation.
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<Promise> self) noexcept {
      if (auto continuation = self.promise().m_continuation)
        return continuation;
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };

public:
  // Lazy: the body runs only once the task is awaited.
  std::suspend_always initial_suspend() noexcept { return {}; }
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {
    m_exception = std::current_exception();
  }
  void set_continuation(std::coroutine_handle<> continuation) noexcept {
    m_continuation = continuation;
  }

protected:
  void rethrow_if_exception() const {
    if (m_exception)
      std::rethrow_exception(m_exception);
  }

private:
  std::coroutine_handle<> m_continuation;
  std::exception_ptr m_exception;
};

template <typename T> class task_promise final : public task_promise_base {
public:
  task<T> get_return_object() noexcept;
  void return_value(T value) { m_value.emplace(std::move(value)); }
  T result() {
    rethrow_if_exception();
    return std::move(*m_value);
  }

private:
  std::optional<T> m_value;
};

template <> class task_promise<void> final : public task_promise_base {
public:
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void result() { rethrow_if_exception(); }
};

} // namespace detail

/// A lazily started coroutine producing one T. Awaiting it starts it and
/// resumes the awaiter when it completes.
template <typename T> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  class awaiter {
  public:
    explicit awaiter(std::coroutine_handle<promise_type> coroutine) noexcept
        : m_coroutine(coroutine) {}
    bool await_ready() const noexcept {
      return !m_coroutine || m_coroutine.done();
    }
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<> awaiting) noexcept {
      m_coroutine.promise().set_continuation(awaiting);
      return m_coroutine; // Starts the task by symmetric transfer.
    }
    T await_resume() { return m_coroutine.promise().result(); }

  private:
    std::coroutine_handle<promise_type> m_coroutine;
  };

  task() noexcept = default;
  explicit task(std::coroutine_handle<promise_type> coroutine) noexcept
      : m_coroutine(coroutine) {}
  task(task &&other) noexcept
      : m_coroutine(std::exchange(other.m_coroutine, {})) {}
  task &operator=(task &&other) noexcept {
    std::swap(m_coroutine, other.m_coroutine);
    return *this;
  }
  task(const task &) = delete;
  task &operator=(const task &) = delete;
  ~task() {
    if (m_coroutine)
      m_coroutine.destroy();
  }

  bool is_ready() const noexcept { return !m_coroutine || m_coroutine.done(); }

  awaiter operator co_await() const & noexcept { return awaiter(m_coroutine); }
  awaiter operator co_await() const && noexcept {
    return awaiter(m_coroutine);
  }

  /// Waits for completion without fetching the result (or the exception).
  auto when_ready() const noexcept {
    struct ready_awaiter : awaiter {
      using awaiter::awaiter;
      void await_resume() const noexcept {}
    };
    return ready_awaiter(m_coroutine);
  }

private:
  std::coroutine_handle<promise_type> m_coroutine;
};

template <typename T>
task<T> detail::task_promise<T>::get_return_object() noexcept {
  return task<T>(
      std::coroutine_handle<task_promise>::from_promise(*this));
}
inline task<void> detail::task_promise<void>::get_return_object() noexcept {
  return task<void>(
      std::coroutine_handle<task_promise>::from_promise(*this));
}

namespace detail {

class shared_task_promise_base {
  // Resumes every coroutine that awaited the task while it ran.
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    void await_suspend(std::coroutine_handle<Promise> self) noexcept {
      for (std::coroutine_handle<> waiter :
           std::exchange(self.promise().m_waiters, {}))
        waiter.resume();
    }
    void await_resume() noexcept {}
  };

public:
  std::suspend_always initial_suspend() noexcept { return {}; }
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {
    m_exception = std::current_exception();
  }

  /// Queues \p waiter; returns true if the caller must start the task.
  bool add_waiter(std::coroutine_handle<> waiter) {
    m_waiters.push_back(waiter);
    return !std::exchange(m_started, true);
  }
  void add_ref() noexcept { ++m_ref_count; }
  bool release_ref() noexcept { return --m_ref_count == 0; }

protected:
  void rethrow_if_exception() const {
    if (m_exception)
      std::rethrow_exception(m_exception);
  }

private:
  std::vector<std::coroutine_handle<>> m_waiters;
  std::exception_ptr m_exception;
  std::atomic<std::size_t> m_ref_count{1};
  bool m_started = false;
};

template <typename T>
class shared_task_promise final : public shared_task_promise_base {
public:
  shared_task<T> get_return_object() noexcept;
  void return_value(T value) { m_value.emplace(std::move(value)); }
  const T &result() const {
    rethrow_if_exception();
    return *m_value;
  }

private:
  std::optional<T> m_value;
};

template <>
class shared_task_promise<void> final : public shared_task_promise_base {
public:
  shared_task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void result() const { rethrow_if_exception(); }
};

} // namespace detail

/// A lazily started, copyable task: the first awaiter starts it, every
/// awaiter gets the same result.
template <typename T> class [[nodiscard]] shared_task {
public:
  using promise_type = detail::shared_task_promise<T>;
  using value_type = T;

  shared_task() noexcept = default;
  explicit shared_task(std::coroutine_handle<promise_type> coroutine) noexcept
      : m_coroutine(coroutine) {}
  shared_task(const shared_task &other) noexcept
      : m_coroutine(other.m_coroutine) {
    if (m_coroutine)
      m_coroutine.promise().add_ref();
  }
  shared_task(shared_task &&other) noexcept
      : m_coroutine(std::exchange(other.m_coroutine, {})) {}
  shared_task &operator=(shared_task other) noexcept {
    std::swap(m_coroutine, other.m_coroutine);
    return *this;
  }
  ~shared_task() {
    if (m_coroutine && m_coroutine.promise().release_ref())
      m_coroutine.destroy();
  }

  bool is_ready() const noexcept { return !m_coroutine || m_coroutine.done(); }

  auto operator co_await() const noexcept {
    struct awaiter {
      std::coroutine_handle<promise_type> coroutine;
      bool await_ready() const noexcept {
        return !coroutine || coroutine.done();
      }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<> awaiting) {
        if (coroutine.promise().add_waiter(awaiting))
          return coroutine;
        return std::noop_coroutine();
      }
      decltype(auto) await_resume() { return coroutine.promise().result(); }
    };
    return awaiter{m_coroutine};
  }

private:
  std::coroutine_handle<promise_type> m_coroutine;
};

template <typename T>
shared_task<T> detail::shared_task_promise<T>::get_return_object() noexcept {
  return shared_task<T>(
      std::coroutine_handle<shared_task_promise>::from_promise(*this));
}
inline shared_task<void>
detail::shared_task_promise<void>::get_return_object() noexcept {
  return shared_task<void>(
      std::coroutine_handle<shared_task_promise>::from_promise(*this));
}

namespace detail {

template <typename R> struct sync_wait_storage {
  std::optional<R> value;
  void return_value(R v) { value.emplace(std::move(v)); }
  R take() { return std::move(*value); }
};
template <> struct sync_wait_storage<void> {
  void return_void() noexcept {}
  void take() noexcept {}
};

// The coroutine sync_wait runs its awaitable in. Completion is published
// through an atomic flag the calling thread blocks on (cppcoro uses an
// OS-level event).
template <typename R> class sync_wait_task {
public:
  struct promise_type : sync_wait_storage<R> {
    std::atomic<bool> done{false};
    std::exception_ptr exception;

    sync_wait_task get_return_object() noexcept {
      return sync_wait_task(
          std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept {
      struct notifier {
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<promise_type> self) noexcept {
          self.promise().done.store(true);
          self.promise().done.notify_one();
        }
        void await_resume() noexcept {}
      };
      return notifier{};
    }
    void unhandled_exception() noexcept {
      exception = std::current_exception();
    }
  };

  explicit sync_wait_task(std::coroutine_handle<promise_type> coroutine)
      : m_coroutine(coroutine) {}
  sync_wait_task(const sync_wait_task &) = delete;
  ~sync_wait_task() { m_coroutine.destroy(); }

  R run() {
    m_coroutine.resume();
    promise_type &promise = m_coroutine.promise();
    promise.done.wait(false); // The blocking part.
    if (promise.exception)
      std::rethrow_exception(promise.exception);
    return promise.take();
  }

private:
  std::coroutine_handle<promise_type> m_coroutine;
};

template <typename R, typename A>
sync_wait_task<R> make_sync_wait_task(A &&awaitable) {
  if constexpr (std::is_void_v<R>)
    co_await static_cast<A &&>(awaitable);
  else
    co_return co_await static_cast<A &&>(awaitable);
}

// One operand of when_all: awaits it and reports void as void_value.
template <typename A>
task<non_void_t<await_result_t<A>>> when_all_element(A awaitable) {
  if constexpr (std::is_void_v<await_result_t<A>>) {
    co_await static_cast<A &&>(awaitable);
    co_return void_value{};
  } else {
    co_return co_await static_cast<A &&>(awaitable);
  }
}

// Lvalue operands arrive as references (A = X&), rvalues are moved into the
// frame (A = X), as in cppcoro. The operands are awaited one after the
// other; cppcoro starts them all at once.
template <typename... A>
task<std::tuple<non_void_t<await_result_t<A>>...>>
when_all_impl(A... awaitables) {
  co_return std::tuple<non_void_t<await_result_t<A>>...>{
      co_await when_all_element<A>(static_cast<A &&>(awaitables))...};
}

} // namespace detail

/// Runs \p awaitable to completion, blocking the calling thread.
template <typename A> auto sync_wait(A &&awaitable) {
  using R = detail::await_result_t<A>;
  return detail::make_sync_wait_task<R>(std::forward<A>(awaitable)).run();
}

/// Awaits all operands; the result is the tuple of their results.
template <typename... A>
  requires(detail::awaitable<A> && ...)
[[nodiscard]] auto when_all(A &&...awaitables) {
  return detail::when_all_impl<A...>(std::forward<A>(awaitables)...);
}

template <typename T>
[[nodiscard]] task<std::vector<detail::non_void_t<T>>>
when_all(std::vector<task<T>> tasks) {
  std::vector<detail::non_void_t<T>> results;
  for (task<T> &t : tasks) {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(t);
      results.emplace_back();
    } else {
      results.push_back(co_await std::move(t));
    }
  }
  co_return results;
}

/// What when_all_ready yields per operand: its result, or the exception it
/// ended with, rethrown by result().
template <typename T> class when_all_ready_result {
public:
  template <typename... V>
  explicit when_all_ready_result(std::in_place_t, V &&...value)
      : m_value(std::in_place, std::forward<V>(value)...) {}
  explicit when_all_ready_result(std::exception_ptr exception) noexcept
      : m_exception(std::move(exception)) {}

  decltype(auto) result() {
    if (m_exception)
      std::rethrow_exception(m_exception);
    if constexpr (!std::is_void_v<T>)
      return std::move(*m_value);
  }

private:
  std::optional<detail::non_void_t<T>> m_value;
  std::exception_ptr m_exception;
};

namespace detail {

template <typename A>
task<when_all_ready_result<await_result_t<A>>>
when_all_ready_element(A awaitable) {
  using R = await_result_t<A>;
  try {
    if constexpr (std::is_void_v<R>) {
      co_await static_cast<A &&>(awaitable);
      co_return when_all_ready_result<R>(std::in_place);
    } else {
      co_return when_all_ready_result<R>(
          std::in_place, co_await static_cast<A &&>(awaitable));
    }
  } catch (...) {
    co_return when_all_ready_result<R>(std::current_exception());
  }
}

template <typename... A>
task<std::tuple<when_all_ready_result<await_result_t<A>>...>>
when_all_ready_impl(A... awaitables) {
  co_return std::tuple<when_all_ready_result<await_result_t<A>>...>{
      co_await when_all_ready_element<A>(static_cast<A &&>(awaitables))...};
}

} // namespace detail

/// Like when_all, but never throws: each operand's outcome is kept apart.
template <typename... A>
  requires(detail::awaitable<A> && ...)
[[nodiscard]] auto when_all_ready(A &&...awaitables) {
  return detail::when_all_ready_impl<A...>(std::forward<A>(awaitables)...);
}

/// A fixed-size pool of worker threads. `co_await pool.schedule()` moves the
/// coroutine onto a worker.
class static_thread_pool {
public:
  class schedule_operation {
  public:
    // The real pool queues the coroutine for a worker thread; this one
    // resumes it where it is, which looks the same to a static analysis.
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<>) noexcept { return false; }
    void await_resume() const noexcept {}
  };

  static_thread_pool() : static_thread_pool(1) {}
  explicit static_thread_pool(std::uint32_t thread_count)
      : m_thread_count(thread_count) {}

  std::uint32_t thread_count() const noexcept { return m_thread_count; }
  [[nodiscard]] schedule_operation schedule() noexcept { return {}; }

private:
  std::uint32_t m_thread_count;
};

class async_mutex;

/// Unlocks the async_mutex it owns when destroyed.
class async_mutex_lock {
public:
  async_mutex_lock(async_mutex &mutex, std::adopt_lock_t) noexcept
      : m_mutex(&mutex) {}
  async_mutex_lock(async_mutex_lock &&other) noexcept
      : m_mutex(std::exchange(other.m_mutex, nullptr)) {}
  async_mutex_lock(const async_mutex_lock &) = delete;
  ~async_mutex_lock();

private:
  async_mutex *m_mutex;
};

/// A mutex that suspends the awaiting coroutine instead of blocking its
/// thread.
class async_mutex {
public:
  class lock_operation {
  public:
    explicit lock_operation(async_mutex &mutex) noexcept : m_mutex(mutex) {}
    bool await_ready() const noexcept { return m_mutex.try_lock(); }
    void await_suspend(std::coroutine_handle<> awaiting) {
      m_mutex.m_waiters.push_back(awaiting);
    }
    void await_resume() const noexcept {}

  protected:
    async_mutex &m_mutex;
  };

  class scoped_lock_operation : public lock_operation {
  public:
    using lock_operation::lock_operation;
    [[nodiscard]] async_mutex_lock await_resume() const noexcept {
      return async_mutex_lock(m_mutex, std::adopt_lock);
    }
  };

  bool try_lock() noexcept { return !std::exchange(m_locked, true); }
  [[nodiscard]] lock_operation lock_async() noexcept {
    return lock_operation(*this);
  }
  [[nodiscard]] scoped_lock_operation scoped_lock_async() noexcept {
    return scoped_lock_operation(*this);
  }
  /// Hands the lock to the next waiter, if any, and resumes it.
  void unlock() {
    if (m_waiters.empty()) {
      m_locked = false;
      return;
    }
    std::coroutine_handle<> next = m_waiters.front();
    m_waiters.pop_front();
    next.resume();
  }

private:
  bool m_locked = false;
  std::deque<std::coroutine_handle<>> m_waiters;
};

inline async_mutex_lock::~async_mutex_lock() {
  if (m_mutex)
    m_mutex->unlock();
}

/// An event exactly one coroutine waits for.
class single_consumer_event {
public:
  explicit single_consumer_event(bool initially_set = false) noexcept
      : m_set(initially_set) {}

  bool is_set() const noexcept { return m_set; }
  void set() {
    m_set = true;
    if (std::coroutine_handle<> waiter = std::exchange(m_waiter, {}))
      waiter.resume();
  }
  void reset() noexcept { m_set = false; }

  auto operator co_await() noexcept {
    struct awaiter {
      single_consumer_event &event;
      bool await_ready() const noexcept { return event.m_set; }
      void await_suspend(std::coroutine_handle<> awaiting) noexcept {
        event.m_waiter = awaiting;
      }
      void await_resume() const noexcept {}
    };
    return awaiter{*this};
  }

private:
  bool m_set;
  std::coroutine_handle<> m_waiter;
};

} // namespace cppcoro

#endif // ASYNC_TIDY_TEST_INPUTS_CPPCORO_TASK_HPP
