//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "TestAST.h"
#include "utils/AsyncTypes.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

// Three task shapes and an awaiter, told apart by structure alone.
constexpr llvm::StringLiteral Shapes = R"cpp(
#include <coroutine>
template <typename Suspend> struct basic_task {
  struct promise_type {
    basic_task get_return_object() { return {}; }
    Suspend initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
using lazy = basic_task<std::suspend_always>;
using eager = basic_task<std::suspend_never>;

// A promise found through a coroutine_traits specialization.
struct traits_task {};
template <typename... Args> struct std::coroutine_traits<traits_task, Args...> {
  using promise_type = lazy::promise_type;
};

struct awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const noexcept { return 1; }
};
struct has_operator { awaiter operator co_await() const { return {}; } };
struct plain { int get() const { return 0; } };

lazy l(); eager e(); traits_task t(); awaiter a(); has_operator o(); plain p();
std::suspend_always sa(); std::suspend_never sn();
lazy coro() { co_return; }
eager eager_coro() { co_return; }

// Named only in a declaration, this specialization is never instantiated:
// its promise's initial_suspend returns the dependent `Suspend`.
using never_instantiated = basic_task<std::suspend_never &&>;
never_instantiated n();

// An eager task template, instantiated (a complete type is needed below)
// while its nested promise is not: only declared coroutines return it.
template <typename T> struct result {
  struct promise_type {
    result get_return_object();
    std::suspend_never initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
};
result<int> r();
static_assert(sizeof(result<int>) > 0);
void not_coro() {}
)cpp";

class AsyncTypesTest : public ::testing::Test {
protected:
  void SetUp() override {
    AST = test::parse(Shapes);
    ASSERT_TRUE(AST);
    Classifier.reset(&AST->getASTContext());
  }
  utils::AwaitableKind kindOfReturn(llvm::StringRef Function) {
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Function), unless(isDefinition())));
    EXPECT_TRUE(FD) << Function.str();
    return FD ? Classifier.classify(FD->getReturnType())
              : utils::AwaitableKind::None;
  }
  const FunctionDecl *definition(llvm::StringRef Function) {
    return test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Function), isDefinition()));
  }

  std::unique_ptr<ASTUnit> AST;
  utils::AwaitableClassifier Classifier;
};

TEST_F(AsyncTypesTest, LazyAndEagerFromInitialSuspend) {
  EXPECT_EQ(kindOfReturn("l"), utils::AwaitableKind::LazyTask);
  EXPECT_EQ(kindOfReturn("e"), utils::AwaitableKind::EagerTask);
}

TEST_F(AsyncTypesTest, NestedPromiseOfUninstantiatedMemberClass) {
  EXPECT_EQ(kindOfReturn("r"), utils::AwaitableKind::EagerTask);
}

TEST_F(AsyncTypesTest, UninstantiatedDependentSuspendIsUnknown) {
  EXPECT_EQ(kindOfReturn("n"), utils::AwaitableKind::UnknownTask);
}

TEST_F(AsyncTypesTest, PromiseThroughCoroutineTraits) {
  EXPECT_EQ(kindOfReturn("t"), utils::AwaitableKind::LazyTask);
}

TEST_F(AsyncTypesTest, AwaitersAndOperatorCoAwait) {
  EXPECT_EQ(kindOfReturn("a"), utils::AwaitableKind::Awaitable);
  EXPECT_EQ(kindOfReturn("o"), utils::AwaitableKind::Awaitable);
}

TEST_F(AsyncTypesTest, PlainTypeIsNone) {
  EXPECT_EQ(kindOfReturn("p"), utils::AwaitableKind::None);
}

TEST_F(AsyncTypesTest, CoroutineBodies) {
  const FunctionDecl *Coro = definition("coro");
  const FunctionDecl *NotCoro = definition("not_coro");
  ASSERT_TRUE(Coro && NotCoro);
  EXPECT_TRUE(utils::isCoroutine(*Coro));
  EXPECT_FALSE(utils::isCoroutine(*NotCoro));
}

TEST_F(AsyncTypesTest, SuspendBehaviorOfStandardAwaiters) {
  auto returnOf = [&](llvm::StringRef Function) {
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Function), unless(isDefinition())));
    return FD ? FD->getReturnType() : QualType();
  };
  EXPECT_EQ(utils::suspendBehavior(returnOf("sa")),
            utils::SuspendBehavior::Always);
  EXPECT_EQ(utils::suspendBehavior(returnOf("sn")),
            utils::SuspendBehavior::Never);
  // A constant `await_ready() { return false; }` always suspends.
  EXPECT_EQ(utils::suspendBehavior(returnOf("a")),
            utils::SuspendBehavior::Always);
}

TEST(PlainQualifiedName, DropsInlineNamespacesAndTemplateArguments) {
  std::unique_ptr<ASTUnit> AST = test::parse(R"cpp(
    namespace lib { inline namespace v1 {
    template <typename T> struct future { T get(); };
    } }
    int use(lib::future<int> &f) { return f.get(); }
  )cpp");
  ASSERT_TRUE(AST);
  const auto *Get = test::selectOne<CXXMethodDecl>(
      *AST, cxxMethodDecl(hasName("get"), ofClass(ast_matchers::isTemplateInstantiation())));
  ASSERT_TRUE(Get);
  EXPECT_EQ(utils::plainQualifiedName(*Get), "lib::future::get");
}

} // namespace
} // namespace clang::tidy::async
