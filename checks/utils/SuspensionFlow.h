//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// What lives across a suspension point: a flow model of one coroutine body
// on clang's CFG.
//
// The CFG is built over the body of the CoroutineBodyStmt (not the promise,
// initial_suspend or final_suspend), with implicit destructors and every
// subexpression as an element, so that a `co_await` inside an initialiser,
// a condition, a call argument or a `co_return` operand, and the awaits of a
// `for co_await` loop, are elements in evaluation order. `co_return` is a
// terminator to the exit block, as `return` is.
//
// On top of it, a forward dataflow over the blocks answers "which resources
// are held at this suspension point on some path": a check describes its
// resources by acquire and release events on CFG elements (and on branch
// edges, for a successful `try_lock()`), the state at a join is the union of
// the predecessors' states.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_SUSPENSIONFLOW_H
#define ASYNC_TIDY_UTILS_SUSPENSIONFLOW_H

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::async::utils {

/// One `co_await` or `co_yield` of the body (also the implicit awaits of a
/// `for co_await` loop). Not the initial or final suspension.
struct SuspensionPoint {
  /// A CoawaitExpr or a CoyieldExpr.
  const Expr *E = nullptr;
  /// Part of a `for co_await` loop (its begin or increment).
  bool InRangeFor = false;
  llvm::StringRef keyword() const {
    return llvm::isa<CoyieldExpr>(E) ? "co_yield" : "co_await";
  }
  SourceLocation getBeginLoc() const { return E->getBeginLoc(); }
};

/// An event a client reports for one CFG element or branch edge.
struct FlowEvent {
  enum EventKind {
    /// Site becomes held; it is released by a Release of its Key.
    Acquire,
    /// Every site acquired under Key is no longer held.
    Release,
  };
  EventKind Kind;
  /// What is held (a mutex, a guard variable), as the client numbers them.
  unsigned Key;
  /// Where it was acquired, as the client numbers them (Acquire only).
  unsigned Site = 0;
  static FlowEvent acquire(unsigned Key, unsigned Site) {
    return {Acquire, Key, Site};
  }
  static FlowEvent release(unsigned Key) { return {Release, Key, 0}; }
};

class SuspensionFlow {
public:
  /// The model of \p FD's body, or null when \p FD is no coroutine, is
  /// dependent, is in a system header, or its CFG cannot be built.
  static std::unique_ptr<SuspensionFlow> build(const FunctionDecl &FD,
                                               ASTContext &Ctx);

  const FunctionDecl &function() const { return *Function; }
  const CFG &cfg() const { return *Graph; }
  /// The suspension points in source order.
  llvm::ArrayRef<SuspensionPoint> suspensions() const { return Points; }
  /// The index in suspensions() of \p E, if it is one.
  std::optional<unsigned> suspensionIndex(const Expr *E) const;

  /// Events of one element, reported once per element.
  using ElementEvents =
      llvm::function_ref<void(const CFGElement &, const CFGBlock &,
                              llvm::SmallVectorImpl<FlowEvent> &)>;
  /// Events on the edge from a block with a two-way branch to its true
  /// (\p TrueEdge) or false successor, given the branch condition.
  using EdgeEvents =
      llvm::function_ref<void(const Expr &Condition, bool TrueEdge,
                              llvm::SmallVectorImpl<FlowEvent> &)>;

  /// For every acquisition site held on some path at some suspension point,
  /// the indices (into suspensions(), ascending) of those points.
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>>
  heldAcross(ElementEvents Elements,
             std::optional<EdgeEvents> Edges = std::nullopt) const;

  /// Local variables with a non-trivial destructor in scope across the
  /// suspension point \p Index (declared before it and not yet destroyed),
  /// in declaration order. Parameters are not included.
  llvm::ArrayRef<const VarDecl *> liveAcross(unsigned Index) const;

private:
  SuspensionFlow() = default;
  void computeLive() const;

  const FunctionDecl *Function = nullptr;
  std::unique_ptr<CFG> Graph;
  std::vector<SuspensionPoint> Points;
  llvm::DenseMap<const Expr *, unsigned> PointIndex;
  mutable bool LiveComputed = false;
  mutable std::vector<std::vector<const VarDecl *>> Live;
};

/// Builds each coroutine's model once, when a check first asks for it.
/// Lives for one translation unit.
class SuspensionFlowCache {
public:
  /// The model of \p FD, or null (see SuspensionFlow::build).
  const SuspensionFlow *get(const FunctionDecl &FD, ASTContext &Ctx);
  void clear() { Flows.clear(); }

private:
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<SuspensionFlow>> Flows;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_SUSPENSIONFLOW_H
