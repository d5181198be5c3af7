// A minimal lazy task: the coroutine starts suspended and runs only when it
// is awaited.
#ifndef MINI_TASK_HPP
#define MINI_TASK_HPP

#include <coroutine>
#include <exception>
#include <utility>

namespace mini {

template <typename T = void> class task;

template <> class task<void> {
public:
  struct promise_type {
    std::coroutine_handle<> continuation;
    task get_return_object() {
      return task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept {
      struct resume_continuation {
        bool await_ready() noexcept { return false; }
        std::coroutine_handle<>
        await_suspend(std::coroutine_handle<promise_type> h) noexcept {
          if (auto c = h.promise().continuation)
            return c;
          return std::noop_coroutine();
        }
        void await_resume() noexcept {}
      };
      return resume_continuation{};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };

  task(task &&other) noexcept : handle(std::exchange(other.handle, {})) {}
  ~task() {
    if (handle)
      handle.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    handle.promise().continuation = c;
    return handle;
  }
  void await_resume() noexcept {}

private:
  explicit task(std::coroutine_handle<promise_type> h) : handle(h) {}
  std::coroutine_handle<promise_type> handle;
};

} // namespace mini

#endif
