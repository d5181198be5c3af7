//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "SuspensionFlow.h"
#include "AsyncTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include <array>

namespace clang::tidy::async::utils {

static bool isSuspension(const Stmt *S) {
  return S && llvm::isa<CoawaitExpr, CoyieldExpr>(S);
}

// The awaits a `for co_await` loop adds to its begin and increment.
static void collectRangeForAwaits(const Stmt *S,
                                  llvm::SmallPtrSetImpl<const Expr *> &Out) {
  llvm::SmallVector<const Stmt *, 32> Stack{S};
  while (!Stack.empty()) {
    const Stmt *Cur = Stack.pop_back_val();
    if (!Cur || llvm::isa<LambdaExpr>(Cur))
      continue;
    if (const auto *For = llvm::dyn_cast<CXXForRangeStmt>(Cur);
        For && For->getCoawaitLoc().isValid()) {
      for (const Stmt *Part :
           {(const Stmt *)For->getBeginStmt(), (const Stmt *)For->getInc()}) {
        llvm::SmallVector<const Stmt *, 8> Inner{Part};
        while (!Inner.empty()) {
          const Stmt *I = Inner.pop_back_val();
          if (!I)
            continue;
          if (const auto *Await = llvm::dyn_cast<CoawaitExpr>(I))
            Out.insert(Await);
          for (const Stmt *Child : I->children())
            Inner.push_back(Child);
        }
      }
    }
    for (const Stmt *Child : Cur->children())
      Stack.push_back(Child);
  }
}

std::unique_ptr<SuspensionFlow> SuspensionFlow::build(const FunctionDecl &FD,
                                                      ASTContext &Ctx) {
  if (FD.isDependentContext() || FD.isInvalidDecl())
    return nullptr;
  const CoroutineBodyStmt *Coro = getCoroutineBody(FD);
  if (!Coro || !Coro->getBody())
    return nullptr;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = FD.getLocation();
  if (Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
    return nullptr;

  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(&FD, Coro->getBody(), &Ctx, Options);
  if (!Graph)
    return nullptr;

  std::unique_ptr<SuspensionFlow> Flow(new SuspensionFlow());
  Flow->Function = &FD;
  Flow->Graph = std::move(Graph);
  llvm::SmallPtrSet<const Expr *, 4> RangeFor;
  collectRangeForAwaits(Coro->getBody(), RangeFor);
  llvm::SmallPtrSet<const Expr *, 16> Seen;
  for (const CFGBlock *Block : *Flow->Graph) {
    if (!Block)
      continue;
    for (const CFGElement &Element : *Block) {
      std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
      if (!S || !isSuspension(S->getStmt()))
        continue;
      const auto *E = llvm::cast<Expr>(S->getStmt());
      if (Seen.insert(E).second)
        Flow->Points.push_back({E, RangeFor.contains(E)});
    }
  }
  llvm::sort(
      Flow->Points, [&](const SuspensionPoint &A, const SuspensionPoint &B) {
        return SM.isBeforeInTranslationUnit(A.getBeginLoc(), B.getBeginLoc());
      });
  for (unsigned I = 0; I < Flow->Points.size(); ++I)
    Flow->PointIndex[Flow->Points[I].E] = I;
  return Flow;
}

std::optional<unsigned> SuspensionFlow::suspensionIndex(const Expr *E) const {
  auto It = PointIndex.find(E);
  if (It == PointIndex.end())
    return std::nullopt;
  return It->second;
}

namespace {
struct ElementInfo {
  llvm::SmallVector<FlowEvent, 1> Events;
  int Suspension = -1;
};
} // namespace

llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>>
SuspensionFlow::heldAcross(ElementEvents Elements,
                           std::optional<EdgeEvents> Edges) const {
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> Result;
  const unsigned NumBlocks = Graph->getNumBlockIDs();
  std::vector<std::vector<ElementInfo>> PerBlock(NumBlocks);
  // Events on the true and false edges of a block's branch.
  std::vector<std::array<llvm::SmallVector<FlowEvent, 1>, 2>> PerEdge(
      NumBlocks);
  // Sites are numbered densely as bits; keys map to their sites' bits.
  llvm::DenseMap<unsigned, unsigned> SiteBit;
  std::vector<unsigned> BitSite;
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> KeyBits;
  auto Note = [&](const FlowEvent &Event) {
    if (Event.Kind != FlowEvent::Acquire)
      return;
    auto [It, Inserted] = SiteBit.try_emplace(Event.Site, BitSite.size());
    if (Inserted) {
      BitSite.push_back(Event.Site);
      KeyBits[Event.Key].push_back(It->second);
    }
  };

  llvm::SmallVector<FlowEvent, 4> Scratch;
  for (const CFGBlock *Block : *Graph) {
    if (!Block)
      continue;
    std::vector<ElementInfo> &Infos = PerBlock[Block->getBlockID()];
    Infos.resize(Block->size());
    unsigned I = 0;
    for (const CFGElement &Element : *Block) {
      ElementInfo &Info = Infos[I++];
      if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
        if (isSuspension(S->getStmt()))
          if (std::optional<unsigned> Index =
                  suspensionIndex(llvm::cast<Expr>(S->getStmt())))
            Info.Suspension = *Index;
      Scratch.clear();
      Elements(Element, *Block, Scratch);
      Info.Events.assign(Scratch.begin(), Scratch.end());
      llvm::for_each(Info.Events, Note);
    }
    if (Edges && Block->succ_size() == 2)
      if (const auto *Cond =
              llvm::dyn_cast_or_null<Expr>(Block->getTerminatorCondition()))
        for (unsigned Edge = 0; Edge < 2; ++Edge) {
          Scratch.clear();
          (*Edges)(*Cond, Edge == 0, Scratch);
          PerEdge[Block->getBlockID()][Edge].assign(Scratch.begin(),
                                                    Scratch.end());
          llvm::for_each(Scratch, Note);
        }
  }
  if (BitSite.empty() || Points.empty())
    return Result;

  const unsigned NumBits = BitSite.size();
  auto Apply = [&](llvm::BitVector &State, const FlowEvent &Event) {
    if (Event.Kind == FlowEvent::Acquire) {
      State.set(SiteBit.lookup(Event.Site));
      return;
    }
    auto It = KeyBits.find(Event.Key);
    if (It != KeyBits.end())
      for (unsigned Bit : It->second)
        State.reset(Bit);
  };
  // Held at each suspension point on some path.
  std::vector<llvm::BitVector> AtPoint(Points.size(), llvm::BitVector(NumBits));
  std::vector<llvm::BitVector> In(NumBlocks, llvm::BitVector(NumBits));
  std::vector<bool> Visited(NumBlocks, false), Queued(NumBlocks, false);
  llvm::SmallVector<const CFGBlock *, 32> Worklist;
  const CFGBlock &Entry = Graph->getEntry();
  Worklist.push_back(&Entry);
  Queued[Entry.getBlockID()] = true;
  while (!Worklist.empty()) {
    const CFGBlock *Block = Worklist.pop_back_val();
    const unsigned ID = Block->getBlockID();
    Queued[ID] = false;
    Visited[ID] = true;
    llvm::BitVector State = In[ID];
    for (const ElementInfo &Info : PerBlock[ID]) {
      if (Info.Suspension >= 0)
        AtPoint[Info.Suspension] |= State;
      for (const FlowEvent &Event : Info.Events)
        Apply(State, Event);
    }
    unsigned Edge = 0;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const unsigned EdgeIndex = Edge++;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      llvm::BitVector Out = State;
      if (Block->succ_size() == 2)
        for (const FlowEvent &Event : PerEdge[ID][EdgeIndex])
          Apply(Out, Event);
      const unsigned NextID = Next->getBlockID();
      llvm::BitVector Joined = In[NextID];
      Joined |= Out;
      if (Joined != In[NextID] || !Visited[NextID]) {
        In[NextID] = std::move(Joined);
        if (!Queued[NextID]) {
          Queued[NextID] = true;
          Worklist.push_back(Next);
        }
      }
    }
  }
  for (unsigned P = 0; P < Points.size(); ++P)
    for (unsigned Bit : AtPoint[P].set_bits())
      Result[BitSite[Bit]].push_back(P);
  return Result;
}

void SuspensionFlow::computeLive() const {
  LiveComputed = true;
  Live.assign(Points.size(), {});
  llvm::DenseMap<const VarDecl *, unsigned> Ids;
  std::vector<const VarDecl *> Vars;
  auto IdOf = [&](const VarDecl *VD) {
    auto [It, Inserted] = Ids.try_emplace(VD, Vars.size());
    if (Inserted)
      Vars.push_back(VD);
    return It->second;
  };
  auto Held = heldAcross([&](const CFGElement &Element, const CFGBlock &,
                             llvm::SmallVectorImpl<FlowEvent> &Out) {
    if (std::optional<CFGAutomaticObjDtor> Dtor =
            Element.getAs<CFGAutomaticObjDtor>()) {
      if (const VarDecl *VD = Dtor->getVarDecl())
        Out.push_back(FlowEvent::release(IdOf(VD)));
      return;
    }
    std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
    if (!S)
      return;
    const auto *DS = llvm::dyn_cast<DeclStmt>(S->getStmt());
    if (!DS)
      return;
    for (const Decl *D : DS->decls()) {
      const auto *VD = llvm::dyn_cast<VarDecl>(D);
      if (!VD || !VD->hasLocalStorage() || llvm::isa<ParmVarDecl>(VD) ||
          VD->getType()->isReferenceType() ||
          VD->getType().isDestructedType() != QualType::DK_cxx_destructor)
        continue;
      unsigned Id = IdOf(VD);
      Out.push_back(FlowEvent::acquire(Id, Id));
    }
  });
  for (const auto &[Site, Indices] : Held)
    for (unsigned P : Indices)
      Live[P].push_back(Vars[Site]);
  const SourceManager &SM = Function->getASTContext().getSourceManager();
  for (std::vector<const VarDecl *> &List : Live)
    llvm::sort(List, [&](const VarDecl *A, const VarDecl *B) {
      return SM.isBeforeInTranslationUnit(A->getLocation(), B->getLocation());
    });
}

llvm::ArrayRef<const VarDecl *>
SuspensionFlow::liveAcross(unsigned Index) const {
  if (!LiveComputed)
    computeLive();
  if (Index >= Live.size())
    return {};
  return Live[Index];
}

const SuspensionFlow *SuspensionFlowCache::get(const FunctionDecl &FD,
                                               ASTContext &Ctx) {
  auto [It, Inserted] = Flows.try_emplace(&FD);
  if (Inserted)
    It->second = SuspensionFlow::build(FD, Ctx);
  return It->second.get();
}

} // namespace clang::tidy::async::utils
