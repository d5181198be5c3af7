//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Where the statements of a coroutine run, as far as the code itself says:
//  - after an awaited hop onto an executor (`co_await resume_on(pool)`,
//    `co_await pool.schedule()`, `co_await asio::post(bind_executor(pool,
//    use_awaitable))`), on the executor the coroutine chose, until it hops
//    to another one;
//  - from the start, on an executor handed to the coroutine's promise (a
//    promise constructed from an executor parameter, which schedules the
//    coroutine's start on it);
//  - before its first suspension, inside the call that creates it, when the
//    coroutine is eager (its initial suspension never suspends);
//  - in a test: the body of a test case of gtest, folly's CO_TEST, Catch2 or
//    doctest, and coroutine lambdas defined in one, recognised by what the
//    framework macros expand to.
//
// Nothing here knows a library by name except the test frameworks' base
// class (`testing::Test`); an executor is recognised by its members.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_EXECUTIONCONTEXT_H
#define ASYNC_TIDY_UTILS_EXECUTIONCONTEXT_H

#include "AsyncTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::async::utils {

/// Whether \p T (through references, pointers and smart pointers) is an
/// executor, a scheduler or an execution context: a class with a member
/// that runs a function it is given (`execute`, `post`, `dispatch` or
/// `defer` taking a callable), a member `schedule()` without arguments that
/// returns an awaitable (an executor or scheduler), or a `get_executor()`
/// returning one together with a `stop()` member (an execution context: an
/// I/O context, Asio's thread pool).
bool isExecutorLike(QualType T);

/// When \p Await is `co_await` of an executor hop, the declaration naming the
/// executor it moves to (null when it cannot be named) in \p Target and
/// true; false otherwise. A hop is an awaited call whose result is void and
/// that either is a member of an executor or scheduler (not merely an
/// execution context) called without arguments (`pool.schedule()`), or is
/// a free function whose arguments are
/// an executor-like object (or a completion token bound to one) and
/// otherwise only objects of empty classes, the tags and completion tokens
/// (arguments left to their defaults aside)
/// (`resume_on(ex)`, `asio::post(ex, use_awaitable)`).
bool isExecutorHop(const Expr &Await, const ValueDecl *&Target);

/// The same for the operand of a `co_await` (or an expression that would be
/// one) whose awaited result the caller knows to be void: whether it is a
/// hop, and the executor it moves to in \p Target.
bool isExecutorHopOperand(const Expr &Operand, const ValueDecl *&Target);

class ExecutionContext {
public:
  void reset(ASTContext *NewContext);
  void setContext(ASTContext *NewContext) {
    if (NewContext != Context)
      reset(NewContext);
  }

  /// Whether \p Call, a call made in the body of \p Coroutine, runs on an
  /// executor the coroutine moved to on purpose: after an awaited hop onto
  /// an executor and before a hop onto another one, or anywhere before a
  /// hop when the coroutine's promise starts it on an executor parameter.
  bool runsOnChosenExecutor(const FunctionDecl &Coroutine, const Expr &Call);

  /// Whether \p Coroutine is the body of a test case, or a lambda defined in
  /// one (directly or in further lambdas), or a function of the main file
  /// that only test cases use: every reference to it in the translation unit
  /// is inside a test case or inside another such function.
  bool isInTestCase(const FunctionDecl &Coroutine);

  /// Whether \p Coroutine is eager (its promise's initial suspension never
  /// suspends) and so starts running inside the call that creates it, on the
  /// caller's thread, as a plain function does.
  bool startsInCaller(const FunctionDecl &Coroutine);

  /// Whether \p Call, a call made in the body of \p Coroutine, runs inside
  /// the call that creates the coroutine: \p Coroutine starts in its caller
  /// and \p Call comes before its first suspension point (in a statement
  /// of the body before the first one that holds a `co_await` or
  /// `co_yield`).
  bool runsInCaller(const FunctionDecl &Coroutine, const Expr &Call);

private:
  const llvm::DenseSet<const Expr *> &callsOnChosenExecutor(
      const FunctionDecl &Coroutine);
  bool isTestCaseFunction(const FunctionDecl &FD);
  bool isInTestCaseImpl(const FunctionDecl &FD, unsigned Depth);
  bool onlyUsedByTests(const FunctionDecl &FD, unsigned Depth);
  void collectRegisteredFunctions();
  void collectUses();

  ASTContext *Context = nullptr;
  llvm::DenseMap<const FunctionDecl *, llvm::DenseSet<const Expr *>> Hopped;
  // For each coroutine that starts in its caller, the calls before its first
  // suspension point.
  llvm::DenseMap<const FunctionDecl *, std::optional<llvm::DenseSet<const Expr *>>>
      InCaller;
  bool RegistrarsCollected = false;
  llvm::DenseSet<const FunctionDecl *> Registered;
  bool UsesCollected = false;
  // For each function of the main file, the functions whose bodies refer to
  // it (null for a reference outside any function).
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<const FunctionDecl *, 2>>
      Users;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_EXECUTIONCONTEXT_H
