//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "DanglingReferenceCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "utils/EvaluatedCodeVisitor.h"
#include "utils/FrameUses.h"
#include "utils/NameMatcher.h"
#include "utils/RangeCombinators.h"
#include "utils/StatementPositions.h"
#include "utils/StmtWalk.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

using Fate = DanglingReferenceCheck::Fate;

DanglingReferenceCheck::DanglingReferenceCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SpawnFunctionsOption(tidy::utils::options::parseStringList(
          Options.get("SpawnFunctions", ""))),
      SafeSpawnFunctionsOption(tidy::utils::options::parseStringList(
          Options.get("SafeSpawnFunctions", ""))),
      SpawnFunctions(utils::compilePatterns(SpawnFunctionsOption)),
      SafeSpawnFunctions(utils::compilePatterns(SafeSpawnFunctionsOption)) {}

void DanglingReferenceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(
      Opts, "SpawnFunctions",
      tidy::utils::options::serializeStringList(SpawnFunctionsOption));
  Options.store(
      Opts, "SafeSpawnFunctions",
      tidy::utils::options::serializeStringList(SafeSpawnFunctionsOption));
}

void DanglingReferenceCheck::registerMatchers(MatchFinder *Finder) {
  // The statements that decide what becomes of a task are in function
  // bodies; each body is walked once, from the top, so that no parent map is
  // needed.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void DanglingReferenceCheck::onStartOfTranslationUnit() {
  Flows.clear();
  Reported.clear();
}

static bool matchesAny(const std::vector<llvm::Regex> &Patterns,
                       const FunctionDecl &FD) {
  if (Patterns.empty() || !FD.getIdentifier())
    return false;
  std::string Qualified = utils::plainQualifiedName(FD);
  for (const llvm::Regex &RE : Patterns)
    if (RE.match(Qualified) || RE.match(FD.getName()))
      return true;
  return false;
}

bool DanglingReferenceCheck::isSpawn(const FunctionDecl &FD) const {
  if (!FD.getIdentifier())
    return false;
  // The libraries' spawns are spelled so (asio's co_spawn, async_scope's
  // spawn); whether the call is given a task is checked by the caller.
  static const llvm::Regex SpawnName("^(.*[Ss]pawn.*)$");
  return (SpawnName.match(FD.getName()) || matchesAny(SpawnFunctions, FD)) &&
         !isSafeSpawn(FD);
}

bool DanglingReferenceCheck::isSafeSpawn(const FunctionDecl &FD) const {
  return matchesAny(SafeSpawnFunctions, FD);
}

namespace {

enum class ParamKind { Reference, View, Pointer };

// How a parameter of type \p T refers to its argument, if it does.
std::optional<ParamKind> paramKind(QualType T) {
  if (T.isNull())
    return std::nullopt;
  if (T->isReferenceType())
    return ParamKind::Reference;
  if (T->isPointerType() && !T->getPointeeType()->isFunctionType())
    return ParamKind::Pointer;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
      RD && RD->getIdentifier() && RD->isInStdNamespace() &&
      (RD->getName() == "basic_string_view" || RD->getName() == "span"))
    return ParamKind::View;
  return std::nullopt;
}

// What an argument makes the parameter refer to.
struct Referent {
  // A temporary that dies at the end of the full-expression.
  const MaterializeTemporaryExpr *Temporary = nullptr;
  // A local variable (or by-value parameter) of the caller.
  const VarDecl *Local = nullptr;
  // The temporary is made by the parameter's default argument, at the call.
  bool ByDefault = false;
  explicit operator bool() const { return Temporary || Local; }
};

const Expr *skipParensAndNoOps(const Expr *E) {
  while (E) {
    E = E->IgnoreParens();
    if (const auto *Cast = llvm::dyn_cast<ImplicitCastExpr>(E);
        Cast && (Cast->getCastKind() == CK_NoOp ||
                 Cast->getCastKind() == CK_DerivedToBase ||
                 Cast->getCastKind() == CK_UncheckedDerivedToBase ||
                 Cast->getCastKind() == CK_LValueToRValue)) {
      E = Cast->getSubExpr();
      continue;
    }
    return E;
  }
  return E;
}

// A local object of \p Caller that dies with it: automatic storage, not a
// reference (which may name something that outlives the caller).
const VarDecl *ownLocal(const Expr *E, const FunctionDecl &Caller) {
  const auto *Ref = llvm::dyn_cast_or_null<DeclRefExpr>(E);
  if (!Ref || Ref->refersToEnclosingVariableOrCapture())
    return nullptr;
  const auto *VD = llvm::dyn_cast<VarDecl>(Ref->getDecl());
  if (!VD || !VD->hasLocalStorage() || VD->getType()->isReferenceType() ||
      VD->getParentFunctionOrMethod() != &Caller)
    return nullptr;
  return VD;
}

