//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/ThrowExpectation.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

class ThrowExpectationTest : public ::testing::Test {
protected:
  void load(llvm::StringRef Code) {
    AST = test::parse(Code);
    ASSERT_TRUE(AST);
  }
  // The one try statement of \p Function.
  const CXXTryStmt *tryIn(llvm::StringRef Function) {
    const auto *Try = test::selectOne<CXXTryStmt>(
        *AST, cxxTryStmt(hasAncestor(functionDecl(hasName(Function)))));
    EXPECT_TRUE(Try) << Function.str();
    return Try;
  }
  bool distinguishes(llvm::StringRef Function) {
    const CXXTryStmt *Try = tryIn(Function);
    return Try && utils::distinguishesThrow(*Try);
  }
  // Whether the call of `f` in \p Function is tried by a macro.
  bool triedByMacro(llvm::StringRef Function) {
    const CXXTryStmt *Try = tryIn(Function);
    const auto *Call = test::selectOne<CallExpr>(
        *AST, callExpr(callee(functionDecl(hasName("f"))),
                       hasAncestor(functionDecl(hasName(Function)))));
    EXPECT_TRUE(Call) << Function.str();
    return Try && Call &&
           utils::isTriedByMacro(Call->getBeginLoc(), *Try,
                                 AST->getSourceManager());
  }
  // Whether the one call of \p Helper hands its argument \p Index to a
  // throw expectation.
  bool passes(llvm::StringRef Helper, unsigned Index = 0) {
    const auto *Call = test::selectOne<CallExpr>(
        *AST, callExpr(callee(functionDecl(hasName(Helper))),
                       hasAncestor(functionDecl(hasName("test")))));
    EXPECT_TRUE(Call) << Helper.str();
    return Call && utils::passesToThrowExpectation(*Call, Index);
  }

  std::unique_ptr<ASTUnit> AST;
};

TEST_F(ThrowExpectationTest, HandlersThatTellAThrowApart) {
  load(R"cpp(
    void f(); void fail(); void log(const char *);
    void goes_on() { try { f(); fail(); } catch (...) {} }
    void returns() { try { f(); } catch (...) { return; } }
    void records() { bool caught = false; try { f(); } catch (...) { caught = true; } }
    void breaks() { for (;;) { try { f(); } catch (...) { break; } } }
    void continues() { for (int i = 0; i < 2; ++i) { try { f(); } catch (int) {} catch (...) { continue; } } }
  )cpp");
  EXPECT_TRUE(distinguishes("goes_on"));
  EXPECT_TRUE(distinguishes("returns"));
  EXPECT_TRUE(distinguishes("records"));
  EXPECT_TRUE(distinguishes("breaks"));
  EXPECT_TRUE(distinguishes("continues"));
}

TEST_F(ThrowExpectationTest, HandlersThatOnlyLogOrRethrow) {
  load(R"cpp(
    void f(); void log(const char *);
    void logs() { try { f(); } catch (...) { log("failed"); } }
    void empty() { try { f(); } catch (...) {} }
    void rethrows() { try { f(); } catch (...) { throw; } }
    void compares(int x) { try { f(); } catch (...) { (void)(x == 1); } }
    // A return in a lambda leaves the lambda, not the handler.
    void in_lambda() { try { f(); } catch (...) { [] { return; }(); } }
  )cpp");
  EXPECT_FALSE(distinguishes("logs"));
  EXPECT_FALSE(distinguishes("empty"));
  EXPECT_FALSE(distinguishes("rethrows"));
  EXPECT_FALSE(distinguishes("compares"));
  EXPECT_FALSE(distinguishes("in_lambda"));
}

TEST_F(ThrowExpectationTest, MacrosThatTryTheirArgument) {
  load(R"cpp(
    void f(); void log(const char *);
    #define EXPECT_THROWS(stmt) \
      do { bool caught = false; try { stmt; } catch (...) { caught = true; } } while (0)
    #define RUN_LOGGED(stmt) \
      do { try { stmt; } catch (...) { log("failed"); } } while (0)
    #define CHECK_F() \
      do { bool caught = false; try { f(); } catch (...) { caught = true; } } while (0)
    #define ID(x) x
    void expects() { EXPECT_THROWS(f()); }
    void logged() { RUN_LOGGED(f()); }
    void in_body() { CHECK_F(); }
    void no_macro() { bool caught = false; try { ID(f()); } catch (...) { caught = true; } }
    void written() { bool caught = false; try { f(); } catch (...) { caught = true; } }
  )cpp");
  EXPECT_TRUE(triedByMacro("expects"));
  EXPECT_FALSE(triedByMacro("logged"));
  // The call is the macro's own, not its argument.
  EXPECT_FALSE(triedByMacro("in_body"));
  // The argument of another macro, in a try statement no macro wrote.
  EXPECT_FALSE(triedByMacro("no_macro"));
  EXPECT_FALSE(triedByMacro("written"));
}

