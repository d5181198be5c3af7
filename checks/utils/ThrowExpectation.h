//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Code that runs only to see what it throws.
//
// A test of the form "this call throws E" runs the call inside a try block
// and treats the catch as the expected outcome: EXPECT_THROW(stmt, E),
// REQUIRE_THROWS_AS(expr, E), CHECK_THROWS(expr), or a helper such as
// `assert_throws<E>([&] { call(); })`. Whatever the call returns is never
// meant to be used. Recognised by structure, not by name:
//
// - a try statement *tells a throw apart* from a normal completion of its
//   try block when the try block goes on after the tried statement, or a
//   handler leaves the statement differently (return, goto, break,
//   continue) or records the catch (an assignment);
// - a macro tries its argument when the argument is spelled inside the try
//   block of a try statement that the same macro expansion wrote;
// - a helper function template tries its callable parameter when it calls
//   the parameter inside such a try block, and the handler that tells the
//   throw apart catches a type the caller named as an explicit template
//   argument (`assert_throws<std::invalid_argument>(...)`).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_THROWEXPECTATION_H
#define ASYNC_TIDY_UTILS_THROWEXPECTATION_H

#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::async::utils {

/// Whether \p Try tells a throw apart from a normal completion of its try
/// block (see the file comment).
bool distinguishesThrow(const CXXTryStmt &Try);

/// Whether the statement at \p Loc, spelled in a macro argument, is the
/// statement a macro expansion tries: \p Try encloses it, was written by
/// the body of the same macro expansion, and tells a throw apart.
bool isTriedByMacro(SourceLocation Loc, const CXXTryStmt &Try,
                    const SourceManager &SM);

/// Whether \p Call hands its argument \p ArgIndex to a helper that calls it
/// only to see it throw an exception the call names (see the file comment).
bool passesToThrowExpectation(const CallExpr &Call, unsigned ArgIndex);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_THROWEXPECTATION_H