// A temporary whose lifetime ends with the full-expression.
const MaterializeTemporaryExpr *fullExpressionTemporary(const Expr *E) {
  const auto *Temp = llvm::dyn_cast_or_null<MaterializeTemporaryExpr>(E);
  if (!Temp || Temp->getExtendingDecl() ||
      Temp->getStorageDuration() != SD_FullExpression)
    return nullptr;
  return Temp;
}

// Whether a temporary or a local of type \p T owns what a view made of it
// points to: a class that cleans up after itself (std::string,
// std::vector), or an array.
bool ownsElements(QualType T) {
  if (T->isConstantArrayType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && !RD->hasTrivialDestructor();
}

Referent referentOf(const Expr *Arg, ParamKind Kind,
                    const FunctionDecl &Caller) {
  Referent R;
  if (!Arg)
    return R;
  // A default argument is evaluated at each call, and a temporary it
  // makes lives until the end of the caller's full-expression, as an
  // argument's does ([class.temporary]).
  if (const auto *Default = llvm::dyn_cast<CXXDefaultArgExpr>(Arg)) {
    const Expr *E = Default->getExpr();
    if (const auto *Full = llvm::dyn_cast_or_null<FullExpr>(E))
      E = Full->getSubExpr();
    if (!E || llvm::isa<CXXDefaultArgExpr>(E))
      return R;
    R = referentOf(E, Kind, Caller);
    R.Local = nullptr;
    R.ByDefault = R.Temporary != nullptr;
    return R;
  }
  const Expr *E = skipParensAndNoOps(Arg);
  switch (Kind) {
  case ParamKind::Reference: {
    if (const MaterializeTemporaryExpr *Temp = fullExpressionTemporary(E)) {
      // An empty object (a lambda without captures, a tag) holds nothing
      // that could dangle.
      const CXXRecordDecl *RD = Temp->getType()->getAsCXXRecordDecl();
      if (!(RD && RD->hasDefinition() && RD->isEmpty()))
        R.Temporary = Temp;
      return R;
    }
    R.Local = ownLocal(E, Caller);
    return R;
  }
  case ParamKind::View: {
    E = E->IgnoreImplicit();
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (!Ctor || Ctor->isCopyOrMoveConstructor() ||
          Construct->getNumArgs() < 1)
        return R;
      E = Construct->getArg(0);
    } else if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(E);
               Member && llvm::isa_and_nonnull<CXXConversionDecl>(
                             Member->getMethodDecl())) {
      E = Member->getImplicitObjectArgument();
    } else {
      return R;
    }
    E = skipParensAndNoOps(E);
    if (const MaterializeTemporaryExpr *Temp = fullExpressionTemporary(E)) {
      if (ownsElements(Temp->getType()))
        R.Temporary = Temp;
      return R;
    }
    if (const VarDecl *VD = ownLocal(E, Caller);
        VD && ownsElements(VD->getType()))
      R.Local = VD;
    return R;
  }
  case ParamKind::Pointer: {
    E = Arg->IgnoreParens();
    if (const auto *Cast = llvm::dyn_cast<ImplicitCastExpr>(E);
        Cast && Cast->getCastKind() == CK_ArrayToPointerDecay) {
      R.Local = ownLocal(Cast->getSubExpr()->IgnoreParens(), Caller);
      return R;
    }
    while (const auto *Cast = llvm::dyn_cast<ImplicitCastExpr>(E)) {
      if (Cast->getCastKind() != CK_NoOp && Cast->getCastKind() != CK_BitCast)
        break;
      E = Cast->getSubExpr()->IgnoreParens();
    }
    if (const auto *U = llvm::dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_AddrOf)
      R.Local = ownLocal(U->getSubExpr()->IgnoreParens(), Caller);
    return R;
  }
  }
  return R;
}

// Looks through what keeps a value as it is: parentheses, temporaries,
// conversions, std::move, and constructions of a task or awaitable from one.
const Expr *throughWrappers(const Expr *E, utils::AwaitableClassifier &C) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParens();
    if (llvm::isa<FullExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                  ImplicitCastExpr>(E)) {
      E = llvm::cast<Expr>(*E->child_begin());
      continue;
    }
    if (const auto *Cast = llvm::dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() < 1 ||
          C.classify(Construct->getType()) == utils::AwaitableKind::None)
        return E;
      E = Construct->getArg(0);
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
    return E;
  }
  return E;
}

