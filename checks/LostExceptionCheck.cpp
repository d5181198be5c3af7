//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LostExceptionCheck.h"
#include "utils/ExceptionChannels.h"
#include "utils/StmtWalk.h"
#include "utils/WaitOnlyCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

LostExceptionCheck::LostExceptionCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ReportUnknownBodies(Options.get("ReportUnknownBodies", false)) {}

void LostExceptionCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ReportUnknownBodies", ReportUnknownBodies);
}

void LostExceptionCheck::registerMatchers(MatchFinder *Finder) {
  // Every place that starts work, drops a future or defines a promise is in
  // a function body: the body is walked once (see walk()), instead of a
  // matcher tried on every call and every block of the unit. Lambdas are
  // walked from their own match, so that each node is visited once.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
}

void LostExceptionCheck::onStartOfTranslationUnit() {
  Classifier.reset(nullptr);
  Failures.clear();
  Tokens.clear();
  SpawnDrops.clear();
  Reported.clear();
}

void LostExceptionCheck::check(const MatchFinder::MatchResult &Result) {
  Classifier.setContext(Result.Context);
  Ctx = Result.Context;
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    // A lambda's body is walked from the lambda's match (the pattern); an
    // instantiation of a generic lambda only from here.
    if (const auto *M = llvm::dyn_cast<CXXMethodDecl>(FD);
        M && M->getParent()->isLambda() && !M->isTemplateInstantiation())
      return;
    if (const auto *Ctor = llvm::dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten())
          walk(Init->getInit());
    walk(FD->getBody());
    checkPromise(*FD);
  }
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    walk(Lambda->getBody());
}

namespace {

const FunctionDecl *asFunction(const NamedDecl *D) {
  if (const auto *Template = llvm::dyn_cast_or_null<FunctionTemplateDecl>(D))
    return Template->getTemplatedDecl();
  return llvm::dyn_cast_or_null<FunctionDecl>(D);
}

// Whether \p D is declared in namespace std or a namespace inside it.
bool inStd(const Decl &D) {
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

bool isExceptionPtr(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "exception_ptr" &&
         inStd(*RD);
}

// Whether \p Body refers to \p Param.
bool mentions(const Stmt *Body, const ParmVarDecl *Param) {
  return utils::anyNode(Body, /*IntoLambdas=*/true, [&](const Stmt &S) {
    const auto *DRE = llvm::dyn_cast<DeclRefExpr>(&S);
    return DRE && DRE->getDecl() == Param;
  });
}

// Whether every call operator of \p RD takes what it is given first (the
// exception) and never looks at it. False when \p RD has none, or one
// whose body is not at hand.
bool handlerIgnoresException(const CXXRecordDecl &RD) {
  const CXXRecordDecl *Def = RD.getDefinition();
  if (!Def)
    return false;
  DeclarationName Call =
      Def->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  bool Any = false;
  for (const NamedDecl *D : Def->lookup(Call)) {
    const FunctionDecl *FD = asFunction(D);
    if (!FD)
      continue;
    Any = true;
    const Stmt *Body = FD->getBody();
    if (!Body || FD->getNumParams() == 0)
      return false;
    const ParmVarDecl *First = FD->getParamDecl(0);
    QualType T = First->getType();
    if (!isExceptionPtr(T) && !T->isDependentType() &&
        !First->isParameterPack())
      return false;
    if (First->getIdentifier() && mentions(Body, First))
      return false;
  }
  return Any;
}

// Whether \p RD is a function object whose call operators all do nothing:
// Asio's handler for `detached`.
bool doesNothing(const CXXRecordDecl *RD) {
  if (!RD || !RD->getDefinition())
    return false;
  RD = RD->getDefinition();
  DeclarationName Call =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  bool Any = false;
  for (const NamedDecl *D : RD->lookup(Call)) {
    const FunctionDecl *FD = asFunction(D);
    if (!FD)
      continue;
    const auto *Body = llvm::dyn_cast_or_null<CompoundStmt>(FD->getBody());
    if (!Body || !Body->body_empty())
      return false;
    Any = true;
  }
  return Any;
}

// Whether \p Spec, an `async_result` specialization for a token, completes
// with a handler that does nothing: its `completion_handler_type`, or a
// handler its members construct.
bool completesWithNothing(const CXXRecordDecl &Spec) {
  for (const Decl *D : Spec.decls()) {
    if (const auto *Alias = llvm::dyn_cast<TypedefNameDecl>(D)) {
      if (Alias->getName() == "completion_handler_type")
        return doesNothing(Alias->getUnderlyingType()->getAsCXXRecordDecl());
      continue;
    }
    const FunctionDecl *FD = asFunction(llvm::dyn_cast<NamedDecl>(D));
    if (!FD || !FD->getBody())
      continue;
    bool Found =
        utils::anyNode(FD->getBody(), /*IntoLambdas=*/false, [](const Stmt &S) {
          const auto *E = llvm::dyn_cast<Expr>(&S);
          if (!E || !llvm::isa<CXXConstructExpr, CXXFunctionalCastExpr,
                               CXXUnresolvedConstructExpr>(E))
            return false;
          return doesNothing(E->getType()->getAsCXXRecordDecl());
        });
    if (Found)
      return true;
  }
  return false;
}

// Strips what hands a value on unchanged: implicit nodes, parentheses,
// copies and moves, std::move.
const Expr *handedOn(const Expr *E) {
  for (unsigned I = 0; E && I < 16; ++I) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1 &&
        Construct->getConstructor() &&
        Construct->getConstructor()->isCopyOrMoveConstructor()) {
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Cast = llvm::dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
        Call->getDirectCallee()->isInStdNamespace() &&
        Call->getDirectCallee()->getIdentifier() &&
        (Call->getDirectCallee()->getName() == "move" ||
         Call->getDirectCallee()->getName() == "forward")) {
      E = Call->getArg(0);
      continue;
    }
    break;
  }
  return E;
}

