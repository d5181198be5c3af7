//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ExecutionContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::async::utils {

static const CXXRecordDecl *definitionOf(const CXXRecordDecl *RD) {
  return RD && RD->hasDefinition() ? RD->getDefinition() : RD;
}

/// Calls \p Visit with each function named \p Name in \p RD and its bases,
/// every overload; stops when \p Visit returns true, and returns whether it
/// did.
template <typename Fn>
static bool anyMember(const CXXRecordDecl *RD, llvm::StringRef Name, Fn Visit,
                      llvm::SmallPtrSetImpl<const CXXRecordDecl *> &Seen) {
  RD = definitionOf(RD);
  if (!RD || !Seen.insert(RD).second || RD->isInvalidDecl())
    return false;
  const IdentifierInfo &Id = RD->getASTContext().Idents.get(Name);
  for (const NamedDecl *D : RD->lookup(DeclarationName(&Id)))
    if (const FunctionDecl *FD = asFunction(D); FD && Visit(*FD))
      return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (anyMember(recordForType(Base.getType()), Name, Visit, Seen))
      return true;
  return false;
}

template <typename Fn>
static bool anyMember(const CXXRecordDecl *RD, llvm::StringRef Name, Fn Visit) {
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  return anyMember(RD, Name, Visit, Seen);
}

static bool hasMember(const CXXRecordDecl *RD, llvm::StringRef Name) {
  return anyMember(RD, Name, [](const FunctionDecl &) { return true; });
}

/// A parameter that receives a function to run: a template parameter
/// (`Function &&f`) or a class with a call operator (`std::function`).
static bool takesCallable(const FunctionDecl &FD) {
  if (FD.getNumParams() == 0)
    return false;
  QualType T = FD.getParamDecl(0)->getType().getNonReferenceType();
  if (T->isTemplateTypeParmType())
    return true;
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD)
    return false;
  DeclarationName Call =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  return !definitionOf(RD)->lookup(Call).empty();
}

static bool isAwaitableType(QualType T) {
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD)
    return false;
  DeclarationName CoAwait =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  return findMember(RD, "await_ready") || findMember(RD, CoAwait);
}

static bool isExecutorLikeImpl(QualType T, unsigned Depth, bool ContextsToo);

/// An executor or scheduler: it runs what it is given, or hands out an
/// awaitable that resumes on it.
static bool hasSchedulerMembers(const CXXRecordDecl *RD) {
  for (llvm::StringRef Name : {"execute", "post", "dispatch", "defer"})
    if (anyMember(RD, Name, takesCallable))
      return true;
  return anyMember(RD, "schedule", [](const FunctionDecl &FD) {
    return FD.getNumParams() == 0 && isAwaitableType(FD.getReturnType());
  });
}

/// An execution context: it hands out an executor and can be stopped.
static bool hasContextMembers(const CXXRecordDecl *RD) {
  return hasMember(RD, "stop") &&
         anyMember(RD, "get_executor", [](const FunctionDecl &FD) {
           return isExecutorLikeImpl(FD.getReturnType(), 1,
                                     /*ContextsToo=*/false);
         });
}

/// The element type of a smart pointer: a specialization with `operator->`
/// whose first template argument is a type.
static QualType smartPointee(const CXXRecordDecl *RD) {
  const auto *Spec = llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return {};
  DeclarationName Arrow =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Arrow);
  if (!findMember(RD, Arrow))
    return {};
  return Spec->getTemplateArgs()[0].getAsType();
}

static bool isExecutorLikeImpl(QualType T, unsigned Depth, bool ContextsToo) {
  if (T.isNull() || Depth > 3 || T->isDependentType())
    return false;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD)
    return false;
  if (hasSchedulerMembers(RD) || (ContextsToo && hasContextMembers(RD)))
    return true;
  return isExecutorLikeImpl(smartPointee(RD), Depth + 1, ContextsToo);
}

/// A completion token bound to an executor (`bind_executor(pool,
/// use_awaitable)`): it hands out the executor and the token it wraps.
static bool isBoundToken(QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD || !smartPointee(RD).isNull())
    return false;
  return hasMember(RD, "get") &&
         anyMember(RD, "get_executor", [](const FunctionDecl &FD) {
           return isExecutorLike(FD.getReturnType());
         });
}