const LambdaExpr *lambdaOf(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParens();
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(E))
      return Lambda;
    if (llvm::isa<FullExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                  ImplicitCastExpr>(E)) {
      E = llvm::cast<Expr>(*E->child_begin());
      continue;
    }
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1 &&
        Construct->getConstructor() &&
        Construct->getConstructor()->isCopyOrMoveConstructor()) {
      E = Construct->getArg(0);
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

const char *fateText(Fate F) {
  switch (F) {
  case Fate::Stored:
    return "stored";
  case Fate::Returned:
    return "returned";
  case Fate::Contained:
    return "stored in a container";
  case Fate::Spawned:
    return "spawned";
  case Fate::SpawnedDetached:
    return "spawned detached";
  case Fate::LeftRunning:
    return "left running";
  }
  return "";
}

// A statement that decides what becomes of a task made in it.
struct Sink {
  const Stmt *Statement;
  const Expr *Value;
  Fate How;
  // The variable the task is stored in, which must be used afterwards.
  const VarDecl *Variable = nullptr;
};

// Walks one function body from the top: the statements that store, return,
// spawn or drop a value, the references to variables (for uses after a
// statement).
class SinkFinder : public utils::EvaluatedCodeVisitor<SinkFinder> {
  using Base = utils::EvaluatedCodeVisitor<SinkFinder>;

public:
  explicit SinkFinder(DanglingReferenceCheck &Check) : Check(Check) {}

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    // A capture is a use of the variable where the lambda is written.
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable())
        if (const auto *VD = llvm::dyn_cast<VarDecl>(C.getCapturedVar()))
          References[VD].push_back(Lambda->getBeginLoc());
    for (Expr *Init : Lambda->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *VD = llvm::dyn_cast<VarDecl>(Ref->getDecl()))
      References[VD].push_back(Ref->getLocation());
    return true;
  }
  bool VisitStmt(Stmt *S) {
    Positions.forEachChild(*S, [&](const Stmt &Child) { statement(Child); });
    return true;
  }
  bool VisitDeclStmt(DeclStmt *S) {
    for (const Decl *D : S->decls())
      if (const auto *VD = llvm::dyn_cast<VarDecl>(D);
          VD && VD->hasLocalStorage() && VD->getInit() &&
          !VD->getType()->isReferenceType())
        Sinks.push_back({S, VD->getInit(), Fate::Stored, VD});
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *S) {
    if (S->getRetValue())
      Sinks.push_back({S, S->getRetValue(), Fate::Returned});
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    if (S->getOperand())
      Sinks.push_back({S, S->getOperand(), Fate::Returned});
    return true;
  }

  // Whether the function refers to \p VD after \p Loc.
  bool usedAfter(const VarDecl *VD, SourceLocation Loc,
                 const SourceManager &SM) const {
    auto It = References.find(VD);
    if (It == References.end())
      return false;
    return llvm::any_of(It->second, [&](SourceLocation Ref) {
      return SM.isBeforeInTranslationUnit(Loc, Ref);
    });
  }

  llvm::SmallVector<Sink, 8> Sinks;

private:
  // A discarded expression statement.
  void statement(const Stmt &Child) {
    const auto *E = llvm::dyn_cast<Expr>(&Child);
    if (!E)
      return;
    const Stmt *S = &Child;
    const Expr *Plain = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Assign = llvm::dyn_cast<CXXOperatorCallExpr>(Plain);
        Assign && Assign->getOperator() == OO_Equal &&
        Assign->getNumArgs() == 2) {
      Sinks.push_back({S, Assign->getArg(1), Fate::Stored});
      return;
    }
    if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Plain)) {
      // push_back, emplace, insert: the object is a range that keeps
      // what it is given.
      const Expr *Object = Member->getImplicitObjectArgument();
      QualType T = Object ? Object->getType() : QualType();
      if (!T.isNull() && T->isPointerType())
        T = T->getPointeeType();
      const CXXRecordDecl *RD = T.isNull() ? nullptr : utils::recordForType(T);
      if (RD && utils::findMember(RD, "begin") &&
          utils::findMember(RD, "end")) {
        for (const Expr *Arg : Member->arguments())
          Sinks.push_back({S, Arg, Fate::Contained});
        return;
      }
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(Plain)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Check.isSpawn(*Callee)) {
        Fate How = Call->getType()->isVoidType() ? Fate::SpawnedDetached
                                                 : Fate::Spawned;
        for (const Expr *Arg : Call->arguments())
          Sinks.push_back({S, Arg, How});
        return;
      }
    }
    Sinks.push_back({S, E, Fate::LeftRunning});
  }

  DanglingReferenceCheck &Check;
  utils::StatementPositions Positions;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<SourceLocation, 4>>
      References;
};

