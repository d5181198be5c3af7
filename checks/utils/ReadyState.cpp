//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/ReadyState.h"
#include "utils/AsyncTypes.h"
#include "utils/FatalPaths.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include <deque>

namespace clang::tidy::async::utils {

void ReadyState::clear() {
  Graphs.clear();
  Parents.clear();
}

bool ReadyState::isFutureLike(const CXXRecordDecl *RD) {
  return RD && llvm::isa_and_nonnull<CXXMethodDecl>(findMember(RD, "get")) &&
         llvm::isa_and_nonnull<CXXMethodDecl>(findMember(RD, "wait"));
}

static bool isStdCast(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Call.getNumArgs() != 1 ||
      !Callee->isInStdNamespace())
    return false;
  return Callee->getName() == "move" || Callee->getName() == "forward";
}

// The expression an object comes from, through moves, copies and
// temporaries: a variable, a co_await, or something else.
static const Expr *sourceOf(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = llvm::dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    else if (const auto *Temp = llvm::dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temp->getSubExpr();
    else if (const auto *Bind = llvm::dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    else if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() == 1 &&
             Construct->getConstructor()->isCopyOrMoveConstructor())
      E = Construct->getArg(0);
    else if (const auto *Call = llvm::dyn_cast<CallExpr>(E);
             Call && isStdCast(*Call))
      E = Call->getArg(0);
    else
      return E;
  }
  return nullptr;
}

static const VarDecl *variableOf(const Expr *E) {
  const auto *Ref = llvm::dyn_cast_or_null<DeclRefExpr>(sourceOf(E));
  return Ref ? llvm::dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

namespace {
class EventCollector : public RecursiveASTVisitor<EventCollector> {
public:
  using Graph = llvm::DenseMap<const VarDecl *,
                               llvm::SmallVector<const Expr *, 4>>;
  EventCollector(Graph &Events, llvm::DenseSet<const VarDecl *> &Assigned,
                 llvm::DenseMap<const CXXRecordDecl *, const LambdaExpr *>
                     &Lambdas)
      : Events(Events), Assigned(Assigned), Lambdas(Lambdas) {}

  // A lambda's body is a function of its own; what it captures is
  // evaluated where it is created.
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    Lambdas.try_emplace(Lambda->getLambdaClass(), Lambda);
    for (Expr *Init : Lambda->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    if (const VarDecl *Var = variableOf(Call->getImplicitObjectArgument()))
      Events[Var].push_back(Call);
    return true;
  }
  bool VisitCoawaitExpr(CoawaitExpr *Await) {
    const Expr *Operand = sourceOf(Await->getOperand());
    if (const auto *Call = llvm::dyn_cast_or_null<CXXMemberCallExpr>(Operand))
      Operand = Call->getImplicitObjectArgument();
    if (const VarDecl *Var = variableOf(Operand))
      Events[Var].push_back(Await);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp())
      if (const VarDecl *Var = variableOf(Op->getLHS()))
        Assigned.insert(Var);
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->isAssignmentOp() && Op->getNumArgs() > 0)
      if (const VarDecl *Var = variableOf(Op->getArg(0)))
        Assigned.insert(Var);
    return true;
  }

private:
  Graph &Events;
  llvm::DenseSet<const VarDecl *> &Assigned;
  llvm::DenseMap<const CXXRecordDecl *, const LambdaExpr *> &Lambdas;
};
} // namespace

ReadyState::Graph *ReadyState::graphFor(const FunctionDecl &FD) {
  auto [It, Inserted] = Graphs.try_emplace(&FD);
  if (!Inserted)
    return It->second.get();
  const Stmt *Body = FatalPaths::bodyOf(FD);
  if (!Context || !Body || FD.isDependentContext())
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Cfg =
      CFG::buildCFG(&FD, const_cast<Stmt *>(Body), Context, Options);
  if (!Cfg)
    return nullptr;
  auto G = std::make_unique<Graph>();
  G->Body = Body;
  for (const CFGBlock *B : *Cfg) {
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        G->Where.try_emplace(S->getStmt(), B, Index);
      ++Index;
    }
  }
  EventCollector(G->Events, G->Assigned, G->Lambdas)
      .TraverseStmt(const_cast<Stmt *>(Body));
  G->Cfg = std::move(Cfg);
  It->second = std::move(G);
  return It->second.get();
}

