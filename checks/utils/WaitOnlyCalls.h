//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Calls whose result is an operation that does nothing but wait: a hop onto
// an executor, a sleep or a timer, the acquisition of a lock or of permits.
// Awaiting one produces nothing, and its effect is on the code that comes
// after the `co_await`: it runs later, elsewhere, or holding something. When
// nobody awaits the result, that effect is lost whether the operation is
// lazy (it never starts) or eager (it runs on its own, and nothing waits for
// it).
//
// Recognised by structure: the awaited result is void, and what goes in is
// an executor (a hop), a duration or time point (a timer), or nothing but a
// count on an object that can give back what it hands out (an acquisition).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_WAITONLYCALLS_H
#define ASYNC_TIDY_UTILS_WAITONLYCALLS_H

#include "AsyncTypes.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::async::utils {

enum class WaitOnlyKind {
  None,
  /// `resume_on(pool)`, `pool.schedule()`, `asio::post(ex, use_awaitable)`.
  Hop,
  /// `sleep_for(10ms)`, `timer_queue.make_delay_object(1s, ex)`,
  /// `timer.async_wait(use_awaitable)` on an object that takes a duration.
  Timer,
  /// `semaphore.acquire()`, `mutex.lock_async()`, `limiter.acquire(n)` on an
  /// object that also has `release` or `unlock`.
  Acquire,
};

struct WaitOnlyCall {
  WaitOnlyKind Kind = WaitOnlyKind::None;
  /// For a hop, the executor it moves to, when it can be named.
  const ValueDecl *Target = nullptr;
  explicit operator bool() const { return Kind != WaitOnlyKind::None; }
};

/// Whether awaiting a \p T produces nothing: a task template instantiated
/// with `void` or an empty class (folly's `Unit`), a task whose promise has
/// `return_void` and no `return_value`, or an awaitable whose `await_resume`
/// (through a member `operator co_await`) returns void. False when it cannot be
/// told.
bool awaitsToNothing(QualType T, AwaitableClassifier &Classifier);

/// Whether \p T is a `std::chrono::duration` or `std::chrono::time_point`.
bool isDurationOrTimePoint(QualType T);

/// Classifies \p Call, whose type \p Classifier sees as a task or an
/// awaitable, as a wait-only operation, or not (`None`).
WaitOnlyCall classifyWaitOnlyCall(const CallExpr &Call,
                                  AwaitableClassifier &Classifier);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_WAITONLYCALLS_H
