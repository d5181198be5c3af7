//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/AsyncTwins.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

class AsyncTwinsTest : public ::testing::Test {
protected:
  void SetUp() override {
    AST = test::parse(R"cpp(
      #include <functional>
      struct Awaitable { bool await_ready(); void await_suspend(void *); int await_resume(); };
      struct Client {
        int get(int);
        Awaitable async_get(int);
        int send(int);
        template <typename H> void async_send(int, H &&);
        int load(int);
        Awaitable loadAsync(int);
        int read(int);
        void async_read(int, std::function<void(int)>);
        int plain(int);
        int query(int);
        int async_query(int);
        void get_cb(int, std::function<void(int)>);
        Awaitable async_get_cb(int);
      };
      struct Derived : Client { int stop(); };
    )cpp");
    ASSERT_TRUE(AST);
  }
  std::optional<std::string> twin(llvm::StringRef Class,
                                  llvm::StringRef Member) {
    const auto *RD = test::selectOne<CXXRecordDecl>(
        *AST, cxxRecordDecl(hasName(Class), isDefinition()));
    const auto *M = test::selectOne<CXXMethodDecl>(
        *AST, cxxMethodDecl(hasName(("Client::" + Member).str())));
    if (!RD || !M)
      return std::nullopt;
    return utils::asyncTwinOf(RD, *M, [](QualType T) {
      const CXXRecordDecl *R = T->getAsCXXRecordDecl();
      return R && R->getName() == "Awaitable";
    });
  }
  std::unique_ptr<ASTUnit> AST;
};

TEST_F(AsyncTwinsTest, TwinsThatReturnAnAwaitable) {
  EXPECT_EQ(twin("Client", "get"), std::optional<std::string>("async_get"));
  EXPECT_EQ(twin("Client", "load"), std::optional<std::string>("loadAsync"));
  // Through a derived class too.
  EXPECT_EQ(twin("Derived", "get"), std::optional<std::string>("async_get"));
}

TEST_F(AsyncTwinsTest, TwinsThatTakeAHandler) {
  EXPECT_EQ(twin("Client", "send"), std::optional<std::string>("async_send"));
  EXPECT_EQ(twin("Client", "read"), std::optional<std::string>("async_read"));
}

TEST_F(AsyncTwinsTest, NoTwinOrNoAsynchronousOne) {
  EXPECT_EQ(twin("Client", "plain"), std::nullopt);
  EXPECT_EQ(twin("Client", "query"), std::nullopt);
  // A member that takes a callback is no synchronous operation.
  EXPECT_EQ(twin("Client", "get_cb"), std::nullopt);
  // The asynchronous members themselves have no twin.
  EXPECT_EQ(twin("Client", "async_get"), std::nullopt);
}

} // namespace
} // namespace clang::tidy::async
