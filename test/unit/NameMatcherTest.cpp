//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "TestAST.h"
#include "utils/NameMatcher.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

class NameMatcherTest : public ::testing::Test {
protected:
  void SetUp() override {
    AST = test::parse(R"cpp(
      extern "C" int read(int, void *, unsigned long);
      namespace app { int read(int, void *, unsigned long); }
      namespace db { struct Connection { int query_sync(); }; }
    )cpp");
    ASSERT_TRUE(AST);
  }
  const FunctionDecl &fn(llvm::StringRef Name) {
    const auto *FD =
        test::selectOne<FunctionDecl>(*AST, functionDecl(hasName(Name)));
    EXPECT_TRUE(FD) << Name.str();
    return *FD;
  }
  std::unique_ptr<ASTUnit> AST;
};

TEST_F(NameMatcherTest, ExternCOnlyEntriesIgnoreNamespacedLookAlikes) {
  utils::NameMatcher M;
  M.addName("read", "hint", /*ExternCOnly=*/true);
  EXPECT_NE(M.match(fn("::read"), {"read"}, "read"), nullptr);
  EXPECT_EQ(M.match(fn("::app::read"), {"app::read"}, "read"), nullptr);
}

TEST_F(NameMatcherTest, SpecsWithHintsAndLeadingColons) {
  utils::NameMatcher M;
  M.addSpecs({"::db::Connection::query_sync=use query", "  "}, "default");
  const utils::NameMatcher::Entry *E =
      M.match(fn("::db::Connection::query_sync"), {"db::Connection::query_sync"});
  ASSERT_NE(E, nullptr);
  EXPECT_EQ(E->Hint, "use query");
}

TEST_F(NameMatcherTest, RegexSpecsMatchTheWholeName) {
  utils::NameMatcher M;
  M.addSpec("^db::.*_sync$", "default");
  M.addSpec("app::re(", "dropped: invalid");
  const FunctionDecl &Q = fn("::db::Connection::query_sync");
  const utils::NameMatcher::Entry *E = M.match(Q, {"db::Connection::query_sync"});
  ASSERT_NE(E, nullptr);
  EXPECT_EQ(E->Hint, "default");
  EXPECT_EQ(M.match(Q, {"xdb::Connection::query_sync"}), nullptr);
  EXPECT_EQ(M.match(fn("::app::read"), {"app::read"}), nullptr);
}

TEST_F(NameMatcherTest, AnyNamespaceGoesByTheFreeName) {
  utils::NameMatcher M;
  M.addAnyNamespace("read", "hint");
  EXPECT_NE(M.match(fn("::app::read"), {"app::read"}, "read"), nullptr);
  EXPECT_EQ(M.match(fn("::app::read"), {"app::read"}), nullptr);
}

} // namespace
} // namespace clang::tidy::async
