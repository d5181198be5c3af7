//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "UnboundedFanOutCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "utils/FanOutWork.h"
#include "utils/LoopBounds.h"
#include "utils/NameMatcher.h"
#include "utils/RangeCombinators.h"
#include "utils/StmtWalk.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <algorithm>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
// Each pattern is matched against the whole qualified name of a function
// and against its unqualified name.
constexpr llvm::StringLiteral BuiltinSpawnFunctions[] = {
    "boost::asio::spawn", "asio::spawn", "(stdexec|exec)::start_detached"};
// A function with one of these names is a spawn when it is given a task or
// an awaitable, or something that returns one.
constexpr llvm::StringLiteral SpawnNamePattern = ".*[Ss]pawn.*";
constexpr llvm::StringLiteral JoinNamePattern =
    ".*([Ww]hen_?[Aa]ll|[Cc]ollect_?[Aa]ll|parallel_group|[Jj]oin_?[Aa]ll|"
    "[Gg]ather).*";
constexpr llvm::StringLiteral BuiltinBoundedJoins[] = {
    ".*([Ww]indowed|[Bb]ounded|[Ll]imit|[Tt]hrottl).*"};
// Acquiring one of these before each spawn, or inside each spawned
// coroutine, bounds how many run.
constexpr llvm::StringLiteral BuiltinLimitFunctions[] = {
    "acquire",       "async_acquire",   "acquire_async",
    "co_acquire",    "try_acquire_for", "try_acquire_until",
    "wait",          "wait_for",        "wait_until",
    "arrive_and_wait", "join"};
// Waiting for the next connection or message paces a loop: it starts work
// as fast as input arrives, not all of it at once.
constexpr llvm::StringLiteral ReceiveFunctions[] = {
    "accept",         "async_accept",       "receive",
    "async_receive",  "receive_from",       "async_receive_from",
    "recv",           "recvfrom",           "read_some",
    "async_read_some"};
// A loop whose condition only asks one of these runs until told to stop.
constexpr llvm::StringLiteral StopFlagQueries[] = {
    "load", "stop_requested", "stopped", "is_stopped", "running",
    "is_running"};
constexpr llvm::StringLiteral PushFunctions[] = {
    "push_back", "emplace_back", "push", "emplace", "push_front",
    "emplace_front", "insert"};
// Uses of a container inside the loop that fills it which do not start or
// hand on its tasks.
constexpr llvm::StringLiteral ContainerQueries[] = {"size", "empty", "reserve",
                                                    "capacity"};
// Names of a counted loop's bound that size a pool of workers rather than
// count data.
constexpr llvm::StringLiteral PoolSizePattern =
    ".*([Tt]hread|[Ww]orker|[Cc]oncurren|[Pp]ool|[Pp]arallel|[Cc]ores|"
    "[Cc]pus).*";
} // namespace

static bool isNamedJoin(StringRef Name) {
  static const llvm::Regex Join(("^(" + JoinNamePattern + ")$").str());
  return Join.match(Name);
}

static std::vector<StringRef>
asRefs(llvm::ArrayRef<llvm::StringLiteral> Literals) {
  return std::vector<StringRef>(Literals.begin(), Literals.end());
}

static StringRef calleeName(const FunctionDecl &FD) {
  if (const IdentifierInfo *II = FD.getIdentifier())
    return II->getName();
  return {};
}

static bool nameIn(StringRef Name, llvm::ArrayRef<llvm::StringLiteral> Names) {
  return !Name.empty() && llvm::is_contained(Names, Name);
}

static std::string sourceText(const Stmt &S, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(S.getSourceRange()), SM,
      Ctx.getLangOpts());
  if (Range.isInvalid())
    return {};
  StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
  std::string Result;
  for (char C : Text) {
    bool Space = C == ' ' || C == '\n' || C == '\t' || C == '\r';
    if (Space && (Result.empty() || Result.back() == ' '))
      continue;
    Result += Space ? ' ' : C;
  }
  while (!Result.empty() && Result.back() == ' ')
    Result.pop_back();
  if (Result.size() > 48)
    Result = Result.substr(0, 45) + "...";
  return Result;
}

static std::string quoted(StringRef Prefix, const Stmt *S,
                          const ASTContext &Ctx) {
  if (!S)
    return "loop";
  std::string Text = sourceText(*S, Ctx);
  if (Text.empty())
    return "loop";
  return (Prefix + " '" + Text + "'").str();
}

static std::optional<bool> constantCondition(const Expr *E,
                                             const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent() ||
      E->containsErrors())
    return std::nullopt;
  bool Value = false;
  if (!E->EvaluateAsBooleanCondition(Value, Ctx))
    return std::nullopt;
  return Value;
}

// Whether \p Child is evaluated once per iteration of the loop \p Parent:
// the range of a range-for and the init of a for are evaluated once.
static bool repeatsChild(const Stmt &Parent, const Stmt &Child) {
  if (const auto *For = llvm::dyn_cast<ForStmt>(&Parent))
    return &Child == For->getCond() || &Child == For->getInc() ||
           &Child == For->getBody();
  if (const auto *While = llvm::dyn_cast<WhileStmt>(&Parent))
    return &Child == While->getCond() || &Child == While->getBody();
  if (const auto *Do = llvm::dyn_cast<DoStmt>(&Parent))
    return &Child == Do->getCond() || &Child == Do->getBody();
  if (const auto *Range = llvm::dyn_cast<CXXForRangeStmt>(&Parent))
    return &Child == Range->getBody() || &Child == Range->getLoopVarStmt();
  return false;
}

// The loops that run \p S repeatedly, innermost first, up to the function or
// lambda that holds it.
static llvm::SmallVector<const Stmt *, 4>
enclosingLoops(const Stmt &S, const utils::LocalParentMap &Parents) {
  llvm::SmallVector<const Stmt *, 4> Loops;
  DynTypedNode Node = DynTypedNode::create(S);
  for (unsigned Depth = 0; Depth < 512; ++Depth) {
    DynTypedNode Parent = Parents.parent(Node);
    if (Parent.getNodeKind().isNone())
      break;
    if (const auto *P = Parent.get<Stmt>()) {
      if (llvm::isa<LambdaExpr, BlockExpr>(P))
        break;
      if (const Stmt *Child = Node.get<Stmt>(); Child && repeatsChild(*P, *Child))
        Loops.push_back(P);
    } else if (const auto *D = Parent.get<Decl>();
               !D || !llvm::isa<VarDecl>(D)) {
      break;
    }
    Node = Parent;
  }
  return Loops;
}

static const Expr *ignoreWrappers(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *M = llvm::dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = llvm::dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *F = llvm::dyn_cast<FullExpr>(Next))
      Next = F->getSubExpr();
    else if (const auto *C = llvm::dyn_cast<CXXConstructExpr>(Next);
             C && C->getNumArgs() == 1 && C->getConstructor() &&
             C->getConstructor()->isCopyOrMoveConstructor())
      Next = C->getArg(0);
    else if (const auto *Call = llvm::dyn_cast<CallExpr>(Next);
             Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
             Call->getDirectCallee()->isInStdNamespace() &&
             nameIn(calleeName(*Call->getDirectCallee()), {"move", "forward"}))
      Next = Call->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

