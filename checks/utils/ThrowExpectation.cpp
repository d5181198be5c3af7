//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ThrowExpectation.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::async::utils {

namespace {

// Whether a handler leaves the try statement otherwise than by falling off
// its end, or records that it ran. Lambdas and local classes are code of
// their own.
class HandlerOutcome : public RecursiveASTVisitor<HandlerOutcome> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitStmt(Stmt *S) {
    if (llvm::isa<ReturnStmt, CoreturnStmt, GotoStmt, IndirectGotoStmt,
                  BreakStmt, ContinueStmt>(S))
      Found = true;
    return !Found;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    Found |= Op->isAssignmentOp();
    return !Found;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    Found |= Op->isAssignmentOp();
    return !Found;
  }
  bool Found = false;
};

} // namespace

static bool tellsApart(const CXXCatchStmt &Handler) {
  HandlerOutcome Outcome;
  Outcome.TraverseStmt(Handler.getHandlerBlock());
  return Outcome.Found;
}

// Whether \p E names \p Param, also through std::forward and std::move.
static bool refersTo(const Expr *E, const ParmVarDecl &Param) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E))
      return Ref->getDecl() == &Param;
    const auto *Call = llvm::dyn_cast<CallExpr>(E);
    if (!Call || Call->getNumArgs() != 1)
      return false;
    DeclarationName Name;
    if (const FunctionDecl *FD = Call->getDirectCallee()) {
      if (!FD->isInStdNamespace())
        return false;
      Name = FD->getDeclName();
    } else if (const auto *Lookup = llvm::dyn_cast<UnresolvedLookupExpr>(
                   Call->getCallee()->IgnoreParenImpCasts())) {
      Name = Lookup->getName();
    }
    if (!Name.isIdentifier() ||
        (Name.getAsString() != "forward" && Name.getAsString() != "move"))
      return false;
    E = Call->getArg(0);
  }
  return false;
}

namespace {

// Finds a call of a parameter: `f()`, `std::forward<F>(f)()`,
// `std::invoke(f)`.
class ParameterCall : public RecursiveASTVisitor<ParameterCall> {
public:
  explicit ParameterCall(const ParmVarDecl &Param) : Param(Param) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    if (refersTo(Call->getCallee(), Param))
      Found = true;
    else if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Call);
             Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
             refersTo(Op->getArg(0), Param))
      Found = true;
    else if (isStdInvoke(*Call) && Call->getNumArgs() > 0 &&
             refersTo(Call->getArg(0), Param))
      Found = true;
    return !Found;
  }
  // `std::invoke`, resolved or, in a template, still a lookup of it.
  static bool isStdInvoke(const CallExpr &Call) {
    auto IsInvoke = [](const NamedDecl *D) {
      return D && D->isInStdNamespace() && D->getIdentifier() &&
             D->getName() == "invoke";
    };
    if (IsInvoke(Call.getDirectCallee()))
      return true;
    const auto *Lookup = llvm::dyn_cast<UnresolvedLookupExpr>(
        Call.getCallee()->IgnoreParenImpCasts());
    return Lookup && llvm::any_of(Lookup->decls(), [&](const NamedDecl *D) {
             return IsInvoke(D->getUnderlyingDecl());
           });
  }
  const ParmVarDecl &Param;
  bool Found = false;
};

// Finds a try statement of a helper's body that calls the parameter and
// tells a throw of a caller-named type apart.
class HelperTry : public RecursiveASTVisitor<HelperTry> {
public:
  HelperTry(const ParmVarDecl &Param, unsigned Depth, unsigned Explicit)
      : Param(Param), Depth(Depth), Explicit(Explicit) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCXXTryStmt(CXXTryStmt *Try) {
    const CompoundStmt *Block = Try->getTryBlock();
    ParameterCall Calls(Param);
    Calls.TraverseStmt(const_cast<CompoundStmt *>(Block));
    if (!Calls.Found)
      return true;
    for (unsigned I = 0, E = Try->getNumHandlers(); I != E; ++I) {
      const CXXCatchStmt *Handler = Try->getHandler(I);
      if (!namedByCaller(Handler->getCaughtType()))
        continue;
      if (Block->size() >= 2 || tellsApart(*Handler)) {
        Found = true;
        return false;
      }
    }
    return true;
  }
  bool Found = false;

private:
  // A type parameter of the helper that the call gave explicitly.
  bool namedByCaller(QualType Caught) const {
    if (Caught.isNull())
      return false;
    const auto *Parm = Caught.getNonReferenceType()
                           .getUnqualifiedType()
                           ->getAs<TemplateTypeParmType>();
    return Parm && Parm->getDepth() == Depth && Parm->getIndex() < Explicit;
  }
  const ParmVarDecl &Param;
  unsigned Depth, Explicit;
};

} // namespace

bool distinguishesThrow(const CXXTryStmt &Try) {
  if (Try.getTryBlock()->size() >= 2)
    return true;
  for (unsigned I = 0, E = Try.getNumHandlers(); I != E; ++I)
    if (tellsApart(*Try.getHandler(I)))
      return true;
  return false;
}

bool isTriedByMacro(SourceLocation Loc, const CXXTryStmt &Try,
                    const SourceManager &SM) {
  SourceLocation TryLoc = Try.getTryLoc();
  if (!Loc.isMacroID() || !TryLoc.isMacroID() ||
      !SM.isMacroArgExpansion(Loc) || !SM.isMacroBodyExpansion(TryLoc))
    return false;
  if (SM.getExpansionLoc(Loc) != SM.getExpansionLoc(TryLoc))
    return false;
  return distinguishesThrow(Try);
}

bool passesToThrowExpectation(const CallExpr &Call, unsigned ArgIndex) {
  // The object of an operator call is its first argument; leave those out.
  if (llvm::isa<CXXOperatorCallExpr>(Call))
    return false;
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return false;
  const Expr *CalleeExpr = Call.getCallee()->IgnoreParenImpCasts();
  unsigned Explicit = 0;
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(CalleeExpr))
    Explicit = Ref->getNumTemplateArgs();
  else if (const auto *Member = llvm::dyn_cast<MemberExpr>(CalleeExpr))
    Explicit = Member->getNumTemplateArgs();
  if (Explicit == 0)
    return false;
  const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
  if (!Pattern)
    return false;
  const FunctionTemplateDecl *Template =
      Pattern->getDescribedFunctionTemplate();
  if (!Template || ArgIndex >= Pattern->getNumParams() || !Pattern->getBody())
    return false;
  const ParmVarDecl *Param = Pattern->getParamDecl(ArgIndex);
  if (Param->isParameterPack())
    return false;
  HelperTry Finder(*Param, Template->getTemplateParameters()->getDepth(),
                   Explicit);
  Finder.TraverseStmt(Pattern->getBody());
  return Finder.Found;
}

} // namespace clang::tidy::async::utils