// The function whose body the coroutine \p E stands for runs: the coroutine
// it was returned by, or the lambda that is the coroutine. Null when that
// cannot be told or its body is not in the translation unit.
const FunctionDecl *coroutineOf(const Expr *E) {
  for (unsigned I = 0; E && I < 4; ++I) {
    E = handedOn(E);
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(E))
      return Lambda->getCallOperator();
    if (const auto *Call = llvm::dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
      if (!Def)
        return nullptr;
      // A virtual call may run another override.
      if (const auto *M = llvm::dyn_cast<CXXMethodDecl>(Def);
          M && M->isVirtual())
        return nullptr;
      return utils::isCoroutine(*Def) ? Def : nullptr;
    }
    // A local variable that holds the task or the lambda.
    if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD || !VD->hasLocalStorage() || VD->getType()->isReferenceType() ||
          !VD->getInit())
        return nullptr;
      E = VD->getInit();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

// A future that can be waited for and read: what `start()` gives back.
bool isFutureLike(QualType T) {
  const CXXRecordDecl *RD = utils::recordForType(T);
  return utils::findMember(RD, "get") && utils::findMember(RD, "wait");
}

} // namespace

bool LostExceptionCheck::discardsException(const CXXRecordDecl &Token) {
  const CXXRecordDecl *Key = Token.getCanonicalDecl();
  if (auto It = Tokens.find(Key); It != Tokens.end())
    return It->second;
  bool Discards = false;
  const CXXRecordDecl *Def = Token.getDefinition();
  DeclarationName Call =
      Token.getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  if (Def && !Def->lookup(Call).empty()) {
    // The token is the handler.
    Discards = handlerIgnoresException(*Def);
  } else if (const DeclContext *NS = Token.getEnclosingNamespaceContext()) {
    // A token completes as its `async_result` specialization says.
    for (const NamedDecl *D :
         NS->lookup(&Token.getASTContext().Idents.get("async_result"))) {
      const auto *Template = llvm::dyn_cast<ClassTemplateDecl>(D);
      if (!Template)
        continue;
      llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 8> Partials;
      Template->getPartialSpecializations(Partials);
      for (const ClassTemplatePartialSpecializationDecl *Partial : Partials) {
        const TemplateArgumentList &Args = Partial->getTemplateArgs();
        if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
          continue;
        const CXXRecordDecl *For = Args[0].getAsType()->getAsCXXRecordDecl();
        if (For && For->getCanonicalDecl() == Key &&
            completesWithNothing(*Partial)) {
          Discards = true;
          break;
        }
      }
    }
  }
  Tokens[Key] = Discards;
  return Discards;
}

