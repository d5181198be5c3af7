//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/CancellationHandlers.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

// Whether the one loop (for, while or do) of \p Function in \p Code is
// endless.
bool endless(llvm::StringRef Code, llvm::StringRef Function) {
  std::unique_ptr<ASTUnit> AST = test::parse(Code);
  EXPECT_TRUE(AST);
  if (!AST)
    return false;
  const auto *FD = test::selectOne<FunctionDecl>(
      *AST, functionDecl(hasName(Function), isDefinition()));
  const auto *Loop = test::selectOne<Stmt>(
      *AST, stmt(anyOf(forStmt(), whileStmt(), doStmt()),
                 hasAncestor(functionDecl(hasName(Function)))));
  EXPECT_TRUE(FD && Loop) << Function.str();
  if (!FD || !Loop)
    return false;
  return utils::isEndlessLoop(*Loop, *FD->getBody(), AST->getASTContext());
}

TEST(CancellationHandlersTest, EndlessLoops) {
  const char *Code = R"cpp(
    bool more();
    void use(bool *);
    struct S { bool Stop = false; void run(); };
    void noCondition() { for (;;) {} }
    void constantTrue() { while (true) {} }
    void constantOne() { do {} while (1); }
    void constantFalse() { while (false) {} }
    void unchangedLocal() { bool Run = true; while (Run) {} }
    void changedInBody() { bool Run = true; while (Run) { Run = more(); } }
    void changedBefore() { int N = 1; N = 2; while (N > 0) {} }
    void addressTaken() { bool Run = true; use(&Run); while (Run) {} }
    void capturedByReference() {
      bool Run = true;
      auto Stop = [&] { Run = false; };
      while (Run) {}
      Stop();
    }
    void calls() { while (more()) {} }
    void counted() { for (int I = 0; I < 10; ++I) {} }
    void S::run() { while (!Stop) {} }
    void reference(const bool &Run) { while (Run) {} }
  )cpp";
  EXPECT_TRUE(endless(Code, "noCondition"));
  EXPECT_TRUE(endless(Code, "constantTrue"));
  EXPECT_TRUE(endless(Code, "constantOne"));
  EXPECT_TRUE(endless(Code, "unchangedLocal"));
  EXPECT_FALSE(endless(Code, "constantFalse"));
  EXPECT_FALSE(endless(Code, "changedInBody"));
  EXPECT_FALSE(endless(Code, "changedBefore"));
  EXPECT_FALSE(endless(Code, "addressTaken"));
  EXPECT_FALSE(endless(Code, "capturedByReference"));
  EXPECT_FALSE(endless(Code, "calls"));
  EXPECT_FALSE(endless(Code, "counted"));
  EXPECT_FALSE(endless(Code, "run"));
  EXPECT_FALSE(endless(Code, "reference"));
}

TEST(CancellationHandlersTest, HandlersByHierarchy) {
  std::unique_ptr<ASTUnit> AST = test::parse(R"cpp(
    #include <exception>
    #include <new>
    namespace lib {
    struct Error : std::exception {};
    struct Cancelled final : Error {};
    struct Other : Error {};
    }
    void f() {
      try {} catch (...) {}
      try {} catch (const std::exception &) {}
      try {} catch (lib::Error &) {}
      try {} catch (const lib::Cancelled &) {}
      try {} catch (const lib::Other &) {}
      try {} catch (const std::bad_alloc &) {}
      try {} catch (int) {}
    }
  )cpp");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  EXPECT_TRUE(utils::lookupRecord(Ctx, "::lib::Cancelled"));
  EXPECT_TRUE(utils::lookupRecord(Ctx, "lib::Cancelled"));
  EXPECT_FALSE(utils::lookupRecord(Ctx, "lib::Missing"));
  EXPECT_FALSE(utils::lookupRecord(Ctx, "nowhere::Cancelled"));

  utils::CancellationTypes Types;
  Types.configure({"::lib::Missing", "lib::Cancelled"});
  Types.setContext(Ctx);
  ASSERT_EQ(Types.types().size(), 1u);
  auto Handlers = match(
      cxxCatchStmt(hasAncestor(functionDecl(hasName("f")))).bind("c"), Ctx);
  std::vector<utils::CancellationTypes::CatchKind> Kinds;
  for (const BoundNodes &N : Handlers)
    Kinds.push_back(Types.catches(*N.getNodeAs<CXXCatchStmt>("c")));
  // In source order.
  using K = utils::CancellationTypes::CatchKind;
  EXPECT_EQ(Kinds, (std::vector<K>{K::General, K::General, K::General,
                                   K::Specific, K::None, K::None, K::None}));

  // No cancellation class declared: nothing catches one, not even `...`.
  utils::CancellationTypes None;
  None.configure({"lib::Missing"});
  None.setContext(Ctx);
  EXPECT_EQ(None.catches(*Handlers.front().getNodeAs<CXXCatchStmt>("c")),
            K::None);
}

TEST(CancellationHandlersTest, FindsSwallowingHandlers) {
  std::unique_ptr<ASTUnit> AST = test::parse(R"cpp(
    #include <coroutine>
    #include <exception>
    namespace lib {
    struct Cancelled : std::exception {};
    struct Op {
      bool await_ready() { return false; }
      void await_suspend(std::coroutine_handle<>) {}
      int await_resume() { return 0; }
    };
    struct Ready {
      bool await_ready() { return true; }
      void await_suspend(std::coroutine_handle<>) {}
      int await_resume() { return 0; }
    };
    struct Quiet {
      bool await_ready() { return false; }
      void await_suspend(std::coroutine_handle<>) {}
      int await_resume() noexcept { return 0; }
    };
    }
    using lib::Op, lib::Ready, lib::Quiet;
    struct Task {
      struct promise_type {
        Task get_return_object() { return {}; }
        std::suspend_never initial_suspend() { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() {}
      };
    };
    void log();
    Task swallows() { for (;;) { try { co_await Op{}; } catch (...) { log(); } } }
    Task rethrows() { for (;;) { try { co_await Op{}; } catch (...) { throw; } } }
    Task ready() { for (;;) { try { co_await Ready{}; } catch (...) {} } }
    Task nothrow() { for (;;) { try { co_await Quiet{}; } catch (...) {} } }
  )cpp");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  utils::CancellationTypes Types;
  Types.configure({"lib::Cancelled"});
  Types.setContext(Ctx);
  auto FoundIn = [&](llvm::StringRef Name) {
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Name), isDefinition()));
    EXPECT_TRUE(FD);
    const CoroutineBodyStmt *Body =
        llvm::dyn_cast<CoroutineBodyStmt>(FD->getBody());
    return utils::findSwallowedCancellations(*Body->getBody(), Ctx, Types)
        .size();
  };
  EXPECT_EQ(FoundIn("swallows"), 1u);
  EXPECT_EQ(FoundIn("rethrows"), 0u);
  EXPECT_EQ(FoundIn("ready"), 0u);
  EXPECT_EQ(FoundIn("nothrow"), 0u);
}

} // namespace
} // namespace clang::tidy::async
