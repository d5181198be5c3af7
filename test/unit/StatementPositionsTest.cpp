//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/StatementPositions.h"
#include "TestAST.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "gtest/gtest.h"
#include <set>

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

// Every call `m(N)` in statement position, by N, found by a walk down
// from the top of `f` as the checks do it.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  bool VisitStmt(Stmt *S) {
    Positions.forEachChild(*S, [&](const Stmt &Child) {
      const auto *E = llvm::dyn_cast<Expr>(&Child);
      const auto *Call =
          E ? llvm::dyn_cast<CallExpr>(E->IgnoreImplicit()) : nullptr;
      if (!Call || Call->getNumArgs() != 1)
        return;
      if (const auto *N = llvm::dyn_cast<IntegerLiteral>(
              Call->getArg(0)->IgnoreImplicit()))
        Found.insert(N->getValue().getZExtValue());
    });
    return true;
  }
  utils::StatementPositions Positions;
  std::set<uint64_t> Found;
};

std::set<uint64_t> positions(llvm::StringRef Body) {
  std::string Code = ("int m(int);\nbool c(int);\nvoid f(int x) {\n" + Body +
                      "\n}\n")
                         .str();
  std::unique_ptr<ASTUnit> AST = test::parse(Code);
  EXPECT_TRUE(AST);
  if (!AST)
    return {};
  const auto *FD = test::selectOne<FunctionDecl>(
      *AST, functionDecl(hasName("f"), isDefinition()));
  EXPECT_TRUE(FD);
  if (!FD)
    return {};
  Collector C;
  C.TraverseStmt(FD->getBody());
  return C.Found;
}

TEST(StatementPositionsTest, BlocksAndBranches) {
  EXPECT_EQ((std::set<uint64_t>{1, 2, 3, 4, 5}), positions(R"cpp(
  m(1);
  { m(2); }
  if (m(3); c(90))
    m(4);
  else
    m(5);
  int y = m(91);
  m(m(92));)cpp"));
}

TEST(StatementPositionsTest, Loops) {
  EXPECT_EQ((std::set<uint64_t>{1, 2, 3, 4, 5, 6}), positions(R"cpp(
  for (m(1); c(90); m(2))
    m(3);
  while (c(91))
    m(4);
  do
    m(5);
  while (c(92));
  int a[] = {1};
  for (int e : a)
    m(6);)cpp"));
}

TEST(StatementPositionsTest, SwitchLabelsAndAttributes) {
  EXPECT_EQ((std::set<uint64_t>{1, 2, 3, 4, 5}), positions(R"cpp(
  switch (m(1); x) {
  case 0:
    m(2);
    break;
  default:
    m(3);
  }
  here:
    m(4);
  if (c(90)) [[likely]]
    m(5);)cpp"));
}

TEST(StatementPositionsTest, StatementExpressionValue) {
  // The last statement of a statement expression is its value.
  EXPECT_EQ((std::set<uint64_t>{1, 2}), positions(R"cpp(
  int v = ({ m(1); m(90); });
  ({ m(2); m(91); });)cpp"));
}

} // namespace
} // namespace clang::tidy::async
