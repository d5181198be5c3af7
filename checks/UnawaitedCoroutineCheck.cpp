//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "UnawaitedCoroutineCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "utils/StatementPositions.h"
#include "utils/ThrowExpectation.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {

// How a discarded value got discarded.
struct Discard {
  bool ThroughVoidCast = false;
  // An arm of `?:`: `co_await` in one arm only would not compile.
  bool ThroughConditional = false;
  // `std::ignore = make_task();`: as explicit as a cast to void, and
  // `co_await` in front would assign what the task returns.
  bool ThroughIgnore = false;
};

// `std::ignore`, the standard's object that swallows whatever is assigned
// to it.
static bool isStdIgnore(const Expr *E) {
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return false;
  const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
  return Var && Var->isInStdNamespace() && Var->getIdentifier() &&
         Var->getName() == "ignore";
}

// Where a discarded value is.
struct Place {
  bool InHandler = false;
  // The innermost try statement whose try block holds the value.
  const CXXTryStmt *Try = nullptr;
};

// Collects the locations of the variables a body refers to. Locations, not
// declarations: a template instantiation's variables are looked up in its
// pattern, whose variables are other declarations at the same places, and
// whose discarded `if constexpr` branches still count.
class ReferenceCollector : public RecursiveASTVisitor<ReferenceCollector> {
public:
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl()))
      References[Var->getLocation()].push_back(Ref->getLocation());
    return true;
  }
  // Blocks that are statements of their own, `{ ... }` inside a block, not
  // the body of an if, a loop, a try or a function.
  bool VisitCompoundStmt(CompoundStmt *S) {
    for (Stmt *Child : S->body())
      if (auto *Block = llvm::dyn_cast<CompoundStmt>(Child))
        BareBlocks.push_back(Block);
    return true;
  }
  bool isReferenced(SourceLocation Var) const {
    return References.contains(Var);
  }
  llvm::DenseMap<SourceLocation, llvm::SmallVector<SourceLocation, 4>>
      References;
  llvm::SmallVector<const CompoundStmt *, 4> BareBlocks;
};

// Whether a statement suspends the coroutine anywhere, lambdas aside.
class SuspensionFinder : public RecursiveASTVisitor<SuspensionFinder> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCoroutineSuspendExpr(CoroutineSuspendExpr *) {
    Found = true;
    return false;
  }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
    Found = true;
    return false;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    Found |= S->getCoawaitLoc().isValid();
    return !Found;
  }
  bool Found = false;
};

// Finds the calls whose value a function body throws away: expression
// statements, left operands of the built-in comma, operands of casts to
// void, and whatever flows into those through parentheses, temporaries, the
// right operand of a comma or an arm of `?:`. Anything else (an argument, an
// initializer, an operand of `co_await`, the object of a member call) uses
// the value. Walking down from the statements keeps the parent map, which
// costs as much as the check, unbuilt.
class DiscardFinder : public RecursiveASTVisitor<DiscardFinder> {
  using Base = RecursiveASTVisitor<DiscardFinder>;

public:
  using Callback =
      llvm::function_ref<void(const CallExpr &, const Discard &, Place)>;
  using VariableCallback = llvm::function_ref<void(const VarDecl &)>;
  using CallCallback = llvm::function_ref<void(const CallExpr &)>;
  /// \p OnDiscarded sees each call whose value is discarded, \p OnVariable
  /// each local variable, \p OnCall each call.
  DiscardFinder(Callback OnDiscarded, VariableCallback OnVariable,
                CallCallback OnCall)
      : OnDiscarded(OnDiscarded), OnVariable(OnVariable), OnCall(OnCall) {}