/// Tags and completion tokens carry no data.
static bool isEmptyClassObject(QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  const CXXRecordDecl *RD = recordForType(T);
  return RD && RD->hasDefinition() && RD->getDefinition()->isEmpty();
}

static const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (Next == E)
      break;
    E = Next;
  }
  return E;
}

/// The declaration that names the executor \p E denotes: the variable,
/// parameter or member, seen through copies, `get_executor()`, `*` and
/// `->`, and the executor argument of a wrapper call.
static const ValueDecl *targetOf(const Expr *E, unsigned Depth = 0) {
  E = strip(E);
  if (!E || Depth > 6)
    return nullptr;
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E))
    return llvm::cast<ValueDecl>(Ref->getDecl()->getCanonicalDecl());
  if (const auto *Member = llvm::dyn_cast<MemberExpr>(E))
    return llvm::cast<ValueDecl>(Member->getMemberDecl()->getCanonicalDecl());
  if (const auto *Call = llvm::dyn_cast<CXXMemberCallExpr>(E))
    return targetOf(Call->getImplicitObjectArgument(), Depth + 1);
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getNumArgs() > 0 ? targetOf(Op->getArg(0), Depth + 1)
                                : nullptr;
  if (const auto *Call = llvm::dyn_cast<CallExpr>(E)) {
    for (const Expr *Arg : Call->arguments())
      if (isExecutorLike(Arg->getType()))
        return targetOf(Arg, Depth + 1);
    return nullptr;
  }
  if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() > 0
               ? targetOf(Construct->getArg(0), Depth + 1)
               : nullptr;
  if (const auto *Unary = llvm::dyn_cast<UnaryOperator>(E))
    return targetOf(Unary->getSubExpr(), Depth + 1);
  return nullptr;
}

/// Whether awaiting an operand of type \p T produces nothing; unknown
/// (false) for dependent types.
static bool awaitsToVoid(QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD)
    return false;
  DeclarationName CoAwait =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (const FunctionDecl *Op = asFunction(findMember(RD, CoAwait))) {
    if (Op->getReturnType()->isDependentType())
      return false;
    RD = recordForType(Op->getReturnType());
  }
  const FunctionDecl *Resume = asFunction(findMember(RD, "await_resume"));
  return Resume && Resume->getReturnType()->isVoidType();
}

bool isExecutorLike(QualType T) {
  return isExecutorLikeImpl(T, 0, /*ContextsToo=*/true);
}

bool isExecutorHop(const Expr &Await, const ValueDecl *&Target) {
  const Expr *Operand = nullptr;
  bool Void = false;
  if (const auto *CoAwait = llvm::dyn_cast<CoawaitExpr>(&Await)) {
    Operand = CoAwait->getOperand();
    if (!CoAwait->getType()->isDependentType())
      Void = CoAwait->getType()->isVoidType();
    else
      Void = Operand && awaitsToVoid(Operand->getType());
  } else if (const auto *Dependent =
                 llvm::dyn_cast<DependentCoawaitExpr>(&Await)) {
    Operand = Dependent->getOperand();
    Void = Operand && awaitsToVoid(Operand->getType());
  }
  if (!Void || !Operand)
    return false;
  return isExecutorHopOperand(*Operand, Target);
}

bool isExecutorHopOperand(const Expr &AwaitedOperand,
                          const ValueDecl *&Target) {
  const Expr *Operand = strip(&AwaitedOperand);
  if (!Operand)
    return false;

  // `pool.schedule()`, `executor->schedule()`: the awaiter resumes on the
  // object it came from.
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Operand)) {
    const Expr *Object = Member->getImplicitObjectArgument();
    // An execution context only counts as an argument: its members are the
    // application's (a server's `shutdown()`), not hops.
    if (Member->getNumArgs() != 0 || !Object ||
        !isExecutorLikeImpl(Object->getType(), 0, /*ContextsToo=*/false))
      return false;
    Target = targetOf(Object);
    return true;
  }
  // `resume_on(executor)`, `asio::post(executor, use_awaitable)`,
  // `asio::post(asio::bind_executor(pool, use_awaitable))`: nothing goes in
  // but the executor and tags, so resuming there is all it does.
  if (llvm::isa<CXXOperatorCallExpr>(Operand))
    return false;
  const auto *Call = llvm::dyn_cast<CallExpr>(Operand);
  if (!Call || Call->getNumArgs() == 0)
    return false;
  const Expr *Executor = nullptr;
  for (const Expr *Arg : Call->arguments()) {
    // Defaulted arguments are the callee's own (Asio's constraints).
    if (llvm::isa<CXXDefaultArgExpr>(Arg))
      continue;
    QualType T = Arg->getType();
    if (isExecutorLike(T) || isBoundToken(T)) {
      if (!Executor)
        Executor = Arg;
      continue;
    }
    if (!isEmptyClassObject(T))
      return false;
  }
  if (!Executor)
    return false;
  Target = targetOf(Executor);
  return true;
}

