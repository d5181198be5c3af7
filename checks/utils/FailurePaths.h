//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Whether a function body can end with an exception, and where the first
// operation that could throw it is.
//
// An operation can fail when it is
//  - a `throw` expression (a rethrow `throw;` too);
//  - a `co_await` or `co_yield` whose awaiter's `await_resume` is not
//    `noexcept` (a task rethrows what its body threw there, an Asio
//    operation awaited with `use_awaitable` throws its error there), unless
//    the operation hands its error over as a result (a tuple that starts
//    with an error code or exception_ptr: `as_tuple`; a token holding a
//    reference to an error code: `redirect_error`), the operation only
//    waits (a timer, a hop to an executor, an acquisition: see
//    WaitOnlyCalls.h; it fails only when it is cancelled, and a lost
//    cancellation is no lost failure), what is awaited is a parameter
//    of template type, or a task or future parameter (it fails as the
//    caller's argument does, which cannot be told here),
//    the operand's own awaiter resumes `noexcept` (a baton; the promise's
//    await_transform only moves where it resumes), or what is awaited is a
//    task of a coroutine, or an awaiter, defined in the translation unit
//    outside system headers whose body cannot fail;
//  - a call or constructor call whose callee is not `noexcept`, is not a C
//    function (`extern "C"`: fopen, printf), and is either defined nowhere
//    in the translation unit, virtual, or defined outside system headers
//    with a body that can fail (helpers are looked into up to twelve levels
//    deep). Header-only library code (std containers, Asio objects) is not
//    taken to throw: whether it fails on more than an allocation cannot be
//    told. A call of a coroutine only makes its task and does not fail.
// An operation inside a `try` block does not escape when a handler of that
// `try` catches it and does not throw again: `catch (...)` catches
// everything, `catch (std::exception &)` what calls and awaits throw and
// every thrown class derived from std::exception, any other handler the
// thrown classes derived from its type. What the handlers do besides
// throwing (logging) is not looked at. Lambda bodies, unevaluated operands
// and discarded `if constexpr` branches are not part of the body's run.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_FAILUREPATHS_H
#define ASYNC_TIDY_UTILS_FAILUREPATHS_H

#include "utils/AsyncTypes.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <string>

namespace clang::tidy::async::utils {

struct FailurePoint {
  enum Kind { Throw, Rethrow, Await, Call };
  Kind What = Call;
  SourceLocation Loc;
  /// The thrown type, the awaited operation or the callee, for the note;
  /// may be empty.
  std::string Name;
};

class FailurePaths {
public:
  void clear() {
    Helpers.clear();
    Classifier.reset(nullptr);
  }

  /// The first operation of \p FD's body (its coroutine body as written for
  /// a coroutine) whose exception can leave the body, if any. Nothing for a
  /// function without a body.
  std::optional<FailurePoint> escapingFailure(const FunctionDecl &FD);

  /// Whether a call of \p Callee can throw: not `noexcept`, and either not
  /// defined in the translation unit outside system headers or with a body
  /// from which an exception can escape.
  bool callCanThrow(const FunctionDecl &Callee, unsigned Depth = 0);

  /// Whether \p Await can throw: its awaiter's `await_resume` is not
  /// `noexcept`, the operation does not hand its error over as a result,
  /// and, for a task of this file or an awaiter defined outside system
  /// headers, the body can fail.
  bool awaitCanThrow(const CoroutineSuspendExpr &Await, unsigned Depth = 0);

private:
  std::optional<FailurePoint> walkBody(const FunctionDecl &FD, unsigned Depth);
  bool bodyCanFail(const FunctionDecl &Def, unsigned Depth);
  bool isHandedInWork(const ParmVarDecl &P);
  static bool carriesError(QualType T);
  static bool redirectsError(const Expr *Operand);
  llvm::DenseMap<const FunctionDecl *, bool> Helpers;
  AwaitableClassifier Classifier;
};

/// Whether \p Try's handlers catch everything its try block can throw and
/// none throws again: a `catch (...)` or `catch (std::exception &)` handler
/// without a `throw` in it.
bool catchesEverything(const CXXTryStmt &Try);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_FAILUREPATHS_H