  // Lambdas and local classes are functions of their own, walked when they
  // are matched.
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    for (Expr *Init : Lambda->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  // Nothing runs in an unevaluated operand.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  // Types hold only unevaluated and constant expressions (decltype, array
  // bounds). Variadic: LLVM 22 added a parameter.
  template <typename... Rest> bool TraverseTypeLoc(TypeLoc, Rest...) {
    return true;
  }

  bool TraverseCXXCatchStmt(CXXCatchStmt *Catch) {
    ++HandlerDepth;
    const CXXTryStmt *Saved = Try;
    Try = nullptr;
    bool Result = Base::TraverseCXXCatchStmt(Catch);
    Try = Saved;
    --HandlerDepth;
    return Result;
  }
  bool TraverseCXXTryStmt(CXXTryStmt *S) {
    const CXXTryStmt *Saved = Try;
    Try = S;
    bool Result = TraverseStmt(S->getTryBlock());
    Try = Saved;
    for (unsigned I = 0, E = S->getNumHandlers(); Result && I != E; ++I)
      Result = TraverseStmt(S->getHandler(I));
    return Result;
  }

  // The statements whose value is thrown away.
  bool VisitStmt(Stmt *S) {
    Positions.forEachChild(*S, [&](const Stmt &Child) {
      if (const auto *E = llvm::dyn_cast<Expr>(&Child))
        value(E, Discard{});
    });
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    OnVariable(*Var);
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    OnCall(*Call);
    return true;
  }
  // Wherever they are, these discard an operand.
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Comma)
      value(Op->getLHS(), Discard{});
    return true;
  }
  bool VisitExplicitCastExpr(ExplicitCastExpr *Cast) {
    if (Cast->getType()->isVoidType())
      value(Cast->getSubExpr(), Discard{/*ThroughVoidCast=*/true, false});
    return true;
  }

private:
  void value(const Expr *E, Discard How) {
    while (E) {
      if (llvm::isa<ParenExpr, FullExpr, CXXBindTemporaryExpr,
                    MaterializeTemporaryExpr, ImplicitCastExpr>(E)) {
        E = llvm::cast<Expr>(*E->child_begin());
        continue;
      }
      if (const auto *Op = llvm::dyn_cast<BinaryOperator>(E)) {
        // The left operand is visited as a comma's, wherever it is.
        E = Op->getOpcode() == BO_Comma ? Op->getRHS() : nullptr;
        continue;
      }
      if (const auto *Cond = llvm::dyn_cast<ConditionalOperator>(E)) {
        How.ThroughConditional = true;
        value(Cond->getTrueExpr(), How);
        E = Cond->getFalseExpr();
        continue;
      }
      if (const auto *Cond = llvm::dyn_cast<BinaryConditionalOperator>(E)) {
        How.ThroughConditional = true;
        E = Cond->getFalseExpr();
        continue;
      }
      if (const auto *Cast = llvm::dyn_cast<ExplicitCastExpr>(E)) {
        // A cast to void is visited as one, wherever it is.
        E = Cast->getType()->isVoidType() ? nullptr : Cast->getSubExpr();
        continue;
      }
      if (const auto *Statements = llvm::dyn_cast<StmtExpr>(E)) {
        const CompoundStmt *Body = Statements->getSubStmt();
        E = Body && !Body->body_empty()
                ? llvm::dyn_cast<Expr>(Body->body_back())
                : nullptr;
        continue;
      }
      if (const auto *Assign = llvm::dyn_cast<CXXOperatorCallExpr>(E);
          Assign && Assign->getOperator() == OO_Equal &&
          Assign->getNumArgs() == 2 && isStdIgnore(Assign->getArg(0))) {
        How.ThroughIgnore = true;
        E = Assign->getArg(1);
        continue;
      }
      if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
        OnDiscarded(*Call, How, Place{HandlerDepth > 0, Try});
      return;
    }
  }

  Callback OnDiscarded;
  VariableCallback OnVariable;
  CallCallback OnCall;
  unsigned HandlerDepth = 0;
  const CXXTryStmt *Try = nullptr;
  utils::StatementPositions Positions;
};

} // namespace

static const TemplateDecl *templateOfType(QualType T) {
  const Type *Ty = T.getNonReferenceType().getCanonicalType().getTypePtr();
  if (const auto *Spec =
          llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
              Ty->getAsCXXRecordDecl()))
    return Spec->getSpecializedTemplate()->getCanonicalDecl();
  if (const auto *Spec = Ty->getAs<TemplateSpecializationType>())
    if (const TemplateDecl *TD = Spec->getTemplateName().getAsTemplateDecl())
      return llvm::cast<TemplateDecl>(TD->getCanonicalDecl());
  if (const auto *Injected = Ty->getAs<InjectedClassNameType>())
    if (const ClassTemplateDecl *TD =
            Injected->getDecl()->getDescribedClassTemplate())
      return TD->getCanonicalDecl();
  return nullptr;
}

