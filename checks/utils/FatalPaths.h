//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Calls that run only on the way out of the process or of a failed
// operation, or only in the child of a fork().
//
// A call is on a fatal path when every path from it through the function's
// control-flow graph ends in a call of a [[noreturn]] function (std::exit,
// std::abort, a noreturn helper, a noreturn destructor), of a void helper
// of the translation unit whose own paths all end so, or in a throw: the stack trace printed
// before exit(), the message written before a throw. A path that loops
// forever is not fatal. A call runs only in a forked child when it is in
// the branch of an `if` that tests the result of fork() or vfork() for
// zero (`if (pid == 0)`, `if (fork() == 0)`, the `else` of `if (pid)`,
// `if (pid != 0)` or `if (pid > 0)`).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_FATALPATHS_H
#define ASYNC_TIDY_UTILS_FATALPATHS_H

#include "utils/LocalParentMap.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace clang::tidy::async::utils {

class FatalPaths {
public:
  void setContext(ASTContext *C) { Context = C; }
  void clear();

  /// Whether \p Call, a call in the body of \p FD, runs only on a path that
  /// ends the process or throws, or only in a forked child. False for a
  /// call that is not in the body (a constructor initializer) or in a body
  /// that is not analysed (a template that was not instantiated).
  bool isFatal(const FunctionDecl &FD, const Stmt &Call);

  /// The statement whose control flow is analysed for \p FD: the body as
  /// written, for a coroutine too.
  static const Stmt *bodyOf(const FunctionDecl &FD);

private:
  struct Graph {
    std::unique_ptr<CFG> Cfg;
    llvm::DenseMap<const Stmt *, const CFGBlock *> BlockOf;
    // Blocks from which some path returns normally or never ends.
    llvm::BitVector Escapes;
    // Variables that hold the result of fork().
    llvm::DenseSet<const VarDecl *> ForkResults;
    bool Forks = false;
  };
  const Graph *graphFor(const FunctionDecl &FD);
  bool neverReturns(const FunctionDecl &Callee);
  bool inForkChild(const Graph &G, const Stmt &Body, const Stmt &Call);
  int forkTest(const Graph &G, const Expr *Cond) const;

  ASTContext *Context = nullptr;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Graph>> Graphs;
  LocalParentMap Parents;
  // How many helpers deep neverReturns() is looking.
  unsigned Nesting = 0;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_FATALPATHS_H
