//===- testing/doctest.h - doctest-shaped test macros -----------*- C++ -*-===//
//
// A stand-in for <doctest/doctest.h>, for the async-tidy tests:
// DOCTEST_TEST_CASE expands as doctest's does, to a static function and a
// static variable whose initializer registers the function.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_TESTING_DOCTEST_H
#define ASYNC_TIDY_TEST_INPUTS_TESTING_DOCTEST_H

namespace doctest::detail {
using funcType = void (*)();
struct TestCase {
  TestCase(funcType Test, const char *File, unsigned Line, const char *Name);
};
int regTest(const TestCase &Test);
} // namespace doctest::detail

#define DOCTEST_CAT_IMPL(s1, s2) s1##s2
#define DOCTEST_CAT(s1, s2) DOCTEST_CAT_IMPL(s1, s2)
#define DOCTEST_ANONYMOUS(x) DOCTEST_CAT(x, __COUNTER__)

#define DOCTEST_CREATE_AND_REGISTER_FUNCTION(f, name)                          \
  static void f();                                                             \
  static const int DOCTEST_ANONYMOUS(DOCTEST_ANON_VAR_) =                      \
      doctest::detail::regTest(doctest::detail::TestCase(                      \
          f, __FILE__, static_cast<unsigned>(__LINE__), name));                \
  static void f()

#define DOCTEST_TEST_CASE(name)                                                \
  DOCTEST_CREATE_AND_REGISTER_FUNCTION(DOCTEST_ANONYMOUS(DOCTEST_ANON_FUNC_),  \
                                       name)

#endif // ASYNC_TIDY_TEST_INPUTS_TESTING_DOCTEST_H
