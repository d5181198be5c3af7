//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "StatementPositions.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::async::utils {

void StatementPositions::forEachChild(
    const Stmt &S, llvm::function_ref<void(const Stmt &)> Each) {
  auto Child = [&](const Stmt *C) {
    if (C)
      Each(*C);
  };
  switch (S.getStmtClass()) {
  case Stmt::StmtExprClass:
    ValueBodies.insert(llvm::cast<StmtExpr>(S).getSubStmt());
    return;
  case Stmt::CompoundStmtClass: {
    const auto &Block = llvm::cast<CompoundStmt>(S);
    bool LastIsValue = ValueBodies.contains(&Block);
    for (const Stmt *C : Block.body())
      if (!LastIsValue || C != Block.body_back())
        Child(C);
    return;
  }
  case Stmt::IfStmtClass: {
    const auto &If = llvm::cast<IfStmt>(S);
    Child(If.getInit());
    Child(If.getThen());
    Child(If.getElse());
    return;
  }
  case Stmt::WhileStmtClass:
    Child(llvm::cast<WhileStmt>(S).getBody());
    return;
  case Stmt::DoStmtClass:
    Child(llvm::cast<DoStmt>(S).getBody());
    return;
  case Stmt::ForStmtClass: {
    const auto &For = llvm::cast<ForStmt>(S);
    Child(For.getInit());
    Child(For.getInc());
    Child(For.getBody());
    return;
  }
  case Stmt::CXXForRangeStmtClass:
    Child(llvm::cast<CXXForRangeStmt>(S).getBody());
    return;
  case Stmt::SwitchStmtClass: {
    const auto &Switch = llvm::cast<SwitchStmt>(S);
    Child(Switch.getInit());
    Child(Switch.getBody());
    return;
  }
  case Stmt::CaseStmtClass:
  case Stmt::DefaultStmtClass:
    Child(llvm::cast<SwitchCase>(S).getSubStmt());
    return;
  case Stmt::LabelStmtClass:
    Child(llvm::cast<LabelStmt>(S).getSubStmt());
    return;
  case Stmt::AttributedStmtClass:
    Child(llvm::cast<AttributedStmt>(S).getSubStmt());
    return;
  default:
    return;
  }
}

} // namespace clang::tidy::async::utils