/// The variable an expression copies or moves, through the copy or move
/// constructor and the cast to an xvalue.
static const VarDecl *copiedVariable(const Expr *Init) {
  for (unsigned Depth = 0; Init && Depth < 8; ++Depth) {
    Init = strip(Init);
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Init))
      return llvm::dyn_cast<VarDecl>(Ref->getDecl());
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(Init))
      Init = Construct->getNumArgs() == 1 ? Construct->getArg(0) : nullptr;
    else if (const auto *Cast = llvm::dyn_cast<CastExpr>(Init))
      Init = Cast->getSubExpr();
    else
      return nullptr;
  }
  return nullptr;
}

/// Whether \p Coroutine's promise is constructed from one of its executor
/// parameters and its initial suspension may suspend: the promise then
/// schedules the body's start on that executor. Sets \p Target to the
/// parameter.
static bool startsOnExecutorParameter(const FunctionDecl &Coroutine,
                                      const ValueDecl *&Target) {
  const CoroutineBodyStmt *Body = getCoroutineBody(Coroutine);
  const VarDecl *Promise = Body ? Body->getPromiseDecl() : nullptr;
  if (!Promise || Promise->getType()->isDependentType())
    return false;
  const auto *Construct =
      llvm::dyn_cast_or_null<CXXConstructExpr>(strip(Promise->getInit()));
  if (!Construct)
    return false;
  const VarDecl *Executor = nullptr;
  for (const Expr *Arg : Construct->arguments()) {
    const VarDecl *Var = copiedVariable(Arg);
    // The promise is built from the frame's copies of the parameters.
    if (Var && Var->isImplicit() && !llvm::isa<ParmVarDecl>(Var))
      Var = copiedVariable(Var->getInit());
    if (llvm::isa_and_nonnull<ParmVarDecl>(Var) &&
        isExecutorLike(Var->getType())) {
      Executor = Var;
      break;
    }
  }
  if (!Executor)
    return false;
  const FunctionDecl *Initial = asFunction(
      findMember(recordForType(Promise->getType()), "initial_suspend"));
  if (!Initial ||
      suspendBehavior(Initial->getReturnType()) == SuspendBehavior::Never)
    return false;
  Target = llvm::cast<ValueDecl>(Executor->getCanonicalDecl());
  return true;
}

/// A template is judged by its instantiations: its own promise type is
/// dependent.
static bool patternStartsOnExecutorParameter(const FunctionDecl &Coroutine,
                                             const ValueDecl *&Target) {
  if (startsOnExecutorParameter(Coroutine, Target))
    return true;
  const FunctionTemplateDecl *Template =
      Coroutine.getDescribedFunctionTemplate();
  if (!Template)
    return false;
  for (const FunctionDecl *Spec : Template->specializations()) {
    const ValueDecl *SpecTarget = nullptr;
    if (!Spec->getBody() || !startsOnExecutorParameter(*Spec, SpecTarget))
      continue;
    unsigned Index =
        llvm::cast<ParmVarDecl>(SpecTarget)->getFunctionScopeIndex();
    // Parameter packs shift the indices; name the target only when the
    // pattern has no pack before it.
    Target = nullptr;
    if (Index < Coroutine.getNumParams()) {
      bool PackBefore = false;
      for (unsigned I = 0; I <= Index; ++I)
        PackBefore |= Coroutine.getParamDecl(I)->isParameterPack();
      if (!PackBefore)
        Target = llvm::cast<ValueDecl>(
            Coroutine.getParamDecl(Index)->getCanonicalDecl());
    }
    return true;
  }
  return false;
}

namespace {

/// Walks a coroutine body in program order, one compound statement at a
/// time: a hop in a statement list covers the statements after it in that
/// list and everything nested in them, never the statements after the
/// list (a hop in one branch of an `if` says nothing of the other) nor the
/// ones before it in a loop.
class HopWalker {
public:
  struct State {
    bool Hopped = false;
    const ValueDecl *First = nullptr;
    bool OnChosen = false;
  };

