//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/FanOutWork.h"
#include "TestAST.h"
#include "clang/AST/StmtCXX.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

// A lazy task, an awaiter, and a waiter that keeps a suspended coroutine.
constexpr llvm::StringLiteral Prelude = R"cpp(
#include <atomic>
#include <coroutine>
#include <utility>
#include <vector>
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};
struct waiter { std::coroutine_handle<> handle; waiter *next; };
struct derived_waiter : waiter {};
)cpp";

class FanOutWorkTest : public ::testing::Test {
protected:
  void load(llvm::StringRef Code) {
    AST = test::parse((Prelude + Code).str());
    ASSERT_TRUE(AST);
    Classifier.reset(&AST->getASTContext());
  }
  // The one call of \p Callee inside the function \p In.
  bool startsNewWork(const ast_matchers::internal::Matcher<CallExpr> &Matcher,
                     llvm::StringRef In = "use") {
    const auto *Call = test::selectOne<CallExpr>(
        *AST, callExpr(Matcher, hasAncestor(functionDecl(hasName(In)))));
    if (!Call) {
      ADD_FAILURE() << "no such call in " << In.str();
      return false;
    }
    return utils::startsNewWork(*Call, Classifier);
  }
  bool startsNewWork(llvm::StringRef Callee, llvm::StringRef In = "use") {
    return startsNewWork(callExpr(callee(functionDecl(hasName(Callee)))), In);
  }
  QualType typeOf(llvm::StringRef Var) {
    const auto *V =
        test::selectOne<VarDecl>(*AST, varDecl(hasName(("::" + Var).str())));
    EXPECT_TRUE(V) << Var.str();
    return V ? V->getType() : QualType();
  }
  // The argument of the one call of `sink` in \p In that names \p Name.
  const Expr *sunk(llvm::StringRef Name, llvm::StringRef In = "run") {
    const auto *Arg = test::selectOne<Expr>(
        *AST, expr(anyOf(declRefExpr(to(varDecl(hasName(Name)))),
                         memberExpr(member(hasName(Name)))),
                   hasParent(callExpr(callee(functionDecl(hasName("sink"))))),
                   hasAncestor(functionDecl(hasName(In)))));
    EXPECT_TRUE(Arg) << Name.str();
    return Arg;
  }
  const FunctionDecl &definition(llvm::StringRef Name) {
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Name), isDefinition()));
    EXPECT_TRUE(FD) << Name.str();
    return *FD;
  }

  std::unique_ptr<ASTUnit> AST;
  utils::AwaitableClassifier Classifier;
};

TEST_F(FanOutWorkTest, CallsThatMakeTasksStartWork) {
  load(R"cpp(
    task declared(int);
    task coro() { co_return; }
    task free_function() { return coro(); }
    struct factory {
      int n;
      task make() { return coro(); }
      task fresh() { return task{}; }
      static task build() { return task{}; }
    };
    void use(factory &f, task (*pointer)()) {
      declared(1); coro(); free_function(); f.make(); f.fresh();
      factory::build(); pointer();
    }
  )cpp");
  EXPECT_TRUE(startsNewWork("declared"));
  EXPECT_TRUE(startsNewWork("coro"));
  EXPECT_TRUE(startsNewWork("free_function"));
  EXPECT_TRUE(startsNewWork("make"));
  EXPECT_TRUE(startsNewWork("fresh"));
  EXPECT_TRUE(startsNewWork("build"));
  EXPECT_TRUE(startsNewWork(callExpr(callee(expr(
      ignoringImpCasts(declRefExpr(to(parmVarDecl(hasName("pointer"))))))))));
}

TEST_F(FanOutWorkTest, ReferencesAndAccessorsHandOutExistingWork) {
  load(R"cpp(
    struct promise_like {
      task m_state;
      task get_result() { return std::move(m_state); }
      task copy_result() { return m_state; }
      task &front() { return m_state; }
    };
    void use(std::vector<task> &tasks, promise_like &p) {
      std::move(tasks[0]); tasks.front(); p.get_result(); p.copy_result();
      p.front();
    }
  )cpp");
  EXPECT_FALSE(startsNewWork("move"));
  EXPECT_FALSE(startsNewWork("get_result"));
  EXPECT_FALSE(startsNewWork("copy_result"));
  EXPECT_FALSE(startsNewWork("promise_like::front"));
  EXPECT_FALSE(startsNewWork(callExpr(callee(
      cxxMethodDecl(hasName("front"), ofClass(hasName("::std::vector")))))));
}

TEST_F(FanOutWorkTest, AccessorThatAlsoMakesATaskStartsWork) {
  load(R"cpp(
    task coro() { co_return; }
    struct holder {
      task m_state;
      int count;
      task result() { coro(); return std::move(m_state); }
      task computed() { return count ? std::move(m_state) : task{}; }
      task nothing_returned() { throw 1; }
    };
    void use(holder &h) { h.result(); h.computed(); h.nothing_returned(); }
  )cpp");
  EXPECT_TRUE(startsNewWork("result"));
  EXPECT_TRUE(startsNewWork("computed"));
  EXPECT_TRUE(startsNewWork("nothing_returned"));
}

TEST_F(FanOutWorkTest, AccessorsWithErrorsInTheirBodies) {
  AST = test::parseWithErrors((Prelude + R"cpp(
    struct holder {
      task m_state;
      task broken() { return undeclared(m_state); }
      task fine() { return std::move(m_state); }
    };
    void use(holder &h) { h.broken(); h.fine(); }
  )cpp")
                                  .str());
  ASSERT_TRUE(AST);
  Classifier.reset(&AST->getASTContext());
  // What the broken body returns is not known to be the object's state.
  EXPECT_TRUE(startsNewWork("broken"));
  EXPECT_FALSE(startsNewWork("fine"));
}