static const VarDecl *localVariable(const Expr *E) {
  const auto *Ref = llvm::dyn_cast_or_null<DeclRefExpr>(ignoreWrappers(E));
  if (!Ref)
    return nullptr;
  const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->hasLocalStorage() || llvm::isa<ParmVarDecl>(Var))
    return nullptr;
  return Var;
}

static bool isStdThread(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  std::string Name = utils::plainQualifiedName(*RD);
  return Name == "std::thread" || Name == "std::jthread";
}

static bool isStdThread(QualType T) {
  return isStdThread(utils::recordForType(T));
}

// A future (std::future, folly::SemiFuture): get() and wait() block until
// the work it stands for is done.
static bool isFutureLike(QualType T) {
  const CXXRecordDecl *RD = utils::recordForType(T);
  return utils::findMember(RD, "get") && utils::findMember(RD, "wait");
}

namespace {
// What happens to the value of a spawn expression (or of a reference to the
// variable that holds it).
struct Use {
  enum Kind {
    Discarded,
    // The object of a member call, named in Member.
    MemberCall,
    Awaited,
    // Moved into a container, a call, a lambda capture, a new object.
    Passed,
    // Assigned to a variable that already holds one.
    Assigned,
    // Initializes the local variable Var.
    Stored,
    Returned,
    Unknown,
  } What = Unknown;
  StringRef Member;
  const VarDecl *Var = nullptr;
};
} // namespace

static Use useOf(const Expr &E, const utils::LocalParentMap &Parents) {
  Use Result;
  DynTypedNode Node = DynTypedNode::create(E);
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNode Parent = Parents.parent(Node);
    if (Parent.getNodeKind().isNone())
      return Result;
    const Stmt *Child = Node.get<Stmt>();
    if (const auto *Var = Parent.get<VarDecl>()) {
      if (Var->getInit() && Child &&
          ignoreWrappers(Var->getInit()) == ignoreWrappers(llvm::cast<Expr>(Child))) {
        Result.What = Var->hasLocalStorage() ? Use::Stored : Use::Passed;
        Result.Var = Var;
      }
      return Result;
    }
    const auto *P = Parent.get<Stmt>();
    if (!P || !Child)
      return Result;
    if (llvm::isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
                  CXXBindTemporaryExpr, FullExpr, OpaqueValueExpr>(P)) {
      Node = Parent;
      continue;
    }
    if (llvm::isa<CoroutineSuspendExpr, DependentCoawaitExpr>(P)) {
      Result.What = Use::Awaited;
      return Result;
    }
    if (const auto *Cast = llvm::dyn_cast<ExplicitCastExpr>(P)) {
      if (Cast->getType()->isVoidType()) {
        Result.What = Use::Discarded;
        return Result;
      }
      Node = Parent;
      continue;
    }
    if (const auto *Member = llvm::dyn_cast<MemberExpr>(P)) {
      if (const auto *Call =
              Parents.parent(DynTypedNode::create(*Member))
                  .get<CXXMemberCallExpr>())
          if (const FunctionDecl *Method = Call->getDirectCallee()) {
            Result.What = Use::MemberCall;
            Result.Member = calleeName(*Method);
          }
      return Result;
    }
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(P)) {
      if (Construct->getNumArgs() == 1 && Construct->getConstructor() &&
          Construct->getConstructor()->isCopyOrMoveConstructor()) {
        Node = Parent;
        continue;
      }
      Result.What = Use::Passed;
      return Result;
    }
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(P)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
          Op->getArg(1) == Child) {
        const Expr *Target = Op->getArg(0)->IgnoreParenImpCasts();
        Result.What = llvm::isa<CXXOperatorCallExpr, ArraySubscriptExpr>(Target)
                          ? Use::Passed
                          : Use::Assigned;
        return Result;
      }
      if (Op->getOperator() == OO_Coawait) {
        Result.What = Use::Awaited;
        return Result;
      }
      Result.What = Use::Passed;
      return Result;
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(P)) {
      if (Call->getCallee() == Child)
        return Result;
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Callee->isInStdNamespace() && Call->getNumArgs() == 1 &&
          nameIn(calleeName(*Callee), {"move", "forward"})) {
        Node = Parent;
        continue;
      }
      Result.What = Use::Passed;
      return Result;
    }
    if (const auto *Binary = llvm::dyn_cast<BinaryOperator>(P)) {
      if (Binary->getOpcode() == BO_Assign && Binary->getRHS() == Child) {
        const Expr *Target = Binary->getLHS()->IgnoreParenImpCasts();
        Result.What = llvm::isa<ArraySubscriptExpr, UnaryOperator>(Target)
                          ? Use::Passed
                          : Use::Assigned;
      } else if (Binary->getOpcode() == BO_Comma &&
                 Binary->getLHS() == Child) {
        Result.What = Use::Discarded;
      }
      return Result;
    }
    if (llvm::isa<CXXNewExpr, InitListExpr, LambdaExpr, ParenListExpr>(P)) {
      Result.What = Use::Passed;
      return Result;
    }
    if (llvm::isa<ReturnStmt, CoreturnStmt>(P)) {
      Result.What = Use::Returned;
      return Result;
    }
    if (llvm::isa<Expr>(P))
      return Result;
    // A statement: the value is an expression statement unless it is a
    // condition.
    if (const auto *If = llvm::dyn_cast<IfStmt>(P); If && If->getCond() == Child)
      return Result;
    if (const auto *W = llvm::dyn_cast<WhileStmt>(P); W && W->getCond() == Child)
      return Result;
    if (const auto *D = llvm::dyn_cast<DoStmt>(P); D && D->getCond() == Child)
      return Result;
    if (const auto *F = llvm::dyn_cast<ForStmt>(P); F && F->getCond() == Child)
      return Result;
    if (const auto *S = llvm::dyn_cast<SwitchStmt>(P); S && S->getCond() == Child)
      return Result;
    if (llvm::isa<DeclStmt>(P))
      return Result;
    Result.What = Use::Discarded;
    return Result;
  }
  return Result;
}

static bool isWaitMember(StringRef Name) {
  return Name == "join" || Name == "get" || Name.starts_with("wait");
}

// What became of a handle stored in \p Var inside \p Loop, judged by every
// reference to it in the loop.
static Use fateOfVariable(const VarDecl &Var, const Stmt &Loop,
                          const utils::LocalParentMap &Parents) {
  bool Detached = false, Kept = false, Waited = false;
  utils::anyNode(&Loop, /*IntoLambdas=*/true, [&](const Stmt &S) {
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
    if (!Ref || Ref->getDecl() != &Var)
      return false;
    Use U = useOf(*Ref, Parents);
    switch (U.What) {
    case Use::MemberCall:
      if (U.Member == "detach")
        Detached = true;
      else if (isWaitMember(U.Member))
        Waited = true;
      break;
    case Use::Awaited:
      Waited = true;
      break;
    case Use::Passed:
    case Use::Stored:
    case Use::Returned:
      Kept = true;
      break;
    default:
      break;
    }
    return false;
  });
  Use Result;
  Result.What = Waited     ? Use::Awaited
                : Detached ? Use::MemberCall
                : Kept     ? Use::Passed
                           : Use::Discarded;
  if (Detached)
    Result.Member = "detach";
  return Result;
}

