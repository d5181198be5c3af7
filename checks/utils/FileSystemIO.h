//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// File-system work recognised by what it operates on, not by the name of the
// class that wraps it:
//  - a file stream is a class that derives from std::basic_istream or
//    std::basic_ostream and whose buffer is a file: it, or a base, holds a
//    std::basic_filebuf (or a class derived from one), or its own rdbuf()
//    returns a pointer to one. std::ifstream, boost::nowide::fstream and an
//    in-house stream over a filebuf all are; std::stringstream and
//    std::cout are not;
//  - a file buffer is std::basic_filebuf or a class derived from it; its
//    transfer members (sgetn, sgetc, sbumpc, sputn, ...) read or write the
//    file, also when reached through a stream's rdbuf();
//  - std::istreambuf_iterator, std::istream_iterator and
//    std::ostreambuf_iterator constructed over a file stream or buffer;
//  - the operational functions of std::filesystem that take a path and ask
//    the file system (exists, file_size, copy, remove, create_directories,
//    ...), and directory iterators constructed over a path. Path-only
//    operations (path::filename(), operator/, lexically_normal) and the
//    overloads that only inspect a file_status do no I/O.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_FILESYSTEMIO_H
#define ASYNC_TIDY_UTILS_FILESYSTEMIO_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include <optional>
#include <string>

namespace clang::tidy::async::utils {

/// True for std::basic_filebuf and classes derived from it.
bool isFileBuffer(const CXXRecordDecl *RD);

/// True when \p T (through references) is a stream backed by a file buffer
/// (see above).
bool isFileStream(QualType T);

/// When \p Call (a call or a construction, of \p Callee) does file-system
/// work that is not a stream's own member or operator, the name to show:
/// `std::filesystem::exists`, `std::filesystem::directory_iterator`,
/// `std::basic_filebuf::sgetn`, `std::istreambuf_iterator`.
std::optional<std::string> fileSystemOperation(const Expr &Call,
                                               const FunctionDecl &Callee);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_FILESYSTEMIO_H
