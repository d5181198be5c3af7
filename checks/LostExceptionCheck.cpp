//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LostExceptionCheck.h"
#include "utils/StmtWalk.h"
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
  // Calls that start work: a coroutine handed over with a completion token
  // (two or more arguments), and a member without arguments that starts a
  // task and gives back a future.
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()), argumentCountAtLeast(2))
          .bind("spawn"),
      this);
  // The future of `start()` is dropped when the call is a statement of its
  // own, or one cast to void; matched from the block, so that no parent map
  // of the unit is needed.
  auto Start = cxxMemberCallExpr(unless(isExpansionInSystemHeader()),
                                 argumentCountIs(0),
                                 callee(cxxMethodDecl(hasName("start"))))
                   .bind("start");
  auto Through = [](auto Inner) {
    return ignoringImplicit(ignoringParens(ignoringImplicit(Inner)));
  };
  Finder->addMatcher(
      compoundStmt(forEach(expr(Through(expr(
          anyOf(Start, explicitCastExpr(hasDestinationType(voidType()),
                                        hasSourceExpression(Through(Start))))))))),
      this);
}

void LostExceptionCheck::onStartOfTranslationUnit() {
  Classifier.reset(nullptr);
  Failures.clear();
  Tokens.clear();
  Reported.clear();
}

void LostExceptionCheck::check(const MatchFinder::MatchResult &Result) {
  Classifier.setContext(Result.Context);
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("spawn"))
    checkSpawn(*Call, *Result.Context);
  if (const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("start"))
    checkStart(*Call, *Result.Context);
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

void LostExceptionCheck::checkSpawn(const CallExpr &Call, ASTContext &Ctx) {
  if (Call.isTypeDependent() || llvm::isa<CXXOperatorCallExpr>(Call))
    return;
  // The token is the last argument written: Asio's co_spawn ends with a
  // defaulted constraint parameter.
  unsigned N = Call.getNumArgs();
  while (N > 0 && llvm::isa_and_nonnull<CXXDefaultArgExpr>(Call.getArg(N - 1)))
    --N;
  if (N < 2)
    return;
  const Expr *Token = Call.getArg(N - 1);
  if (!Token || Token->isTypeDependent())
    return;
  const CXXRecordDecl *TokenRD = utils::recordForType(Token->getType());
  if (!TokenRD || !TokenRD->hasDefinition())
    return;
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
    return;
  const FunctionDecl *Body = coroutineOf(Task);
  bool Handler =
      TokenRD->isLambda() ||
      !TokenRD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Call))
           .empty();
  std::string Name = Handler ? "" : tokenName(Token);
  report(Call.getBeginLoc(), Body, Task, Name.empty() ? 1 : 0, Name);
}

void LostExceptionCheck::checkStart(const CXXMemberCallExpr &Call,
                                    ASTContext &Ctx) {
  if (Call.isTypeDependent() || !isFutureLike(Call.getType()))
    return;
  // The task, or the task bound to an executor (`scheduleOn(ex)`).
  const Expr *Object = handedOn(Call.getImplicitObjectArgument());
  if (!Object)
    return;
  if (!utils::isTask(Classifier.classify(Object->getType()))) {
    // Bound by a member of the task (`std::move(t).scheduleOn(ex)`) or by
    // a function given the task (`co_withExecutor(ex, t)`).
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
      return;
    Object = Bound;
  }
  report(Call.getExprLoc(), coroutineOf(Object), Object, 2,
         Call.getMethodDecl()->getName());
}

void LostExceptionCheck::report(SourceLocation Loc, const FunctionDecl *Body,
                                const Expr *TaskExpr, unsigned How,
                                StringRef What) {
  if (Loc.isInvalid())
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
  // How: 0 a token, 1 a handler, 2 a discarded future.
  if (How == 2)
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
