//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "WaitOnlyCalls.h"
#include "ExecutionContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::async::utils {

static bool firstTemplateArgumentIsNothing(const CXXRecordDecl *RD) {
  const auto *Spec =
      llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() == 0)
    return false;
  const TemplateArgument &First = Spec->getTemplateArgs()[0];
  if (First.getKind() != TemplateArgument::Type)
    return false;
  QualType T = First.getAsType();
  if (T->isVoidType())
    return true;
  // A value that carries nothing (folly's Unit).
  const CXXRecordDecl *Value = T->getAsCXXRecordDecl();
  return Value && Value->hasDefinition() && Value->getDefinition()->isEmpty();
}

// The specialization itself, not the pattern recordForType may fall back
// to: its template arguments are what the call returns.
static const CXXRecordDecl *specializationOf(QualType T) {
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

bool awaitsToNothing(QualType T, AwaitableClassifier &Classifier) {
  if (T.isNull() || T->isDependentType())
    return false;
  if (firstTemplateArgumentIsNothing(specializationOf(T)))
    return true;
  if (const CXXRecordDecl *Promise = Classifier.promiseRecord(T)) {
    if (findMember(Promise, "return_value"))
      return false;
    if (findMember(Promise, "return_void"))
      return true;
  }
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD)
    return false;
  DeclarationName CoAwait =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (const FunctionDecl *Op = asFunction(findMember(RD, CoAwait))) {
    QualType Awaiter = Op->getReturnType();
    if (Awaiter->isDependentType() || Awaiter->isUndeducedType())
      return false;
    RD = recordForType(Awaiter);
  }
  const FunctionDecl *Resume = asFunction(findMember(RD, "await_resume"));
  return Resume && Resume->getReturnType()->isVoidType();
}

bool isDurationOrTimePoint(QualType T) {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Name = plainQualifiedName(*RD);
  return Name == "std::chrono::duration" || Name == "std::chrono::time_point";
}

// Tags and completion tokens carry no data.
static bool isEmptyClassObject(QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  const CXXRecordDecl *RD = recordForType(T);
  return RD && RD->hasDefinition() && RD->getDefinition()->isEmpty();
}

// The class of the object a member is called on, through a pointer.
static const CXXRecordDecl *objectClass(const CXXMemberCallExpr &Call,
                                        QualType *ObjectType = nullptr) {
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!Object)
    return nullptr;
  QualType T = Object->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (ObjectType)
    *ObjectType = T;
  return recordForType(T);
}

// A class that is given a duration or a time point, and whose only
// asynchronous operation is the one called: a timer. A connection with a
// timeout setter has other operations (read, write, close) and is none.
static bool isTimerClass(const CXXRecordDecl *RD, const FunctionDecl &Callee,
                         AwaitableClassifier &Classifier) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  bool TakesTime = false;
  for (const Decl *D : RD->decls()) {
    const auto *ND = llvm::dyn_cast<NamedDecl>(D);
    const FunctionDecl *FD = asFunction(ND);
    if (!FD || llvm::isa<CXXConstructorDecl, CXXDestructorDecl>(FD))
      continue;
    for (const ParmVarDecl *Param : FD->parameters())
      TakesTime |= isDurationOrTimePoint(Param->getType());
    if (!FD->getIdentifier() || FD->getDeclName() == Callee.getDeclName())
      continue;
    // Another operation: a member template (a completion-token operation)
    // or a member returning a task or an awaitable.
    if (llvm::isa<FunctionTemplateDecl>(ND))
      return false;
    QualType Ret = FD->getReturnType();
    if (Ret->isDependentType() || Ret->isUndeducedType() ||
        Classifier.classify(Ret) != AwaitableKind::None)
      return false;
  }
  return TakesTime;
}

// A lock or a semaphore: a class that gives back what it hands out (a
// `release` or `unlock` member that returns nothing and takes what the
// acquisition takes, nothing or a count), and whose only operation that
// waits for nothing but itself is the one called. A connection with a
// `release` has other such operations (`flush()`, `close()`) and is none.
static bool isAcquisitionClass(const CXXRecordDecl *RD,
                               const FunctionDecl &Callee, unsigned Counts,
                               AwaitableClassifier &Classifier) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  bool GivesBack = false;
  for (llvm::StringRef Name : {"release", "unlock"}) {
    const FunctionDecl *FD = asFunction(findMember(RD, Name));
    if (!FD || !FD->getReturnType()->isVoidType())
      continue;
    unsigned Required = FD->getMinRequiredArguments();
    GivesBack |= Required <= Counts && Counts <= FD->getNumParams();
  }
  if (!GivesBack)
    return false;
  for (const Decl *D : RD->decls()) {
    const auto *Method = llvm::dyn_cast<CXXMethodDecl>(D);
    if (!Method || !Method->getIdentifier() ||
        Method->getDeclName() == Callee.getDeclName() ||
        Method->getMinRequiredArguments() != 0)
      continue;
    QualType Ret = Method->getReturnType();
    if (Classifier.classify(Ret) != AwaitableKind::None &&
        awaitsToNothing(Ret, Classifier))
      return false;
  }
  return true;
}

