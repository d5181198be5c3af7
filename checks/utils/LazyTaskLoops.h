//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Containers of lazy tasks made one per element of something: a loop that
// inserts, at each iteration, the task a call returns
// (`for (auto id : ids) tasks.push_back(fetch(id));`). Such tasks are the
// same operation on different inputs, created up front; a later loop that
// awaits them one by one starts each only when the previous one finished.
// A container filled statement by statement with different calls
// (`steps.push_back(migrate()); steps.push_back(reindex());`) is a list of
// steps, and running them in turn may well be the point.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_LAZYTASKLOOPS_H
#define ASYNC_TIDY_UTILS_LAZYTASKLOOPS_H

#include "AsyncTypes.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::async::utils {

/// The call that makes the tasks of \p Container, a local variable of the
/// function whose body is \p Body: the argument (of type \p TaskType) of a
/// member call on \p Container (`push_back`, `emplace_back`, `insert`) made
/// in the body of a loop other than \p Except, before \p Except. Null when
/// there is none, or when \p Container is also filled outside such a loop.
const CallExpr *taskMakerInLoop(const VarDecl &Container, const Stmt &Body,
                                const Stmt &Except, QualType TaskType);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_LAZYTASKLOOPS_H
