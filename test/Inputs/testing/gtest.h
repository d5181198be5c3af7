//===- testing/gtest.h - gtest-shaped test macros ---------------*- C++ -*-===//
//
// A stand-in for <gtest/gtest.h>, for the async-tidy tests: TEST and TEST_F
// expand as gtest's do, to a class derived from ::testing::Test whose
// TestBody() holds the test's body and a static member whose initializer
// registers it. EXPECT_DEATH runs its statement in a child process;
// EXPECT_THROW expects it to throw.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_TESTING_GTEST_H
#define ASYNC_TIDY_TEST_INPUTS_TESTING_GTEST_H

namespace testing {
class Test {
public:
  virtual ~Test() = default;

protected:
  virtual void SetUp() {}
  virtual void TearDown() {}
  virtual void TestBody() = 0;
};

class TestInfo;

namespace internal {
class TestFactoryBase {
public:
  virtual ~TestFactoryBase() = default;
  virtual Test *CreateTest() = 0;
};
template <class TestClass> class TestFactoryImpl : public TestFactoryBase {
  Test *CreateTest() override { return new TestClass; }
};
TestInfo *MakeAndRegisterTestInfo(const char *Suite, const char *Name,
                                  TestFactoryBase *Factory);
bool InDeathTestChild();
} // namespace internal
} // namespace testing

#define GTEST_TEST_CLASS_NAME_(suite, name) suite##_##name##_Test

#define GTEST_TEST_(suite, name, parent)                                       \
  class GTEST_TEST_CLASS_NAME_(suite, name) : public parent {                  \
  public:                                                                      \
    GTEST_TEST_CLASS_NAME_(suite, name)() = default;                           \
                                                                               \
  private:                                                                     \
    void TestBody() override;                                                  \
    static ::testing::TestInfo *const test_info_;                              \
  };                                                                           \
  ::testing::TestInfo *const GTEST_TEST_CLASS_NAME_(suite, name)::test_info_ = \
      ::testing::internal::MakeAndRegisterTestInfo(                            \
          #suite, #name,                                                       \
          new ::testing::internal::TestFactoryImpl<GTEST_TEST_CLASS_NAME_(     \
              suite, name)>);                                                  \
  void GTEST_TEST_CLASS_NAME_(suite, name)::TestBody()

#define TEST(suite, name) GTEST_TEST_(suite, name, ::testing::Test)
#define TEST_F(fixture, name) GTEST_TEST_(fixture, name, fixture)

#define EXPECT_TRUE(condition)                                                 \
  do {                                                                         \
    if (!(condition))                                                          \
      ;                                                                        \
  } while (false)

#define EXPECT_THROW(statement, exception)                                     \
  do {                                                                         \
    try {                                                                      \
      statement;                                                               \
    } catch (const exception &) {                                              \
    }                                                                          \
  } while (false)

#define EXPECT_DEATH(statement, regex)                                         \
  do {                                                                         \
    if (::testing::internal::InDeathTestChild()) {                             \
      statement;                                                               \
    }                                                                          \
  } while (false)

#endif // ASYNC_TIDY_TEST_INPUTS_TESTING_GTEST_H
