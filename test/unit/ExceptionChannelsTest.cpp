//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/ExceptionChannels.h"
#include "TestAST.h"
#include "gtest/gtest.h"

namespace clang::tidy::async {
namespace {

using namespace ast_matchers;

// A promise named P with the given members, and a return object R with the
// given members.
std::string promise(llvm::StringRef Members, llvm::StringRef Object = "") {
  return R"cpp(
#include <coroutine>
#include <exception>
#include <cstdio>
struct R;
struct State { void set(std::exception_ptr); };
struct P {
  R get_return_object();
  std::suspend_never initial_suspend();
  std::suspend_never final_suspend() noexcept;
)cpp" + Members.str() +
         R"cpp(
};
struct R {
)cpp" + Object.str() +
         R"cpp(
};
)cpp";
}

struct Result {
  bool Parsed = false;
  utils::ExceptionFate Fate = utils::ExceptionFate::Unknown;
  bool Delivers = false;
};

Result analyse(const std::string &Code) {
  Result Out;
  std::unique_ptr<ASTUnit> AST = test::parse(Code);
  if (!AST)
    return Out;
  const auto *P = test::selectOne<CXXRecordDecl>(
      *AST, cxxRecordDecl(hasName("P"), isDefinition()));
  if (!P)
    return Out;
  Out.Parsed = true;
  Out.Fate = utils::exceptionFate(P);
  Out.Delivers = utils::deliversResult(*P);
  return Out;
}

TEST(ExceptionChannelsTest, EmptyHandlerDrops) {
  Result R = analyse(promise("void return_void(); void unhandled_exception() {}"));
  ASSERT_TRUE(R.Parsed);
  EXPECT_EQ(R.Fate, utils::ExceptionFate::Dropped);
  EXPECT_FALSE(R.Delivers);
}

TEST(ExceptionChannelsTest, OutOfLineEmptyHandlerDrops) {
  Result R = analyse(promise("void return_void(); void unhandled_exception();") +
                     "void P::unhandled_exception() {}");
  ASSERT_TRUE(R.Parsed);
  EXPECT_EQ(R.Fate, utils::ExceptionFate::Dropped);
}

TEST(ExceptionChannelsTest, HandlerWithoutBodyIsUnknown) {
  Result R = analyse(promise("void return_void(); void unhandled_exception();"));
  ASSERT_TRUE(R.Parsed);
  EXPECT_EQ(R.Fate, utils::ExceptionFate::Unknown);
}

TEST(ExceptionChannelsTest, StoredIntoMember) {
  Result R = analyse(promise("void return_void(); std::exception_ptr E;"
                             "void unhandled_exception() {"
                             "  E = std::current_exception(); }"));
  ASSERT_TRUE(R.Parsed);
  EXPECT_EQ(R.Fate, utils::ExceptionFate::Stored);
}

TEST(ExceptionChannelsTest, StoredThroughMemberCall) {
  Result R = analyse(promise("void return_void(); State S;"
                             "void unhandled_exception() {"
                             "  S.set(std::current_exception()); }"));
  ASSERT_TRUE(R.Parsed);
  EXPECT_EQ(R.Fate, utils::ExceptionFate::Stored);
}

TEST(ExceptionChannelsTest, RethrowTerminateLogAreOther) {
  for (const char *Body :
       {"throw;", "std::terminate();",
        "std::rethrow_exception(std::current_exception());",
        "std::puts(\"failed\");",
        "std::exception_ptr Local = std::current_exception(); (void)Local;"}) {
    SCOPED_TRACE(Body);
    Result R = analyse(promise(std::string("void return_void();"
                                           "void unhandled_exception() {") +
                               Body + "}"));
    ASSERT_TRUE(R.Parsed);
    EXPECT_EQ(R.Fate, utils::ExceptionFate::Other);
  }
}

TEST(ExceptionChannelsTest, DeliversResult) {
  EXPECT_TRUE(analyse(promise("void return_value(int); "
                              "void unhandled_exception() {}"))
                  .Delivers);
  EXPECT_TRUE(analyse(promise("std::suspend_always yield_value(int); "
                              "void return_void(); "
                              "void unhandled_exception() {}"))
                  .Delivers);
  EXPECT_TRUE(analyse(promise("void return_void(); "
                              "void unhandled_exception() {}",
                              "bool await_ready(); "
                              "void await_suspend(std::coroutine_handle<>);"
                              "void await_resume();"))
                  .Delivers);
  // Nothing to await, nothing returned: a fire-and-forget design.
  EXPECT_FALSE(analyse(promise("void return_void(); "
                               "void unhandled_exception() {}",
                               "bool resume(); P *Promise;"))
                   .Delivers);
}

} // namespace
} // namespace clang::tidy::async