// What the token is called in the message: the variable or the type.
static std::string tokenName(const Expr *Token) {
  const Expr *E = Token->IgnoreImplicit()->IgnoreParens();
  if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl()->getNameAsString();
  if (const CXXRecordDecl *RD = utils::recordForType(E->getType()))
    return RD->getNameAsString();
  return "";
}

const Expr *LostExceptionCheck::detachedBySpawn(const CallExpr &Call,
                                                const CXXRecordDecl *&TokenRD) {
  if (Call.isTypeDependent() || llvm::isa<CXXOperatorCallExpr>(Call))
    return nullptr;
  // The token is the last argument written: Asio's co_spawn ends with a
  // defaulted constraint parameter.
  unsigned N = Call.getNumArgs();
  while (N > 0 && llvm::isa_and_nonnull<CXXDefaultArgExpr>(Call.getArg(N - 1)))
    --N;
  if (N < 2)
    return nullptr;
  const Expr *Token = Call.getArg(N - 1);
  if (!Token || Token->isTypeDependent())
    return nullptr;
  TokenRD = utils::recordForType(Token->getType());
  if (!TokenRD || !TokenRD->hasDefinition())
    return nullptr;
  // The coroutine handed over: a task, or a callable that returns one.
  const Expr *Task = nullptr;
  for (unsigned I = 0; I + 1 < N && !Task; ++I) {
    const Expr *Arg = Call.getArg(I);
    if (!Arg || Arg->isTypeDependent())
      continue;
    QualType T = Arg->getType();
    if (utils::isTask(Classifier.classify(T))) {
      Task = Arg;
      continue;
    }
    const CXXRecordDecl *RD = utils::recordForType(T);
    if (RD && RD->isLambda())
      if (const CXXMethodDecl *Op = RD->getLambdaCallOperator();
          Op && utils::isTask(Classifier.classify(Op->getReturnType())))
        Task = Arg;
  }
  if (!Task || !discardsException(*TokenRD))
    return nullptr;
  return Task;
}

void LostExceptionCheck::checkSpawn(const CallExpr &Call, ASTContext &Ctx) {
  const CXXRecordDecl *TokenRD = nullptr;
  const Expr *Task = detachedBySpawn(Call, TokenRD);
  if (!Task)
    return;
  const FunctionDecl *Body = coroutineOf(Task);
  bool Handler =
      TokenRD->isLambda() ||
      !TokenRD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Call))
           .empty();
  unsigned N = Call.getNumArgs();
  while (N > 0 && llvm::isa_and_nonnull<CXXDefaultArgExpr>(Call.getArg(N - 1)))
    --N;
  std::string Name = Handler ? "" : tokenName(Call.getArg(N - 1));
  report(Call.getBeginLoc(), Body, Task, Name.empty() ? 1 : 0, Name);
}