// Whether `co_await` accepts a \p T without help from the promise: a lazy
// generator is a coroutine type nobody can await, and inserting `co_await`
// in front of it would not compile.
static bool isAwaitableByItself(QualType T) {
  const CXXRecordDecl *RD = utils::recordForType(T);
  if (!RD)
    return false;
  DeclarationName CoAwait =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (utils::findMember(RD, CoAwait))
    return true;
  if (utils::findMember(RD, "await_ready") &&
      utils::findMember(RD, "await_suspend") &&
      utils::findMember(RD, "await_resume"))
    return true;
  // A free operator co_await is found by argument-dependent lookup in the
  // record's namespace, or is a hidden friend of the record.
  const TemplateDecl *Own = templateOfType(T);
  auto TakesT = [&](const NamedDecl *D) {
    const FunctionDecl *FD = utils::asFunction(D);
    if (!FD || FD->getNumParams() == 0)
      return false;
    QualType Param = FD->getParamDecl(0)->getType();
    return utils::recordForType(Param) == RD ||
           (Own && templateOfType(Param) == Own);
  };
  for (const FriendDecl *Friend : RD->friends())
    if (const NamedDecl *D = Friend->getFriendDecl())
      if (D->getDeclName() == CoAwait && TakesT(D))
        return true;
  if (const DeclContext *NS = RD->getEnclosingNamespaceContext())
    for (const NamedDecl *D : NS->lookup(CoAwait))
      if (TakesT(D))
        return true;
  return false;
}

// A future that can also be awaited (folly::SemiFuture) stands for an
// operation that is already running: dropping it loses the result, not the
// work, and `task.start()` dropping one is how such work is detached.
static bool isFutureLike(QualType T) {
  const CXXRecordDecl *RD = utils::recordForType(T);
  return utils::findMember(RD, "get") && utils::findMember(RD, "wait");
}

// A copyable task (cppcoro::shared_task) shares its body between copies:
// dropping one copy loses nothing while another is awaited.
static bool isCopyable(QualType T) {
  const CXXRecordDecl *RD = utils::recordForType(T);
  if (!RD || !RD->hasDefinition())
    return false;
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyConstructor())
      return !Ctor->isDeleted();
  if (RD->hasUserDeclaredMoveConstructor() ||
      RD->hasUserDeclaredMoveAssignment())
    return false;
  return !RD->defaultedCopyConstructorIsDeleted();
}

// Whether \p E is a call of a coroutine whose body is at hand, and so
// creates a task of its own. Anything else may return a copy of a shared
// task that is kept elsewhere.
static bool callsCoroutine(const Expr *E) {
  const auto *Call = llvm::dyn_cast_or_null<CallExpr>(E);
  if (!Call || !Call->getDirectCallee())
    return false;
  const FunctionDecl *Definition = Call->getDirectCallee()->getDefinition();
  return Definition && utils::isCoroutine(*Definition);
}

// Code instantiated from a template: an edit there is an edit of the
// template, which other instantiations may not accept.
static bool isInstantiated(const FunctionDecl &Function) {
  for (const DeclContext *DC = &Function; DC; DC = DC->getParent()) {
    if (const auto *FD = llvm::dyn_cast<FunctionDecl>(DC);
        FD && FD->isTemplateInstantiation())
      return true;
    if (llvm::isa<ClassTemplateSpecializationDecl>(DC))
      return true;
  }
  return false;
}

// A generator's promise deletes await_transform so that its body cannot
// co_await anything.
static bool forbidsAwait(const CoroutineBodyStmt &Body) {
  const VarDecl *Promise = Body.getPromiseDecl();
  if (!Promise)
    return false;
  const NamedDecl *Transform = utils::findMember(
      utils::recordForType(Promise->getType()), "await_transform");
  if (!Transform)
    return false;
  for (const NamedDecl *D :
       Transform->getDeclContext()->lookup(Transform->getDeclName())) {
    const FunctionDecl *FD = utils::asFunction(D);
    if (!FD || !FD->isDeleted())
      return false;
  }
  return true;
}

// `co_await` is what was meant, where it compiles: in the coroutine's own
// body (not in an instantiation of a template), not inside a macro, and on
// something co_await accepts. The caller has ruled out catch handlers and
// `?:`.
static bool canInsertCoAwait(SourceLocation Loc, bool Awaitable,
                             const FunctionDecl &Function) {
  if (!Awaitable || Loc.isMacroID() || isInstantiated(Function))
    return false;
  const CoroutineBodyStmt *Body = utils::getCoroutineBody(Function);
  return Body && !forbidsAwait(*Body);
}