static const FunctionDecl *callOperator(QualType T) {
  const CXXRecordDecl *RD = utils::recordForType(T);
  if (!RD)
    return nullptr;
  if (RD->isLambda())
    return RD->getLambdaCallOperator();
  const NamedDecl *Call = utils::findMember(
      RD, RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call));
  if (const auto *Template =
          llvm::dyn_cast_or_null<FunctionTemplateDecl>(Call))
    return Template->getTemplatedDecl();
  return llvm::dyn_cast_or_null<FunctionDecl>(Call);
}

static bool isCommandLine(const Expr &E) {
  return utils::anyNode(&E, false, [](const Stmt &S) {
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
    if (!Ref)
      return false;
    const auto *Parm = llvm::dyn_cast<ParmVarDecl>(Ref->getDecl());
    const auto *Function = Parm ? llvm::dyn_cast_or_null<FunctionDecl>(
                                      Parm->getDeclContext())
                                : nullptr;
    return Function && Function->isMain();
  });
}

// Whether \p E names a pool's size or the machine's, directly or through
// locals that are never written after their initialization
// (`const auto tasks = workers * 10'000`).
static bool isPoolSize(const Expr &E, const utils::LocalParentMap &Parents,
                       unsigned Depth = 0) {
  static const llvm::Regex Pool(("^(" + PoolSizePattern + ")$").str());
  return utils::anyNode(&E, false, [&](const Stmt &S) {
    const NamedDecl *D = nullptr;
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S))
      D = Ref->getDecl();
    else if (const auto *Member = llvm::dyn_cast<MemberExpr>(&S))
      D = Member->getMemberDecl();
    else if (const auto *Call = llvm::dyn_cast<CallExpr>(&S))
      D = Call->getDirectCallee();
    if (!D || !D->getIdentifier())
      return false;
    StringRef Name = D->getName();
    if (Name == "hardware_concurrency" || Pool.match(Name))
      return true;
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S); Ref && Depth < 4)
      if (const Expr *Init = utils::unmodifiedLocalInit(Ref, Parents))
        return isPoolSize(*Init, Parents, Depth + 1);
    return false;
  });
}

// A loop condition that only asks whether to go on: a flag, an atomic, a
// stop token.
static bool isStopFlag(const Expr *Cond) {
  if (!Cond)
    return false;
  const Expr *E = Cond->IgnoreParenImpCasts();
  while (const auto *Not = llvm::dyn_cast<UnaryOperator>(E)) {
    if (Not->getOpcode() != UO_LNot)
      return false;
    E = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  if (llvm::isa<DeclRefExpr, MemberExpr>(E))
    return E->getType()->isBooleanType();
  if (const auto *Call = llvm::dyn_cast<CXXMemberCallExpr>(E)) {
    const auto *Method = Call->getMethodDecl();
    if (!Method || Call->getNumArgs() != 0)
      return false;
    if (llvm::isa<CXXConversionDecl>(Method)) {
      const CXXRecordDecl *RD = Method->getParent();
      return RD && RD->getIdentifier() &&
             RD->getName().contains_insensitive("atomic");
    }
    return nameIn(calleeName(*Method), StopFlagQueries);
  }
  return false;
}

// The variable a for loop counts with: declared in its init or stepped in
// its increment.
static bool isCounter(const Expr *E, const ForStmt *For) {
  const auto *Ref = llvm::dyn_cast_or_null<DeclRefExpr>(
      E ? E->IgnoreParenImpCasts() : nullptr);
  if (!Ref)
    return false;
  if (!For)
    return Ref->getType()->isIntegralOrEnumerationType();
  const ValueDecl *D = Ref->getDecl();
  bool Found = false;
  if (const auto *Init = llvm::dyn_cast_or_null<DeclStmt>(For->getInit()))
    for (const Decl *Declared : Init->decls())
      Found |= Declared == D;
  Found |= utils::anyNode(For->getInc(), false, [&](const Stmt &S) {
    const auto *R = llvm::dyn_cast<DeclRefExpr>(&S);
    return R && R->getDecl() == D;
  });
  return Found;
}

static std::optional<llvm::APSInt> initialValue(const DeclRefExpr &Counter,
                                                const ForStmt *For,
                                                const ASTContext &Ctx) {
  if (!For)
    return std::nullopt;
  if (const auto *Var = llvm::dyn_cast<VarDecl>(Counter.getDecl()))
    if (const Expr *Init = Var->getInit();
        Init && Var->getParentFunctionOrMethod() &&
        For->getInit() && llvm::isa<DeclStmt>(For->getInit()))
      return utils::constantValue(Init, Ctx);
  if (const auto *Assign =
          llvm::dyn_cast_or_null<BinaryOperator>(For->getInit()))
    if (Assign->getOpcode() == BO_Assign)
      return utils::constantValue(Assign->getRHS(), Ctx);
  return std::nullopt;
}

// The object a bound like `v.size()`, `v.end()` or `std::size(v)` measures.
static const Expr *measuredRange(const Expr *Bound) {
  if (!Bound)
    return nullptr;
  const Expr *E = ignoreWrappers(Bound);
  static constexpr llvm::StringLiteral Measures[] = {
      "size", "length", "end", "cend", "rend", "count", "ssize"};
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(E))
    if (const FunctionDecl *Method = Member->getDirectCallee();
        Method && nameIn(calleeName(*Method), Measures))
      return Member->getImplicitObjectArgument();
  if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Call->getNumArgs() == 1 &&
        nameIn(calleeName(*Callee), Measures))
      return Call->getArg(0);
  return nullptr;
}

// The initializer of a bound declared next to the counter, as in
// `for (size_t i = 0, n = v.size(); i != n; ++i)`.
static const Expr *boundInit(const Expr *Bound, const ForStmt *For) {
  const auto *Ref =
      llvm::dyn_cast_or_null<DeclRefExpr>(Bound->IgnoreParenImpCasts());
  const auto *Init =
      For ? llvm::dyn_cast_or_null<DeclStmt>(For->getInit()) : nullptr;
  if (!Ref || !Init)
    return nullptr;
  for (const Decl *D : Init->decls())
    if (D == Ref->getDecl())
      return llvm::cast<VarDecl>(D)->getInit();
  return nullptr;
}

UnboundedFanOutCheck::UnboundedFanOutCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SpawnFunctionsOption(tidy::utils::options::parseStringList(
          Options.get("SpawnFunctions", ""))),
      BoundedJoinsOption(tidy::utils::options::parseStringList(
          Options.get("BoundedJoins", ""))),
      LimitFunctionsOption(tidy::utils::options::parseStringList(
          Options.get("LimitFunctions", ""))),
      MaxConstantFanOut(Options.get("MaxConstantFanOut", 0U)) {
  std::vector<StringRef> Spawn = asRefs(BuiltinSpawnFunctions);
  Spawn.insert(Spawn.end(), SpawnFunctionsOption.begin(),
               SpawnFunctionsOption.end());
  SpawnFunctions = utils::compilePatterns(Spawn);
  std::vector<StringRef> Bounded = asRefs(BuiltinBoundedJoins);
  Bounded.insert(Bounded.end(), BoundedJoinsOption.begin(),
                 BoundedJoinsOption.end());
  BoundedJoins = utils::compilePatterns(Bounded);
  std::vector<StringRef> Limit = asRefs(BuiltinLimitFunctions);
  Limit.insert(Limit.end(), LimitFunctionsOption.begin(),
               LimitFunctionsOption.end());
  LimitFunctions = utils::compilePatterns(Limit);
}

void UnboundedFanOutCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SpawnFunctions",
                tidy::utils::options::serializeStringList(SpawnFunctionsOption));
  Options.store(Opts, "BoundedJoins",
                tidy::utils::options::serializeStringList(BoundedJoinsOption));
  Options.store(Opts, "LimitFunctions",
                tidy::utils::options::serializeStringList(LimitFunctionsOption));
  Options.store(Opts, "MaxConstantFanOut", MaxConstantFanOut);
}

namespace {
// The cheap part of a range combinator's shape, before its arguments' types
// are looked into: a call in user code, not of an operator, with at least
// one argument, of a function outside the standard library that returns a
// class (a task, an awaitable, a future).
// A call that may hand a whole range to a combinator: not an operator, to a
// function outside std, returning a class.
static bool mayStartRange(const CallExpr &Call) {
  if (Call.getNumArgs() == 0 || llvm::isa<CXXOperatorCallExpr>(Call))
    return false;
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || utils::isInStdOrNested(*Callee))
    return false;
  QualType T = Call.getType();
  return !T.isNull() && T->isRecordType();
}
} // namespace

void UnboundedFanOutCheck::registerMatchers(MatchFinder *Finder) {
  // Which calls spawn, join or push tasks is decided in check(), body by
  // body: most of it depends on types and on the loops around the call, and
  // a body with no loop is not looked into at all.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void UnboundedFanOutCheck::clearState() {
  Parents.clear();
  Loops.clear();
  LimitedBodies.clear();
  CallSites.clear();
  Pushes.clear();
  Joins.clear();
  Reported.clear();
  Walked.clear();
  LastContext = nullptr;
}

void UnboundedFanOutCheck::onStartOfTranslationUnit() {
  Classifier.reset(nullptr);
  clearState();
}

void UnboundedFanOutCheck::check(const MatchFinder::MatchResult &Result) {
  Classifier.setContext(Result.Context);
  if (LastContext != Result.Context) {
    Parents.clear();
    Loops.clear();
    LimitedBodies.clear();
    CallSites.clear();
    Walked.clear();
    LastContext = Result.Context;
  }
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  if (!Body)
    return;
  // Every finding is a start of work in a loop of the body that holds it (a
  // lambda's loops count for the lambda), or a combinator handed a whole
  // range, loop or not. One walk finds both; a body with neither is not
  // mapped, nor walked again.
  const SourceManager &SM = Result.Context->getSourceManager();
  bool HasLoop = false;
  llvm::SmallVector<const CallExpr *, 4> Combinators;
  utils::anyNode(Body, /*IntoLambdas=*/true, [&](const Stmt &S) {
    if (llvm::isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S))
      HasLoop = true;
    else if (const auto *Call = llvm::dyn_cast<CallExpr>(&S);
             Call && mayStartRange(*Call) &&
             !SM.isInSystemHeader(SM.getExpansionLoc(Call->getBeginLoc())))
      Combinators.push_back(Call);
    return false;
  });
  if (!Combinators.empty()) {
    TraversalKindScope AsIs(*Result.Context, TK_AsIs);
    for (const CallExpr *Call : Combinators)
      checkCombinator(*Call, *Result.Context);
  }
  if (!HasLoop)
    return;
  Parents.addBody(*Body);
  TraversalKindScope AsIs(*Result.Context, TK_AsIs);
  CurrentFunction = Function;
  checkBody(*Body, *Result.Context);
  CurrentFunction = nullptr;
}

void UnboundedFanOutCheck::checkBody(const Stmt &Body, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // In source order, lambda bodies included; a lambda's body is also the body
  // of its call operator, which is matched again.
  llvm::SmallVector<const Stmt *, 64> Work{&Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    size_t First = Work.size();
    for (const Stmt *Child : S->children())
      if (Child)
        Work.push_back(Child);
    std::reverse(Work.begin() + First, Work.end());
    if (!llvm::isa<CallExpr, CXXConstructExpr>(S) || !Walked.insert(S).second ||
        SM.isInSystemHeader(SM.getExpansionLoc(S->getBeginLoc())))
      continue;
    if (const auto *Call = llvm::dyn_cast<CallExpr>(S)) {
      checkCall(*Call, Ctx);
    } else if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(S)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Ctor && isStdThread(Ctor->getParent()))
        checkThread(*Construct, Ctx);
    }
  }
}

bool UnboundedFanOutCheck::matchesAny(const std::vector<llvm::Regex> &Patterns,
                                      const FunctionDecl &FD) const {
  if (Patterns.empty() || !FD.getIdentifier())
    return false;
  std::string Qualified = utils::plainQualifiedName(FD);
  StringRef Name = FD.getName();
  for (const llvm::Regex &RE : Patterns)
    if (RE.match(Qualified) || RE.match(Name))
      return true;
  return false;
}

bool UnboundedFanOutCheck::isLimitCall(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  return Callee && matchesAny(LimitFunctions, *Callee);
}

bool UnboundedFanOutCheck::takesTaskOrAwaitable(const CallExpr &Call) {
  for (const Expr *Arg : Call.arguments()) {
    if (!Arg)
      continue;
    QualType T = Arg->getType();
    if (Classifier.classify(T) != utils::AwaitableKind::None)
      return true;
    if (const FunctionDecl *Op = callOperator(T);
        Op && Classifier.classify(Op->getReturnType()) !=
                  utils::AwaitableKind::None)
      return true;
  }
  return false;
}

std::optional<uint64_t> UnboundedFanOutCheck::rangeSize(const Expr *Init,
                                                        ASTContext &Ctx,
                                                        bool ReadOnly) {
  std::optional<uint64_t> Size;
  if (Init) {
    const Expr *Inner = Init->IgnoreImplicit();
    if (const auto *List = llvm::dyn_cast<CXXStdInitializerListExpr>(Inner))
      Inner = List->getSubExpr()->IgnoreImplicit();
    if (const auto *List = llvm::dyn_cast<InitListExpr>(Inner))
      Size = List->getNumInits();
    // `std::vector<Item>{a, b, c}`.
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(Inner);
        Construct && Construct->getNumArgs() >= 1)
      if (const auto *List = llvm::dyn_cast<CXXStdInitializerListExpr>(
              Construct->getArg(0)->IgnoreImplicit()))
        if (const auto *Elements = llvm::dyn_cast<InitListExpr>(
                List->getSubExpr()->IgnoreImplicit()))
          Size = Elements->getNumInits();
    QualType T = Init->getType().getNonReferenceType();
    if (const auto *Array = Ctx.getAsConstantArrayType(T))
      Size = Array->getSize().getZExtValue();
    else if (const auto *Spec =
                 llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
                     T->getAsCXXRecordDecl())) {
      std::string Name = utils::plainQualifiedName(*Spec);
      const TemplateArgumentList &Args = Spec->getTemplateArgs();
      if ((Name == "std::array" || Name == "std::span") && Args.size() == 2 &&
          Args[1].getKind() == TemplateArgument::Integral &&
          Args[1].getAsIntegral().isRepresentableByInt64() &&
          Args[1].getAsIntegral().getExtValue() >= 0)
        Size = Args[1].getAsIntegral().getExtValue();
    }
  }
  // A local container that only a fixed number of statements fill.
  if (!Size && Init)
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(ignoreWrappers(Init)))
      if (const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl()))
        Size = utils::fixedContainerSize(*Var, Ctx, Parents,
                                         ReadOnly ? Ref : nullptr);
  return Size;
}

