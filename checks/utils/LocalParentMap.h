//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Parent links for the statements of chosen function bodies only.
//
// ASTContext::getParents() builds its map over the whole translation unit,
// system headers and all their template instantiations included, the first
// time any check asks. For a check that only looks a few levels up from
// statements in user code, building that map costs more than parsing the
// user code does; this map covers just the bodies the check hands it.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_LOCALPARENTMAP_H
#define ASYNC_TIDY_UTILS_LOCALPARENTMAP_H

#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PointerUnion.h"

namespace clang::tidy::async::utils {

class LocalParentMap {
public:
  /// Records the parent of every statement under \p Body, lambda bodies
  /// included. A body that was added before is skipped.
  void addBody(const Stmt &Body);

  /// The parent of \p Node, as ASTContext::getParents() would give it in the
  /// AsIs traversal: a statement, or the variable whose initializer \p Node
  /// is; a null node for the root of a body, anything outside the bodies
  /// added, and any node that is neither a Stmt nor a VarDecl.
  DynTypedNode parent(const DynTypedNode &Node) const;

  void clear() {
    StmtParents.clear();
    VarParents.clear();
  }

private:
  using Parent = llvm::PointerUnion<const Stmt *, const VarDecl *>;
  llvm::DenseMap<const Stmt *, Parent> StmtParents;
  llvm::DenseMap<const VarDecl *, const Stmt *> VarParents;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_LOCALPARENTMAP_H
