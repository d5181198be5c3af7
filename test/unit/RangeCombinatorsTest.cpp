//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/RangeCombinators.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

constexpr llvm::StringLiteral Prelude = R"cpp(
#include <array>
#include <coroutine>
#include <cstddef>
#include <future>
#include <ranges>
#include <string>
#include <vector>
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};
struct item { int id; };
task fetch(item);
template <class R, class F> task spread(R &&, F);
template <class R, class F> task spread_at_most(R &&, std::size_t, F);
template <class R> task join(R);
template <class R> task join_in_turn(R r) {
  for (auto &&t : r)
    co_await t;
}
template <class R, class F> task spread_collected(R &&r, F f) {
  std::vector<task> started;
  for (auto &&e : r)
    started.push_back(f(e));
  for (auto &t : started)
    co_await t;
}
task retry(std::string url, task (*attempt)(int));
task attempt(int);
struct pool {
  template <class F> std::future<int> submit(F &&f) { return {}; }
  template <class F> std::future<int> cached(const std::string &, F &&f) {
    return {};
  }
};
)cpp";

class RangeCombinatorsTest : public ::testing::Test {
protected:
  void load(llvm::StringRef Code) {
    AST = test::parse((Prelude + Code).str());
    ASSERT_TRUE(AST);
    Classifier.reset(&AST->getASTContext());
  }
  utils::RangeCombinatorCall shape(llvm::StringRef Callee) {
    const auto *Call = test::selectOne<CallExpr>(
        *AST, callExpr(callee(functionDecl(hasName(Callee))),
                       hasAncestor(functionDecl(hasName("use")))));
    if (!Call) {
      ADD_FAILURE() << "no call of " << Callee.str();
      return {};
    }
    return utils::rangeCombinatorCall(*Call, Classifier);
  }
  std::unique_ptr<ASTUnit> AST;
  utils::AwaitableClassifier Classifier;
};

TEST_F(RangeCombinatorsTest, RangeAndCallableIsPerElement) {
  load("task use(std::vector<item> v) { return spread(v, fetch); }");
  utils::RangeCombinatorCall S = shape("spread");
  EXPECT_EQ(S.What, utils::RangeCombinatorCall::PerElement);
  EXPECT_FALSE(S.HasLimit);
}

TEST_F(RangeCombinatorsTest, LimitParameter) {
  load("task use(std::vector<item> v) { return spread_at_most(v, 4, "
       "fetch); }");
  EXPECT_TRUE(shape("spread_at_most").HasLimit);
}

TEST_F(RangeCombinatorsTest, TransformViewIsRangeOfWork) {
  load("task use(std::vector<item> v) { return join(v | "
       "std::views::transform(fetch)); }");
  utils::RangeCombinatorCall S = shape("join");
  ASSERT_EQ(S.What, utils::RangeCombinatorCall::RangeOfWork);
  const Expr *Input = utils::transformedRange(S.Range);
  ASSERT_TRUE(Input);
  EXPECT_TRUE(llvm::isa<DeclRefExpr>(Input->IgnoreParenImpCasts()));
}

TEST_F(RangeCombinatorsTest, StringIsNoRangeOfElements) {
  load("task use(std::string u) { return retry(u, attempt); }");
  EXPECT_EQ(shape("retry").What, utils::RangeCombinatorCall::None);
}

TEST_F(RangeCombinatorsTest, AwaitsInTurn) {
  load("void use(std::vector<task> v, std::vector<item> i) {"
       "  join_in_turn(std::move(v));"
       "  spread_collected(i, fetch); }");
  const auto *InTurn = test::selectOne<CallExpr>(
      *AST, callExpr(callee(functionDecl(hasName("join_in_turn")))));
  const auto *Collected = test::selectOne<CallExpr>(
      *AST, callExpr(callee(functionDecl(hasName("spread_collected")))));
  ASSERT_TRUE(InTurn && Collected);
  EXPECT_TRUE(utils::awaitsInTurn(*InTurn->getDirectCallee()));
  // Awaiting work started before, kept in a local, collects it.
  EXPECT_FALSE(utils::awaitsInTurn(*Collected->getDirectCallee()));
}

TEST_F(RangeCombinatorsTest, SubmitsCallable) {
  load("void use(pool &p, std::string k) {"
       "  p.submit([] { return 1; });"
       "  p.cached(k, [] { return 1; }); }");
  const auto *Submit = test::selectOne<CXXMemberCallExpr>(
      *AST, cxxMemberCallExpr(callee(functionDecl(hasName("submit")))));
  const auto *Cached = test::selectOne<CXXMemberCallExpr>(
      *AST, cxxMemberCallExpr(callee(functionDecl(hasName("cached")))));
  ASSERT_TRUE(Submit && Cached);
  EXPECT_TRUE(utils::submitsCallable(*Submit, Classifier));
  EXPECT_FALSE(utils::submitsCallable(*Cached, Classifier));
}

} // namespace
} // namespace clang::tidy::async
