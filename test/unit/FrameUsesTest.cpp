//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/FrameUses.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

constexpr llvm::StringLiteral Prelude = R"cpp(
#include <coroutine>
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() {}
  };
};
struct aw {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  int await_resume();
};
aw op();
int take(int);
bool cond();
)cpp";

class FrameUsesTest : public ::testing::Test {
protected:
  // The line of the first use of parameter `p` of `f`, 0 for none.
  unsigned firstUse(llvm::StringRef Code, bool AfterSuspension) {
    AST = test::parse((Prelude + Code).str());
    EXPECT_TRUE(AST);
    if (!AST)
      return 0;
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName("f"), isDefinition()));
    EXPECT_TRUE(FD);
    if (!FD)
      return 0;
    auto Flow = utils::SuspensionFlow::build(*FD, AST->getASTContext());
    EXPECT_TRUE(Flow);
    if (!Flow)
      return 0;
    const ParmVarDecl *P = FD->getParamDecl(0);
    std::optional<utils::FrameUse> Use = utils::firstFrameUse(
        *Flow,
        [&](const Stmt &S) {
          const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
          return Ref && Ref->getDecl() == P;
        },
        AfterSuspension);
    if (!Use)
      return 0;
    // The prelude's lines come first.
    return AST->getSourceManager().getSpellingLineNumber(
               Use->Use->getBeginLoc()) -
           Prelude.count('\n');
  }
  std::unique_ptr<ASTUnit> AST;
};

TEST_F(FrameUsesTest, FirstUseAnywhere) {
  EXPECT_EQ(2u, firstUse(R"cpp(task f(const int &p) {
  take(p);
  co_await op();
  co_return p;
})cpp",
                         false));
}

TEST_F(FrameUsesTest, FirstUseAfterSuspension) {
  EXPECT_EQ(4u, firstUse(R"cpp(task f(const int &p) {
  take(p);
  co_await op();
  co_return p;
})cpp",
                         true));
}

TEST_F(FrameUsesTest, CopiedBeforeSuspension) {
  EXPECT_EQ(0u, firstUse(R"cpp(task f(const int &p) {
  int own = p;
  co_await op();
  co_return own;
})cpp",
                         true));
}

TEST_F(FrameUsesTest, OperandOfTheAwaitIsBefore) {
  EXPECT_EQ(0u, firstUse(R"cpp(task f(const int &p) {
  co_await (take(p), op());
  co_return 0;
})cpp",
                         true));
}

TEST_F(FrameUsesTest, SuspensionOnOneBranch) {
  EXPECT_EQ(5u, firstUse(R"cpp(task f(const int &p) {
  if (cond())
    co_await op();
  int x = 0;
  co_return x + p;
})cpp",
                         true));
}

TEST_F(FrameUsesTest, LoopBackEdge) {
  // The use before the await runs again after it, on the next iteration.
  EXPECT_EQ(3u, firstUse(R"cpp(task f(const int &p) {
  while (cond()) {
    take(p);
    co_await op();
  }
  co_return 0;
})cpp",
                         true));
}

TEST_F(FrameUsesTest, AwaitThatNeverSuspends) {
  EXPECT_EQ(0u, firstUse(R"cpp(task f(const int &p) {
  co_await std::suspend_never{};
  co_return p;
})cpp",
                         true));
}

} // namespace
} // namespace clang::tidy::async
