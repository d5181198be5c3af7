//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Where a coroutine body uses something it was handed (a parameter, a
// capture): the first use in the body, or the first use that runs after the
// body has suspended on some path, on the CFG of the suspension flow model.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_FRAMEUSES_H
#define ASYNC_TIDY_UTILS_FRAMEUSES_H

#include "SuspensionFlow.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>

namespace clang::tidy::async::utils {

struct FrameUse {
  /// The statement the predicate accepted.
  const Stmt *Use = nullptr;
  /// A suspension point that runs before it on some path (when asked for
  /// uses after a suspension).
  const SuspensionPoint *After = nullptr;
};

/// The first use, in source order, of what \p IsUse accepts among the
/// evaluated statements of \p Flow's body (lambdas and local classes in it
/// are not part of it). With \p AfterSuspension, only uses reached, on some
/// path, after a `co_await` or `co_yield` that may suspend (an awaiter whose
/// `await_ready` is constant `true` does not) count.
/// \p Counts, when given, tells which suspension points count for
/// \p AfterSuspension.
std::optional<FrameUse> firstFrameUse(
    const SuspensionFlow &Flow, llvm::function_ref<bool(const Stmt &)> IsUse,
    bool AfterSuspension,
    llvm::function_ref<bool(const SuspensionPoint &)> Counts = nullptr);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_FRAMEUSES_H