// The callee of a call and the arguments matched to its parameters.
struct CallShape {
  const FunctionDecl *Callee = nullptr;
  const LambdaExpr *Lambda = nullptr;
  llvm::SmallVector<std::pair<const Expr *, const ParmVarDecl *>, 4> Args;
};

std::optional<CallShape> shapeOf(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return std::nullopt;
  const FunctionDecl *Definition = Callee->getDefinition();
  if (!Definition || !utils::isCoroutine(*Definition))
    return std::nullopt;
  CallShape Shape;
  Shape.Callee = Definition;
  unsigned First = 0;
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && llvm::isa<CXXMethodDecl>(Callee)) {
    First = 1;
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      Shape.Lambda = lambdaOf(Op->getArg(0));
  }
  for (unsigned I = First; I < Call.getNumArgs(); ++I) {
    unsigned P = I - First;
    if (P >= Definition->getNumParams())
      break;
    Shape.Args.emplace_back(Call.getArg(I), Definition->getParamDecl(P));
  }
  return Shape;
}

// The name of what a call calls, for the diagnostic.
std::string calleeName(const CallShape &Shape) {
  if (Shape.Lambda)
    return "the lambda";
  return "'" + Shape.Callee->getNameAsString() + "'";
}

} // namespace

namespace {

// Whether the function of \p Graph can return (not only throw) after
// \p Where: its exit block is reachable from the block that holds it.
bool returnsAfterIn(const CFG &Graph, const Stmt *Where) {
  // A full-expression is an element as what it holds.
  const Stmt *Inner = Where;
  if (const auto *E = llvm::dyn_cast<Expr>(Where))
    Inner = E->IgnoreImplicit();
  const CFGBlock *Start = nullptr;
  for (const CFGBlock *Block : Graph) {
    if (!Block)
      continue;
    for (const CFGElement &Element : *Block)
      if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
          S && (S->getStmt() == Where || S->getStmt() == Inner))
        Start = Block;
    if (Start)
      break;
  }
  // Where the statement cannot be found, the function may return.
  if (!Start)
    return true;
  llvm::SmallVector<const CFGBlock *, 16> Worklist{Start};
  llvm::SmallPtrSet<const CFGBlock *, 16> Seen;
  Seen.insert(Start);
  while (!Worklist.empty()) {
    const CFGBlock *Block = Worklist.pop_back_val();
    if (Block == &Graph.getExit())
      return true;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs())
      if (const CFGBlock *Next = Succ.getReachableBlock())
        if (Seen.insert(Next).second)
          Worklist.push_back(Next);
  }
  return false;
}

// How a task reaches the statement that decides its fate: handed on, by
// value or as an rvalue, to calls that keep it and give back a task, an
// awaitable or a future (a combinator, the binding to an executor, a start).
struct Handover {
  // The call the task is handed to; null when it is the statement's value.
  const FunctionDecl *To = nullptr;
  // A member of the task (or of what it was handed to) named start...: it
  // runs the body at once, up to its first suspension.
  const FunctionDecl *StartedBy = nullptr;
  // Something on the way runs the task whatever becomes of the result (a
  // start, or an eager coroutine given the task).
  bool Runs = false;
  // Something on the way gives back work that may have started (a future,
  // an eager task): the body may have run to its first suspension inside
  // the full-expression, so only uses after it are sure to dangle.
  bool MayHaveStarted = false;
  // The task was stored in this variable by an earlier statement: its
  // temporaries are gone already (and reported there), only the caller's
  // locals are in question.
  const VarDecl *Through = nullptr;
};

class Analysis {
public:
  Analysis(DanglingReferenceCheck &Check, const FunctionDecl &Function,
           ASTContext &Ctx, const SinkFinder &Finder)
      : Check(Check), Function(Function), Ctx(Ctx), Finder(Finder),
        SM(Ctx.getSourceManager()) {}

  void sink(const Sink &S);