const Expr *LostExceptionCheck::detachedByStart(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (Call.getNumArgs() != 0 || !Method || !Method->getIdentifier() ||
      Method->getName() != "start")
    return nullptr;
  if (Call.isTypeDependent() || !isFutureLike(Call.getType()))
    return nullptr;
  // The task, or the task bound to an executor (`scheduleOn(ex)`).
  const Expr *Object = handedOn(Call.getImplicitObjectArgument());
  if (!Object)
    return nullptr;
  if (utils::isTask(Classifier.classify(Object->getType())))
    return Object;
  // Bound by a member of the task (`std::move(t).scheduleOn(ex)`) or by a
  // function given the task (`co_withExecutor(ex, t)`).
  const Expr *Bound = nullptr;
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Object)) {
    Bound = handedOn(Member->getImplicitObjectArgument());
  } else if (const auto *Bind = llvm::dyn_cast<CallExpr>(Object);
             Bind && !llvm::isa<CXXOperatorCallExpr>(Bind)) {
    for (const Expr *Arg : Bind->arguments())
      if (Arg && !Arg->isTypeDependent() &&
          utils::isTask(Classifier.classify(Arg->getType()))) {
        Bound = handedOn(Arg);
        break;
      }
  }
  if (!Bound || !utils::isTask(Classifier.classify(Bound->getType())))
    return nullptr;
  return Bound;
}

// What a statement of a block, or a cast to void, discards: \p E without
// the implicit nodes and parentheses around it.
static const Expr *discarded(const Expr *E) {
  auto Strip = [](const Expr *X) {
    return X->IgnoreImplicit()->IgnoreParens()->IgnoreImplicit();
  };
  E = Strip(E);
  if (const auto *Cast = llvm::dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getTypeAsWritten()->isVoidType())
    E = Strip(Cast->getSubExpr());
  return E;
}

void LostExceptionCheck::checkDiscarded(const Expr &Statement) {
  const Expr *E = discarded(&Statement);
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(E)) {
    if (const Expr *Object = detachedByStart(*Member)) {
      report(Member->getExprLoc(), coroutineOf(Object), Object, 2,
             Member->getMethodDecl()->getName());
      return;
    }
  }
  const auto *Call = llvm::dyn_cast<CallExpr>(E);
  if (!Call || Call->isTypeDependent() ||
      Classifier.classify(Call->getType()) != utils::AwaitableKind::EagerTask)
    return;
  // A dropped operation that only waits is async-unawaited-coroutine's.
  if (utils::classifyWaitOnlyCall(*Call, Classifier).Kind !=
      utils::WaitOnlyKind::None)
    return;
  if (utils::exceptionFate(Classifier.promiseRecord(Call->getType())) !=
      utils::ExceptionFate::Stored)
    return;
  report(Call->getBeginLoc(), coroutineOf(Call), Call, 3, "");
}

// Whether \p Arg is the parameter \p P handed on (`t`, `std::move(t)`).
static bool isParam(const Expr *Arg, const ParmVarDecl *P) {
  const auto *DRE =
      llvm::dyn_cast_or_null<DeclRefExpr>(Arg ? handedOn(Arg) : nullptr);
  return DRE && DRE->getDecl() == P;
}

// Whether \p S awaits the parameter \p P (`co_await std::move(t)`) outside
// a `try` whose handlers catch everything and do not throw again.
static bool awaitsUnprotected(const Stmt *S, const ParmVarDecl *P,
                              bool Protected, unsigned Depth = 0) {
  if (!S || Depth > 256 || llvm::isa<LambdaExpr, BlockExpr>(S))
    return false;
  if (const auto *Try = llvm::dyn_cast<CXXTryStmt>(S)) {
    if (awaitsUnprotected(Try->getTryBlock(), P,
                          Protected || utils::catchesEverything(*Try),
                          Depth + 1))
      return true;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      if (awaitsUnprotected(Try->getHandler(I), P, Protected, Depth + 1))
        return true;
    return false;
  }
  if (const auto *Await = llvm::dyn_cast<CoroutineSuspendExpr>(S);
      Await && !Protected && isParam(Await->getOperand(), P))
    return true;
  for (const Stmt *Child : S->children())
    if (awaitsUnprotected(Child, P, Protected, Depth + 1))
      return true;
  return false;
}

