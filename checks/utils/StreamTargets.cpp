//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/StreamTargets.h"
#include "utils/AsyncTypes.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::async::utils {

static bool isMemoryBuffer(const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return false;
  if (RD->isInStdNamespace() && RD->getIdentifier() &&
      llvm::is_contained({"basic_stringbuf", "basic_spanbuf", "strstreambuf"},
                         RD->getName()))
    return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &Base : RD->getDefinition()->bases())
    if (isMemoryBuffer(recordForType(Base.getType()), Depth + 1))
      return true;
  return false;
}

static bool holdsMemoryBuffer(const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (!RD || Depth > 8 || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const FieldDecl *Field : RD->fields())
    if (isMemoryBuffer(recordForType(Field->getType())))
      return true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (holdsMemoryBuffer(recordForType(Base.getType()), Depth + 1))
      return true;
  return false;
}

bool isInMemoryStream(QualType T) {
  if (T.isNull())
    return false;
  return holdsMemoryBuffer(recordForType(T.getNonReferenceType()));
}

bool isStandardOutput(const Expr *E) {
  if (!E)
    return false;
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return false;
  const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
  return Var && Var->hasGlobalStorage() && Var->getIdentifier() &&
         Var->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
         (Var->getName() == "stdout" || Var->getName() == "stderr");
}

bool isStreamCallWithoutFileIO(const Expr &Call, const FunctionDecl &Callee) {
  const auto *AsCall = llvm::dyn_cast<CallExpr>(&Call);
  if (!AsCall || !Callee.getIdentifier())
    return false;
  if (Callee.isInStdNamespace() && Callee.getName() == "getline" &&
      !llvm::isa<CXXMethodDecl>(Callee) && AsCall->getNumArgs() > 0)
    return isInMemoryStream(
        AsCall->getArg(0)->IgnoreParenImpCasts()->getType());
  if (Callee.isExternC() || Callee.isInExternCContext())
    for (const Expr *Arg : AsCall->arguments())
      if (isStandardOutput(Arg))
        return true;
  return false;
}

} // namespace clang::tidy::async::utils
