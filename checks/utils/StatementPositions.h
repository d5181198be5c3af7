//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The statement positions of a function body: where an expression is
// written as a statement of its own and its value is thrown away. A check
// that walks a body down from its top asks each statement which of its
// children stand in such a position, instead of asking every expression for
// its parent (the parent map costs as much as a check).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_STATEMENTPOSITIONS_H
#define ASYNC_TIDY_UTILS_STATEMENTPOSITIONS_H

#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::async::utils {

/// Tells, for one walk of a body, which children of a statement are
/// statements of their own: the statements of a block, the init-statement,
/// then and else of an `if`, the body of a loop, the init-statement and
/// increment of a `for`, the init-statement and body of a `switch`, the
/// statement of a `case`, `default`, label or attribute. The last statement
/// of a GNU statement expression's block is its value, not a statement of
/// its own.
///
/// The walk must show every statement before its children (the pre-order of
/// a RecursiveASTVisitor's Visit* methods): a statement expression is seen
/// before its block, which is how the block is known as one.
class StatementPositions {
public:
  /// Calls \p Each on each child of \p S in statement position.
  void forEachChild(const Stmt &S, llvm::function_ref<void(const Stmt &)> Each);

private:
  llvm::SmallPtrSet<const Stmt *, 2> ValueBodies;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_STATEMENTPOSITIONS_H
