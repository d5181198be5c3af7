//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A RecursiveASTVisitor that does not enter the operands the language never
// evaluates: `sizeof`, `alignof`, `decltype`, `typeof`, `noexcept(...)`,
// `typeid` of a non-polymorphic operand, `requires` expressions,
// `static_assert` and the condition of `if constexpr` (a constant expression,
// computed by the compiler). A call written there runs nothing.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_EVALUATEDCODEVISITOR_H
#define ASYNC_TIDY_UTILS_EVALUATEDCODEVISITOR_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::async::utils {

template <typename Derived>
class EvaluatedCodeVisitor : public RecursiveASTVisitor<Derived> {
  using Base = RecursiveASTVisitor<Derived>;

public:
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *E) {
    // The size of a variable-length array is computed at run time, from an
    // expression that is evaluated.
    if (E->getTypeOfArgument()->isVariablyModifiedType())
      return Base::TraverseUnaryExprOrTypeTraitExpr(E);
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    // `typeid(*ptr)` of a polymorphic glvalue evaluates its operand.
    if (E->isPotentiallyEvaluated())
      return Base::TraverseCXXTypeidExpr(E);
    return true;
  }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  // LLVM 22 passes a second argument (TraverseQualifier), LLVM 19 none.
  template <typename... Rest>
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc, Rest...) {
    return true;
  }
  template <typename... Rest>
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc, Rest...) {
    return true;
  }
  template <typename... Rest>
  bool TraverseDecltypeType(DecltypeType *, Rest...) {
    return true;
  }
  template <typename... Rest>
  bool TraverseTypeOfExprType(TypeOfExprType *, Rest...) {
    return true;
  }
  bool TraverseStaticAssertDecl(StaticAssertDecl *) { return true; }
  bool TraverseIfStmt(IfStmt *S) {
    if (!S->isConstexpr())
      return Base::TraverseIfStmt(S);
    // The condition of `if constexpr` is computed by the compiler; its
    // init-statement and both branches are code (the discarded one is not
    // instantiated in a template).
    return this->TraverseStmt(S->getInit()) &&
           this->TraverseStmt(S->getThen()) && this->TraverseStmt(S->getElse());
  }
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_EVALUATEDCODEVISITOR_H
