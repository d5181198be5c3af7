//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "FanOutWork.h"
#include "StmtWalk.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::async::utils {

static bool isStdMoveOrForward(const FunctionDecl *F) {
  return F && F->isInStdNamespace() && F->getIdentifier() &&
         (F->getName() == "move" || F->getName() == "forward");
}

static bool isThisMember(const Expr *E) {
  const auto *Member = llvm::dyn_cast_or_null<MemberExpr>(
      E ? E->IgnoreParenImpCasts() : nullptr);
  while (Member) {
    const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
    if (llvm::isa<CXXThisExpr>(Base))
      return true;
    Member = llvm::dyn_cast<MemberExpr>(Base);
  }
  return false;
}

// Whether \p Value is built from the object's own members only: moved,
// copied or converted, with no call other than a constructor.
static bool handsOutOwnState(const Expr &Value) {
  bool ReadsMember = false;
  bool Other = anyNode(&Value, /*IntoLambdas=*/false, [&](const Stmt &S) {
    if (llvm::isa<MemberExpr>(&S)) {
      ReadsMember |= isThisMember(llvm::cast<Expr>(&S));
      return false;
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(&S))
      return !isStdMoveOrForward(Call->getDirectCallee());
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S))
      return !llvm::isa<FunctionDecl>(Ref->getDecl());
    return !llvm::isa<CXXThisExpr, ImplicitCastExpr, ParenExpr,
                      CXXConstructExpr, ExplicitCastExpr,
                      MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                      FullExpr, InitListExpr, CXXDefaultArgExpr>(&S);
  });
  return ReadsMember && !Other;
}

static bool isCoroutineHandle(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  std::string Name = plainQualifiedName(*RD);
  return Name == "std::coroutine_handle" ||
         Name == "std::experimental::coroutine_handle";
}

// Whether \p RD (or a base) keeps a coroutine's handle in a field.
static bool holdsHandle(const CXXRecordDecl *RD, unsigned Depth) {
  if (!RD || Depth > 3 || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const FieldDecl *Field : RD->fields())
    if (isCoroutineHandle(recordForType(Field->getType())))
      return true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (holdsHandle(recordForType(Base.getType()), Depth + 1))
      return true;
  return false;
}

static bool holdsWork(QualType T, AwaitableClassifier &Classifier,
                      unsigned Depth) {
  if (T.isNull() || Depth > 3)
    return false;
  T = T.getNonReferenceType();
  if (isExistingWork(T, Classifier))
    return true;
  if (const auto *Array = T->getAsArrayTypeUnsafe())
    return holdsWork(Array->getElementType(), Classifier, Depth + 1);
  if (const auto *Spec =
          llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
              T->getAsCXXRecordDecl()))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          holdsWork(Arg.getAsType(), Classifier, Depth + 1))
        return true;
  return false;
}

bool startsNewWork(const CallExpr &Call, AwaitableClassifier &Classifier) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return true;
  if (Callee->getReturnType()->isReferenceType())
    return false;
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition) || !Definition) {
    const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
    if (!Pattern || !Pattern->hasBody(Definition) || !Definition)
      return true;
  }
  if (isCoroutine(*Definition))
    return true;
  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(Definition);
  if (!Method || Method->isStatic() || !Definition->getBody())
    return true;
  bool AnyReturn = false;
  bool MakesWork = anyNode(Definition->getBody(), /*IntoLambdas=*/false,
                                         [&](const Stmt &S) {
    // Anything in the body that makes a task may start one.
    if (const auto *Inner = llvm::dyn_cast<CallExpr>(&S))
      return !isStdMoveOrForward(Inner->getDirectCallee()) &&
             Classifier.classify(Inner->getType()) != AwaitableKind::None;
    const auto *Return = llvm::dyn_cast<ReturnStmt>(&S);
    if (!Return)
      return false;
    AnyReturn = true;
    return !Return->getRetValue() || !handsOutOwnState(*Return->getRetValue());
  });
  return MakesWork || !AnyReturn;
}

bool isExistingWork(QualType T, AwaitableClassifier &Classifier) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  while (T->isPointerType())
    T = T->getPointeeType();
  if (Classifier.classify(T) != AwaitableKind::None)
    return true;
  const CXXRecordDecl *RD = recordForType(T);
  return isCoroutineHandle(RD) || holdsHandle(RD, 0);
}

bool holdsExistingWork(QualType T, AwaitableClassifier &Classifier) {
  return holdsWork(T, Classifier, 0);
}

bool isGivenWork(const Expr *E, AwaitableClassifier &Classifier) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (isThisMember(E))
    return holdsExistingWork(E->getType(), Classifier);
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !holdsExistingWork(Var->getType(), Classifier))
    return false;
  if (llvm::isa<ParmVarDecl>(Var))
    return true;
  if (!Var->hasLocalStorage() || !Var->getInit())
    return false;
  // A local made from what the function was handed.
  return anyNode(Var->getInit(), /*IntoLambdas=*/false, [&](const Stmt &S) {
    const auto *Part = llvm::dyn_cast<Expr>(&S);
    if (!Part)
      return false;
    if (isThisMember(Part))
      return holdsExistingWork(Part->getType(), Classifier);
    const auto *PartRef = llvm::dyn_cast<DeclRefExpr>(Part);
    return PartRef && llvm::isa<ParmVarDecl>(PartRef->getDecl()) &&
           holdsExistingWork(PartRef->getType(), Classifier);
  });
}

bool servesUntilStopped(
    const Stmt &Body, llvm::function_ref<bool(const Stmt &)> RunsUntilStopped) {
  llvm::SmallVector<const Stmt *, 16> Work{&Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Coroutine = llvm::dyn_cast<CoroutineBodyStmt>(S)) {
      Work.push_back(Coroutine->getBody());
    } else if (const auto *Compound = llvm::dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Compound->body())
        Work.push_back(Child);
    } else if (const auto *If = llvm::dyn_cast<IfStmt>(S)) {
      Work.push_back(If->getThen());
      Work.push_back(If->getElse());
    } else if (const auto *Try = llvm::dyn_cast<CXXTryStmt>(S)) {
      Work.push_back(Try->getTryBlock());
    } else if (llvm::isa<ForStmt, WhileStmt, DoStmt>(S)) {
      if (RunsUntilStopped(*S))
        return true;
    }
  }
  return false;
}

bool runsEventLoop(const CXXMethodDecl &Method) {
  return Method.getIdentifier() && Method.getName() == "run" &&
         findMember(Method.getParent(), "stop");
}

} // namespace clang::tidy::async::utils
