//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Calls that hand a whole range to a combinator, recognised by shape: a range
// and a callable that makes a task of each element
// (`parallel_for_each(range, fn)`), or a range whose elements are tasks or
// awaitables (`collectAllRange(items | std::views::transform(fetch))`); and
// calls that hand a callable to an executor and get its result back
// (`executor->submit([&] { ... })`).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_RANGECOMBINATORS_H
#define ASYNC_TIDY_UTILS_RANGECOMBINATORS_H

#include "AsyncTypes.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::async::utils {

/// Whether \p D is declared in namespace std or one nested in it
/// (`std::ranges`, `std::views`).
bool isInStdOrNested(const Decl &D);

/// The type of the elements of the range type \p T: an array's element
/// type, the class's `value_type`, or what its iterator (the result of its
/// `begin()`) names as `value_type` or yields from `operator*`. Null when
/// \p T is no range.
QualType rangeElementType(QualType T);

/// The call operator of the callable type \p T (a lambda, a class with an
/// `operator()`), the instantiated one for a generic lambda; null otherwise.
const FunctionDecl *callOperatorOf(QualType T);

/// What calling a value of type \p T returns: the call operator's result,
/// or a function pointer's or reference's. Null when \p T is not callable.
QualType callResultType(QualType T);

/// For a view that transforms the range R with the function F,
/// `std::views::transform(R, F)`, `R | std::views::transform(F)` or
/// `std::ranges::transform_view(R, F)`: R, and F in \p Function. Null for
/// anything else.
const Expr *transformedRange(const Expr *E, const Expr **Function = nullptr);

/// A call of a range combinator, found by shape.
struct RangeCombinatorCall {
  enum Kind {
    None,
    /// A range and a callable that returns a task or an awaitable for an
    /// element: `parallel_for_each(range, fn)`.
    PerElement,
    /// A range whose elements are tasks or awaitables:
    /// `when_all(range_of_tasks)`.
    RangeOfWork,
  } What = None;
  /// The range argument, and the callable one for PerElement.
  const Expr *Range = nullptr;
  const Expr *Callable = nullptr;
  /// The callee has an integral parameter, a limit or a window
  /// (`max_concurrent_for_each(range, limit, fn)`).
  bool HasLimit = false;
};

/// Whether \p Call hands a whole range to a function that is not in the
/// standard library and returns a task, an awaitable or a future: the
/// work of that combinator completes when that of every element does.
RangeCombinatorCall rangeCombinatorCall(const CallExpr &Call,
                                        AwaitableClassifier &Classifier);

/// Whether the definition of \p Callee, when the translation unit has it,
/// awaits inside a loop: it takes the elements in turn, not all at once.
bool awaitsInTurn(const FunctionDecl &Callee);

/// Whether \p Call submits a callable to an executor and gets its result
/// back: a member call on an object that is no task, future or awaitable
/// itself, whose first argument is a callable, and which returns a task,
/// an awaitable or a future (`executor->submit([&] { ... })`,
/// `pool.enqueue(fn, x)`).
bool submitsCallable(const CXXMemberCallExpr &Call,
                     AwaitableClassifier &Classifier);

/// A future (std::future, folly::SemiFuture): `get()` and `wait()` block
/// until the work it stands for is done.
bool isFutureLikeType(QualType T);

/// An operation described for later, which runs when it is given a
/// completion token: a class template specialization outside the standard
/// library with a completion signature (a function type) among its
/// arguments and a call operator (Asio's `deferred` operations).
bool isDeferredOperation(QualType T);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_RANGECOMBINATORS_H
