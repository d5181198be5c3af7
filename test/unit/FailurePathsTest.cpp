//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/FailurePaths.h"
#include "TestAST.h"
#include "gtest/gtest.h"

namespace clang::tidy::async {
namespace {

using namespace ast_matchers;

const char *const Prelude = R"cpp(
#include <exception>
#include <stdexcept>
#include <cstdio>
void mayThrow();
void quiet() noexcept;
extern "C" int c_function(int);
int helper(int x) { return x + 1; }
int thrower(int x) { if (x) throw std::runtime_error("x"); return x; }
struct Fail : std::exception {};
struct Other {};
)cpp";

std::optional<utils::FailurePoint> failureOf(llvm::StringRef Body,
                                             std::string &Error) {
  std::string Code =
      std::string(Prelude) + "void f(int n) {" + Body.str() + "}";
  std::unique_ptr<ASTUnit> AST = test::parse(Code);
  if (!AST) {
    Error = "does not parse";
    return std::nullopt;
  }
  const auto *FD = test::selectOne<FunctionDecl>(
      *AST, functionDecl(hasName("f"), isDefinition()));
  if (!FD) {
    Error = "no f";
    return std::nullopt;
  }
  utils::FailurePaths Paths;
  return Paths.escapingFailure(*FD);
}

bool fails(llvm::StringRef Body) {
  SCOPED_TRACE(Body.str());
  std::string Error;
  bool Result = failureOf(Body, Error).has_value();
  EXPECT_EQ(Error, "") << Body.str();
  return Result;
}

TEST(FailurePathsTest, WhatCanFail) {
  EXPECT_TRUE(fails("throw std::runtime_error(\"x\");"));
  EXPECT_TRUE(fails("mayThrow();"));
  EXPECT_TRUE(fails("thrower(n);"));
  // Only a failed allocation: not counted.
  EXPECT_FALSE(fails("delete new int(n);"));
  EXPECT_FALSE(fails("quiet();"));
  EXPECT_FALSE(fails("helper(n);"));
  EXPECT_FALSE(fails("c_function(n);"));
  EXPECT_FALSE(fails("std::printf(\"%d\", n);"));
  EXPECT_FALSE(fails("int x = n * 2; (void)x;"));
  // Lambda bodies and unevaluated operands do not run here.
  EXPECT_FALSE(fails("auto l = [] { mayThrow(); }; (void)l;"));
  EXPECT_FALSE(fails("(void)sizeof(thrower(n));"));
}

TEST(FailurePathsTest, Handlers) {
  EXPECT_FALSE(fails("try { mayThrow(); } catch (...) {}"));
  EXPECT_FALSE(fails("try { mayThrow(); } catch (const std::exception &e) "
                     "{ std::puts(e.what()); }"));
  // What a handler calls to report the failure does not count.
  EXPECT_FALSE(fails("try { mayThrow(); } catch (...) { mayThrow(); }"));
  // A handler that throws again protects nothing.
  EXPECT_TRUE(fails("try { mayThrow(); } catch (...) { throw; }"));
  EXPECT_TRUE(fails("try { mayThrow(); } catch (...) {} mayThrow();"));
  // std::exception catches classes derived from it, not an int.
  EXPECT_FALSE(fails("try { throw Fail(); } catch (std::exception &) {}"));
  EXPECT_TRUE(fails("try { throw 42; } catch (std::exception &) {}"));
  // A narrower handler catches only what derives from its type.
  EXPECT_FALSE(fails("try { throw Fail(); } catch (Fail &) {}"));
  EXPECT_TRUE(fails("try { throw Other(); } catch (Fail &) {}"));
  EXPECT_TRUE(fails("try { mayThrow(); } catch (Fail &) {}"));
}

TEST(FailurePathsTest, FirstFailure) {
  std::string Error;
  std::optional<utils::FailurePoint> P =
      failureOf("helper(n); thrower(n); throw Fail();", Error);
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(P->What, utils::FailurePoint::Call);
  EXPECT_EQ(P->Name, "thrower");
  P = failureOf("if (n) throw Fail();", Error);
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(P->What, utils::FailurePoint::Throw);
  EXPECT_EQ(P->Name, "Fail");
}

} // namespace
} // namespace clang::tidy::async
