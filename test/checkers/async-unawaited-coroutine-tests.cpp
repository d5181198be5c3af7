// RUN: %check_clang_tidy -std=c++20-or-later %s async-unawaited-coroutine %t -- -- -I %inputs

// Code in tests that drops tasks on purpose: calls run only to see them
// throw before a task exists, views of a result that stays, and tasks
// destroyed unstarted because their destruction is what is tested. Next to
// each silenced shape, a look-alike that is still reported.

#include <functional>
#include <stdexcept>
#include <utility>

#include "acme/job.h"
#include "cppcoro/generator.hpp"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

cppcoro::task<int> open_file(const char *Path);
folly::coro::Task<int> load(int Id);
acme::Job<int> compute(int N);
cppcoro::generator<int> numbers();
cppcoro::task<> other();
void expect(bool Condition);

// ---- Helpers that run a callable to see it throw ---------------------------

namespace check {
void fail();
void report(const std::exception &E);
const char *last_message();

// The caller names the exception; catching it is the passing outcome.
template <class E, class F> void expect_throws(F &&Body) {
  try {
    Body();
  } catch (const E &) {
    return;
  } catch (...) {
  }
  fail();
}

template <class E, class F>
void expect_throws_message(F &&Body, const char *Message) {
  const char *Seen = nullptr;
  try {
    std::forward<F>(Body)();
  } catch (const E &Error) {
    Seen = Error.what();
  }
  expect(Seen == Message);
}

// Calls the callable through std::invoke, as generic helpers do.
template <class E, class F> bool throws_through_invoke(F &&Body) {
  try {
    std::invoke(std::forward<F>(Body));
  } catch (const E &) {
    return true;
  }
  return false;
}

// Look-alike: the caller names the exception, but the handler only logs
// and falls through, like a normal completion.
template <class E, class F> void log_errors(F &&Body) {
  try {
    Body();
  } catch (const E &Error) {
    report(Error);
  }
}

// Look-alike: the handler returns, but catches no type the caller named.
template <class F> bool succeeds(F &&Body) {
  try {
    Body();
  } catch (...) {
    return false;
  }
  return true;
}
} // namespace check

void helpers_expecting_a_throw() {
  check::expect_throws<std::invalid_argument>([] { open_file(nullptr); });
  check::expect_throws<std::invalid_argument>([] { (void)load(-1); });
  check::expect_throws_message<std::domain_error>(
      [&] {
        int N = -1;
        compute(N);
      },
      "negative");
  expect(check::throws_through_invoke<std::invalid_argument>(
      [] { open_file(nullptr); }));
  // Only the last statement is what is expected to throw.
  check::expect_throws<std::invalid_argument>([] {
    open_file("a");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'open_file' returns a lazy task that is discarded; its body never runs [async-unawaited-coroutine]
    open_file(nullptr);
  });
}

void look_alike_helpers() {
  check::log_errors<std::runtime_error>([] { open_file("b"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: 'open_file' returns a lazy task that is discarded
  check::succeeds([] { load(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'load' returns a lazy task that is discarded
  // The same helper, but the lambda is not handed to it.
  auto Body = [] { compute(2); };
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'compute' returns a lazy task that is discarded
  Body();
}

// ---- Macros that try their argument ----------------------------------------

// gtest-like: a flag records the catch.
#define EXPECT_THROWS_AS(Statement, E)                                         \
  do {                                                                         \
    bool Caught_ = false;                                                      \
    try {                                                                      \
      Statement;                                                               \
    } catch (const E &) {                                                      \
      Caught_ = true;                                                          \
    }                                                                          \
    if (!Caught_)                                                              \
      check::fail();                                                           \
  } while (0)

// Catch2-like: the try block goes on to report that nothing was thrown.
#define REQUIRE_THROWS(Expr)                                                   \
  do {                                                                         \
    try {                                                                      \
      static_cast<void>(Expr);                                                 \
      check::fail();                                                           \
    } catch (...) {                                                            \
    }                                                                          \
  } while (0)

// Look-alike: a macro that tries its argument only to log what it throws.
#define LOG_EXCEPTIONS(Statement)                                              \
  do {                                                                         \
    try {                                                                      \
      Statement;                                                               \
    } catch (const std::exception &Error) {                                    \
      check::report(Error);                                                    \
    }                                                                          \
  } while (0)

// Look-alike: a macro that passes its argument through, no try.
#define TRACE(Statement) Statement

cppcoro::task<> macros_expecting_a_throw() {
  EXPECT_THROWS_AS(open_file(nullptr), std::invalid_argument);
  EXPECT_THROWS_AS(load(-1), std::out_of_range);
  REQUIRE_THROWS(compute(-1));
  LOG_EXCEPTIONS(open_file("c"));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'open_file' returns a lazy task that is discarded
  TRACE(load(3));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'load' returns a lazy task that is discarded
  // Written by hand, the same try is code that runs: the task is lost.
  bool Caught = false;
  try {
    open_file(nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'open_file' returns a lazy task that is discarded
  } catch (const std::invalid_argument &) {
    Caught = true;
  }
  expect(Caught);
  co_return;
}

// ---- Views of an awaitable object that stays --------------------------------

// An in-house result that is already running and can be awaited any number
// of times; resolve() waits without taking the value.
class Result {
public:
  struct Awaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    int await_resume() { return 0; }
  };
  Awaiter operator co_await() const { return {}; }
  Awaiter resolve() const { return {}; }
};
Result start_request();

void views(Result &Shared, Result *Pointer, cppcoro::async_mutex &Mutex,
           cppcoro::static_thread_pool &Pool) {
  for (int I = 0; I < 3; ++I) {
    Shared.resolve();
    Shared.operator co_await();
    expect(true);
  }
  Pointer->resolve();
  // Look-alikes: the awaiter is the operation, its object is no awaitable.
  Mutex.lock_async();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lock_async' returns an awaitable that is discarded; the code after it runs without acquiring it
  Pool.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'schedule' returns an awaitable that is discarded; the code after it does not run on 'Pool'
  // The object is a temporary: nothing is left to await.
  start_request().resolve();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'resolve' returns an awaitable that is discarded; the operation never starts
}

// ---- Tasks destroyed unstarted on purpose -----------------------------------

struct Pipe {
  cppcoro::generator<int> Reader;
  bool closed() const;
};

void destruction_tests(Pipe &P) {
  {
    auto Unstarted = open_file("d");
    expect(true);
  }
  {
    auto First = compute(1);
    auto Second(std::move(First));
  }
  {
    // Destroying the read end closes the pipe.
    auto Reader = std::move(P.Reader);
  }
  expect(P.closed());
}

folly::coro::Task<void> destruction_in_a_coroutine(Pipe &P) {
  {
    auto Reader = std::move(P.Reader);
  }
  expect(P.closed());
  co_return;
}

// The move is what is tested: the moved-from generator is looked at after.
void move_tests() {
  auto Source = numbers();
  auto Target(std::move(Source));
  expect(Source.begin() == Source.end());
}

cppcoro::task<> look_alike_scopes(bool Flag) {
  int Count = 0;
  {
    ++Count;
    auto Late = open_file("e");
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: lazy task 'Late' is never awaited; its body never runs
  }
  if (Flag) {
    auto Branch = load(Count);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: lazy task 'Branch' is never awaited
  }
  {
    auto Forgotten = compute(Count);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: lazy task 'Forgotten' is never awaited
    co_await other();
  }
  // Moved from, and the source is not looked at again.
  auto Source = open_file("f");
  auto Target = std::move(Source);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 'Target' is never awaited
}