static WaitOnlyCall classifyImpl(const CallExpr &Call,
                                 AwaitableClassifier &Classifier,
                                 unsigned Depth);
static WaitOnlyCall classifyShape(const CallExpr &Call,
                                  AwaitableClassifier &Classifier);

namespace {
// Whether a coroutine's own statements do anything but wait: a call other
// than the await of a wait-only operation.
class WorkFinder : public RecursiveASTVisitor<WorkFinder> {
  using Base = RecursiveASTVisitor<WorkFinder>;

public:
  WorkFinder(AwaitableClassifier &Classifier, unsigned Depth)
      : Classifier(Classifier), Depth(Depth) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCoreturnStmt(CoreturnStmt *S) {
    return TraverseStmt(S->getOperand());
  }
  bool TraverseCoawaitExpr(CoawaitExpr *E) {
    const auto *Operand = llvm::dyn_cast_or_null<CallExpr>(
        E->getOperand() ? E->getOperand()->IgnoreImplicit() : nullptr);
    if (!Operand || !classifyImpl(*Operand, Classifier, Depth + 1))
      Found = true;
    return !Found;
  }
  bool VisitCallExpr(CallExpr *) {
    Found = true;
    return false;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    if (E->getConstructor() && !E->getConstructor()->isTrivial())
      Found = true;
    return !Found;
  }
  bool Found = false;

private:
  AwaitableClassifier &Classifier;
  unsigned Depth;
};
} // namespace

WaitOnlyCall classifyWaitOnlyCall(const CallExpr &Call,
                                  AwaitableClassifier &Classifier) {
  return classifyImpl(Call, Classifier, 0);
}

// A coroutine the translation unit defines is a wait only when its body
// does nothing but wait: calling it runs that body, which for a test or a
// request handler taking an executor is work, not a hop.
static WaitOnlyCall checkCoroutineBody(const CallExpr &Call, WaitOnlyCall W,
                                       AwaitableClassifier &Classifier,
                                       unsigned Depth) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  const FunctionDecl *Definition = Callee ? Callee->getDefinition() : nullptr;
  const CoroutineBodyStmt *Body =
      Definition ? getCoroutineBody(*Definition) : nullptr;
  if (!W || !Body)
    return W;
  if (W.Kind == WaitOnlyKind::Hop || Depth > 2)
    return {};
  WorkFinder Finder(Classifier, Depth);
  Finder.TraverseStmt(Body->getBody());
  return Finder.Found ? WaitOnlyCall{} : W;
}

static WaitOnlyCall classifyImpl(const CallExpr &Call,
                                 AwaitableClassifier &Classifier,
                                 unsigned Depth) {
  WaitOnlyCall Result = classifyShape(Call, Classifier);
  return checkCoroutineBody(Call, Result, Classifier, Depth);
}

static WaitOnlyCall classifyShape(const CallExpr &Call,
                                  AwaitableClassifier &Classifier) {
  WaitOnlyCall Result;
  if (llvm::isa<CXXOperatorCallExpr>(Call) || Call.containsErrors() ||
      !awaitsToNothing(Call.getType(), Classifier))
    return Result;
  if (isExecutorHopOperand(Call, Result.Target)) {
    Result.Kind = WaitOnlyKind::Hop;
    return Result;
  }
  Result.Target = nullptr;

  unsigned Durations = 0, Integers = 0, Others = 0;
  for (const Expr *Arg : Call.arguments()) {
    if (llvm::isa<CXXDefaultArgExpr>(Arg))
      continue;
    QualType T = Arg->getType();
    if (isDurationOrTimePoint(T))
      ++Durations;
    else if (T->isIntegerType() && !T->isBooleanType())
      ++Integers;
    else if (!isExecutorLike(T) && !isEmptyClassObject(T))
      ++Others;
  }
  if (Others != 0)
    return Result;
  // `sleep_for(10ms)`, `queue.make_delay_object(1s, executor)`.
  if (Durations != 0 && Integers == 0) {
    Result.Kind = WaitOnlyKind::Timer;
    return Result;
  }
  const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call);
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Member || !Callee)
    return Result;
  QualType ObjectType;
  const CXXRecordDecl *Object = objectClass(*Member, &ObjectType);
  if (!Object || isExecutorLike(ObjectType))
    return Result;
  // `timer.async_wait(use_awaitable)`.
  if (Durations == 0 && Integers == 0 &&
      isTimerClass(Object, *Callee, Classifier)) {
    Result.Kind = WaitOnlyKind::Timer;
    return Result;
  }
  // `semaphore.acquire()`, `limiter.acquire(2)`, `mutex.lock_async()`.
  if (Durations == 0 && Integers <= 1 &&
      isAcquisitionClass(Object, *Callee, Integers, Classifier)) {
    Result.Kind = WaitOnlyKind::Acquire;
    return Result;
  }
  return Result;
}

} // namespace clang::tidy::async::utils
