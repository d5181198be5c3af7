//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What a translation unit shows about its descriptors, so that I/O that
// cannot block is told from I/O that can:
//  - descriptors made non-blocking (`fcntl(F_SETFL, ... O_NONBLOCK)`,
//    created with a `*_NONBLOCK` flag, `ioctl(FIONBIO)`, Asio's
//    `non_blocking(true)`), also by a helper or a constructor of the class
//    that owns the descriptor, and datagram sockets (`SOCK_DGRAM`);
//  - calls with `MSG_DONTWAIT`, and calls whose would-block outcome the code
//    handles (`EAGAIN`, `EWOULDBLOCK`, `EINPROGRESS`, `would_block`);
//  - the descriptors whose readiness a coroutine awaits
//    (`co_await sched.poll(fd, ...)`, `co_await s.async_wait(wait_read)`).
//
// A descriptor is named by the declaration it is reached through: a local
// variable or parameter, or a field of `*this`; `obj.fd()`, `obj.sock_` and
// `obj` are all `obj`. Facts about a field hold for every object of the
// class, and facts hold wherever in the translation unit they were seen:
// the analysis is flow-insensitive.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_NONBLOCKINGIO_H
#define ASYNC_TIDY_UTILS_NONBLOCKINGIO_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"
#include <functional>
#include <vector>

namespace clang::tidy::async::utils {

class NonBlockingIO {
public:
  /// The declaration a descriptor is reached through; null when unknown.
  using Key = const ValueDecl *;

  void setContext(ASTContext *NewContext) { Ctx = NewContext; }
  void clear();

  /// Takes the bodies of \p Functions (user code) to learn the facts above
  /// from; \p IsAwaitable tells whether a call's result is something to
  /// co_await. They are learnt the first time cannotBlock() is asked about
  /// a descriptor call: most translation units have none.
  void analyze(llvm::ArrayRef<const FunctionDecl *> Functions,
               std::function<bool(QualType)> IsAwaitable);

  /// True when \p Call, a call of a blocking I/O function, cannot block:
  /// its descriptor is non-blocking or awaited for readiness, it passes
  /// MSG_DONTWAIT or handles would-block, or it connects a datagram socket.
  bool cannotBlock(const Expr &Call, const FunctionDecl &Callee) const;

private:
  void learn() const;

  ASTContext *Ctx = nullptr;
  // The bodies not learnt from yet; the facts are a cache of what they say.
  mutable std::vector<const FunctionDecl *> Pending;
  mutable std::function<bool(QualType)> IsAwaitable;
  mutable llvm::DenseSet<Key> NonBlocking, Blocking, Datagram, Polled;
  mutable llvm::DenseSet<const Expr *> WouldBlockHandled;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_NONBLOCKINGIO_H
