//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Contention backoff of lock-free code and spin locks.
//
// A backoff step is a function that spins with a CPU hint (`pause`,
// `yield`, `_mm_pause`, `std::this_thread::yield`) and, once it has spun
// enough, sleeps, with no loop of its own around the sleep (folly's
// detail::Sleeper::wait). Called inside a loop that retries an atomic
// read-modify-write (compare-exchange, exchange, fetch_*, test_and_set), it
// waits for another thread to finish a short update of the same word: the
// wait of a mutex acquisition, which the blocking check does not report
// either, not a wait for an event.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_SPINBACKOFF_H
#define ASYNC_TIDY_UTILS_SPINBACKOFF_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async::utils {

class SpinBackoff {
public:
  void setContext(ASTContext *NewContext) { Ctx = NewContext; }
  void clear();

  /// True when \p Call, in \p Caller, calls the backoff step \p Callee (a
  /// definition) from inside a loop that retries an atomic read-modify-write.
  bool isContentionBackoff(const FunctionDecl &Caller, const Expr &Call,
                           const FunctionDecl &Callee);

private:
  bool isBackoffStep(const FunctionDecl &FD);
  const llvm::DenseSet<const Expr *> &callsInRetryLoops(const FunctionDecl &FD);

  ASTContext *Ctx = nullptr;
  llvm::DenseMap<const FunctionDecl *, bool> Steps;
  llvm::DenseMap<const FunctionDecl *, llvm::DenseSet<const Expr *>>
      InRetryLoops;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_SPINBACKOFF_H