TEST_F(ThrowExpectationTest, HelperThatCatchesTheNamedException) {
  load(R"cpp(
    #include <stdexcept>
    #include <utility>
    void g(); void log(const char *);
    template <typename E, typename F> bool assert_throws(F &&f) {
      try { std::forward<F>(f)(); } catch (const E &) { return true; }
      return false;
    }
    template <typename E, typename F> void goes_on(F f) {
      try { f(); log("no throw"); } catch (E) {}
    }
    struct checker {
      template <typename E, typename F> bool throws(F f) {
        try { f(); } catch (const E &) { return true; }
        return false;
      }
    };
    void test(checker &c) {
      assert_throws<std::invalid_argument>([] { g(); });
      goes_on<int>([] { g(); });
      c.throws<std::logic_error>([] { g(); });
    }
  )cpp");
  EXPECT_TRUE(passes("assert_throws"));
  EXPECT_TRUE(passes("goes_on"));
  EXPECT_TRUE(passes("throws"));
}

TEST_F(ThrowExpectationTest, HelperThatCallsItsParameterThroughInvoke) {
  load(R"cpp(
    #include <functional>
    #include <stdexcept>
    void g();
    template <typename E, typename F> bool by_invoke(F f) {
      try { std::invoke(f); } catch (const E &) { return true; }
      return false;
    }
    void test() { by_invoke<std::runtime_error>([] { g(); }); }
  )cpp");
  EXPECT_TRUE(passes("by_invoke"));
}

TEST_F(ThrowExpectationTest, HelpersThatOnlyLogOrCatchOtherTypes) {
  load(R"cpp(
    #include <exception>
    #include <stdexcept>
    void g(); void log(const char *);
    template <typename E, typename F> void logs(F f) {
      try { f(); } catch (const E &) { log("caught"); }
    }
    template <typename F> bool any(F f) {
      try { f(); } catch (...) { return true; }
      return false;
    }
    template <typename E, typename F> bool other_type(F f) {
      try { f(); } catch (const std::exception &) { return true; }
      return false;
    }
    template <typename E, typename F> bool not_called(F f) {
      try { g(); } catch (const E &) { return true; }
      return false;
    }
    template <typename E, typename F> bool in_lambda(F f) {
      try { [&] { f(); }(); } catch (const E &) { return true; }
      return false;
    }
    template <typename E, typename... F> bool pack(F... f) {
      try { (f(), ...); } catch (const E &) { return true; }
      return false;
    }
    template <typename E, typename F> bool declared(F f);
    template <typename E, typename F> bool assert_throws(F f) {
      try { f(); } catch (const E &) { return true; }
      return false;
    }
    void test() {
      logs<std::invalid_argument>([] { g(); });
      any([] { g(); });
      other_type<std::invalid_argument>([] { g(); });
      not_called<std::invalid_argument>([] { g(); });
      in_lambda<std::invalid_argument>([] { g(); });
      pack<std::invalid_argument>([] { g(); });
      declared<std::invalid_argument>(g);
      assert_throws<std::invalid_argument, void (*)()>(g);
    }
  )cpp");
  EXPECT_FALSE(passes("logs"));
  EXPECT_FALSE(passes("any"));
  EXPECT_FALSE(passes("other_type"));
  EXPECT_FALSE(passes("not_called"));
  EXPECT_FALSE(passes("in_lambda"));
  EXPECT_FALSE(passes("pack"));
  EXPECT_FALSE(passes("declared"));
  // An argument that is not there.
  EXPECT_FALSE(passes("assert_throws", 1));
  EXPECT_TRUE(passes("assert_throws", 0));
}

TEST_F(ThrowExpectationTest, ExceptionTypeGivenByDeductionIsNotNamed) {
  load(R"cpp(
    #include <stdexcept>
    void g();
    template <typename F, typename E> bool deduced(F f, E) {
      try { f(); } catch (const E &) { return true; }
      return false;
    }
    void test() { deduced<void (*)()>(g, std::invalid_argument("x")); }
  )cpp");
  // E is deduced from the second argument; only F was named.
  EXPECT_FALSE(passes("deduced"));
}

TEST_F(ThrowExpectationTest, CallsThroughPointersAndOperators) {
  load(R"cpp(
    struct runner { template <typename F> void operator()(F f) const { f(); } };
    void test(void (*p)(int), runner r) { p(1); r([] {}); }
  )cpp");
  const auto *ThroughPointer = test::selectOne<CallExpr>(
      *AST, callExpr(callee(expr(ignoringImpCasts(
                         declRefExpr(to(parmVarDecl(hasName("p"))))))),
                     hasAncestor(functionDecl(hasName("test")))));
  ASSERT_TRUE(ThroughPointer);
  EXPECT_FALSE(utils::passesToThrowExpectation(*ThroughPointer, 0));
  const auto *Operator = test::selectOne<CXXOperatorCallExpr>(
      *AST, cxxOperatorCallExpr(hasAncestor(functionDecl(hasName("test")))));
  ASSERT_TRUE(Operator);
  EXPECT_FALSE(utils::passesToThrowExpectation(*Operator, 1));
}

} // namespace
} // namespace clang::tidy::async