UnawaitedCoroutineCheck::UnawaitedCoroutineCheck(StringRef Name,
                                                 ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      AllowedTypesOption(tidy::utils::options::parseStringList(
          Options.get("AllowedTypes", ""))),
      AllowedFunctionsOption(tidy::utils::options::parseStringList(
          Options.get("AllowedFunctions", ""))),
      AllowCastToVoid(Options.get("AllowCastToVoid", false)) {
  AllowedTypes = utils::compilePatterns(AllowedTypesOption);
  AllowedFunctions.addSpecs(AllowedFunctionsOption, "");
}

void UnawaitedCoroutineCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AllowedTypes",
                tidy::utils::options::serializeStringList(AllowedTypesOption));
  Options.store(
      Opts, "AllowedFunctions",
      tidy::utils::options::serializeStringList(AllowedFunctionsOption));
  Options.store(Opts, "AllowCastToVoid", AllowCastToVoid);
}

void UnawaitedCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  // Each function body is walked once for discarded calls; whether a call
  // returns a task is decided there, with the classifier's cache.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
}

void UnawaitedCoroutineCheck::onStartOfTranslationUnit() {
  Classifier.reset(nullptr);
  Context = nullptr;
  TriedLambdas.clear();
  Walked.clear();
  Calls.clear();
  Variables.clear();
  WaitVariables.clear();
  Reported.clear();
}

void UnawaitedCoroutineCheck::check(const MatchFinder::MatchResult &Result) {
  Classifier.setContext(Result.Context);
  Context = Result.Context;
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    Function = Lambda->getCallOperator();
  if (Function)
    walkFunction(*Function);
}

void UnawaitedCoroutineCheck::recordTriedLambdas(const CallExpr &Call) {
  for (unsigned I = 0, E = Call.getNumArgs(); I != E; ++I) {
    const auto *Lambda =
        llvm::dyn_cast<LambdaExpr>(Call.getArg(I)->IgnoreImplicit());
    if (Lambda && utils::passesToThrowExpectation(Call, I))
      TriedLambdas.insert(Lambda->getLambdaClass()->getLocation());
  }
}

// The lambda whose body ends with \p Call, when \p Function is a lambda's
// call operator: `[&] { make_task(-1); }`.
static SourceLocation lambdaEndingWith(const CallExpr &Call,
                                       const FunctionDecl &Function) {
  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&Function);
  if (!Method || !Method->getParent()->isLambda())
    return {};
  const auto *Body = llvm::dyn_cast_or_null<CompoundStmt>(Function.getBody());
  if (!Body || Body->body_empty())
    return {};
  const auto *Last = llvm::dyn_cast<Expr>(Body->body_back());
  for (unsigned Depth = 0; Last && Depth < 8; ++Depth) {
    Last = Last->IgnoreImplicit()->IgnoreParens();
    const auto *Cast = llvm::dyn_cast<ExplicitCastExpr>(Last);
    if (!Cast || !Cast->getType()->isVoidType())
      break;
    Last = Cast->getSubExpr();
  }
  if (Last != &Call)
    return {};
  return Method->getParent()->getLocation();
}

// How a value of kind \p Kind and type \p T is named in a diagnostic.
static UnawaitedCoroutineCheck::Dropped
dropped(utils::AwaitableKind Kind, QualType T, bool AwaitableByItself) {
  using Dropped = UnawaitedCoroutineCheck::Dropped;
  switch (Kind) {
  case utils::AwaitableKind::Awaitable:
    return isFutureLike(T) ? Dropped::Future : Dropped::Awaitable;
  case utils::AwaitableKind::EagerTask:
    return Dropped::EagerTask;
  case utils::AwaitableKind::UnknownTask:
    return Dropped::Task;
  default:
    return AwaitableByItself ? Dropped::LazyTask : Dropped::LazyCoroutine;
  }
}

