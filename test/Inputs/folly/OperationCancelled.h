// Mock of folly/OperationCancelled.h and the parts of folly's cancellation
// API the async-swallowed-cancellation tests use: the exception an awaited
// folly task or sleep throws once its cancellation token is cancelled (a
// final class derived from std::exception), the token, and the awaitable
// that gives a coroutine its own token.
#ifndef ASYNC_TIDY_TEST_INPUTS_FOLLY_OPERATIONCANCELLED_H
#define ASYNC_TIDY_TEST_INPUTS_FOLLY_OPERATIONCANCELLED_H

#include <coroutine>
#include <exception>

namespace folly {

struct OperationCancelled final : public std::exception {
  const char *what() const noexcept override {
    return "coroutine operation cancelled";
  }
};

class CancellationToken {
public:
  bool isCancellationRequested() const noexcept { return requested_; }
  bool canBeCancelled() const noexcept { return true; }

private:
  bool requested_ = false;
};

namespace coro {
// `co_await co_current_cancellation_token` never suspends.
struct co_current_cancellation_token_t {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  CancellationToken await_resume() const noexcept { return {}; }
};
inline constexpr co_current_cancellation_token_t
    co_current_cancellation_token{};
} // namespace coro

} // namespace folly

#endif // ASYNC_TIDY_TEST_INPUTS_FOLLY_OPERATIONCANCELLED_H