  explicit HopWalker(llvm::DenseSet<const Expr *> &Out) : Out(Out) {}

  void walk(const Stmt *S, State St) {
    if (!S)
      return;
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(S)) {
      // Its body runs wherever the lambda is called.
      for (const Expr *Init : Lambda->capture_inits())
        walk(Init, St);
      return;
    }
    if (llvm::isa<BlockExpr>(S))
      return;
    if (St.OnChosen && (llvm::isa<CallExpr>(S) || llvm::isa<CXXConstructExpr>(S)))
      Out.insert(llvm::cast<Expr>(S));
    if (const auto *Compound = llvm::dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : Compound->body()) {
        walk(Child, St);
        apply(Child, St);
      }
      return;
    }
    for (const Stmt *Child : S->children())
      walk(Child, St);
  }

  static void apply(const Stmt *S, State &St) {
    const auto *E = llvm::dyn_cast_or_null<Expr>(S);
    E = strip(E);
    if (!E || !(llvm::isa<CoawaitExpr>(E) || llvm::isa<DependentCoawaitExpr>(E)))
      return;
    const ValueDecl *Target = nullptr;
    if (!isExecutorHop(*E, Target))
      return;
    // The first executor the coroutine moves to is the one its work was
    // meant for; a hop to any other is a hop back (or onward) to where that
    // work does not belong, and a hop to the first one again returns to it.
    if (!St.Hopped) {
      St.Hopped = true;
      St.First = Target;
      St.OnChosen = true;
      return;
    }
    St.OnChosen = Target == St.First;
  }

private:
  llvm::DenseSet<const Expr *> &Out;
};

class RegistrationFinder : public RecursiveASTVisitor<RegistrationFinder> {
public:
  explicit RegistrationFinder(llvm::DenseSet<const FunctionDecl *> &Out)
      : Out(Out) {}
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *FD = llvm::dyn_cast<FunctionDecl>(Ref->getDecl()))
      if (FD->getLocation().isMacroID())
        Out.insert(FD->getCanonicalDecl());
    return true;
  }

private:
  llvm::DenseSet<const FunctionDecl *> &Out;
};

/// Records, for every function of the main file, which functions refer to
/// it.
class UseFinder : public RecursiveASTVisitor<UseFinder> {
public:
  UseFinder(const SourceManager &SM,
            llvm::DenseMap<const FunctionDecl *,
                           llvm::SmallVector<const FunctionDecl *, 2>> &Out)
      : SM(SM), Out(Out) {}

  bool TraverseDecl(Decl *D) {
    const auto *FD = llvm::dyn_cast_or_null<FunctionDecl>(D);
    if (FD && FD->doesThisDeclarationHaveABody())
      Enclosing.push_back(FD);
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    if (FD && FD->doesThisDeclarationHaveABody())
      Enclosing.pop_back();
    return Result;
  }
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    Enclosing.push_back(Lambda->getCallOperator());
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
    Enclosing.pop_back();
    return Result;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *FD = llvm::dyn_cast<FunctionDecl>(Ref->getDecl());
    if (!FD || !SM.isInMainFile(SM.getExpansionLoc(FD->getLocation())))
      return true;
    const FunctionDecl *User = Enclosing.empty() ? nullptr : Enclosing.back();
    Out[FD->getCanonicalDecl()].push_back(User);
    if (const FunctionTemplateDecl *Primary = FD->getPrimaryTemplate())
      Out[Primary->getTemplatedDecl()->getCanonicalDecl()].push_back(User);
    return true;
  }

private:
  const SourceManager &SM;
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<const FunctionDecl *, 2>> &Out;
  llvm::SmallVector<const FunctionDecl *, 8> Enclosing;
};

} // namespace

static bool derivesFromTestingTest(const CXXRecordDecl *RD,
                                   unsigned Depth = 0) {
  RD = definitionOf(RD);
  if (!RD || !RD->hasDefinition() || Depth > 16)
    return false;
  for (const CXXBaseSpecifier &Base : RD->bases()) {
    const CXXRecordDecl *B = recordForType(Base.getType());
    if (!B)
      continue;
    if (plainQualifiedName(*B) == "testing::Test" ||
        derivesFromTestingTest(B, Depth + 1))
      return true;
  }
  return false;
}