// The function a call runs and the index of its first argument's parameter
// (an immediately invoked lambda's call operator counts its object first).
static const FunctionDecl *calleeOf(const CallExpr &Call, unsigned &Offset) {
  Offset = 0;
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Call)) {
    const auto *M = llvm::dyn_cast_or_null<CXXMethodDecl>(Callee);
    if (Op->getOperator() != OO_Call || !M || !M->getParent()->isLambda())
      return nullptr;
    Offset = 1;
  }
  return Callee;
}

const Stmt *LostExceptionCheck::carries(const Expr *Task, const ParmVarDecl *P,
                                        unsigned Depth) {
  if (isParam(Task, P))
    return Task;
  // A wrapping coroutine of the file given the parameter, that awaits it
  // where nothing catches what it throws.
  const auto *Call = llvm::dyn_cast_or_null<CallExpr>(handedOn(Task));
  if (!Call || Depth > 4)
    return nullptr;
  unsigned Offset = 0;
  const FunctionDecl *Callee = calleeOf(*Call, Offset);
  const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
  const CoroutineBodyStmt *Coro = Def ? utils::getCoroutineBody(*Def) : nullptr;
  if (!Coro)
    return nullptr;
  for (unsigned I = Offset; I < Call->getNumArgs(); ++I)
    if (I - Offset < Def->getNumParams() && isParam(Call->getArg(I), P) &&
        awaitsUnprotected(Coro->getBody(), Def->getParamDecl(I - Offset),
                          false))
      return Call;
  return nullptr;
}

const Stmt *LostExceptionCheck::dropsTask(const FunctionDecl &Callee,
                                          unsigned Index, unsigned Depth) {
  const FunctionDecl *Def = Callee.getDefinition();
  if (!Def || !Def->getBody() || Index >= Def->getNumParams() || Depth > 4)
    return nullptr;
  auto Key = std::make_pair(Def, Index);
  if (auto It = SpawnDrops.find(Key); It != SpawnDrops.end())
    return It->second;
  SpawnDrops[Key] = nullptr;
  // A function of the project that starts the task it is given and gives
  // its caller nothing to see the outcome by.
  const ParmVarDecl *P = Def->getParamDecl(Index);
  QualType PT = P->getType();
  const SourceManager &SM = Def->getASTContext().getSourceManager();
  if (inStd(*Def) || !Def->getReturnType()->isVoidType() ||
      PT->isLValueReferenceType() || utils::isCoroutine(*Def) ||
      SM.isInSystemHeader(Def->getLocation()) ||
      !utils::isTask(Classifier.classify(PT.getNonReferenceType())))
    return nullptr;
  const Stmt *Drop = nullptr;
  utils::anyNode(Def->getBody(), /*IntoLambdas=*/false, [&](const Stmt &S) {
    if (const auto *Block = llvm::dyn_cast<CompoundStmt>(&S)) {
      for (const Stmt *Child : Block->body()) {
        const auto *E = llvm::dyn_cast_or_null<Expr>(Child);
        if (!E)
          continue;
        E = discarded(E);
        // A dropped start() future.
        if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(E))
          if (const Expr *Object = detachedByStart(*Member);
              Object && carries(Object, P, Depth)) {
            Drop = Member;
            return true;
          }
        // A dropped eager coroutine given the task, whose promise loses or
        // keeps to itself what it throws.
        if (const auto *Call = llvm::dyn_cast<CallExpr>(E);
            Call && !Call->isTypeDependent() &&
            Classifier.classify(Call->getType()) ==
                utils::AwaitableKind::EagerTask) {
          utils::ExceptionFate Fate =
              utils::exceptionFate(Classifier.promiseRecord(Call->getType()));
          if ((Fate == utils::ExceptionFate::Dropped ||
               Fate == utils::ExceptionFate::Stored) &&
              carries(Call, P, Depth) == Call) {
            Drop = Call;
            return true;
          }
        }
      }
      return false;
    }
    const auto *Call = llvm::dyn_cast<CallExpr>(&S);
    if (!Call || Call->getNumArgs() == 0)
      return false;
    // Spawned with a token that discards the exception.
    const CXXRecordDecl *TokenRD = nullptr;
    if (const Expr *Task = detachedBySpawn(*Call, TokenRD);
        Task && carries(Task, P, Depth)) {
      Drop = Call;
      return true;
    }
    // Handed on to another function that drops it.
    unsigned Offset = 0;
    const FunctionDecl *Next = calleeOf(*Call, Offset);
    if (!Next || Next == Def)
      return false;
    for (unsigned I = Offset; I < Call->getNumArgs(); ++I)
      if (isParam(Call->getArg(I), P) &&
          dropsTask(*Next, I - Offset, Depth + 1)) {
        Drop = Call;
        return true;
      }
    return false;
  });
  SpawnDrops[Key] = Drop;
  return Drop;
}