// What is lost when a value of kind \p Kind, wait-only as \p Wait says,
// is never awaited.
static UnawaitedCoroutineCheck::Lost lost(utils::AwaitableKind Kind,
                                          const utils::WaitOnlyCall &Wait) {
  using Lost = UnawaitedCoroutineCheck::Lost;
  switch (Wait.Kind) {
  case utils::WaitOnlyKind::Hop:
    return Wait.Target ? Lost::HopTo : Lost::Hop;
  case utils::WaitOnlyKind::Timer:
    return Lost::Timer;
  case utils::WaitOnlyKind::Acquire:
    return Lost::Acquisition;
  case utils::WaitOnlyKind::None:
    break;
  }
  return Kind == utils::AwaitableKind::Awaitable ? Lost::Operation : Lost::Body;
}

utils::WaitOnlyCall UnawaitedCoroutineCheck::waitOnly(const CallExpr &Call,
                                                      utils::AwaitableKind Kind,
                                                      QualType T) {
  if (Kind == utils::AwaitableKind::None)
    return {};
  // Something that can be waited for: a type co_await accepts, or a future.
  if (!isAwaitableByItself(T) && !isFutureLike(T))
    return {};
  return utils::classifyWaitOnlyCall(Call, Classifier);
}

bool UnawaitedCoroutineCheck::isAllowedType(QualType T) const {
  if (AllowedTypes.empty() || T.isNull())
    return false;
  llvm::SmallVector<std::string, 4> Names;
  if (const CXXRecordDecl *RD = utils::recordForType(T))
    Names.push_back(utils::plainQualifiedName(*RD));
  // Every alias the type is spelled through: a project may allow its own
  // name for a library's task.
  const Type *Ty = T.getNonReferenceType().getTypePtr();
  for (unsigned Depth = 0; Ty && Depth < 32; ++Depth) {
    if (const auto *Typedef = llvm::dyn_cast<TypedefType>(Ty))
      Names.push_back(utils::plainQualifiedName(*Typedef->getDecl()));
    else if (const auto *Spec = llvm::dyn_cast<TemplateSpecializationType>(Ty);
             Spec && Spec->isTypeAlias())
      if (const TemplateDecl *Alias =
              Spec->getTemplateName().getAsTemplateDecl())
        Names.push_back(utils::plainQualifiedName(*Alias));
    const Type *Next =
        Ty->getLocallyUnqualifiedSingleStepDesugaredType().getTypePtrOrNull();
    if (Next == Ty)
      break;
    Ty = Next;
  }
  for (const llvm::Regex &RE : AllowedTypes)
    for (const std::string &Name : Names)
      if (RE.match(Name))
        return true;
  return false;
}

bool UnawaitedCoroutineCheck::isAllowedCall(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || AllowedFunctions.empty())
    return false;
  // The class of the object names a member as the user wrote it, also
  // when it is inherited.
  llvm::SmallVector<std::string, 2> Names;
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call))
    if (const Expr *Object = Member->getImplicitObjectArgument()) {
      QualType T = Object->IgnoreParenImpCasts()->getType();
      if (T->isPointerType())
        T = T->getPointeeType();
      if (const CXXRecordDecl *RD = utils::recordForType(T);
          RD && Callee->getIdentifier())
        Names.push_back(utils::plainQualifiedName(*RD) +
                        "::" + Callee->getName().str());
    }
  Names.push_back(utils::plainQualifiedName(*Callee));
  return AllowedFunctions.match(*Callee, Names) != nullptr;
}

