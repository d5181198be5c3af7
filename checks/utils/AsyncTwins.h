//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Synchronous members of classes that also offer the same operation
// asynchronously (`client.get(url)` next to `client.async_get(url)`,
// `send` next to `async_send`): the class's own API says which of the two a
// coroutine should use.
//
// The twin of a member `name` is a member of the same class (or a base)
// spelled `async_name`, `name_async`, `nameAsync` or `asyncName`, and it is
// asynchronous when its signature shows it: it returns something to
// co_await (a task or an awaitable), or it takes a completion token or
// handler as its last parameter (a template type parameter, a class with a
// call operator such as std::function, a function pointer) and returns void
// or a type that is deduced or depends on the token. The synchronous member
// itself must return nothing to co_await and take no such handler.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_ASYNCTWINS_H
#define ASYNC_TIDY_UTILS_ASYNCTWINS_H

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>

namespace clang::tidy::async::utils {

/// When \p Method, called on an object of class \p Class, has an
/// asynchronous twin on that class, the twin's name. \p IsAwaitable tells
/// whether a type is something to co_await.
std::optional<std::string>
asyncTwinOf(const CXXRecordDecl *Class, const CXXMethodDecl &Method,
            llvm::function_ref<bool(QualType)> IsAwaitable);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_ASYNCTWINS_H
