// Mock of cppcoro/operation_cancelled.hpp and cppcoro/cancellation_token.hpp:
// the exception cppcoro's cancellable operations throw, and the token they
// watch.
#ifndef ASYNC_TIDY_TEST_INPUTS_CPPCORO_OPERATION_CANCELLED_HPP
#define ASYNC_TIDY_TEST_INPUTS_CPPCORO_OPERATION_CANCELLED_HPP

#include <exception>

namespace cppcoro {

class operation_cancelled : public std::exception {
public:
  operation_cancelled() noexcept : std::exception() {}
  const char *what() const noexcept override { return "operation cancelled"; }
};

class cancellation_token {
public:
  bool can_be_cancelled() const noexcept { return true; }
  bool is_cancellation_requested() const noexcept { return requested_; }
  void throw_if_cancellation_requested() const {
    if (requested_)
      throw operation_cancelled{};
  }

private:
  bool requested_ = false;
};

} // namespace cppcoro

#endif // ASYNC_TIDY_TEST_INPUTS_CPPCORO_OPERATION_CANCELLED_HPP