  std::function<DiagnosticBuilder(SourceLocation, StringRef,
                                  DiagnosticIDs::Level)>
      Report;

private:
  void taskCall(const CallExpr &Call, const Sink &S, const Handover &H);
  // Follows the tasks \p Call is handed, when it keeps them.
  void handOn(const CallExpr &Call, const Sink &S, const Handover &H,
              unsigned Depth);
  void spawnedLambda(const LambdaExpr &Lambda, const Sink &S);
  // Whether the caller goes on using, after \p S, a local named in it: it
  // shares it with the task, and may wait for the task through it.
  bool sharesAfter(const Sink &S) const;
  // Whether the caller can return after \p S; an accept loop that only
  // ends by an exception keeps its locals as long as it runs.
  bool returnsAfter(const Sink &S);
  std::unique_ptr<CFG> OwnGraph;
  bool GraphBuilt = false;
  std::optional<utils::FrameUse> use(const FunctionDecl &Coroutine,
                                     bool AfterSuspension,
                                     llvm::function_ref<bool(const Stmt &)> P);

  DanglingReferenceCheck &Check;
  const FunctionDecl &Function;
  ASTContext &Ctx;
  const SinkFinder &Finder;
  const SourceManager &SM;
};

bool Analysis::sharesAfter(const Sink &S) const {
  SourceLocation End = S.Statement->getEndLoc();
  return utils::anyNode(S.Statement, /*IntoLambdas=*/false,
                        [&](const Stmt &N) {
                          const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&N);
                          const auto *VD =
                              Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl())
                                  : nullptr;
                          return VD && Finder.usedAfter(VD, End, SM);
                        }) ||
         // What a lambda captures by reference is shared too.
         utils::anyNode(S.Statement, /*IntoLambdas=*/false, [&](const Stmt &N) {
           const auto *Lambda = llvm::dyn_cast<LambdaExpr>(&N);
           if (!Lambda)
             return false;
           for (const LambdaCapture &C : Lambda->captures())
             if (C.capturesVariable())
               if (const auto *VD = llvm::dyn_cast<VarDecl>(C.getCapturedVar());
                   VD && Finder.usedAfter(VD, End, SM))
                 return true;
           return false;
         });
}

bool Analysis::returnsAfter(const Sink &S) {
  const CFG *Graph = nullptr;
  if (utils::isCoroutine(Function)) {
    if (const utils::SuspensionFlow *Flow = Check.flow(Function, Ctx))
      Graph = &Flow->cfg();
  } else {
    if (!GraphBuilt) {
      GraphBuilt = true;
      CFG::BuildOptions Options;
      Options.setAllAlwaysAdd();
      OwnGraph = CFG::buildCFG(&Function, Function.getBody(), &Ctx, Options);
    }
    Graph = OwnGraph.get();
  }
  return !Graph || returnsAfterIn(*Graph, S.Statement);
}

std::optional<utils::FrameUse>
Analysis::use(const FunctionDecl &Coroutine, bool AfterSuspension,
              llvm::function_ref<bool(const Stmt &)> P) {
  const utils::SuspensionFlow *Flow = Check.flow(Coroutine, Ctx);
  if (!Flow)
    return std::nullopt;
  // An eager body that awaits what its caller handed it (a result, a
  // future, a task) may find it complete and run to its end before the call
  // returns: whether it does is the caller's to know, so that await does
  // not count.
  auto Counts = [&](const utils::SuspensionPoint &Point) {
    const auto *Suspend = llvm::dyn_cast<CoroutineSuspendExpr>(Point.E);
    if (!Suspend || !Suspend->getOperand())
      return true;
    const Expr *Operand = throughWrappers(Suspend->getOperand(),
                                          Check.classifier());
    while (const auto *Member = llvm::dyn_cast_or_null<MemberExpr>(Operand))
      Operand = Member->getBase()->IgnoreParenImpCasts();
    const auto *Ref = llvm::dyn_cast_or_null<DeclRefExpr>(Operand);
    return !(Ref && llvm::isa<ParmVarDecl>(Ref->getDecl()));
  };
  return utils::firstFrameUse(*Flow, P, AfterSuspension, Counts);
}

void Analysis::sink(const Sink &S) {
  const Expr *Value = throughWrappers(S.Value, Check.classifier());
  if (!Value || Value->containsErrors())
    return;
  if (S.How == Fate::SpawnedDetached)
    if (const LambdaExpr *Lambda = lambdaOf(S.Value)) {
      spawnedLambda(*Lambda, S);
      return;
    }
  if (const auto *Call = llvm::dyn_cast<CallExpr>(Value)) {
    taskCall(*Call, S, Handover{});
    handOn(*Call, S, Handover{}, 0);
  }
}