/// Whether the promise of \p Coroutine never suspends at its start; a
/// template is judged by its instantiations.
static bool initialSuspendNever(const FunctionDecl &Coroutine,
                                unsigned Depth = 0) {
  const CoroutineBodyStmt *Body = getCoroutineBody(Coroutine);
  const VarDecl *Promise = Body ? Body->getPromiseDecl() : nullptr;
  if (!Promise)
    return false;
  if (!Promise->getType()->isDependentType()) {
    const FunctionDecl *Initial = asFunction(
        findMember(recordForType(Promise->getType()), "initial_suspend"));
    return Initial && suspendBehavior(Initial->getReturnType()) ==
                          SuspendBehavior::Never;
  }
  const FunctionTemplateDecl *Template =
      Coroutine.getDescribedFunctionTemplate();
  if (!Template || Depth > 0)
    return false;
  bool Any = false;
  for (const FunctionDecl *Spec : Template->specializations()) {
    if (!Spec->getBody())
      continue;
    if (!initialSuspendNever(*Spec, Depth + 1))
      return false;
    Any = true;
  }
  return Any;
}

namespace {

class SuspensionFinder : public RecursiveASTVisitor<SuspensionFinder> {
public:
  bool Found = false;
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    for (Expr *Init : Lambda->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *) { return !(Found = true); }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
    return !(Found = true);
  }
  bool VisitCoyieldExpr(CoyieldExpr *) { return !(Found = true); }
};

class CallGatherer : public RecursiveASTVisitor<CallGatherer> {
public:
  explicit CallGatherer(llvm::DenseSet<const Expr *> &Out) : Out(Out) {}
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    for (Expr *Init : Lambda->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCallExpr(CallExpr *Call) {
    Out.insert(Call);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    Out.insert(Construct);
    return true;
  }

private:
  llvm::DenseSet<const Expr *> &Out;
};

} // namespace

bool ExecutionContext::startsInCaller(const FunctionDecl &Coroutine) {
  auto It = InCaller.find(&Coroutine);
  if (It == InCaller.end()) {
    std::optional<llvm::DenseSet<const Expr *>> Calls;
    const CoroutineBodyStmt *Body = getCoroutineBody(Coroutine);
    if (Body && initialSuspendNever(Coroutine)) {
      Calls.emplace();
      CallGatherer Gather(*Calls);
      if (auto *Compound =
              llvm::dyn_cast_or_null<CompoundStmt>(Body->getBody()))
        for (Stmt *S : Compound->body()) {
          SuspensionFinder Suspends;
          Suspends.TraverseStmt(S);
          if (Suspends.Found)
            break;
          Gather.TraverseStmt(S);
        }
    }
    It = InCaller.try_emplace(&Coroutine, std::move(Calls)).first;
  }
  return It->second.has_value();
}

bool ExecutionContext::runsInCaller(const FunctionDecl &Coroutine,
                                    const Expr &Call) {
  return startsInCaller(Coroutine) &&
         InCaller.find(&Coroutine)->second->contains(&Call);
}

void ExecutionContext::reset(ASTContext *NewContext) {
  Context = NewContext;
  Hopped.clear();
  InCaller.clear();
  RegistrarsCollected = false;
  Registered.clear();
  UsesCollected = false;
  Users.clear();
}

const llvm::DenseSet<const Expr *> &
ExecutionContext::callsOnChosenExecutor(const FunctionDecl &Coroutine) {
  if (auto It = Hopped.find(&Coroutine); It != Hopped.end())
    return It->second;
  llvm::DenseSet<const Expr *> Calls;
  if (const CoroutineBodyStmt *Body = getCoroutineBody(Coroutine)) {
    HopWalker::State Start;
    const ValueDecl *Target = nullptr;
    if (patternStartsOnExecutorParameter(Coroutine, Target)) {
      Start.Hopped = true;
      Start.First = Target;
      Start.OnChosen = true;
    }
    HopWalker(Calls).walk(Body->getBody(), Start);
  }
  return Hopped[&Coroutine] = std::move(Calls);
}

bool ExecutionContext::runsOnChosenExecutor(const FunctionDecl &Coroutine,
                                            const Expr &Call) {
  return callsOnChosenExecutor(Coroutine).contains(&Call);
}