const UnboundedFanOutCheck::LoopInfo &
UnboundedFanOutCheck::loopInfo(const Stmt &Loop, ASTContext &Ctx) {
  auto [It, Inserted] = Loops.try_emplace(&Loop);
  LoopInfo &Info = It->second;
  if (!Inserted)
    return Info;

  const Expr *Cond = nullptr;
  const ForStmt *For = llvm::dyn_cast<ForStmt>(&Loop);
  if (For)
    Cond = For->getCond();
  else if (const auto *While = llvm::dyn_cast<WhileStmt>(&Loop))
    Cond = While->getCond();
  else if (const auto *Do = llvm::dyn_cast<DoStmt>(&Loop))
    Cond = Do->getCond();

  // A trip count known at compile time does not grow with the input: it is
  // a bound however large, unless MaxConstantFanOut sets a limit.
  auto FromTripCount = [&](uint64_t Count) {
    if (MaxConstantFanOut == 0 || Count <= MaxConstantFanOut) {
      Info.Bound = LoopBound::Small;
      return;
    }
    Info.Bound = LoopBound::Unbounded;
    Info.Description = "loop of " + std::to_string(Count) + " iterations";
  };

  if (const auto *Range = llvm::dyn_cast<CXXForRangeStmt>(&Loop)) {
    const Expr *Init = Range->getRangeInit();
    std::optional<uint64_t> Size = rangeSize(Init, Ctx);
    if (Size) {
      FromTripCount(*Size);
    } else {
      Info.Bound = LoopBound::Unbounded;
      Info.Description = quoted("loop over", Init, Ctx);
    }
  } else if (!Cond) {
    Info.Bound = LoopBound::EventLoop;
    Info.Description = "loop";
  } else if (std::optional<bool> Constant = constantCondition(Cond, Ctx)) {
    Info.Bound = *Constant ? LoopBound::EventLoop : LoopBound::Small;
    Info.Description = "loop";
  } else if (isStopFlag(Cond)) {
    Info.Bound = LoopBound::EventLoop;
    Info.Description = quoted("loop while", Cond, Ctx);
  } else {
    Info.Bound = LoopBound::Unbounded;
    Info.Description = quoted("loop while", Cond, Ctx);
    const Expr *Plain = Cond->IgnoreParenImpCasts();
    const Expr *LHS = nullptr, *RHS = nullptr;
    bool Inclusive = false;
    if (const auto *Binary = llvm::dyn_cast<BinaryOperator>(Plain);
        Binary && (Binary->isRelationalOp() || Binary->getOpcode() == BO_NE)) {
      LHS = Binary->getLHS();
      RHS = Binary->getRHS();
      Inclusive = Binary->getOpcode() == BO_LE || Binary->getOpcode() == BO_GE;
    } else if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Plain);
               Op && Op->getNumArgs() == 2 &&
               (Op->getOperator() == OO_ExclaimEqual ||
                Op->getOperator() == OO_Less ||
                Op->getOperator() == OO_LessEqual ||
                Op->getOperator() == OO_Greater ||
                Op->getOperator() == OO_GreaterEqual)) {
      LHS = Op->getArg(0);
      RHS = Op->getArg(1);
    } else if (const auto *Rewritten =
                   llvm::dyn_cast<CXXRewrittenBinaryOperator>(Plain)) {
      LHS = Rewritten->getLHS();
      RHS = Rewritten->getRHS();
    }
    if (LHS && RHS) {
      const Expr *Counter = nullptr, *Bound = nullptr;
      if (isCounter(LHS, For)) {
        Counter = LHS;
        Bound = RHS;
      } else if (isCounter(RHS, For)) {
        Counter = RHS;
        Bound = LHS;
      }
      const auto *CounterRef =
          Counter ? llvm::cast<DeclRefExpr>(Counter->IgnoreParenImpCasts())
                  : nullptr;
      const Expr *Start =
          CounterRef && For ? utils::counterStart(*CounterRef->getDecl(), *For)
                            : nullptr;
      std::optional<uint64_t> Window =
          Bound && Start
              ? utils::windowTripCount(*Bound, *Start, Ctx, Parents)
              : std::nullopt;
      std::optional<llvm::APSInt> Limit;
      if (Bound)
        Limit = utils::constantThroughLocals(Bound, Ctx, Parents);
      // A parameter that every call passes as a constant; in a template
      // instantiated here, each instantiation is judged with its own calls
      // (and template constants with their values).
      bool InInstantiations = Bound && utils::isTemplateConstant(*Bound);
      if (Bound && !Limit)
        if (const auto *Ref =
                llvm::dyn_cast<DeclRefExpr>(Bound->IgnoreParenImpCasts()))
          if (const auto *Parm = llvm::dyn_cast<ParmVarDecl>(Ref->getDecl())) {
            const auto *Function =
                llvm::dyn_cast_or_null<FunctionDecl>(Parm->getDeclContext());
            if (std::optional<uint64_t> Largest =
                    CallSites.largestAtEveryCall(*Parm, Ctx, Parents))
              Limit = llvm::APSInt::getUnsigned(*Largest);
            else if (Function && utils::isInstantiatedPattern(*Function))
              InInstantiations = true;
          }
      if (Window) {
        FromTripCount(*Window);
      } else if (InInstantiations) {
        Info.Bound = LoopBound::Small;
      } else if (Bound && !Limit &&
                 utils::fromHardwareConcurrency(*Bound, Parents)) {
        Info.Bound = LoopBound::NotData;
      } else if (Bound) {
        if (Limit && Limit->isRepresentableByInt64()) {
          int64_t Start = 0;
          if (std::optional<llvm::APSInt> Init = initialValue(
                  *CounterRef, For, Ctx);
              Init && Init->isRepresentableByInt64())
            Start = Init->getExtValue();
          int64_t End = Limit->getExtValue();
          uint64_t Count = End > Start ? uint64_t(End) - uint64_t(Start)
                                       : uint64_t(Start) - uint64_t(End);
          FromTripCount(Inclusive ? Count + 1 : Count);
        } else if (isPoolSize(*Bound, Parents) || isCommandLine(*Bound)) {
          Info.Bound = LoopBound::NotData;
        } else if (const Expr *Range = measuredRange(Bound)) {
          Info.Description = quoted("loop over", Range, Ctx);
        } else if (const Expr *Range = measuredRange(boundInit(Bound, For))) {
          Info.Description = quoted("loop over", Range, Ctx);
        } else {
          Info.Description = quoted("loop up to", Bound, Ctx);
        }
      }
    }
  }

  // Waits anywhere in the loop pace it; so do co_awaits, whatever they
  // await, and co_yields, which hand control to a consumer.
  Info.Paced = utils::anyNode(&Loop, false, [&](const Stmt &S) {
    if (&S == &Loop)
      return false;
    if (llvm::isa<CoroutineSuspendExpr, DependentCoawaitExpr>(&S))
      return true;
    const auto *Call = llvm::dyn_cast<CallExpr>(&S);
    if (!Call)
      return false;
    if (isLimitCall(*Call))
      return true;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return false;
    StringRef Name = calleeName(*Callee);
    if (nameIn(Name, ReceiveFunctions))
      return true;
    if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Call);
        Member && Name == "get")
      if (const Expr *Object = Member->getImplicitObjectArgument())
        return isFutureLike(Object->getType());
    return false;
  });

  // The range-for's own range is evaluated once; its loop variable and
  // everything declared in the body change every iteration, and so does
  // whatever a condition or increment reads.
  utils::anyNode(&Loop, false, [&](const Stmt &S) {
    if (const auto *Declared = llvm::dyn_cast<DeclStmt>(&S))
      for (const Decl *D : Declared->decls()) {
        if (const auto *Var = llvm::dyn_cast<VarDecl>(D))
          Info.IterationVars.insert(Var);
        if (const auto *Decomposed = llvm::dyn_cast<DecompositionDecl>(D))
          for (const BindingDecl *Binding : Decomposed->bindings())
            Info.IterationVars.insert(Binding);
      }
    return false;
  });
  for (const Stmt *Part : {static_cast<const Stmt *>(Cond),
                           For ? static_cast<const Stmt *>(For->getInc())
                               : nullptr})
    utils::anyNode(Part, false, [&](const Stmt &S) {
      if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S))
        Info.IterationVars.insert(Ref->getDecl());
      return false;
    });
  if (const auto *Range = llvm::dyn_cast<CXXForRangeStmt>(&Loop))
    if (const Expr *Init = Range->getRangeInit())
      utils::anyNode(Init, false, [&](const Stmt &S) {
        if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S))
          if (const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
              Var && Var->isImplicit())
            Info.IterationVars.erase(Var);
        return false;
      });
  return Info;
}