void Analysis::handOn(const CallExpr &Call, const Sink &S, const Handover &H,
                      unsigned Depth) {
  if (Depth > 4 || Call.isTypeDependent() || Call.containsErrors())
    return;
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Callee->isInvalidDecl())
    return;
  // What keeps a task gives back something that stands for it: a task, an
  // awaitable, a future. A call that gives back a plain value (sync_wait)
  // or nothing has run it or let it go.
  QualType Result = Call.getType();
  if (Result.isNull() || Result->isVoidType())
    return;
  utils::AwaitableClassifier &C = Check.classifier();
  utils::AwaitableKind ResultKind = C.classify(Result);
  bool Future = utils::isFutureLikeType(Result);
  if (ResultKind == utils::AwaitableKind::None && !Future)
    return;
  Handover Next = H;
  Next.To = Callee;
  if (ResultKind == utils::AwaitableKind::EagerTask) {
    Next.Runs = true;
    Next.MayHaveStarted = true;
  }
  if (Future)
    Next.MayHaveStarted = true;
  auto Operand = [&](const Expr *E) {
    const Expr *Inner = throughWrappers(E, C);
    if (!Inner || Inner->containsErrors())
      return;
    if (const auto *Task = llvm::dyn_cast<CallExpr>(Inner)) {
      if (C.classify(Task->getType()) == utils::AwaitableKind::None)
        return;
      taskCall(*Task, S, Next);
      handOn(*Task, S, Next, Depth + 1);
      return;
    }
    // `auto t = f(local).scheduleOn(ex); std::move(t).start();`
    const VarDecl *VD = H.Through ? nullptr : ownLocal(Inner, Function);
    if (!VD || !VD->isLocalVarDecl() || !VD->getInit())
      return;
    const auto *Task =
        llvm::dyn_cast_or_null<CallExpr>(throughWrappers(VD->getInit(), C));
    if (!Task || C.classify(Task->getType()) == utils::AwaitableKind::None)
      return;
    Handover ViaVariable = Next;
    ViaVariable.Through = VD;
    taskCall(*Task, S, ViaVariable);
    handOn(*Task, S, ViaVariable, Depth + 1);
  };
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call)) {
    const auto *Method = llvm::dyn_cast<CXXMethodDecl>(Callee);
    const Expr *Object = Member->getImplicitObjectArgument();
    if (!Method || Method->isStatic() || !Object ||
        Object->getType()->isPointerType() ||
        C.classify(Object->getType()) == utils::AwaitableKind::None)
      return;
    // Whether a member that turns a task into a future starts it (folly's
    // TaskWithExecutor::start) or leaves it for whoever waits on the
    // future (a deferred future) is in the library's code, not in the
    // types: the name tells. It matters only for a future that is dropped.
    if (Callee->getIdentifier() && Callee->getName().starts_with("start")) {
      Next.StartedBy = Callee;
      Next.Runs = true;
      Next.MayHaveStarted = true;
    }
    Operand(Object);
    return;
  }
  if (llvm::isa<CXXOperatorCallExpr>(Call))
    return;
  for (unsigned I = 0, N = std::min(Call.getNumArgs(), Callee->getNumParams());
       I < N; ++I) {
    // A reference to an lvalue leaves the task where it is.
    QualType Param = Callee->getParamDecl(I)->getType();
    if (Param->isLValueReferenceType() || Param->isPointerType())
      continue;
    Operand(Call.getArg(I));
  }
}

