//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "FrameUses.h"
#include "AsyncTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include <vector>

namespace clang::tidy::async::utils {

// Whether the suspension point \p E may suspend: not an awaiter whose
// await_ready is constant true.
static bool maySuspend(const Expr *E) {
  const auto *Suspend = llvm::dyn_cast<CoroutineSuspendExpr>(E);
  if (!Suspend || !Suspend->getCommonExpr())
    return true;
  return suspendBehavior(Suspend->getCommonExpr()->getType()) !=
         SuspendBehavior::Never;
}

std::optional<FrameUse> firstFrameUse(
    const SuspensionFlow &Flow, llvm::function_ref<bool(const Stmt &)> IsUse,
    bool AfterSuspension,
    llvm::function_ref<bool(const SuspensionPoint &)> Counts) {
  const CFG &Graph = Flow.cfg();
  const SourceManager &SM = Flow.function().getASTContext().getSourceManager();
  std::optional<FrameUse> Best;
  auto Consider = [&](const Stmt *S, const SuspensionPoint *After) {
    if (!Best || SM.isBeforeInTranslationUnit(S->getBeginLoc(),
                                              Best->Use->getBeginLoc()))
      Best = FrameUse{S, After};
  };
  if (!AfterSuspension) {
    for (const CFGBlock *Block : Graph)
      if (Block)
        for (const CFGElement &Element : *Block)
          if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
            if (IsUse(*S->getStmt()))
              Consider(S->getStmt(), nullptr);
    return Best;
  }
  // A may-analysis: the suspension point that ran before a block on some
  // path, or none.
  const unsigned NumBlocks = Graph.getNumBlockIDs();
  std::vector<const SuspensionPoint *> In(NumBlocks, nullptr);
  std::vector<bool> Visited(NumBlocks, false);
  llvm::SmallVector<const CFGBlock *, 32> Worklist{&Graph.getEntry()};
  while (!Worklist.empty()) {
    const CFGBlock *Block = Worklist.pop_back_val();
    const unsigned ID = Block->getBlockID();
    Visited[ID] = true;
    const SuspensionPoint *State = In[ID];
    for (const CFGElement &Element : *Block) {
      std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
      if (!S)
        continue;
      const Stmt *St = S->getStmt();
      if (State && IsUse(*St))
        Consider(St, State);
      if (const auto *E = llvm::dyn_cast<Expr>(St))
        if (std::optional<unsigned> Index = Flow.suspensionIndex(E);
            Index && !State && maySuspend(E) &&
            (!Counts || Counts(Flow.suspensions()[*Index])))
          State = &Flow.suspensions()[*Index];
    }
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      const unsigned NextID = Next->getBlockID();
      bool Changed = !Visited[NextID] || (State && !In[NextID]);
      if (State && !In[NextID])
        In[NextID] = State;
      if (Changed) {
        Visited[NextID] = true;
        Worklist.push_back(Next);
      }
    }
  }
  return Best;
}

} // namespace clang::tidy::async::utils