void UnawaitedCoroutineCheck::walkFunction(const FunctionDecl &Function) {
  if (Function.isInvalidDecl() || !Function.getBody() ||
      !Walked.insert(&Function).second)
    return;
  auto OnDiscarded = [&](const CallExpr &Call, const Discard &How,
                         Place Where) {
    // EXPECT_THROW(make_task(-1), std::invalid_argument): the call is run
    // to see it throw, before any task exists.
    const Stmt &AsStmt = Call;
    if (Where.Try && Context &&
        utils::isTriedByMacro(AsStmt.getBeginLoc(), *Where.Try,
                              Context->getSourceManager()))
      return;
    checkDiscardedCall(Call, Function, How.ThroughVoidCast || How.ThroughIgnore,
                       !How.ThroughConditional && !Where.InHandler &&
                           !How.ThroughIgnore);
  };
  // Local variables and calls that hand a lambda on are looked at in the
  // bodies walked here rather than matched one by one in the whole
  // translation unit, its headers included.
  const SourceManager &SM = Context->getSourceManager();
  auto InUserCode = [&](SourceLocation Loc) {
    return !SM.isInSystemHeader(SM.getExpansionLoc(Loc));
  };
  auto OnVariable = [&](const VarDecl &Var) {
    if (Var.hasLocalStorage() && Var.hasInit() && !llvm::isa<ParmVarDecl>(Var) &&
        InUserCode(Var.getLocation()))
      checkVariable(Var);
  };
  auto OnCall = [&](const CallExpr &Call) {
    if (InUserCode(Call.getBeginLoc()) &&
        llvm::any_of(Call.arguments(), [](const Expr *Arg) {
          return llvm::isa<LambdaExpr>(Arg->IgnoreImplicit());
        }))
      recordTriedLambdas(Call);
  };
  DiscardFinder Finder(OnDiscarded, OnVariable, OnCall);
  if (const auto *Ctor = llvm::dyn_cast<CXXConstructorDecl>(&Function))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        Finder.TraverseStmt(Init->getInit());
  // A coroutine's own statements; the rest of its body is the implicit
  // machinery (initial and final suspension, get_return_object).
  if (const CoroutineBodyStmt *Coroutine = utils::getCoroutineBody(Function))
    Finder.TraverseStmt(Coroutine->getBody());
  else
    Finder.TraverseStmt(Function.getBody());
}

void UnawaitedCoroutineCheck::checkDiscardedCall(const CallExpr &Call,
                                                 const FunctionDecl &Function,
                                                 bool ThroughVoidCast,
                                                 bool MayInsert) {
  // A reference return (`emplace_back`, `operator=`) names a task that lives
  // elsewhere; only a prvalue is a task nobody else owns.
  if (Call.containsErrors() || !Call.isPRValue())
    return;
  // Through Stmt: CallExpr's own getBeginLoc is the callee's, which for
  // `[] { ... }()` is the parenthesis after the lambda.
  const Stmt &AsStmt = Call;
  SourceRange Range = AsStmt.getSourceRange();
  SourceLocation Loc = Range.getBegin();
  if (Loc.isInvalid())
    return;
  QualType T = Call.getType();
  utils::AwaitableKind Kind = Classifier.classify(T);
  if (Kind == utils::AwaitableKind::None)
    return;
  // An operation that only waits loses its effect on the code after it
  // whether it is lazy or already running.
  utils::WaitOnlyCall Wait = waitOnly(Call, Kind, T);
  if (!Wait) {
    if (Kind != utils::AwaitableKind::LazyTask &&
        Kind != utils::AwaitableKind::Awaitable)
      return;
    if (Kind == utils::AwaitableKind::Awaitable && isFutureLike(T))
      return;
    if (Kind == utils::AwaitableKind::LazyTask && isCopyable(T) &&
        !callsCoroutine(&Call))
      return;
  }
  if (Kind == utils::AwaitableKind::Awaitable && isViewOfAwaitable(Call))
    return;

  if (ThroughVoidCast && AllowCastToVoid)
    return;
  if (isAllowedType(T) || isAllowedCall(Call))
    return;

  // A template and its instantiations hold the same call: it is reported
  // once, with a fix if the template itself (not one instantiation) has
  // one.
  auto [It, Inserted] = Calls.try_emplace(Loc);
  DiscardedCall &Found = It->second;
  if (Inserted) {
    Found.Range = Range;
    Found.Awaitable = isAwaitableByItself(T);
    Found.What = dropped(Kind, T, Found.Awaitable);
    Found.Loss = lost(Kind, Wait);
    Found.Target = Wait.Target;
    if (const FunctionDecl *Callee = Call.getDirectCallee()) {
      const auto *Method = llvm::dyn_cast<CXXMethodDecl>(Callee);
      if (Method && Method->getParent()->isLambda()) {
        Found.Who = Producer::Lambda;
      } else if (Callee->getOverloadedOperator() != OO_Call) {
        Found.Who = Producer::Named;
        Found.Name = Callee->getDeclName();
      }
    }
  }
  if (!Found.Fix)
    Found.Fix = MayInsert && canInsertCoAwait(Loc, Found.Awaitable, Function);
  if (Found.Lambda.isInvalid())
    Found.Lambda = lambdaEndingWith(Call, Function);
}