// Whether each coroutine \p Work starts acquires a limiter first: a lambda
// or a coroutine defined in this translation unit that calls a limit
// function. Only coroutines: a thread that waits for a semaphore is still a
// thread.
bool UnboundedFanOutCheck::limitedInside(const Expr &Work) {
  auto BodyLimits = [&](const Stmt *Body) {
    return utils::anyNode(Body, false, [&](const Stmt &S) {
      const auto *Call = llvm::dyn_cast<CallExpr>(&S);
      return Call && isLimitCall(*Call);
    });
  };
  return utils::anyNode(&Work, false, [&](const Stmt &S) {
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(&S))
      return BodyLimits(Lambda->getBody());
    const auto *Call = llvm::dyn_cast<CallExpr>(&S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Definition = nullptr;
    if (!Callee || !Callee->hasBody(Definition) || !Definition ||
        !utils::isCoroutine(*Definition))
      return false;
    auto [It, Inserted] = LimitedBodies.try_emplace(Definition, false);
    if (Inserted)
      It->second = BodyLimits(Definition->getBody());
    return It->second;
  });
}

bool UnboundedFanOutCheck::startsService(const Expr &Work, ASTContext &Ctx) {
  auto UntilStopped = [&](const Stmt &Loop) {
    const LoopInfo &Info = loopInfo(Loop, Ctx);
    return Info.Bound == LoopBound::EventLoop && Info.Paced;
  };
  return utils::anyNode(&Work, false, [&](const Stmt &S) {
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(&S))
      return Lambda->getBody() &&
             (utils::servesUntilStopped(*Lambda->getBody(), UntilStopped) ||
              utils::anyNode(Lambda->getBody(), false, [](const Stmt &Inner) {
                const auto *Call = llvm::dyn_cast<CXXMemberCallExpr>(&Inner);
                return Call && Call->getMethodDecl() &&
                       utils::runsEventLoop(*Call->getMethodDecl());
              }));
    // `std::thread(&io_context::run, &context)`.
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S))
      if (const auto *Method = llvm::dyn_cast<CXXMethodDecl>(Ref->getDecl()))
        return utils::runsEventLoop(*Method);
    const auto *Call = llvm::dyn_cast<CallExpr>(&S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Definition = nullptr;
    if (!Callee || !Callee->hasBody(Definition) || !Definition ||
        !utils::isCoroutine(*Definition))
      return false;
    return utils::servesUntilStopped(*Definition->getBody(), UntilStopped);
  });
}

bool UnboundedFanOutCheck::walksGivenWork(const Expr &Work, const Stmt &Loop,
                                          const LoopInfo &Info) {
  bool Any = false;
  bool Other = utils::anyNode(&Work, true, [&](const Stmt &S) {
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
    if (!Ref || !Info.IterationVars.contains(Ref->getDecl()))
      return false;
    Any = true;
    const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !utils::isExistingWork(Var->getType(), Classifier))
      return true;
    if (const auto *Range = llvm::dyn_cast<CXXForRangeStmt>(&Loop);
        Range && Range->getLoopVariable() == Var)
      return !utils::isGivenWork(Range->getRangeInit(), Classifier);
    // A variable stepped through what the function was handed.
    return !utils::isGivenWork(Ref, Classifier);
  });
  return Any && !Other;
}

void UnboundedFanOutCheck::checkSpawn(const Expr &Spawn, const Expr &Work,
                                      SpawnKind Kind, StringRef What,
                                      ASTContext &Ctx, bool Kept) {
  llvm::SmallVector<const Stmt *, 4> Enclosing = enclosingLoops(Spawn, Parents);
  if (Enclosing.empty())
    return;

  Use U = useOf(Spawn, Parents);
  if (U.What == Use::Stored && U.Var)
    U = fateOfVariable(*U.Var, *Enclosing.front(), Parents);
  if (Kept)
    U.What = Use::Passed;
  bool Detached = U.What == Use::MemberCall && U.Member == "detach";
  bool Waited = U.What == Use::Awaited || U.What == Use::Returned ||
                (U.What == Use::MemberCall && isWaitMember(U.Member));
  bool Starts = Kind == SpawnKind::JoinsWhenDropped
                    ? Detached || U.What == Use::Passed
                    : !Waited && U.What != Use::Unknown;
  if (!Starts)
    return;

  const Stmt *FanOutLoop = nullptr;
  for (const Stmt *Loop : Enclosing) {
    const LoopInfo &Info = loopInfo(*Loop, Ctx);
    if (Info.Paced || Info.Bound == LoopBound::EventLoop ||
        Info.Bound == LoopBound::NotData)
      return;
    if (Info.Bound == LoopBound::Unbounded) {
      FanOutLoop = Loop;
      break;
    }
  }
  if (!FanOutLoop)
    return;
  const LoopInfo &Info = loopInfo(*FanOutLoop, Ctx);
  // N copies of the same worker, all taking from one queue, are the bounded
  // design this check asks for.
  bool PerElement = utils::anyNode(&Work, true, [&](const Stmt &S) {
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
    return Ref && Info.IterationVars.contains(Ref->getDecl());
  });
  if (!PerElement)
    return;
  if (Kind == SpawnKind::RunsDetached && limitedInside(Work))
    return;
  if (walksGivenWork(Work, *FanOutLoop, Info) || startsService(Work, Ctx))
    return;

  SourceLocation Loc = Spawn.getExprLoc();
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Spawn))
    if (const auto *Callee = llvm::dyn_cast<MemberExpr>(Member->getCallee()))
      Loc = Callee->getMemberLoc();
  if (llvm::isa<CXXConstructExpr>(Spawn) ||
      (llvm::isa<CallExpr>(Spawn) && !llvm::isa<CXXMemberCallExpr>(Spawn)))
    Loc = Spawn.getBeginLoc();
  if (Loc.isInvalid() || !Reported.insert(Loc).second)
    return;
  diag(Loc, "%0 starts %1 in every iteration with no bound on how many run "
            "at once; bound the concurrency with a semaphore, a windowed "
            "join or a fixed pool of workers pulling from a queue")
      << Info.Description << What << Spawn.getSourceRange();
}

