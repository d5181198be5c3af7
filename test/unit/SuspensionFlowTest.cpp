//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/SuspensionFlow.h"
#include "TestAST.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

// A lazy task, an awaitable, an async range and a type with a destructor.
constexpr llvm::StringLiteral Prelude = R"cpp(
#include <coroutine>
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(int) {}
    std::suspend_always yield_value(int) { return {}; }
    void unhandled_exception() {}
  };
};
struct aw {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  int await_resume();
};
struct iter_aw {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  struct iter await_resume();
};
struct iter {
  iter_aw operator++();
  int operator*();
  bool operator!=(const iter &) const;
};
struct range { iter_aw begin(); iter end(); };
struct D { D(); ~D(); };
aw op();
int take(int);
bool cond();
void acquire();
void release();
bool try_acquire();
)cpp";

class SuspensionFlowTest : public ::testing::Test {
protected:
  void load(llvm::StringRef Code) {
    AST = test::parse((Prelude + Code).str());
    ASSERT_TRUE(AST);
  }
  const FunctionDecl *function(llvm::StringRef Name) {
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Name), isDefinition()));
    EXPECT_TRUE(FD) << Name.str();
    return FD;
  }
  std::unique_ptr<utils::SuspensionFlow> flow(llvm::StringRef Name) {
    const FunctionDecl *FD = function(Name);
    return FD ? utils::SuspensionFlow::build(*FD, AST->getASTContext())
              : nullptr;
  }
  // The line of each suspension point.
  std::vector<unsigned> lines(const utils::SuspensionFlow &Flow) {
    std::vector<unsigned> Result;
    const SourceManager &SM = AST->getSourceManager();
    for (const utils::SuspensionPoint &P : Flow.suspensions())
      Result.push_back(SM.getPresumedLineNumber(P.getBeginLoc()) -
                       PreludeLines);
    return Result;
  }
  // Held sites, for events given by calls to acquire()/release() (key 0,
  // site = the call's line) and, on branch edges, try_acquire().
  std::map<unsigned, std::vector<unsigned>>
  held(const utils::SuspensionFlow &Flow) {
    const SourceManager &SM = AST->getSourceManager();
    auto LineOf = [&](const Stmt *S) {
      return SM.getPresumedLineNumber(S->getBeginLoc()) - PreludeLines;
    };
    auto Result = Flow.heldAcross(
        [&](const CFGElement &E, const CFGBlock &,
            llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
          std::optional<CFGStmt> S = E.getAs<CFGStmt>();
          const auto *Call =
              S ? llvm::dyn_cast<CallExpr>(S->getStmt()) : nullptr;
          const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
          if (!Callee || !Callee->getIdentifier())
            return;
          if (Callee->getName() == "acquire")
            Out.push_back(utils::FlowEvent::acquire(0, LineOf(Call)));
          else if (Callee->getName() == "release")
            Out.push_back(utils::FlowEvent::release(0));
        },
        utils::SuspensionFlow::EdgeEvents(
            [&](const Expr &Cond, bool TrueEdge,
                llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
              const auto *Call =
                  llvm::dyn_cast<CallExpr>(Cond.IgnoreParenImpCasts());
              const FunctionDecl *Callee =
                  Call ? Call->getDirectCallee() : nullptr;
              if (TrueEdge && Callee && Callee->getIdentifier() &&
                  Callee->getName() == "try_acquire")
                Out.push_back(utils::FlowEvent::acquire(0, LineOf(Call)));
            }));
    std::map<unsigned, std::vector<unsigned>> Lines;
    std::vector<unsigned> PointLines = lines(Flow);
    for (const auto &[Site, Points] : Result)
      for (unsigned P : Points)
        Lines[Site].push_back(PointLines[P]);
    return Lines;
  }

  std::unique_ptr<ASTUnit> AST;
  const unsigned PreludeLines =
      std::count(Prelude.begin(), Prelude.end(), '\n');
};

TEST_F(SuspensionFlowTest, SuspensionPointsEverywhereAnExpressionIs) {
  load(R"cpp(
task f() {
  int a = co_await op();
  a = take(co_await op());
  if (co_await op())
    a = 1;
  co_yield a;
  auto l = [] { return 1; };
  co_return co_await op() + l();
})cpp");
  auto Flow = flow("f");
  ASSERT_TRUE(Flow);
  EXPECT_EQ(lines(*Flow), (std::vector<unsigned>{3, 4, 5, 7, 9}));
  EXPECT_EQ(Flow->suspensions()[3].keyword(), "co_yield");
  EXPECT_EQ(Flow->suspensions()[0].keyword(), "co_await");
  for (const utils::SuspensionPoint &P : Flow->suspensions())
    EXPECT_FALSE(P.InRangeFor);
}

