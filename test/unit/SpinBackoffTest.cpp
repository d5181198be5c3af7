//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/SpinBackoff.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

class SpinBackoffTest : public ::testing::Test {
protected:
  void SetUp() override {
    AST = test::parse(R"cpp(
      #include <atomic>
      #include <chrono>
      #include <thread>
      // Spins with a hint, then sleeps once: a backoff step.
      struct Sleeper {
        unsigned spins = 0;
        void wait() {
          if (spins < 100) { ++spins; std::this_thread::yield(); return; }
          std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
      };
      struct AsmSleeper {
        unsigned spins = 0;
        void wait() {
          if (spins++ < 100) asm volatile("pause");
          else std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
      };
      static void pause_hint() { std::this_thread::yield(); }
      // The hint one call deep.
      struct HelperSleeper {
        unsigned spins = 0;
        void wait() {
          if (spins++ < 100) pause_hint();
          else std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
      };
      // Sleeps in a loop of its own: a wait for an event.
      struct Poller {
        void wait(std::atomic<bool> &ready) {
          while (!ready.load()) {
            std::this_thread::yield();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        }
      };
      // No hint: just a sleep.
      struct Napper {
        void wait() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
      };
      // A hint and no sleep.
      struct Spinner { void wait() { std::this_thread::yield(); } };
      struct Declared { void wait(); };

      std::atomic<bool> locked;
      std::atomic<int> counter;
      int raw_flag;
      bool try_lock() { return !locked.exchange(true); }

      void cas(Sleeper &s) {
        bool expected = false;
        while (!locked.compare_exchange_weak(expected, true)) {
          expected = false;
          s.wait();
        }
      }
      void cas_asm(AsmSleeper &s) {
        bool expected = false;
        while (!locked.compare_exchange_strong(expected, true)) s.wait();
      }
      void cas_helper(HelperSleeper &s) {
        while (locked.exchange(true)) s.wait();
      }
      void through_call(Sleeper &s) { while (!try_lock()) s.wait(); }
      void fetch(Sleeper &s) {
        for (int old = counter.fetch_add(1); old > 10; old = counter.fetch_sub(1))
          s.wait();
      }
      void builtin(Sleeper &s) {
        do s.wait(); while (__sync_lock_test_and_set(&raw_flag, 1));
      }
      void load_only(Sleeper &s) { while (!locked.load()) s.wait(); }
      void after_loop(Sleeper &s) {
        while (locked.exchange(true)) {}
        s.wait();
      }
      void outside_loop(Sleeper &s) { locked.exchange(true); s.wait(); }
      void in_lambda(Sleeper &s) {
        while (locked.exchange(true)) { auto l = [&] { s.wait(); }; l(); }
      }
      void poller(Poller &p, std::atomic<bool> &ready) {
        while (locked.exchange(true)) p.wait(ready);
      }
      void napper(Napper &n) { while (locked.exchange(true)) n.wait(); }
      void spinner(Spinner &n) { while (locked.exchange(true)) n.wait(); }
      void declared(Declared &d) { while (locked.exchange(true)) d.wait(); }
    )cpp");
    ASSERT_TRUE(AST);
    Backoff.setContext(&AST->getASTContext());
  }

  // Whether the one call of a `wait` member in \p Caller is contention
  // backoff, asked with the callee's definition as the check does.
  bool isBackoff(llvm::StringRef Caller) {
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Caller), isDefinition()));
    const auto *Call = test::selectOne<CXXMemberCallExpr>(
        *AST, cxxMemberCallExpr(callee(cxxMethodDecl(hasName("wait"))),
                                hasAncestor(functionDecl(hasName(Caller)))));
    EXPECT_TRUE(FD && Call) << Caller.str();
    if (!FD || !Call)
      return false;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (const FunctionDecl *Def = Callee->getDefinition())
      Callee = Def;
    return Backoff.isContentionBackoff(*FD, *Call, *Callee);
  }

  std::unique_ptr<ASTUnit> AST;
  utils::SpinBackoff Backoff;
};

TEST_F(SpinBackoffTest, BackoffStepsInRetryLoops) {
  EXPECT_TRUE(isBackoff("cas"));
  EXPECT_TRUE(isBackoff("cas_asm"));
  EXPECT_TRUE(isBackoff("cas_helper"));
  EXPECT_TRUE(isBackoff("fetch"));
  EXPECT_TRUE(isBackoff("builtin"));
}

TEST_F(SpinBackoffTest, ReadModifyWriteOneCallDeep) {
  EXPECT_TRUE(isBackoff("through_call"));
}

TEST_F(SpinBackoffTest, LoopsThatRetryNothing) {
  EXPECT_FALSE(isBackoff("load_only"));
  EXPECT_FALSE(isBackoff("after_loop"));
  EXPECT_FALSE(isBackoff("outside_loop"));
  // The lambda's body runs where the lambda is called.
  EXPECT_FALSE(isBackoff("in_lambda"));
}

TEST_F(SpinBackoffTest, StepsThatAreNoBackoff) {
  EXPECT_FALSE(isBackoff("poller"));
  EXPECT_FALSE(isBackoff("napper"));
  EXPECT_FALSE(isBackoff("spinner"));
  // A callee whose body is not seen.
  EXPECT_FALSE(isBackoff("declared"));
}

TEST_F(SpinBackoffTest, AnswersAreCachedAndClearedWithTheContext) {
  EXPECT_TRUE(isBackoff("cas"));
  EXPECT_TRUE(isBackoff("cas"));
  Backoff.clear();
  // Without a context nothing is backoff.
  EXPECT_FALSE(isBackoff("cas"));
  Backoff.setContext(&AST->getASTContext());
  EXPECT_TRUE(isBackoff("cas"));
}

TEST(SpinBackoffInvalidCode, StepsAndLoopsWithErrors) {
  std::unique_ptr<ASTUnit> AST = test::parseWithErrors(R"cpp(
    #include <atomic>
    #include <chrono>
    #include <thread>
    struct Broken {
      void wait() {
        std::this_thread::yield();
        std::this_thread::sleep_for(undeclared_duration);
      }
    };
    struct Sleeper {
      void wait() {
        std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::microseconds(1));
      }
    };
    std::atomic<bool> locked;
    void retry(Broken &b, Sleeper &s) {
      while (locked.exchange(true)) {
        int x = undeclared_value;
        b.wait();
        s.wait();
      }
    }
  )cpp");
  ASSERT_TRUE(AST);
  utils::SpinBackoff Backoff;
  Backoff.setContext(&AST->getASTContext());
  const auto *Caller = test::selectOne<FunctionDecl>(
      *AST, functionDecl(hasName("retry"), isDefinition()));
  ASSERT_TRUE(Caller);
  auto isBackoff = [&](llvm::StringRef Class) {
    const auto *Call = test::selectOne<CXXMemberCallExpr>(
        *AST, cxxMemberCallExpr(callee(
                  cxxMethodDecl(hasName("wait"), ofClass(hasName(Class))))));
    EXPECT_TRUE(Call) << Class.str();
    return Call && Backoff.isContentionBackoff(*Caller, *Call,
                                               *Call->getDirectCallee());
  };
  // The broken sleep is no resolved call: no backoff step.
  EXPECT_FALSE(isBackoff("Broken"));
  // An error elsewhere in the loop leaves the retry loop as it is.
  EXPECT_TRUE(isBackoff("Sleeper"));
}

} // namespace
} // namespace clang::tidy::async