void UnboundedFanOutCheck::checkThread(const CXXConstructExpr &Construct,
                                       ASTContext &Ctx) {
  const CXXConstructorDecl *Ctor = Construct.getConstructor();
  if (!Ctor || Construct.getNumArgs() == 0 || Ctor->isCopyOrMoveConstructor() ||
      Construct.containsErrors())
    return;
  checkSpawn(Construct, Construct, SpawnKind::JoinsWhenDropped, "a thread",
             Ctx);
}

bool UnboundedFanOutCheck::inCoroutine(const Stmt &S) const {
  DynTypedNode Node = DynTypedNode::create(S);
  for (unsigned Depth = 0; Depth < 512; ++Depth) {
    DynTypedNode Parent = Parents.parent(Node);
    if (Parent.getNodeKind().isNone())
      break;
    if (const auto *Lambda = Parent.get<LambdaExpr>()) {
      const CXXMethodDecl *Op = Lambda->getCallOperator();
      return Op && utils::isCoroutine(*Op);
    }
    Node = Parent;
  }
  return CurrentFunction && utils::isCoroutine(*CurrentFunction);
}

void UnboundedFanOutCheck::checkCombinator(const CallExpr &Call,
                                           ASTContext &Ctx) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Call.containsErrors() || !Callee->getIdentifier())
    return;
  utils::RangeCombinatorCall Shape =
      utils::rangeCombinatorCall(Call, Classifier);
  // A limit or a window parameter bounds what runs at once.
  if (Shape.What == utils::RangeCombinatorCall::None || Shape.HasLimit ||
      matchesAny(BoundedJoins, *Callee))
    return;
  // Found by shape alone, a combinator that awaits in a loop takes the
  // elements one at a time.
  if (!isNamedJoin(Callee->getName()) && utils::awaitsInTurn(*Callee))
    return;

  // The input: what a view transforms, seen through a local that holds the
  // view.
  const Expr *Input = Shape.Range;
  if (const VarDecl *View = localVariable(Input);
      View && View->getInit() && utils::transformedRange(View->getInit()))
    Input = View->getInit();
  const Expr *Function = nullptr;
  if (const Expr *Transformed = utils::transformedRange(Input, &Function))
    Input = Transformed;
  else if (Shape.What == utils::RangeCombinatorCall::RangeOfWork)
    // A container of tasks is judged where the loop that fills it is.
    return;
  const Expr *Work = Shape.What == utils::RangeCombinatorCall::PerElement
                         ? Shape.Callable
                         : Function;

  // Inputs of a size known at compile time, as for loops.
  if (const VarDecl *Var = localVariable(Input))
    if (const auto *Holder =
            llvm::dyn_cast_or_null<FunctionDecl>(Var->getDeclContext());
        Holder && Holder->getBody())
      Parents.addBody(*Holder->getBody());
  if (std::optional<uint64_t> Size = rangeSize(Input, Ctx, /*ReadOnly=*/true);
      Size && (MaxConstantFanOut == 0 || *Size <= MaxConstantFanOut))
    return;
  // Work the enclosing function was handed, and a callable it was handed: a
  // combinator built on another, judged where it is called.
  if (utils::isGivenWork(Input, Classifier))
    return;
  if (Work) {
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(ignoreWrappers(Work));
    if (Ref && llvm::isa<ParmVarDecl>(Ref->getDecl()))
      return;
    // Tasks that acquire a limiter first.
    if (limitedInside(*Work))
      return;
    if (const auto *Coroutine =
            Ref ? llvm::dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr) {
      const FunctionDecl *Definition = nullptr;
      if (Coroutine->hasBody(Definition) && Definition &&
          utils::isCoroutine(*Definition) &&
          utils::anyNode(Definition->getBody(), false, [&](const Stmt &S) {
            const auto *Inner = llvm::dyn_cast<CallExpr>(&S);
            return Inner && isLimitCall(*Inner);
          }))
        return;
    }
  }

  SourceLocation Loc = Call.getBeginLoc();
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call))
    if (const auto *Named = llvm::dyn_cast<MemberExpr>(Member->getCallee()))
      Loc = Named->getMemberLoc();
  if (Loc.isInvalid() || !Reported.insert(Loc).second)
    return;
  std::string Range = sourceText(*Input, Ctx);
  diag(Loc, "%0 starts a task for every element of %1 at once with no bound "
            "on how many run; use a form that takes a concurrency limit, or "
            "limit the tasks with a semaphore")
      << Callee->getDeclName()
      << (Range.empty() ? std::string("its range") : "'" + Range + "'")
      << Call.getSourceRange();
}

