//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/FatalPaths.h"
#include "utils/AsyncTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::async::utils {

const Stmt *FatalPaths::bodyOf(const FunctionDecl &FD) {
  if (const CoroutineBodyStmt *Coro = getCoroutineBody(FD))
    return Coro->getBody();
  return FD.getBody();
}

void FatalPaths::clear() {
  Graphs.clear();
  Parents.clear();
}

static const Expr *strip(const Expr *E) {
  return E ? E->IgnoreParenImpCasts() : nullptr;
}

// A call of the C library's fork() or vfork().
static bool isForkCall(const Expr *E) {
  const auto *Call = llvm::dyn_cast_or_null<CallExpr>(strip(E));
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier() ||
      !(Callee->isExternC() || Callee->getDeclContext()->isTranslationUnit()))
    return false;
  return Callee->getName() == "fork" || Callee->getName() == "vfork";
}

namespace {
class ForkResultCollector : public RecursiveASTVisitor<ForkResultCollector> {
public:
  ForkResultCollector(llvm::DenseSet<const VarDecl *> &Out, bool &Forks)
      : Out(Out), Forks(Forks) {}
  bool VisitCallExpr(CallExpr *Call) {
    Forks |= isForkCall(Call);
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (isForkCall(Var->getInit()))
      Out.insert(Var);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() != BO_Assign || !isForkCall(Op->getRHS()))
      return true;
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(strip(Op->getLHS())))
      if (const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl()))
        Out.insert(Var);
    return true;
  }

private:
  llvm::DenseSet<const VarDecl *> &Out;
  bool &Forks;
};
} // namespace

static bool endsInThrow(const CFGBlock &B) {
  for (const CFGElement &E : B)
    if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
      if (llvm::isa<CXXThrowExpr>(S->getStmt()))
        return true;
  return false;
}

// A helper that is not declared [[noreturn]] but cannot return either: a
// void function, defined outside system headers, whose every path ends the
// process or throws. Looked for a few helpers deep.
bool FatalPaths::neverReturns(const FunctionDecl &Callee) {
  const FunctionDecl *Def = Callee.getDefinition();
  if (!Def || Def->isNoReturn() || !Def->getReturnType()->isVoidType() ||
      isCoroutine(*Def) || Nesting >= 3 ||
      Context->getSourceManager().isInSystemHeader(Def->getLocation()))
    return false;
  if (const auto *Method = llvm::dyn_cast<CXXMethodDecl>(Def);
      Method && Method->isVirtual())
    return false;
  ++Nesting;
  const Graph *G = graphFor(*Def);
  --Nesting;
  return G && !G->Escapes.test(G->Cfg->getEntry().getBlockID());
}

const FatalPaths::Graph *FatalPaths::graphFor(const FunctionDecl &FD) {
  auto [It, Inserted] = Graphs.try_emplace(&FD);
  if (!Inserted)
    return It->second.get();
  const Stmt *Body = bodyOf(FD);
  if (!Context || !Body || FD.isDependentContext())
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  // With the destructors in the graph, a noreturn one ends its block too
  // (the temporary of glog's `LOG(FATAL) << ...`).
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  std::unique_ptr<CFG> Cfg =
      CFG::buildCFG(&FD, const_cast<Stmt *>(Body), Context, Options);
  if (!Cfg)
    return nullptr;

  auto G = std::make_unique<Graph>();
  for (const CFGBlock *B : *Cfg)
    for (const CFGElement &E : *B)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        G->BlockOf.try_emplace(S->getStmt(), B);

  // The greatest set of blocks that are not fatal themselves and have a
  // successor in the set, with the exit in it: a loop without an exit
  // stays in, a block whose every path meets a noreturn call or a throw
  // drops out.
  unsigned N = Cfg->getNumBlockIDs();
  G->Escapes.resize(N, false);
  auto CallsNeverReturning = [&](const CFGBlock &B) {
    for (const CFGElement &E : B)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        if (const auto *Call = llvm::dyn_cast<CallExpr>(S->getStmt()))
          if (const FunctionDecl *Callee = Call->getDirectCallee();
              Callee && Callee->getDefinition() != &FD &&
              neverReturns(*Callee))
            return true;
    return false;
  };
  for (const CFGBlock *B : *Cfg)
    if (!B->hasNoReturnElement() && !endsInThrow(*B) &&
        !CallsNeverReturning(*B))
      G->Escapes.set(B->getBlockID());
  // Drop a block once none of its successors is left; each edge is looked
  // at once.
  const CFGBlock &Exit = Cfg->getExit();
  std::vector<unsigned> Left(N, 0);
  llvm::SmallVector<const CFGBlock *, 16> Dropped;
  for (const CFGBlock *B : *Cfg)
    for (const CFGBlock *Succ : B->succs())
      if (Succ && G->Escapes.test(Succ->getBlockID()))
        ++Left[B->getBlockID()];
  // Only blocks that were counted above are dropped through the worklist.
  for (const CFGBlock *B : *Cfg)
    if (B != &Exit && G->Escapes.test(B->getBlockID()) &&
        Left[B->getBlockID()] == 0)
      Dropped.push_back(B);
  for (const CFGBlock *B : Dropped)
    G->Escapes.reset(B->getBlockID());
  while (!Dropped.empty()) {
    const CFGBlock *B = Dropped.pop_back_val();
    for (const CFGBlock *Pred : B->preds()) {
      if (!Pred || !G->Escapes.test(Pred->getBlockID()) || Pred == &Exit)
        continue;
      if (--Left[Pred->getBlockID()] == 0) {
        G->Escapes.reset(Pred->getBlockID());
        Dropped.push_back(Pred);
      }
    }
  }
  ForkResultCollector(G->ForkResults, G->Forks).TraverseStmt(const_cast<Stmt *>(Body));
  G->Cfg = std::move(Cfg);
  // The helpers looked at above may have grown the map.
  std::unique_ptr<Graph> &Slot = Graphs[&FD];
  Slot = std::move(G);
  return Slot.get();
}