TEST_F(SuspensionFlowTest, LambdaBodiesAreTheirOwn) {
  load(R"cpp(
task f() {
  auto inner = []() -> task { co_await op(); co_return 0; };
  inner();
  co_return 1;
})cpp");
  auto Flow = flow("f");
  ASSERT_TRUE(Flow);
  EXPECT_TRUE(Flow->suspensions().empty());
}

TEST_F(SuspensionFlowTest, ForCoAwait) {
  load(R"cpp(
#pragma clang diagnostic ignored "-Wdeprecated-coroutine"
task f(range r) {
  int sum = 0;
  for co_await (int x : r)
    sum += x;
  co_return sum;
})cpp");
  auto Flow = flow("f");
  ASSERT_TRUE(Flow);
  ASSERT_EQ(Flow->suspensions().size(), 2u);
  EXPECT_TRUE(Flow->suspensions()[0].InRangeFor);
  EXPECT_TRUE(Flow->suspensions()[1].InRangeFor);
}

TEST_F(SuspensionFlowTest, NoModelForNonCoroutinesAndTemplates) {
  load(R"cpp(
int plain() { return 1; }
template <typename T> task tmpl(T) { co_await op(); co_return 0; }
)cpp");
  EXPECT_FALSE(flow("plain"));
  EXPECT_FALSE(flow("tmpl"));
}

TEST_F(SuspensionFlowTest, LiveAcross) {
  load(R"cpp(
task f() {
  D a;
  {
    D b;
    co_await op();
  }
  D c = (co_await op(), D());
  int plain = 0;
  co_return plain;
})cpp");
  auto Flow = flow("f");
  ASSERT_TRUE(Flow);
  ASSERT_EQ(Flow->suspensions().size(), 2u);
  auto Names = [&](unsigned I) {
    std::vector<std::string> Result;
    for (const VarDecl *VD : Flow->liveAcross(I))
      Result.push_back(VD->getName().str());
    return Result;
  };
  EXPECT_EQ(Names(0), (std::vector<std::string>{"a", "b"}));
  // c is not constructed yet while its initialiser suspends.
  EXPECT_EQ(Names(1), (std::vector<std::string>{"a"}));
}

TEST_F(SuspensionFlowTest, HeldOnSomePath) {
  load(R"cpp(
task oneBranch() {
  acquire();
  if (cond())
    release();
  co_await op();
  co_return 0;
}
task everyBranch() {
  acquire();
  if (cond())
    release();
  else
    release();
  co_await op();
  co_return 0;
}
task loop() {
  for (int i = 0; i < 3; ++i) {
    co_await op();
    acquire();
    take(i);
    release();
  }
  co_return 0;
}
task loopCarried() {
  for (int i = 0; i < 3; ++i) {
    co_await op();
    acquire();
  }
  co_return 0;
}
task returned() {
  if (cond()) {
    acquire();
    co_return 1;
  }
  co_await op();
  co_return 0;
}
)cpp");
  using Held = std::map<unsigned, std::vector<unsigned>>;
  EXPECT_EQ(held(*flow("oneBranch")), (Held{{3, {6}}}));
  EXPECT_EQ(held(*flow("everyBranch")), Held{});
  EXPECT_EQ(held(*flow("loop")), Held{});
  // Acquired at the end of one iteration, held at the next one's await.
  EXPECT_EQ(held(*flow("loopCarried")), (Held{{30, {29}}}));
  // co_return leaves the body.
  EXPECT_EQ(held(*flow("returned")), Held{});
}

TEST_F(SuspensionFlowTest, EdgeEvents) {
  load(R"cpp(
task onSuccess() {
  if (try_acquire()) {
    co_await op();
    release();
  }
  co_await op();
  co_return 0;
}
task onFailure() {
  if (!try_acquire())
    co_return 1;
  co_await op();
  co_return 0;
}
)cpp");
  using Held = std::map<unsigned, std::vector<unsigned>>;
  EXPECT_EQ(held(*flow("onSuccess")), (Held{{3, {4}}}));
  // The negation's false edge is no try_acquire() condition: nothing held.
  EXPECT_EQ(held(*flow("onFailure")), Held{});
}

TEST_F(SuspensionFlowTest, BodiesWithErrors) {
  AST = test::parseWithErrors((Prelude + R"cpp(
task f() {
  D d;
  int a = co_await undeclared();
  co_await op(;
  co_return a +;
}
)cpp")
                                  .str());
  ASSERT_TRUE(AST);
  for (const BoundNodes &Nodes :
       match(functionDecl(isDefinition()).bind("f"), AST->getASTContext()))
    if (auto Flow = utils::SuspensionFlow::build(
            *Nodes.getNodeAs<FunctionDecl>("f"), AST->getASTContext())) {
      for (unsigned I = 0; I < Flow->suspensions().size(); ++I)
        (void)Flow->liveAcross(I);
      (void)held(*Flow);
    }
}

} // namespace
} // namespace clang::tidy::async
