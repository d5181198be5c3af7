//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What a promise type does with the exception of its coroutine, and whether
// the coroutine type hands anything to a consumer, decided from the
// promise's and the return object's members (never from names of
// libraries):
//  - the exception is dropped when `unhandled_exception()` has a definition
//    in the translation unit whose body is empty;
//  - it is stored when the body saves `std::current_exception()` into a
//    member of the promise (an assignment to it, or a call of a member of
//    it, or of the promise, that is given the exception) and throws nothing;
//  - a coroutine type delivers a result when its promise takes a value
//    (`return_value`) or yields values (`yield_value`), or when the object
//    `get_return_object()` gives back can be awaited (`operator co_await`
//    or `await_resume`): someone waits for what the coroutine produces.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_EXCEPTIONCHANNELS_H
#define ASYNC_TIDY_UTILS_EXCEPTIONCHANNELS_H

#include "clang/AST/DeclCXX.h"

namespace clang::tidy::async::utils {

enum class ExceptionFate {
  /// `unhandled_exception` not found, or not defined in the translation
  /// unit.
  Unknown,
  /// Its body is empty: the exception vanishes.
  Dropped,
  /// Its body saves `std::current_exception()` into the promise.
  Stored,
  /// Anything else (rethrows, terminates, logs, hands it on).
  Other,
};

/// The definition of \p Promise's `unhandled_exception` (found in bases
/// too), or null.
const FunctionDecl *unhandledExceptionOf(const CXXRecordDecl *Promise);

/// What \p Handler, an `unhandled_exception` definition, does with the
/// exception.
ExceptionFate exceptionFate(const FunctionDecl &Handler);
ExceptionFate exceptionFate(const CXXRecordDecl *Promise);

/// Whether coroutines with the promise \p Promise hand a result to someone:
/// the promise has `return_value` or `yield_value`, or the type its
/// `get_return_object` returns can be awaited.
bool deliversResult(const CXXRecordDecl &Promise);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_EXCEPTIONCHANNELS_H
