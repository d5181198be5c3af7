//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LazyTaskLoops.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::async::utils {

// Looks through temporaries, conversions and the copy or move of a
// prvalue into a container's parameter.
static const Expr *stripTemporaries(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1 &&
        Construct->getConstructor() &&
        Construct->getConstructor()->isCopyOrMoveConstructor()) {
      E = Construct->getArg(0);
      continue;
    }
    break;
  }
  return E;
}

static bool refersTo(const Expr *E, const VarDecl &Var) {
  const auto *Ref =
      llvm::dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : E);
  return Ref && Ref->getDecl() == &Var;
}

namespace {
class MakerFinder : public RecursiveASTVisitor<MakerFinder> {
  using Base = RecursiveASTVisitor<MakerFinder>;

public:
  MakerFinder(const VarDecl &Container, const Stmt &Except, QualType TaskType)
      : Container(Container), Except(Except),
        TaskType(TaskType.getCanonicalType().getUnqualifiedType()) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseStmt(Stmt *S) {
    if (!S || S == &Except) {
      // Everything after the awaiting loop is too late.
      if (S)
        Done = true;
      return !Done;
    }
    bool IsLoop = llvm::isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S);
    Depth += IsLoop;
    bool Result = Base::TraverseStmt(S);
    Depth -= IsLoop;
    return Result && !Done;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    if (!refersTo(Call->getImplicitObjectArgument(), Container))
      return true;
    for (const Expr *Arg : Call->arguments()) {
      const auto *Made = llvm::dyn_cast<CallExpr>(stripTemporaries(Arg));
      if (!Made ||
          Made->getType().getCanonicalType().getUnqualifiedType() != TaskType)
        continue;
      if (Depth == 0)
        OutsideLoop = true;
      else if (!Maker)
        Maker = Made;
    }
    return true;
  }

  const VarDecl &Container;
  const Stmt &Except;
  QualType TaskType;
  unsigned Depth = 0;
  bool Done = false;
  bool OutsideLoop = false;
  const CallExpr *Maker = nullptr;
};
} // namespace

const CallExpr *taskMakerInLoop(const VarDecl &Container, const Stmt &Body,
                                const Stmt &Except, QualType TaskType) {
  if (!Container.hasLocalStorage() || llvm::isa<ParmVarDecl>(Container) ||
      Container.getType()->isReferenceType())
    return nullptr;
  MakerFinder Finder(Container, Except, TaskType);
  Finder.TraverseStmt(const_cast<Stmt *>(&Body));
  if (Finder.OutsideLoop)
    return nullptr;
  return Finder.Maker;
}

} // namespace clang::tidy::async::utils
