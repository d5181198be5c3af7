//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Whether a future (a class with `get` and `wait` members: std::future,
// folly::Future, concurrencpp::result) is known to be complete at a point of
// a function, so that `get()` or `wait()` on it returns at once.
//
// A future held in a variable is complete at a statement when, in the same
// function:
//  - the variable was initialised with the value of a `co_await` (what
//    `co_await r.resolve()` gives back), and is never assigned;
//  - every path to the statement passes through a `co_await` of the
//    variable, or of a call on it (`co_await r.resolve()`);
//  - every path to the statement passes through a state query on it (a
//    named member that returns an enumeration, such as `status()` or
//    `wait_for(0s)`, or a const member without arguments that returns
//    bool, such as `is_ready()`, except `valid()`), and the query is
//    either handed to a function (an assertion: `EXPECT_TRUE(f.isReady())`,
//    `assert_equal(r.status(), result_status::value)`) or decides a branch
//    that the statement is on the ready side of: inside
//    `if (f.is_ready())`, after `if (!f.is_ready()) return;`, after a loop
//    that polls the state. A query whose result is negated before it is
//    asserted (`EXPECT_FALSE(f.isReady())`) is no proof.
// A variable captured by a lambda is complete in the lambda's body when it
// is complete where the lambda is created. An element of a container
// (`v[i]`, `v.at(i)`, `v.front()`) is complete when the container holds
// the value of a `co_await` and is never assigned (the results that a
// combinator such as `when_all` gives back are complete), or, for a
// container parameter, when the caller's argument is.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_READYSTATE_H
#define ASYNC_TIDY_UTILS_READYSTATE_H

#include "utils/LocalParentMap.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>

namespace clang::tidy::async::utils {

class ReadyState {
public:
  enum class Kind {
    /// Nothing is known: a wait on it may block.
    Unknown,
    /// Complete: a wait on it returns at once.
    Ready,
    /// A parameter of the function that nothing in the function proves
    /// complete: whether a wait blocks depends on the caller's argument.
    Parameter,
  };
  struct State {
    Kind K = Kind::Unknown;
    unsigned Param = 0;
  };

  void setContext(ASTContext *C) { Context = C; }
  void clear();

  /// A class with `get` and `wait` members.
  static bool isFutureLike(const CXXRecordDecl *RD);

  /// What is known at \p At, a statement in the body of \p FD, about the
  /// future that \p Object (an expression in that body) denotes.
  State stateAt(const FunctionDecl &FD, const Expr &Object, const Stmt &At);

private:
  struct Graph {
    const Stmt *Body = nullptr;
    std::unique_ptr<CFG> Cfg;
    llvm::DenseMap<const Stmt *, std::pair<const CFGBlock *, unsigned>> Where;
    llvm::DenseSet<const VarDecl *> Assigned;
    // Member calls on each variable, and awaits of it.
    llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 4>> Events;
    llvm::DenseMap<const CXXRecordDecl *, const LambdaExpr *> Lambdas;
  };
  Graph *graphFor(const FunctionDecl &FD);
  State stateOfVar(const FunctionDecl &FD, const VarDecl &Var, const Stmt &At,
                   unsigned Depth);
  State stateOfContainer(const FunctionDecl &FD, const VarDecl &Container);
  bool dominates(const Graph &G, const Stmt &A, const Stmt &B) const;
  bool guards(const Graph &G, const CXXMemberCallExpr &Query, const Stmt &At);
  bool contains(const Stmt *Outer, const Stmt &Inner) const;

  ASTContext *Context = nullptr;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Graph>> Graphs;
  LocalParentMap Parents;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_READYSTATE_H
