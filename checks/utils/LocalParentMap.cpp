//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LocalParentMap.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::async::utils {

void LocalParentMap::addBody(const Stmt &Body) {
  // The root has no parent entry; a body seen before has children that do.
  if (StmtParents.count(&Body))
    return;
  for (const Stmt *Child : Body.children())
    if (Child && StmtParents.count(Child))
      return;

  // Iterative, so that deeply nested expressions cannot overflow the stack.
  llvm::SmallVector<const Stmt *, 64> Work{&Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    // Stmt::children() of a declaration statement yields the initializers
    // but not the variables, which getParents() puts between the two.
    if (const auto *DS = llvm::dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls()) {
        const auto *Var = llvm::dyn_cast<VarDecl>(D);
        if (!Var)
          continue;
        VarParents.try_emplace(Var, DS);
        if (const Expr *Init = Var->getInit();
            Init && StmtParents.try_emplace(Init, Var).second)
          Work.push_back(Init);
      }
      continue;
    }
    // An init-capture (`[k = b]`) is a variable of the lambda, and its
    // initializer hangs under it, as in a declaration.
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &Capture : Lambda->captures()) {
        if (!Lambda->isInitCapture(&Capture))
          continue;
        const auto *Var = llvm::dyn_cast<VarDecl>(Capture.getCapturedVar());
        if (!Var)
          continue;
        VarParents.try_emplace(Var, Lambda);
        if (const Expr *Init = Var->getInit();
            Init && StmtParents.try_emplace(Init, Var).second)
          Work.push_back(Init);
      }
    }
    for (const Stmt *Child : S->children())
      if (Child && StmtParents.try_emplace(Child, S).second)
        Work.push_back(Child);
  }
}

DynTypedNode LocalParentMap::parent(const DynTypedNode &Node) const {
  if (const auto *S = Node.get<Stmt>()) {
    auto It = StmtParents.find(S);
    if (It == StmtParents.end())
      return {};
    if (const auto *P = llvm::dyn_cast<const Stmt *>(It->second))
      return DynTypedNode::create(*P);
    return DynTypedNode::create(*llvm::cast<const VarDecl *>(It->second));
  }
  if (const auto *Var = Node.get<VarDecl>()) {
    auto It = VarParents.find(Var);
    if (It != VarParents.end())
      return DynTypedNode::create(*It->second);
  }
  return {};
}

} // namespace clang::tidy::async::utils
