// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t -- -- -I %inputs
// RUN: %check_clang_tidy -check-suffixes=,ALL -std=c++20 %s async-blocking-call-in-coroutine %t -- \
// RUN:   -config='{CheckOptions: {async-blocking-call-in-coroutine.CheckTests: true}}' \
// RUN:   -- -I %inputs

// Test cases block on purpose: a sleep stands for work, a join ends the
// test, a death test's child or an EXPECT_THROW runs blockingWait, a test
// nests sync_wait. Inside the body of a test case of gtest, folly (CO_TEST),
// Catch2 or doctest, and in coroutine lambdas defined there, blocking is not
// reported unless CheckTests is set. Test cases are recognised by what the
// framework macros expand to. A coroutine of the test file that only test
// cases use is part of them; other coroutines of a test file are checked as
// anywhere else.

#include <chrono>
#include <thread>
#include <unistd.h>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/GtestHelpers.h"
#include "testing/catch2.hpp"
#include "testing/doctest.h"

using namespace std::chrono_literals;

folly::coro::Task<int> answer() { co_return 42; }

// --- gtest: TEST and TEST_F bodies -------------------------------------------

TEST(Scheduling, SleepStandsForWork) {
  auto Slow = []() -> cppcoro::task<int> {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in a coroutine lambda
    co_return 1;
  };
  EXPECT_TRUE(cppcoro::sync_wait(Slow()) == 1);
}

class QueueTest : public ::testing::Test {
protected:
  // Written by hand in the fixture: not a test body.
  folly::coro::Task<void> drain() {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'drain'
    co_return;
  }
};

TEST_F(QueueTest, NestedLambdas) {
  auto Outer = [&]() -> cppcoro::task<void> {
    auto Inner = [&]() -> cppcoro::task<void> {
      ::usleep(10);
      // CHECK-MESSAGES-ALL: :[[@LINE-1]]:7: warning: blocking call to 'usleep' in a coroutine lambda
      co_return;
    };
    co_await Inner();
  };
  cppcoro::sync_wait(Outer());
}

// --- folly: CO_TEST bodies ---------------------------------------------------

CO_TEST(AsyncScope, DeathTestChildBlocks) {
  EXPECT_DEATH(folly::coro::blockingWait(answer()), "aborted");
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:16: warning: blocking call to 'folly::coro::blockingWait' in coroutine 'co_TestBody'
  co_return;
}

CO_TEST(Queue, JoinsAtTeardown) {
  std::thread Producer([] {});
  int N = co_await answer();
  Producer.join();
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:12: warning: blocking call to 'std::thread::join' in coroutine 'co_TestBody'
  EXPECT_THROW(folly::coro::blockingWait(answer()), int);
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:16: warning: blocking call to 'folly::coro::blockingWait' in coroutine 'co_TestBody'
  EXPECT_TRUE(N == 42);
}

// --- Catch2: TEST_CASE and TEST_CASE_METHOD ----------------------------------

TEST_CASE("thread pool runs long tasks", "[thread_pool]") {
  cppcoro::static_thread_pool Pool{1};
  auto LongTask = [&]() -> cppcoro::task<void> {
    std::this_thread::sleep_for(100ms);
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in a coroutine lambda
    co_return;
  };
  cppcoro::sync_wait(LongTask());
}

struct PipeFixture {
  int Fds[2] = {-1, -1};
};

TEST_CASE_METHOD(PipeFixture, "poll sees a write", "[poll]") {
  auto Trigger = [&]() -> acme::Job<void> {
    ::write(Fds[1], "x", 1);
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: blocking call to 'write' in a coroutine lambda
    co_return;
  };
  acme::runBlocking(Trigger());
}

// --- doctest: DOCTEST_TEST_CASE ----------------------------------------------

DOCTEST_TEST_CASE("nested sync_wait") {
  auto One = []() -> cppcoro::task<int> { co_return 1; };
  auto Task = [&]() -> cppcoro::task<int> {
    co_return cppcoro::sync_wait(One());
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:15: warning: blocking call to 'cppcoro::sync_wait' in a coroutine lambda
  };
  cppcoro::sync_wait(Task());
}

// --- helpers that only test cases use --------------------------------------

template <typename TaskT> folly::coro::Task<void> check_throws() {
  auto Throws = []() -> TaskT {
    throw 1;
    co_return;
  };
  EXPECT_THROW(folly::coro::blockingWait(Throws()), int);
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:16: warning: blocking call to 'folly::coro::blockingWait' in coroutine 'check_throws<folly::coro::Task<>>'
  co_return;
}
CO_TEST(Helpers, TaskThrows) { co_await check_throws<folly::coro::Task<>>(); }

static cppcoro::task<void> settle() {
  ::usleep(1);
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'settle'
  co_return;
}
TEST(Helpers, Settles) { cppcoro::sync_wait(settle()); }

// --- look-alikes: still reported ---------------------------------------------

// A coroutine at namespace scope of a test file that code outside the test
// cases uses too.
cppcoro::task<void> helper_coroutine() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'helper_coroutine'
  co_return;
}
TEST(Helpers, CallsHelper) { cppcoro::sync_wait(helper_coroutine()); }
void run_outside_tests() { cppcoro::sync_wait(helper_coroutine()); }

// A TestBody written by hand, not by a test macro.
class HandWritten : public ::testing::Test {
  void TestBody() override {}
  folly::coro::Task<void> co_TestBody() {
    ::sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' in coroutine 'co_TestBody'
    co_return;
  }
};

// A function registered by hand, and a coroutine a non-test macro defines.
static void registered_by_hand() {
  auto Run = []() -> cppcoro::task<void> {
    ::usleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' in a coroutine lambda
    co_return;
  };
  cppcoro::sync_wait(Run());
}
static const Catch::AutoReg ByHand(Catch::makeTestInvoker(&registered_by_hand),
                                   CATCH_INTERNAL_LINEINFO, "", {"by hand"});

#define DEFINE_HANDLER(name) cppcoro::task<void> name()
DEFINE_HANDLER(on_request) {
  ::usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'on_request'
  co_return;
}

// A class a macro derives from a base that only shares gtest's name.
namespace mytest {
class Test {
public:
  virtual ~Test() = default;
};
} // namespace mytest
#define MY_CASE(name)                                                          \
  struct name : mytest::Test {                                                 \
    cppcoro::task<void> run();                                                 \
  };                                                                           \
  cppcoro::task<void> name::run()
MY_CASE(NotGtest) {
  ::usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'run'
  co_return;
}
