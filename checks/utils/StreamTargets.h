//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Where a stream call reads or writes, decided by the types and objects it
// is called on rather than by the function's name: std::getline on a string
// stream parses memory, and a stdio call on stdout or stderr is logging.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_STREAMTARGETS_H
#define ASYNC_TIDY_UTILS_STREAMTARGETS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::async::utils {

/// True when \p T (through references) is a stream whose buffer is in
/// memory: it, or a base, holds a std::basic_stringbuf, std::basic_spanbuf
/// or std::strstreambuf (std::stringstream and its kin, or a stream class
/// of the user's that owns such a buffer).
bool isInMemoryStream(QualType T);

/// True when \p E names the C library's `stdout` or `stderr`.
bool isStandardOutput(const Expr *E);

/// True when a catalogue call does no file I/O because of what it is called
/// on: `std::getline` on an in-memory stream, or a stdio function writing
/// to stdout or stderr (logging, as flake8-async treats print).
bool isStreamCallWithoutFileIO(const Expr &Call, const FunctionDecl &Callee);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_STREAMTARGETS_H