// `result.resolve()`, `shared.operator co_await()`: an awaiter over an
// object that can itself be awaited, and that outlives the call. Dropping
// the awaiter leaves the object, and whatever it stands for, as it was.
bool UnawaitedCoroutineCheck::isViewOfAwaitable(const CallExpr &Call) {
  const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call);
  if (!Member)
    return false;
  const Expr *Object = Member->getImplicitObjectArgument();
  if (!Object)
    return false;
  QualType T = Object->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  else if (!Object->isLValue())
    return false;
  return Classifier.classify(T) != utils::AwaitableKind::None;
}

void UnawaitedCoroutineCheck::checkVariable(const VarDecl &Var) {
  if (Var.isImplicit() || Var.isInvalidDecl() || Var.isCXXForRangeDecl() ||
      Var.isExceptionVariable() || Var.isInitCapture() ||
      llvm::isa<DecompositionDecl>(Var))
    return;
  QualType T = Var.getType();
  if (T.isNull() || T->isReferenceType())
    return;
  const Expr *Init = Var.getInit();
  if (!Init || Init->containsErrors())
    return;
  // An empty task holds no body that could be lost.
  const Expr *Inner = Init->IgnoreImplicit()->IgnoreParens();
  if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(Inner);
      Construct && Construct->getNumArgs() == 0)
    return;
  if (const auto *List = llvm::dyn_cast<InitListExpr>(Inner);
      List && List->getNumInits() == 0)
    return;
  utils::AwaitableKind Kind = Classifier.classify(T);
  if (Kind == utils::AwaitableKind::None || isAllowedType(T))
    return;
  const auto *Call = llvm::dyn_cast<CallExpr>(Inner);
  if (Call && isAllowedCall(*Call))
    return;
  // `auto delay = sleep_for(1s);` never awaited: lazy or eager, the wait is
  // lost for the code after it.
  utils::WaitOnlyCall Wait;
  if (Call && Call->isPRValue() && Classifier.classify(Call->getType()) == Kind)
    Wait = waitOnly(*Call, Kind, T);
  if (!Wait) {
    if (Kind != utils::AwaitableKind::LazyTask)
      return;
    if (isCopyable(T) && !callsCoroutine(Inner))
      return;
  }

  const auto *Function =
      llvm::dyn_cast_or_null<FunctionDecl>(Var.getParentFunctionOrMethod());
  if (!Function)
    return;
  if (const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern())
    Function = Pattern;
  Variables[Function].push_back(&Var);
  if (Wait)
    WaitVariables[&Var] = Wait;
}

// The consequence, selected by argument \p Loss, naming the executor of a
// hop with argument \p Target.
#define LOST_SELECT(Loss, Target)                                              \
  "%select{its body never runs|the operation never starts|the code after it "  \
  "does not run on %" #Target "|the code after it does not run on the "        \
  "executor|nothing waits for the timer|the code after it runs without "       \
  "acquiring it}" #Loss

void UnawaitedCoroutineCheck::reportDiscardedCalls() {
  for (const auto &[Loc, Found] : Calls) {
    // assert_throws<E>([&] { make_task(-1); }): run to see it throw.
    if (Found.Lambda.isValid() && TriedLambdas.contains(Found.Lambda))
      continue;
    Reported.insert(Loc);
    diag(Loc, "%select{%1|the lambda|the call}0 returns %select{a lazy task|a "
              "lazy coroutine|an awaitable|an eager task|a task|a future}2 "
              "that is discarded; " LOST_SELECT(3, 4))
        << static_cast<int>(Found.Who) << Found.Name
        << static_cast<int>(Found.What) << static_cast<int>(Found.Loss)
        << Found.Target << Found.Range;
    if (Found.Fix)
      diag(Loc, "insert 'co_await '", DiagnosticIDs::Note)
          << FixItHint::CreateInsertion(Loc, "co_await ");
  }
}

