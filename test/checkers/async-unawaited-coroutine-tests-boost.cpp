// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-unawaited-coroutine %t

// Real Boost.Asio awaitables in the test shapes of
// async-unawaited-coroutine-tests.cpp: run to see them throw, destroyed
// unstarted on purpose, and the look-alikes that are still reported.

#include <boost/asio.hpp>
#include <stdexcept>
#include <utility>

namespace asio = boost::asio;
using asio::use_awaitable;

asio::awaitable<int> connect_to(const char *Host);
void expect(bool Condition);
void fail();

template <class E, class F> void expect_throws(F &&Body) {
  try {
    Body();
  } catch (const E &) {
    return;
  }
  fail();
}

#define EXPECT_THROWS_AS(Statement, E)                                         \
  do {                                                                         \
    bool Caught_ = false;                                                      \
    try {                                                                      \
      Statement;                                                               \
    } catch (const E &) {                                                      \
      Caught_ = true;                                                          \
    }                                                                          \
    expect(Caught_);                                                           \
  } while (0)

void expected_throws(asio::steady_timer &Timer) {
  expect_throws<std::invalid_argument>([] { connect_to(nullptr); });
  expect_throws<boost::system::system_error>(
      [&] { Timer.async_wait(use_awaitable); });
  EXPECT_THROWS_AS(connect_to(""), std::invalid_argument);
  // Not handed to the helper: reported.
  auto Later = [&] { Timer.async_wait(use_awaitable); };
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'async_wait' returns a lazy task that is discarded; nothing waits for the timer [async-unawaited-coroutine]
  Later();
}

asio::awaitable<void> destruction() {
  {
    auto Unstarted = connect_to("a");
  }
  {
    auto First = connect_to("b");
    auto Second(std::move(First));
  }
  {
    auto Forgotten = connect_to("c");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: lazy task 'Forgotten' is never awaited; its body never runs
    co_await connect_to("d");
  }
  auto Dropped = connect_to("e");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 'Dropped' is never awaited
}