void ExecutionContext::collectRegisteredFunctions() {
  if (RegistrarsCollected || !Context)
    return;
  RegistrarsCollected = true;
  const SourceManager &SM = Context->getSourceManager();
  RegistrationFinder Finder(Registered);
  llvm::SmallVector<const DeclContext *, 16> Work{
      Context->getTranslationUnitDecl()};
  while (!Work.empty()) {
    const DeclContext *DC = Work.pop_back_val();
    for (const Decl *D : DC->decls()) {
      // Test cases are defined in the main file; headers are not walked.
      if (!SM.isInMainFile(SM.getExpansionLoc(D->getLocation())))
        continue;
      if (llvm::isa<NamespaceDecl>(D) || llvm::isa<LinkageSpecDecl>(D) ||
          llvm::isa<ExportDecl>(D)) {
        Work.push_back(llvm::cast<DeclContext>(D));
        continue;
      }
      // A registrar: a variable at namespace scope that a test macro
      // defines, whose initializer hands a function the same macro defined
      // to the framework (Catch2's AutoReg, doctest's regTest).
      const auto *Var = llvm::dyn_cast<VarDecl>(D);
      if (!Var || !Var->hasGlobalStorage() || !Var->getLocation().isMacroID() ||
          !Var->getInit() || SM.isInSystemHeader(Var->getLocation()))
        continue;
      Finder.TraverseStmt(const_cast<Expr *>(Var->getInit()));
    }
  }
}

bool ExecutionContext::isTestCaseFunction(const FunctionDecl &FD) {
  // Test macros define the function: its name comes from the expansion.
  if (!FD.getLocation().isMacroID())
    return false;
  // gtest's TEST, TEST_F, TEST_P and folly's CO_TEST: TestBody (or
  // co_TestBody) of a class the macro derives from testing::Test.
  if (const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&FD))
    if (Method->getParent()->getLocation().isMacroID() &&
        derivesFromTestingTest(Method->getParent()))
      return true;
  collectRegisteredFunctions();
  return Registered.contains(FD.getCanonicalDecl());
}

void ExecutionContext::collectUses() {
  if (UsesCollected || !Context)
    return;
  UsesCollected = true;
  const SourceManager &SM = Context->getSourceManager();
  UseFinder Finder(SM, Users);
  llvm::SmallVector<DeclContext *, 16> Work{Context->getTranslationUnitDecl()};
  while (!Work.empty()) {
    DeclContext *DC = Work.pop_back_val();
    for (Decl *D : DC->decls()) {
      if (!SM.isInMainFile(SM.getExpansionLoc(D->getLocation())))
        continue;
      if (llvm::isa<NamespaceDecl>(D) || llvm::isa<LinkageSpecDecl>(D))
        Work.push_back(llvm::cast<DeclContext>(D));
      else
        Finder.TraverseDecl(D);
    }
  }
}

bool ExecutionContext::onlyUsedByTests(const FunctionDecl &FD,
                                       unsigned Depth) {
  if (Depth > 4 || !Context)
    return false;
  const SourceManager &SM = Context->getSourceManager();
  if (!SM.isInMainFile(SM.getExpansionLoc(FD.getLocation())))
    return false;
  collectUses();
  auto It = Users.find(FD.getCanonicalDecl());
  if (It == Users.end() || It->second.empty())
    return false;
  for (const FunctionDecl *User : It->second)
    if (!User || User == &FD || !isInTestCaseImpl(*User, Depth + 1))
      return false;
  return true;
}

bool ExecutionContext::isInTestCase(const FunctionDecl &Coroutine) {
  return isInTestCaseImpl(Coroutine, 0);
}

bool ExecutionContext::isInTestCaseImpl(const FunctionDecl &Coroutine,
                                        unsigned Depth) {
  const FunctionDecl *FD = &Coroutine;
  for (unsigned Depth = 0; FD && Depth < 16; ++Depth) {
    const auto *Method = llvm::dyn_cast<CXXMethodDecl>(FD);
    if (!Method || !Method->getParent()->isLambda())
      break;
    FD = llvm::dyn_cast<FunctionDecl>(Method->getParent()->getDeclContext());
  }
  if (!FD)
    return false;
  if (isTestCaseFunction(*FD))
    return true;
  // A helper only test cases use, or an instantiation of one.
  if (onlyUsedByTests(*FD, Depth))
    return true;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    return Pattern != FD && onlyUsedByTests(*Pattern, Depth);
  return false;
}

} // namespace clang::tidy::async::utils