void Analysis::taskCall(const CallExpr &Call, const Sink &S,
                        const Handover &H) {
  if (!Call.isPRValue() || Call.containsErrors())
    return;
  utils::AwaitableKind Kind = Check.classifier().classify(Call.getType());
  if (Kind != utils::AwaitableKind::LazyTask &&
      Kind != utils::AwaitableKind::EagerTask)
    return;
  // A lazy task that is dropped never runs; one stored in a variable that
  // is never used again runs neither. Handed on, it runs when what it was
  // handed to runs it: a start, an eager coroutine.
  bool Unused =
      S.Variable && !Finder.usedAfter(S.Variable, S.Statement->getEndLoc(), SM);
  bool Dropped = S.How == Fate::LeftRunning || Unused;
  if (!H.To) {
    if ((S.How == Fate::LeftRunning &&
         Kind != utils::AwaitableKind::EagerTask) ||
        Unused)
      return;
  } else if (Dropped && !H.Runs) {
    return;
  }
  std::optional<CallShape> Shape = shapeOf(Call);
  if (!Shape)
    return;
  const Stmt &AsStmt = Call;
  SourceLocation Loc = AsStmt.getBeginLoc();
  if (Loc.isInvalid() || SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
    return;
  bool Eager = Kind == utils::AwaitableKind::EagerTask;
  bool AfterSuspension = Eager || H.MayHaveStarted;
  std::string How = fateText(S.How);
  if (H.StartedBy)
    How = "started by '" + H.StartedBy->getNameAsString() + "'";
  else if (H.To)
    How = "handed to '" + H.To->getNameAsString() + "', whose result is " + How;

  // The locals of the caller die when it returns: a task returned from a
  // function that is no coroutine, or left running on its own.
  bool Detached = S.How == Fate::SpawnedDetached ||
                  S.How == Fate::LeftRunning || (H.To && Dropped);
  bool LocalsDie = (S.How == Fate::Returned && !utils::isCoroutine(Function)) ||
                   (Detached && !sharesAfter(S) && returnsAfter(S));

  // The captures of a coroutine lambda that is a temporary (in this
  // statement, not one that stored the task).
  if (Shape->Lambda && Shape->Lambda->capture_size() > 0) {
    if (H.Through)
      return;
    // Where each capture is written (the capture default for an implicit
    // one).
    llvm::DenseMap<const ValueDecl *, SourceLocation> Captured;
    SourceLocation ThisCapture;
    for (const LambdaCapture &C : Shape->Lambda->captures()) {
      SourceLocation Written = C.isImplicit()
                                   ? Shape->Lambda->getCaptureDefaultLoc()
                                   : C.getLocation();
      if (C.capturesThis())
        ThisCapture =
            Written.isValid() ? Written : Shape->Lambda->getBeginLoc();
      else if (C.capturesVariable())
        Captured[C.getCapturedVar()] = Written;
    }
    bool CapturesThis = ThisCapture.isValid();
    std::optional<utils::FrameUse> Use =
        use(*Shape->Callee, AfterSuspension, [&](const Stmt &N) {
          if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&N))
            return Captured.count(Ref->getDecl()) != 0;
          return CapturesThis && llvm::isa<CXXThisExpr>(&N);
        });
    if (Use && Check.firstReport(Loc)) {
      Report(Loc,
             "the captures of this coroutine lambda are destroyed with the "
             "lambda at the end of the full-expression, but its %0 task, "
             "which uses them, is %1",
             DiagnosticIDs::Warning)
          << (Eager ? "eager" : "lazy") << How << Call.getSourceRange();
      SourceLocation CaptureLoc = ThisCapture;
      if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Use->Use))
        CaptureLoc = Captured.lookup(Ref->getDecl());
      if (CaptureLoc.isInvalid())
        CaptureLoc = Shape->Lambda->getBeginLoc();
      Report(CaptureLoc, "captured here", DiagnosticIDs::Note);
      Report(Use->Use->getBeginLoc(),
             AfterSuspension ? "used here, after the coroutine has suspended"
                             : "used here, when the task runs",
             DiagnosticIDs::Note);
      if (Use->After)
        Report(Use->After->getBeginLoc(), "the coroutine suspends here",
               DiagnosticIDs::Note);
    }
    return;
  }

  for (const auto &ArgAndParam : Shape->Args) {
    const Expr *Arg = ArgAndParam.first;
    const ParmVarDecl *Param = ArgAndParam.second;
    std::optional<ParamKind> PK = paramKind(Param->getType());
    if (!PK)
      continue;
    Referent R = referentOf(Arg, *PK, Function);
    if (!R || (R.Local && !LocalsDie) || (R.Temporary && H.Through))
      continue;
    std::optional<utils::FrameUse> Use =
        use(*Shape->Callee, AfterSuspension, [&](const Stmt &N) {
          const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&N);
          return Ref && Ref->getDecl() == Param;
        });
    if (!Use)
      continue;
    const Stmt &ArgStmt = *Arg;
    // A default argument has no place of its own: reported once per call.
    SourceLocation Key =
        R.ByDefault ? llvm::cast<CXXDefaultArgExpr>(Arg)->getUsedLocation()
                    : ArgStmt.getBeginLoc();
    if (Key.isInvalid())
      Key = Loc;
    if (!Check.firstReport(Key))
      continue;
    if (R.ByDefault)
      Report(Loc,
             "the temporary made by the default argument of parameter '%0' "
             "of %1 is destroyed at the end of the full-expression, but the "
             "%2 task, which uses it, is %3",
             DiagnosticIDs::Warning)
          << Param->getName() << calleeName(*Shape)
          << (Eager ? "eager" : "lazy") << How << Call.getSourceRange();
    else if (R.Temporary)
      Report(Loc,
             "the temporary bound to parameter '%0' of %1 is destroyed at the "
             "end of the full-expression, but the %2 task, which uses it, is "
             "%3",
             DiagnosticIDs::Warning)
          << Param->getName() << calleeName(*Shape)
          << (Eager ? "eager" : "lazy") << How << Arg->getSourceRange();
    else
      Report(Loc,
             "local '%0' bound to parameter '%1' of %2 is destroyed when '%3' "
             "returns, but the %4 task, which uses it, is %5",
             DiagnosticIDs::Warning)
          << R.Local->getName() << Param->getName() << calleeName(*Shape)
          << Function.getNameAsString() << (Eager ? "eager" : "lazy") << How
          << Arg->getSourceRange();
    Report(Param->getLocation(), "parameter '%0' declared here",
           DiagnosticIDs::Note)
        << Param->getName();
    Report(Use->Use->getBeginLoc(),
           AfterSuspension ? "used here, after the coroutine has suspended"
                           : "used here, when the task runs",
           DiagnosticIDs::Note);
    if (Use->After)
      Report(Use->After->getBeginLoc(), "the coroutine suspends here",
             DiagnosticIDs::Note);
  }
}

