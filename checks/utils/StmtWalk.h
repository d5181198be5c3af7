//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A search below a statement that stops at the first node a predicate
// accepts, iterative so that deep expressions cannot overflow the stack.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_STMTWALK_H
#define ASYNC_TIDY_UTILS_STMTWALK_H

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::async::utils {

/// Whether \p P accepts \p Root or a node below it. Lambdas and blocks other
/// than \p Root are only looked into when \p IntoLambdas: their bodies run
/// wherever they are called, not where they are written.
template <typename Pred>
bool anyNode(const Stmt *Root, bool IntoLambdas, Pred P) {
  llvm::SmallVector<const Stmt *, 32> Stack;
  if (Root)
    Stack.push_back(Root);
  while (!Stack.empty()) {
    const Stmt *S = Stack.pop_back_val();
    if (P(*S))
      return true;
    if (S != Root && !IntoLambdas && llvm::isa<LambdaExpr, BlockExpr>(S))
      continue;
    for (const Stmt *Child : S->children())
      if (Child)
        Stack.push_back(Child);
  }
  return false;
}

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_STMTWALK_H
