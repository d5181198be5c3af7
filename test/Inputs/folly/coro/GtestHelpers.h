//===- folly/coro/GtestHelpers.h - Mock of folly's CO_TEST ------*- C++ -*-===//
//
// A stand-in for folly's <folly/coro/GtestHelpers.h>, for the async-tidy
// tests: CO_TEST and CO_TEST_F expand as folly's do, to a gtest test class
// whose TestBody() runs the coroutine member co_TestBody() with
// blockingWait; the macro's body becomes co_TestBody's.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_FOLLY_CORO_GTESTHELPERS_H
#define ASYNC_TIDY_TEST_INPUTS_FOLLY_CORO_GTESTHELPERS_H

#include "../../testing/gtest.h"
#include "Task.h"

#define CO_TEST_(suite, name, parent)                                          \
  class GTEST_TEST_CLASS_NAME_(suite, name) : public parent {                  \
  public:                                                                      \
    GTEST_TEST_CLASS_NAME_(suite, name)() = default;                           \
                                                                               \
  private:                                                                     \
    void TestBody() override;                                                  \
    folly::coro::Task<void> co_TestBody();                                     \
    static ::testing::TestInfo *const test_info_;                              \
  };                                                                           \
  ::testing::TestInfo *const GTEST_TEST_CLASS_NAME_(suite, name)::test_info_ = \
      ::testing::internal::MakeAndRegisterTestInfo(                            \
          #suite, #name,                                                       \
          new ::testing::internal::TestFactoryImpl<GTEST_TEST_CLASS_NAME_(     \
              suite, name)>);                                                  \
  void GTEST_TEST_CLASS_NAME_(suite, name)::TestBody() {                       \
    folly::coro::blockingWait(co_TestBody());                                  \
  }                                                                            \
  folly::coro::Task<void> GTEST_TEST_CLASS_NAME_(suite, name)::co_TestBody()

#define CO_TEST(suite, name) CO_TEST_(suite, name, ::testing::Test)
#define CO_TEST_F(fixture, name) CO_TEST_(fixture, name, fixture)

#endif // ASYNC_TIDY_TEST_INPUTS_FOLLY_CORO_GTESTHELPERS_H
