//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Result types whose `get()`, `wait()` and `wait_for()` block until the work
// behind them is done, recognised by structure: a class with a `get` member
// and a `wait` or `wait_for` member that is not a lazy task. Futures that
// are not awaitable (boost::future), awaitable futures (folly::SemiFuture),
// and eager tasks, whose work is already running when the caller gets them
// (concurrencpp's result, a WinRT-style IAsyncOperation with get() and
// wait_for()), all are. A lazy task (its promise's initial_suspend suspends)
// and a task whose initial suspension cannot be decided are not: nothing
// runs it until it is awaited, so a `get` member of one is something else.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_BLOCKINGRESULTS_H
#define ASYNC_TIDY_UTILS_BLOCKINGRESULTS_H

#include "utils/AsyncTypes.h"

namespace clang::tidy::async::utils {

/// A class with a `get` member and a `wait` or `wait_for` member.
bool hasBlockingGetters(const CXXRecordDecl *RD);

/// True when \p T is a future or an eager task whose `get`, `wait` and
/// `wait_for` block (see above).
bool isBlockingResultType(QualType T, AwaitableClassifier &Classifier);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_BLOCKINGRESULTS_H
