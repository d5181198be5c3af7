//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Whether a call creates work or hands out work that exists already, and
// whether a loop walks work it was given: the questions that tell a fan-out
// from a combinator (when_all, collectAll, race) or an accessor.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_FANOUTWORK_H
#define ASYNC_TIDY_UTILS_FANOUTWORK_H

#include "AsyncTypes.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::async::utils {

/// Whether the call \p Call, which returns a task, starts new work: it does
/// unless it returns a reference (`std::move(tasks[i])`, `tasks.front()`),
/// or calls a function that is no coroutine and whose body only hands out
/// state of its object (`promise.get_result()` returning
/// `result<T>(std::move(m_state))`) and calls nothing that returns a task or
/// an awaitable. A function whose body is not seen is taken to start work.
bool startsNewWork(const CallExpr &Call, AwaitableClassifier &Classifier);

/// Whether a value of type \p T stands for work that exists already: a task,
/// an awaitable, or an object that holds the handle of a suspended
/// coroutine; through references and pointers.
bool isExistingWork(QualType T, AwaitableClassifier &Classifier);

/// Whether \p T holds such work: is it, or is an array of it, or a class
/// template specialization with such a type among its arguments (a range, a
/// list, an atomic pointer to the head of a list of waiters).
bool holdsExistingWork(QualType T, AwaitableClassifier &Classifier);

/// Whether \p E names work that the enclosing function was handed rather
/// than made: a parameter that holds work, a member of the object that
/// holds work, or a local initialized from one of those
/// (`auto tasks = wrapEach(awaitables)`).
bool isGivenWork(const Expr *E, AwaitableClassifier &Classifier);

/// Whether \p Body (of a coroutine, a lambda or a thread's function) is a
/// long-lived service: a loop at its top level (not nested in another loop)
/// for which \p RunsUntilStopped holds, such as an accept or receive loop
/// that runs until told to stop.
bool servesUntilStopped(
    const Stmt &Body, llvm::function_ref<bool(const Stmt &)> RunsUntilStopped);

/// Whether \p Method runs an event loop: a `run` member of a class that can
/// also `stop` it (an io_context, a scheduler).
bool runsEventLoop(const CXXMethodDecl &Method);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_FANOUTWORK_H