void LostExceptionCheck::checkSpawnFunction(const CallExpr &Call) {
  if (Call.isTypeDependent() || !Call.getType()->isVoidType())
    return;
  unsigned Offset = 0;
  const FunctionDecl *Callee = calleeOf(Call, Offset);
  if (!Callee || !Callee->getIdentifier())
    return;
  for (unsigned I = Offset; I < Call.getNumArgs(); ++I) {
    const Expr *Arg = Call.getArg(I);
    if (!Arg || Arg->isTypeDependent() || !Arg->getType()->isRecordType() ||
        !utils::isTask(Classifier.classify(Arg->getType())))
      continue;
    if (const Stmt *Drop = dropsTask(*Callee, I - Offset, 0)) {
      report(Call.getBeginLoc(), coroutineOf(Arg), Arg, 4, Callee->getName(),
             Drop);
      return;
    }
  }
}

void LostExceptionCheck::walk(const Stmt *Root) {
  utils::anyNode(Root, /*IntoLambdas=*/false, [&](const Stmt &S) {
    if (const auto *Block = llvm::dyn_cast<CompoundStmt>(&S)) {
      for (const Stmt *Child : Block->body())
        if (const auto *E = llvm::dyn_cast_or_null<Expr>(Child))
          checkDiscarded(*E);
      return false;
    }
    const auto *Call = llvm::dyn_cast<CallExpr>(&S);
    if (!Call || Call->getNumArgs() == 0)
      return false;
    if (Call->getNumArgs() >= 2)
      checkSpawn(*Call, *Ctx);
    checkSpawnFunction(*Call);
    return false;
  });
}

void LostExceptionCheck::checkPromise(const FunctionDecl &FD) {
  // An empty unhandled_exception of a promise whose coroutines hand a result
  // to someone: the consumer is never told of the failure.
  const auto *M = llvm::dyn_cast<CXXMethodDecl>(&FD);
  if (!M || !M->getIdentifier() || M->getName() != "unhandled_exception" ||
      M->getTemplateInstantiationPattern() ||
      utils::exceptionFate(*M) != utils::ExceptionFate::Dropped)
    return;
  const CXXRecordDecl *Promise = M->getParent();
  if (!Promise || !utils::deliversResult(*Promise))
    return;
  SourceLocation Loc = Promise->getLocation();
  if (Loc.isInvalid() || !Reported.insert(Loc).second)
    return;
  diag(Loc, "promise type '%0' loses every exception of its coroutines: its "
            "'unhandled_exception' is empty, while its coroutines hand a "
            "result to whoever waits for them; store "
            "'std::current_exception()' and rethrow it where the result is "
            "read")
      << Promise->getName();
  diag(M->getLocation(), "'unhandled_exception' is defined here",
       DiagnosticIDs::Note);
}