// Whether the result of fork() is \p E.
static bool isForkValue(const Expr *E,
                        const llvm::DenseSet<const VarDecl *> &Results) {
  E = strip(E);
  if (isForkCall(E))
    return true;
  if (const auto *Ref = llvm::dyn_cast_or_null<DeclRefExpr>(E))
    if (const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl()))
      return Results.contains(Var);
  if (const auto *Op = llvm::dyn_cast_or_null<BinaryOperator>(E))
    return Op->getOpcode() == BO_Assign && isForkCall(Op->getRHS());
  return false;
}

static bool isZero(const Expr *E) {
  const auto *Lit = llvm::dyn_cast_or_null<IntegerLiteral>(strip(E));
  return Lit && Lit->getValue().isZero();
}

// 1 when \p Cond holds in the child only, -1 when it holds in the parent
// (or after a failed fork) only, 0 when it does not test fork()'s result.
int FatalPaths::forkTest(const Graph &G, const Expr *Cond) const {
  Cond = strip(Cond);
  if (!Cond)
    return 0;
  if (isForkValue(Cond, G.ForkResults))
    return -1;
  if (const auto *Not = llvm::dyn_cast<UnaryOperator>(Cond))
    return Not->getOpcode() == UO_LNot &&
                   isForkValue(Not->getSubExpr(), G.ForkResults)
               ? 1
               : 0;
  const auto *Op = llvm::dyn_cast<BinaryOperator>(Cond);
  if (!Op)
    return 0;
  const Expr *L = Op->getLHS(), *R = Op->getRHS();
  bool LeftFork = isForkValue(L, G.ForkResults) && isZero(R);
  bool RightFork = isForkValue(R, G.ForkResults) && isZero(L);
  if (!LeftFork && !RightFork)
    return 0;
  switch (Op->getOpcode()) {
  case BO_EQ:
    return 1;
  case BO_NE:
    return -1;
  case BO_GT:
    return LeftFork ? -1 : 0;
  case BO_LT:
    return RightFork ? -1 : 0;
  default:
    return 0;
  }
}

bool FatalPaths::inForkChild(const Graph &G, const Stmt &Body,
                             const Stmt &Call) {
  if (!G.Forks)
    return false;
  Parents.addBody(Body);
  DynTypedNode Cur = DynTypedNode::create(Call);
  while (true) {
    DynTypedNode P = Parents.parent(Cur);
    if (P.get<VarDecl>()) {
      Cur = P;
      continue;
    }
    const auto *S = P.get<Stmt>();
    if (!S)
      return false;
    if (const auto *If = llvm::dyn_cast<IfStmt>(S)) {
      const Stmt *Child = Cur.get<Stmt>();
      int Test = forkTest(G, If->getCond());
      if ((Test > 0 && Child == If->getThen()) ||
          (Test < 0 && Child && Child == If->getElse()))
        return true;
    }
    Cur = P;
  }
}

bool FatalPaths::isFatal(const FunctionDecl &FD, const Stmt &Call) {
  const Graph *G = graphFor(FD);
  if (!G)
    return false;
  auto It = G->BlockOf.find(&Call);
  if (It != G->BlockOf.end() && !G->Escapes.test(It->second->getBlockID()))
    return true;
  return inForkChild(*G, *bodyOf(FD), Call);
}

} // namespace clang::tidy::async::utils