bool ReadyState::dominates(const Graph &G, const Stmt &A,
                           const Stmt &B) const {
  auto ItA = G.Where.find(&A), ItB = G.Where.find(&B);
  if (ItA == G.Where.end() || ItB == G.Where.end())
    return false;
  const CFGBlock *BlockA = ItA->second.first, *BlockB = ItB->second.first;
  if (BlockA == BlockB)
    return ItA->second.second < ItB->second.second;
  // B is dominated when it cannot be reached from the entry without
  // passing through A (and can be reached at all).
  auto Reaches = [&](const CFGBlock *Avoid) {
    llvm::BitVector Seen(G.Cfg->getNumBlockIDs());
    llvm::SmallVector<const CFGBlock *, 16> Work{&G.Cfg->getEntry()};
    Seen.set(G.Cfg->getEntry().getBlockID());
    while (!Work.empty()) {
      const CFGBlock *Cur = Work.pop_back_val();
      if (Cur == BlockB)
        return true;
      for (const CFGBlock *Succ : Cur->succs())
        if (Succ && Succ != Avoid && !Seen.test(Succ->getBlockID())) {
          Seen.set(Succ->getBlockID());
          Work.push_back(Succ);
        }
    }
    return false;
  };
  return !Reaches(BlockA) && Reaches(nullptr);
}

bool ReadyState::contains(const Stmt *Outer, const Stmt &Inner) const {
  if (!Outer)
    return false;
  DynTypedNode Cur = DynTypedNode::create(Inner);
  while (true) {
    if (Cur.get<Stmt>() == Outer)
      return true;
    Cur = Parents.parent(Cur);
    if (Cur.get<Stmt>() == nullptr && Cur.get<VarDecl>() == nullptr)
      return false;
  }
}

// A branch that never falls through to what follows it.
static bool endsAbruptly(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Compound = llvm::dyn_cast<CompoundStmt>(S))
    return !Compound->body_empty() && endsAbruptly(Compound->body_back());
  if (llvm::isa<ReturnStmt, CoreturnStmt, BreakStmt, ContinueStmt, GotoStmt>(
          S))
    return true;
  if (const auto *If = llvm::dyn_cast<IfStmt>(S))
    return endsAbruptly(If->getThen()) && endsAbruptly(If->getElse());
  if (const auto *E = llvm::dyn_cast<Expr>(S)) {
    E = E->IgnoreImplicit();
    if (llvm::isa<CXXThrowExpr>(E))
      return true;
    if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        return Callee->isNoReturn();
  }
  return false;
}