void Analysis::spawnedLambda(const LambdaExpr &Lambda, const Sink &S) {
  const CXXMethodDecl *Operator = Lambda.getCallOperator();
  if (!Operator || Operator->isDependentContext() ||
      !utils::isCoroutine(*Operator))
    return;
  utils::AwaitableKind Kind =
      Check.classifier().classify(Operator->getReturnType());
  if (Kind != utils::AwaitableKind::LazyTask &&
      Kind != utils::AwaitableKind::EagerTask)
    return;
  if (sharesAfter(S) || !returnsAfter(S))
    return;
  llvm::DenseMap<const ValueDecl *, SourceLocation> ByReference;
  for (const LambdaCapture &C : Lambda.captures())
    if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
      if (const auto *VD = llvm::dyn_cast<VarDecl>(C.getCapturedVar());
          VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
          VD->getParentFunctionOrMethod() == &Function)
        ByReference[VD] =
            C.isImplicit() ? Lambda.getCaptureDefaultLoc() : C.getLocation();
  if (ByReference.empty())
    return;
  const ValueDecl *Which = nullptr;
  std::optional<utils::FrameUse> Use = use(
      *Operator, Kind == utils::AwaitableKind::EagerTask, [&](const Stmt &N) {
        const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&N);
        if (!Ref || !ByReference.count(Ref->getDecl()))
          return false;
        Which = Ref->getDecl();
        return true;
      });
  if (!Use)
    return;
  if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Use->Use))
    Which = Ref->getDecl();
  SourceLocation Loc = Lambda.getBeginLoc();
  if (!Which || !Check.firstReport(Loc))
    return;
  Report(Loc,
         "coroutine lambda spawned detached refers to local '%0' of '%1' by "
         "reference, which is destroyed when '%1' returns, before the "
         "coroutine is done with it",
         DiagnosticIDs::Warning)
      << Which->getName() << Function.getNameAsString();
  Report(ByReference.lookup(Which), "'%0' is captured by reference here",
         DiagnosticIDs::Note)
      << Which->getName();
  Report(Use->Use->getBeginLoc(),
         Kind == utils::AwaitableKind::EagerTask
             ? "used here, after the coroutine has suspended"
             : "used here, when the coroutine runs",
         DiagnosticIDs::Note);
}

} // namespace

void DanglingReferenceCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!FD || FD->isDependentContext() || FD->isInvalidDecl() || !FD->getBody())
    return;
  ASTContext &Ctx = *Result.Context;
  Classifier.setContext(&Ctx);
  SinkFinder Finder(*this);
  if (const CoroutineBodyStmt *Coroutine = utils::getCoroutineBody(*FD))
    Finder.TraverseStmt(Coroutine->getBody());
  else
    Finder.TraverseStmt(FD->getBody());
  if (Finder.Sinks.empty())
    return;
  Analysis A(*this, *FD, Ctx, Finder);
  A.Report = [&](SourceLocation Loc, StringRef Message,
                 DiagnosticIDs::Level Level) {
    return diag(Loc, Message, Level);
  };
  for (const Sink &S : Finder.Sinks)
    A.sink(S);
}

} // namespace clang::tidy::async