void UnboundedFanOutCheck::checkCall(const CallExpr &Call, ASTContext &Ctx) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Call.containsErrors() || !Callee->getIdentifier())
    return;
  StringRef Name = Callee->getName();
  const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call);

  // Lazy tasks collected into a local container in a loop.
  if (Member && nameIn(Name, PushFunctions)) {
    const VarDecl *Container =
        localVariable(Member->getImplicitObjectArgument());
    // A std::thread built in place by emplace is started by the emplace.
    if (Container && Name.starts_with("emplace") && Call.getNumArgs() > 0 &&
        !isStdThread(Call.getArg(0)->getType()))
      if (const auto *Spec =
              llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
                  utils::recordForType(Container->getType())))
        if (Spec->getTemplateArgs().size() > 0 &&
            Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
            isStdThread(Spec->getTemplateArgs()[0].getAsType())) {
          checkSpawn(Call, Call, SpawnKind::JoinsWhenDropped, "a thread", Ctx,
                     /*Kept=*/true);
          return;
        }
    if (Container)
      for (const Expr *Arg : Call.arguments()) {
        QualType T = Arg->getType();
        utils::AwaitableKind Kind = Classifier.classify(T);
        // co_spawn with the deferred token describes the work for a
        // parallel group to start.
        const auto *Spawn =
            llvm::dyn_cast_or_null<CallExpr>(ignoreWrappers(Arg));
        bool DeferredSpawn =
            (Spawn && Spawn->getDirectCallee() &&
             calleeName(*Spawn->getDirectCallee()) == "co_spawn" &&
             !T->isVoidType() && !isFutureLike(T)) ||
            utils::isDeferredOperation(T);
        if (Kind != utils::AwaitableKind::LazyTask &&
            Kind != utils::AwaitableKind::UnknownTask &&
            Kind != utils::AwaitableKind::Awaitable && !DeferredSpawn)
          continue;
        // A future stands for work that is already running.
        if (Kind == utils::AwaitableKind::Awaitable && isFutureLike(T))
          continue;
        for (const Stmt *Loop : enclosingLoops(Call, Parents)) {
          const LoopInfo &Info = loopInfo(*Loop, Ctx);
          if (Info.Bound == LoopBound::Small)
            continue;
          // Event loops collect without bound too, and pacing does not
          // help: the tasks only start at the join. A loop sized like a pool
          // collects a pool.
          if (Info.Bound == LoopBound::NotData)
            break;
          bool PerElement = utils::anyNode(Arg, true, [&](const Stmt &S) {
            const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
            return Ref && Info.IterationVars.contains(Ref->getDecl());
          });
          // Tasks that acquire a limiter first, and a combinator wrapping
          // each of the tasks it was handed, bound nothing here.
          if (PerElement && !limitedInside(*Arg) &&
              !walksGivenWork(*Arg, *Loop, Info) &&
              !startsService(*Arg, Ctx))
            Pushes[Container].push_back({Member, Loop});
          break;
        }
        break;
      }
    return;
  }

  // Joins of a whole container.
  bool NamedJoin = !Member && isNamedJoin(Name);
  // A join found by shape: handed a range of tasks, it returns a task, and
  // does not take them one at a time.
  if (!NamedJoin && !Member)
    if (utils::RangeCombinatorCall Shape =
            utils::rangeCombinatorCall(Call, Classifier);
        Shape.What == utils::RangeCombinatorCall::RangeOfWork &&
        !utils::awaitsInTurn(*Callee))
      NamedJoin = true;
  if (NamedJoin) {
    if (matchesAny(BoundedJoins, *Callee))
      return;
    const VarDecl *Container = nullptr;
    bool HasLimit = false;
    for (const Expr *Arg : Call.arguments()) {
      if (llvm::isa<CXXDefaultArgExpr>(Arg))
        continue;
      if (const VarDecl *Var = localVariable(Arg); Var && !Container)
        Container = Var;
      else if (Arg->getType()->isIntegralOrEnumerationType() &&
               !Arg->getType()->isBooleanType())
        HasLimit = true;
    }
    if (Container && !HasLimit)
      Joins.push_back({&Call, Container});
    return;
  }

  // Eager starts.
  QualType Result = Call.getType();
  if (Name == "co_spawn") {
    // With use_awaitable or deferred, co_spawn only describes the work; with
    // a callback or detached it returns nothing, with use_future a future.
    if (!Result->isVoidType() && !isFutureLike(Result))
      return;
    checkSpawn(Call, Call, SpawnKind::RunsDetached,
               "a coroutine with 'co_spawn'", Ctx);
    return;
  }
  if (Name == "async" && Callee->isInStdNamespace()) {
    if (Call.getNumArgs() > 0) {
      const Expr *Policy = Call.getArg(0);
      if (const auto *Enum = Policy->getType()->getAs<EnumType>())
        if (const EnumDecl *ED = Enum->getDecl(); ED && ED->getIdentifier() &&
                                                  ED->getName() == "launch") {
          std::optional<llvm::APSInt> Value = utils::constantValue(Policy, Ctx);
          std::optional<llvm::APSInt> Async;
          for (const EnumConstantDecl *Enumerator : ED->enumerators())
            if (Enumerator->getName() == "async")
              Async = Enumerator->getInitVal();
          if (Value && Async &&
              (Value->getZExtValue() & Async->getZExtValue()) == 0)
            return;
        }
    }
    checkSpawn(Call, Call, SpawnKind::JoinsWhenDropped,
               "a task with 'std::async'", Ctx);
    return;
  }
  static const llvm::Regex SpawnName(("^(" + SpawnNamePattern + ")$").str());
  if (matchesAny(SpawnFunctions, *Callee) ||
      (SpawnName.match(Name) && takesTaskOrAwaitable(Call) &&
       Classifier.classify(Result) != utils::AwaitableKind::LazyTask)) {
    checkSpawn(Call, Call, SpawnKind::RunsDetached,
               ("a task with '" + Name + "'").str(), Ctx);
    return;
  }
  if (Member && Name.starts_with("start"))
    if (const Expr *Object = Member->getImplicitObjectArgument();
        Object &&
        Classifier.classify(Object->getType()) != utils::AwaitableKind::None) {
      checkSpawn(Call, Call, SpawnKind::RunsDetached,
                 ("a task with '" + Name + "'").str(), Ctx);
      return;
    }
  // A callable submitted to an executor from a plain function, its result
  // handed back (`executor->submit([&] { ... })`): it runs whatever happens
  // to that result.
  if (Member && utils::submitsCallable(*Member, Classifier) &&
      !inCoroutine(Call)) {
    checkSpawn(Call, Call, SpawnKind::RunsDetached,
               ("a task with '" + Name + "'").str(), Ctx);
    return;
  }
  // A call that hands out a task that exists (`std::move(tasks[i])`, an
  // accessor) starts nothing.
  if (Classifier.classify(Result) == utils::AwaitableKind::EagerTask &&
      utils::startsNewWork(Call, Classifier))
    checkSpawn(Call, Call, SpawnKind::RunsDetached,
               ("the eager coroutine '" + Name + "'").str(), Ctx);
}

void UnboundedFanOutCheck::reportJoins(ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const JoinSite &J : Joins) {
    auto *It = Pushes.find(J.Container);
    if (It == Pushes.end())
      continue;
    SourceLocation JoinLoc = J.Join->getBeginLoc();
    llvm::SmallVector<const PushSite *, 2> Unbounded;
    for (const PushSite &P : It->second) {
      SourceRange LoopRange = P.Loop->getSourceRange();
      // The join must come after the loop that fills the container.
      if (LoopRange.isInvalid() || JoinLoc.isInvalid() ||
          !SM.isBeforeInTranslationUnit(LoopRange.getEnd(), JoinLoc))
        continue;
      // A container that the loop itself empties, joins or hands on is
      // joined in batches.
      bool Batched = utils::anyNode(P.Loop, true, [&](const Stmt &S) {
        const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
        if (!Ref || Ref->getDecl() != J.Container)
          return false;
        Use U = useOf(*Ref, Parents);
        return U.What != Use::MemberCall ||
               !(nameIn(U.Member, PushFunctions) ||
                 nameIn(U.Member, ContainerQueries));
      });
      if (!Batched)
        Unbounded.push_back(&P);
    }
    if (Unbounded.empty() || !Reported.insert(JoinLoc).second)
      continue;
    const LoopInfo &Info = loopInfo(*Unbounded.front()->Loop, Ctx);
    std::string Filler = "the " + Info.Description;
    diag(JoinLoc, "%0 starts every task in %1 at once, and %1 is filled by "
                  "%2 with no bound; join with a windowed or bounded "
                  "combinator, or limit the tasks with a semaphore")
        << J.Join->getDirectCallee()->getDeclName() << J.Container << Filler
        << J.Join->getSourceRange();
    for (const PushSite *P : Unbounded)
      diag(P->Push->getExprLoc(), "task added to %0 in every iteration here",
           DiagnosticIDs::Note)
          << J.Container;
  }
}

void UnboundedFanOutCheck::onEndOfTranslationUnit() {
  if (LastContext) {
    TraversalKindScope AsIs(*LastContext, TK_AsIs);
    reportJoins(*LastContext);
  }
  clearState();
}

} // namespace clang::tidy::async