// Whether \p S leaves the loop it is the body of other than through the
// loop's condition.
static bool breaksOut(const Stmt *S) {
  if (!S)
    return false;
  if (llvm::isa<BreakStmt, GotoStmt>(S))
    return true;
  // A break in a nested loop or switch leaves only that one.
  if (llvm::isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt,
                LambdaExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (breaksOut(Child))
      return true;
  return false;
}

// A member that reports the state of the future without waiting for it.
static bool isStateQuery(const CXXMethodDecl *Method) {
  if (!Method || !Method->getIdentifier() || Method->getName() == "valid")
    return false;
  QualType Result = Method->getReturnType().getCanonicalType();
  if (Result->isEnumeralType())
    return true;
  return Result->isBooleanType() && Method->isConst() &&
         Method->getMinRequiredArguments() == 0;
}

bool ReadyState::guards(const Graph &G, const CXXMemberCallExpr &Query,
                        const Stmt &At) {
  if (!dominates(G, Query, At))
    return false;
  bool IsEnum =
      Query.getMethodDecl()->getReturnType().getCanonicalType()->isEnumeralType();
  bool Positive = true, Compared = false;
  DynTypedNode Cur = DynTypedNode::create(static_cast<const Stmt &>(Query));
  while (true) {
    DynTypedNode P = Parents.parent(Cur);
    const auto *S = P.get<Stmt>();
    const auto *Child = Cur.get<Stmt>();
    // Stored in a variable, returned, or used otherwise: not followed.
    if (!S || !Child)
      return false;
    if (llvm::isa<ImplicitCastExpr, ParenExpr, ExprWithCleanups,
                  MaterializeTemporaryExpr, CXXBindTemporaryExpr, ConstantExpr,
                  ExplicitCastExpr, CXXRewrittenBinaryOperator>(S)) {
      Cur = P;
      continue;
    }
    if (const auto *Not = llvm::dyn_cast<UnaryOperator>(S)) {
      if (Not->getOpcode() != UO_LNot)
        return false;
      Positive = !Positive;
      Cur = P;
      continue;
    }
    BinaryOperatorKind Opcode = BO_Comma;
    if (const auto *Op = llvm::dyn_cast<BinaryOperator>(S))
      Opcode = Op->getOpcode();
    else if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(S);
             Op && Op->getNumArgs() == 2 &&
             (Op->getOperator() == OO_EqualEqual ||
              Op->getOperator() == OO_ExclaimEqual))
      Opcode = Op->getOperator() == OO_EqualEqual ? BO_EQ : BO_NE;
    if (Opcode == BO_EQ || Opcode == BO_NE) {
      Compared = true;
      if (Opcode == BO_NE)
        Positive = !Positive;
      Cur = P;
      continue;
    }
    if (Opcode == BO_LAnd) {
      Cur = P;
      continue;
    }
    if (llvm::isa<BinaryOperator>(S))
      return false;
    // An enumeration tested for truth says nothing about which state.
    bool Known = !IsEnum || Compared;
    if (const auto *If = llvm::dyn_cast<IfStmt>(S)) {
      if (Child != If->getCond() || !Known)
        return false;
      if (contains(If->getThen(), At))
        return Positive;
      if (contains(If->getElse(), At))
        return !Positive;
      return endsAbruptly(Positive ? If->getElse() : If->getThen());
    }
    if (const auto *Cond = llvm::dyn_cast<ConditionalOperator>(S)) {
      if (Child != Cond->getCond() || !Known)
        return false;
      if (contains(Cond->getTrueExpr(), At))
        return Positive;
      if (contains(Cond->getFalseExpr(), At))
        return !Positive;
      // assert(f.is_ready()): the other arm does not come back.
      return endsAbruptly(Positive ? Cond->getFalseExpr()
                                   : Cond->getTrueExpr());
    }
    const Stmt *LoopBody = nullptr;
    const Expr *LoopCond = nullptr;
    if (const auto *While = llvm::dyn_cast<WhileStmt>(S)) {
      LoopBody = While->getBody();
      LoopCond = While->getCond();
    } else if (const auto *For = llvm::dyn_cast<ForStmt>(S)) {
      LoopBody = For->getBody();
      LoopCond = For->getCond();
    } else if (const auto *Do = llvm::dyn_cast<DoStmt>(S)) {
      LoopBody = Do->getBody();
      LoopCond = Do->getCond();
    }
    if (LoopBody) {
      if (Child != LoopCond || !Known)
        return false;
      if (contains(LoopBody, At))
        return Positive;
      // A loop that polls the state ends when the state changed, unless
      // it can also be left by a break.
      return (Compared || !Positive) && !breaksOut(LoopBody);
    }
    // Handed to a function: an assertion or a check of the state.
    if (llvm::isa<CallExpr, CXXConstructExpr>(S)) {
      if (const auto *Call = llvm::dyn_cast<CallExpr>(S);
          Call && Call->getCallee() == Child)
        return false;
      return IsEnum && !Compared ? true : Positive;
    }
    return false;
  }
}