TEST_F(FanOutWorkTest, ExistingWorkThroughReferencesAndPointers) {
  load(R"cpp(
    extern task t; extern task &r; extern task *p; extern awaiter a;
    extern waiter w; extern derived_waiter d; extern std::coroutine_handle<> h;
    extern int i; extern std::vector<task> v;
  )cpp");
  for (llvm::StringRef Name : {"t", "r", "p", "a", "w", "d", "h"})
    EXPECT_TRUE(utils::isExistingWork(typeOf(Name), Classifier)) << Name.str();
  EXPECT_FALSE(utils::isExistingWork(typeOf("i"), Classifier));
  // A container holds work but is none itself.
  EXPECT_FALSE(utils::isExistingWork(typeOf("v"), Classifier));
  EXPECT_FALSE(utils::isExistingWork(QualType(), Classifier));
}

TEST_F(FanOutWorkTest, HoldsExistingWorkInArraysAndTemplateArguments) {
  load(R"cpp(
    extern task t; extern task arr[4]; extern std::vector<task> v;
    extern std::vector<std::vector<task *>> nested;
    extern std::atomic<waiter *> head; extern std::vector<int> ints;
    extern int plain[3];
  )cpp");
  for (llvm::StringRef Name : {"t", "arr", "v", "nested", "head"})
    EXPECT_TRUE(utils::holdsExistingWork(typeOf(Name), Classifier))
        << Name.str();
  EXPECT_FALSE(utils::holdsExistingWork(typeOf("ints"), Classifier));
  EXPECT_FALSE(utils::holdsExistingWork(typeOf("plain"), Classifier));
  EXPECT_FALSE(utils::holdsExistingWork(QualType(), Classifier));
}

TEST_F(FanOutWorkTest, GivenWorkIsParametersMembersAndWhatIsMadeOfThem) {
  load(R"cpp(
    template <typename T> void sink(T &);
    std::vector<task> make_all();
    std::vector<task> wrap(std::vector<task> &);
    struct runner {
      std::vector<task> pending;
      std::vector<int> counts;
      void run(std::vector<task> &given, std::vector<int> &numbers) {
        auto wrapped = wrap(given);
        auto from_member = pending;
        auto made = make_all();
        std::vector<task> empty;
        sink(given); sink(pending); sink(wrapped); sink(from_member);
        sink(made); sink(empty); sink(numbers); sink(counts);
      }
    };
  )cpp");
  for (llvm::StringRef Name : {"given", "pending", "wrapped", "from_member"})
    EXPECT_TRUE(utils::isGivenWork(sunk(Name), Classifier)) << Name.str();
  for (llvm::StringRef Name : {"made", "empty", "numbers", "counts"})
    EXPECT_FALSE(utils::isGivenWork(sunk(Name), Classifier)) << Name.str();
  EXPECT_FALSE(utils::isGivenWork(nullptr, Classifier));
}

TEST_F(FanOutWorkTest, ServiceLoopsAtTheTopLevel) {
  load(R"cpp(
    bool stopped();
    void top() { int x = 0; while (!stopped()) {} }
    void in_if(bool on) { if (on) { while (!stopped()) {} } }
    void in_try() { try { while (!stopped()) {} } catch (...) {} }
    task in_coroutine() { while (!stopped()) { co_await std::suspend_always{}; } }
    void nested() { for (int i = 0; i < 3; ++i) { while (!stopped()) {} } }
    void in_lambda() { auto l = [] { while (!stopped()) {} }; l(); }
    void other_loop() { for (int i = 0; i < 3; ++i) {} }
    void declared_only();
  )cpp");
  auto isWhile = [](const Stmt &S) { return llvm::isa<WhileStmt>(S); };
  auto serves = [&](llvm::StringRef Name) {
    return utils::servesUntilStopped(*definition(Name).getBody(), isWhile);
  };
  EXPECT_TRUE(serves("top"));
  EXPECT_TRUE(serves("in_if"));
  EXPECT_TRUE(serves("in_try"));
  EXPECT_TRUE(serves("in_coroutine"));
  EXPECT_FALSE(serves("nested"));
  EXPECT_FALSE(serves("in_lambda"));
  EXPECT_FALSE(serves("other_loop"));
}

TEST_F(FanOutWorkTest, EventLoopsAreRunMembersOfStoppableClasses) {
  load(R"cpp(
    struct io_context { void run(); void stop(); void poll(); };
    struct base { void stop(); };
    struct scheduler : base { void run(); };
    struct worker { void run(); };
    template <typename T> struct basic_loop { void run(); void stop(); };
    void use(basic_loop<int> &l) { l.run(); }
  )cpp");
  auto method = [&](llvm::StringRef Qualified) {
    const auto *M = test::selectOne<CXXMethodDecl>(
        *AST, cxxMethodDecl(hasName(Qualified),
                            unless(ast_matchers::isTemplateInstantiation())));
    EXPECT_TRUE(M) << Qualified.str();
    return M && utils::runsEventLoop(*M);
  };
  EXPECT_TRUE(method("io_context::run"));
  EXPECT_TRUE(method("scheduler::run"));
  EXPECT_TRUE(method("basic_loop::run"));
  EXPECT_FALSE(method("io_context::poll"));
  EXPECT_FALSE(method("io_context::stop"));
  EXPECT_FALSE(method("worker::run"));
}

} // namespace
} // namespace clang::tidy::async