void LostExceptionCheck::report(SourceLocation Loc, const FunctionDecl *Body,
                                const Expr *TaskExpr, unsigned How,
                                StringRef What, const Stmt *Drop) {
  if (Loc.isInvalid() || Ctx->getSourceManager().isInSystemHeader(
                             Ctx->getSourceManager().getExpansionLoc(Loc)))
    return;
  std::optional<utils::FailurePoint> Failure;
  if (Body) {
    Failure = Failures.escapingFailure(*Body);
    if (!Failure)
      return;
  } else if (!ReportUnknownBodies) {
    return;
  }
  if (!Reported.insert(Loc).second)
    return;
  std::string Coroutine;
  if (Body) {
    const auto *M = llvm::dyn_cast<CXXMethodDecl>(Body);
    Coroutine = M && M->getParent()->isLambda()
                    ? "the lambda coroutine"
                    : "coroutine '" + Body->getNameAsString() + "'";
  } else {
    const Expr *E = handedOn(TaskExpr);
    const auto *Call = llvm::dyn_cast_or_null<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    Coroutine = Callee && Callee->getIdentifier()
                    ? "coroutine '" + Callee->getName().str() + "'"
                    : "the coroutine";
  }
  // How: 0 a token, 1 a handler, 2 a discarded future, 3 a discarded eager
  // task, 4 a function that starts the task detached.
  if (How == 4) {
    diag(Loc, "%0 %select{can|may}1 fail and '%2' starts it detached, "
              "discarding its exception; give '%2' a way to report the "
              "failure (a handler, a future), or catch inside the coroutine")
        << Coroutine << (Body ? 0 : 1) << What;
    if (Drop)
      diag(Drop->getBeginLoc(),
           "'%0' starts the task here, where nobody sees its exception",
           DiagnosticIDs::Note)
          << What;
  } else if (How == 3)
    diag(Loc, "%0 %select{can|may}1 fail and its eager task is discarded, "
              "with the exception its promise stores; keep the task and "
              "await it or read its result, or catch inside the coroutine")
        << Coroutine << (Body ? 0 : 1);
  else if (How == 2)
    diag(Loc, "%0 %select{can|may}1 fail and the future '%2' returns is "
              "discarded, with the exception it would hold; keep the future "
              "and look at its result, or catch inside the coroutine")
        << Coroutine << (Body ? 0 : 1) << What;
  else
    diag(Loc, "%0 %select{can|may}1 fail and %select{'%3'|the completion "
              "handler}2 discards its exception; pass a handler that "
              "rethrows it, '[](std::exception_ptr e) { if (e) "
              "std::rethrow_exception(e); }', or catch inside the coroutine")
        << Coroutine << (Body ? 0 : 1) << How << What;
  if (!Failure)
    return;
  switch (Failure->What) {
  case utils::FailurePoint::Throw:
    diag(Failure->Loc, "an exception of type '%0' is thrown here",
         DiagnosticIDs::Note)
        << Failure->Name;
    break;
  case utils::FailurePoint::Rethrow:
    diag(Failure->Loc, "the exception is rethrown here", DiagnosticIDs::Note);
    break;
  case utils::FailurePoint::Await:
    if (Failure->Name.empty())
      diag(Failure->Loc, "this co_await can throw", DiagnosticIDs::Note);
    else
      diag(Failure->Loc, "awaiting '%0' can throw here", DiagnosticIDs::Note)
          << Failure->Name;
    break;
  case utils::FailurePoint::Call:
    if (Failure->Name.empty())
      diag(Failure->Loc, "this call can throw", DiagnosticIDs::Note);
    else
      diag(Failure->Loc, "'%0' can throw here", DiagnosticIDs::Note)
          << Failure->Name;
    break;
  }
}

} // namespace clang::tidy::async