ReadyState::State ReadyState::stateOfVar(const FunctionDecl &FD,
                                         const VarDecl &Var, const Stmt &At,
                                         unsigned Depth) {
  const auto *Param = llvm::dyn_cast<ParmVarDecl>(&Var);
  bool Own = Var.getDeclContext() == &FD;
  State Unknown;
  if (Param && Own) {
    Unknown.K = Kind::Parameter;
    Unknown.Param = Param->getFunctionScopeIndex();
  }
  if (!Own) {
    // A capture: look where the lambda is created.
    const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&FD);
    if (!Method || !Method->getParent()->isLambda() || Depth > 4 ||
        !Var.isLocalVarDeclOrParm())
      return Unknown;
    const auto *Outer =
        llvm::dyn_cast<FunctionDecl>(Method->getParent()->getDeclContext());
    Graph *OuterGraph = Outer ? graphFor(*Outer) : nullptr;
    if (!OuterGraph)
      return Unknown;
    auto It = OuterGraph->Lambdas.find(Method->getParent());
    if (It == OuterGraph->Lambdas.end())
      return Unknown;
    State Outside = stateOfVar(*Outer, Var, *It->second, Depth + 1);
    return Outside.K == Kind::Ready ? Outside : Unknown;
  }
  Graph *G = graphFor(FD);
  if (!G || G->Assigned.contains(&Var))
    return Unknown;
  Parents.addBody(*G->Body);
  State Ready{Kind::Ready, 0};
  if (!Param && Var.getInit() &&
      llvm::isa_and_nonnull<CoawaitExpr>(sourceOf(Var.getInit())))
    return Ready;
  auto It = G->Events.find(&Var);
  if (It == G->Events.end())
    return Unknown;
  for (const Expr *Event : It->second) {
    if (Event == &At)
      continue;
    if (llvm::isa<CoawaitExpr>(Event)) {
      if (dominates(*G, *Event, At))
        return Ready;
      continue;
    }
    const auto *Call = llvm::cast<CXXMemberCallExpr>(Event);
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (isStateQuery(Method) && guards(*G, *Call, At))
      return Ready;
  }
  return Unknown;
}

// The container variable whose element \p E is (`v[i]`, `v.at(i)`,
// `v.front()`, `v.back()`), or null.
static const VarDecl *containerOfElement(const Expr *E) {
  if (const auto *Op = llvm::dyn_cast_or_null<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
    return variableOf(Op->getArg(0));
  if (const auto *Subscript = llvm::dyn_cast_or_null<ArraySubscriptExpr>(E))
    return variableOf(Subscript->getBase());
  if (const auto *Member = llvm::dyn_cast_or_null<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        llvm::is_contained({"at", "front", "back"}, Method->getName()))
      return variableOf(Member->getImplicitObjectArgument());
  }
  return nullptr;
}

ReadyState::State ReadyState::stateOfContainer(const FunctionDecl &FD,
                                               const VarDecl &Container) {
  if (Container.getDeclContext() != &FD)
    return State{};
  Graph *G = graphFor(FD);
  if (!G || G->Assigned.contains(&Container))
    return State{};
  if (const auto *Param = llvm::dyn_cast<ParmVarDecl>(&Container))
    return State{Kind::Parameter, Param->getFunctionScopeIndex()};
  if (Container.getInit() &&
      llvm::isa_and_nonnull<CoawaitExpr>(sourceOf(Container.getInit())))
    return State{Kind::Ready, 0};
  return State{};
}

ReadyState::State ReadyState::stateAt(const FunctionDecl &FD,
                                      const Expr &Object, const Stmt &At) {
  const Expr *Source = sourceOf(&Object);
  if (llvm::isa_and_nonnull<CoawaitExpr>(Source))
    return State{Kind::Ready, 0};
  if (const VarDecl *Var = variableOf(Source))
    return stateOfVar(FD, *Var, At, 0);
  if (const VarDecl *Container = containerOfElement(Source))
    return stateOfContainer(FD, *Container);
  return State{};
}

} // namespace clang::tidy::async::utils
