//===- testing/catch2.hpp - Catch2-shaped test macros -----------*- C++ -*-===//
//
// A stand-in for Catch2's single header, for the async-tidy tests:
// TEST_CASE expands as Catch2's does, to a static function and a
// namespace-scope AutoReg object whose initializer hands the function's
// address to the framework; TEST_CASE_METHOD to a struct derived from the
// fixture whose test() member is registered the same way.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_TESTING_CATCH2_HPP
#define ASYNC_TIDY_TEST_INPUTS_TESTING_CATCH2_HPP

namespace Catch {
struct ITestInvoker {
  virtual void invoke() const = 0;
  virtual ~ITestInvoker() = default;
};
ITestInvoker *makeTestInvoker(void (*TestFunction)());
template <typename C> ITestInvoker *makeTestInvoker(void (C::*TestMethod)()) {
  (void)TestMethod;
  return nullptr;
}

struct SourceLineInfo {
  const char *File;
  unsigned Line;
};
struct NameAndTags {
  const char *Name = "";
  const char *Tags = "";
};
struct AutoReg {
  AutoReg(ITestInvoker *Invoker, const SourceLineInfo &Line,
          const char *ClassName, const NameAndTags &NameTags) noexcept;
};
void check(bool Condition);
} // namespace Catch

#define INTERNAL_CATCH_UNIQUE_NAME_LINE2(name, line) name##line
#define INTERNAL_CATCH_UNIQUE_NAME_LINE(name, line)                            \
  INTERNAL_CATCH_UNIQUE_NAME_LINE2(name, line)
#define INTERNAL_CATCH_UNIQUE_NAME(name)                                       \
  INTERNAL_CATCH_UNIQUE_NAME_LINE(name, __COUNTER__)
#define CATCH_INTERNAL_LINEINFO                                                \
  ::Catch::SourceLineInfo { __FILE__, static_cast<unsigned>(__LINE__) }

#define INTERNAL_CATCH_TESTCASE2(TestName, ...)                                \
  static void TestName();                                                      \
  namespace {                                                                  \
  const Catch::AutoReg INTERNAL_CATCH_UNIQUE_NAME(autoRegistrar)(              \
      Catch::makeTestInvoker(&TestName), CATCH_INTERNAL_LINEINFO, "",          \
      Catch::NameAndTags{__VA_ARGS__});                                        \
  }                                                                            \
  static void TestName()
#define INTERNAL_CATCH_TESTCASE(...)                                           \
  INTERNAL_CATCH_TESTCASE2(INTERNAL_CATCH_UNIQUE_NAME(CATCH2_INTERNAL_TEST_),  \
                           __VA_ARGS__)

#define INTERNAL_CATCH_TEST_CASE_METHOD2(TestName, ClassName, ...)             \
  namespace {                                                                  \
  struct TestName : ClassName {                                                \
    void test();                                                               \
  };                                                                           \
  const Catch::AutoReg INTERNAL_CATCH_UNIQUE_NAME(autoRegistrar)(              \
      Catch::makeTestInvoker(&TestName::test), CATCH_INTERNAL_LINEINFO,        \
      #ClassName, Catch::NameAndTags{__VA_ARGS__});                            \
  }                                                                            \
  void TestName::test()
#define INTERNAL_CATCH_TEST_CASE_METHOD(ClassName, ...)                        \
  INTERNAL_CATCH_TEST_CASE_METHOD2(                                            \
      INTERNAL_CATCH_UNIQUE_NAME(CATCH2_INTERNAL_TEST_), ClassName,            \
      __VA_ARGS__)

#define TEST_CASE(...) INTERNAL_CATCH_TESTCASE(__VA_ARGS__)
#define TEST_CASE_METHOD(className, ...)                                       \
  INTERNAL_CATCH_TEST_CASE_METHOD(className, __VA_ARGS__)
#define REQUIRE(...) ::Catch::check(static_cast<bool>(__VA_ARGS__))

#endif // ASYNC_TIDY_TEST_INPUTS_TESTING_CATCH2_HPP
