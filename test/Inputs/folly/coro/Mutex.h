// A mock of folly::coro::Mutex for the check tests: a mutex that suspends
// the awaiting coroutine instead of blocking its thread. co_lock() and
// co_scoped_lock() are awaited; the scoped form resumes with a
// std::unique_lock that owns the mutex. No blocking lock() member.
#pragma once

#include <coroutine>
#include <deque>
#include <mutex>
#include <utility>

namespace folly::coro {

class Mutex {
  template <typename Result> class LockOperation {
  public:
    explicit LockOperation(Mutex &M) noexcept : M(M) {}
    bool await_ready() noexcept { return M.try_lock(); }
    void await_suspend(std::coroutine_handle<> H) { M.Waiters.push_back(H); }
    Result await_resume() noexcept {
      if constexpr (!std::is_void_v<Result>)
        return Result(M, std::adopt_lock);
    }

  private:
    Mutex &M;
  };

public:
  bool try_lock() noexcept { return !std::exchange(Locked, true); }
  [[nodiscard]] LockOperation<void> co_lock() noexcept {
    return LockOperation<void>(*this);
  }
  [[nodiscard]] LockOperation<std::unique_lock<Mutex>>
  co_scoped_lock() noexcept {
    return LockOperation<std::unique_lock<Mutex>>(*this);
  }
  void unlock() {
    if (Waiters.empty()) {
      Locked = false;
      return;
    }
    std::coroutine_handle<> Next = Waiters.front();
    Waiters.pop_front();
    Next.resume();
  }

private:
  bool Locked = false;
  std::deque<std::coroutine_handle<>> Waiters;
};

} // namespace folly::coro