// The local variable \p Var is move-constructed from: `auto b =
// std::move(a);`, `auto b(std::move(a));`.
static const VarDecl *movedFrom(const VarDecl &Var) {
  const Expr *E = Var.getInit();
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() != 1)
        return nullptr;
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *List = llvm::dyn_cast<ParenListExpr>(E)) {
      if (List->getNumExprs() != 1)
        return nullptr;
      E = List->getExpr(0);
      continue;
    }
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E)) {
      const auto *Source = llvm::dyn_cast<VarDecl>(Ref->getDecl());
      return Source && Source->hasLocalStorage() ? Source : nullptr;
    }
    const auto *Call = llvm::dyn_cast<CallExpr>(E);
    if (!Call || Call->getNumArgs() != 1)
      return nullptr;
    DeclarationName Name;
    if (const FunctionDecl *FD = Call->getDirectCallee()) {
      if (!FD->isInStdNamespace())
        return nullptr;
      Name = FD->getDeclName();
    } else if (const auto *Lookup = llvm::dyn_cast<UnresolvedLookupExpr>(
                   Call->getCallee()->IgnoreParenImpCasts())) {
      Name = Lookup->getName();
    }
    if (!Name.isIdentifier() || Name.getAsString() != "move")
      return nullptr;
    E = Call->getArg(0);
  }
  return nullptr;
}

void UnawaitedCoroutineCheck::reportUnusedVariables() {
  for (const auto &[Function, Vars] : Variables) {
    Stmt *Body = Function->getBody();
    if (!Body)
      continue;
    // Any reference at all counts as a use: a task that is looked at may
    // well be handed on in a way no analysis follows.
    ReferenceCollector Collector;
    Collector.TraverseStmt(Body);
    llvm::DenseSet<SourceLocation> TaskVariables;
    for (const VarDecl *Var : Vars)
      TaskVariables.insert(Var->getLocation());
    // A block opened for tasks: it begins with their declarations and
    // suspends nowhere, so the tasks die unstarted at its end, on purpose.
    llvm::DenseSet<SourceLocation> Scoped;
    for (const CompoundStmt *Block : Collector.BareBlocks) {
      llvm::SmallVector<SourceLocation, 2> Leading;
      for (const Stmt *St : Block->body()) {
        const auto *Decls = llvm::dyn_cast<DeclStmt>(St);
        if (!Decls || !llvm::all_of(Decls->decls(), [&](const Decl *D) {
              return TaskVariables.contains(D->getLocation());
            }))
          break;
        for (const Decl *D : Decls->decls())
          Leading.push_back(D->getLocation());
      }
      if (Leading.empty())
        continue;
      SuspensionFinder Suspends;
      Suspends.TraverseStmt(const_cast<CompoundStmt *>(Block));
      if (!Suspends.Found)
        Scoped.insert(Leading.begin(), Leading.end());
    }
    const SourceManager &SM = Function->getASTContext().getSourceManager();
    for (const VarDecl *Var : Vars) {
      SourceLocation Loc = Var->getLocation();
      if (Collector.isReferenced(Loc) || Scoped.contains(Loc))
        continue;
      // `auto moved(std::move(task)); assert(!task);`: the move is what is
      // tested, the moved-from task is looked at afterwards.
      if (const VarDecl *Source = movedFrom(*Var)) {
        auto It = Collector.References.find(Source->getLocation());
        if (It != Collector.References.end() &&
            llvm::any_of(It->second, [&](SourceLocation Ref) {
              return SM.isBeforeInTranslationUnit(Var->getEndLoc(), Ref);
            }))
          continue;
      }
      if (!Reported.insert(Loc).second)
        continue;
      auto Wait = WaitVariables.find(Var);
      if (Wait == WaitVariables.end()) {
        diag(Loc, "%select{lazy task %0 is never awaited|lazy coroutine %0 is "
                  "never used}1; its body never runs")
            << Var << !isAwaitableByItself(Var->getType());
        continue;
      }
      utils::AwaitableKind Kind = Classifier.classify(Var->getType());
      diag(Loc, "%select{lazy task|lazy coroutine|awaitable|eager task|task|"
                "future}1 %0 is never awaited; " LOST_SELECT(2, 3))
          << Var << static_cast<int>(dropped(Kind, Var->getType(), true))
          << static_cast<int>(lost(Kind, Wait->second)) << Wait->second.Target;
    }
  }
}

void UnawaitedCoroutineCheck::onEndOfTranslationUnit() {
  reportDiscardedCalls();
  reportUnusedVariables();
  TriedLambdas.clear();
  Walked.clear();
  Calls.clear();
  Variables.clear();
  WaitVariables.clear();
  Reported.clear();
}

} // namespace clang::tidy::async
