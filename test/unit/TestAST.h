//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Parsing small C++20 sources for the unit tests of checks/utils.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_UNIT_TESTAST_H
#define ASYNC_TIDY_TEST_UNIT_TESTAST_H

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include <memory>
#include <string>

namespace clang::tidy::async::test {

/// Parses \p Code as C++20 with the standard library and Clang's builtin
/// headers; null when it does not parse.
inline std::unique_ptr<ASTUnit> parse(llvm::StringRef Code) {
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      Code, {"-std=c++20", "-resource-dir", ASYNC_TIDY_RESOURCE_DIR},
      "input.cpp");
  if (!AST || AST->getDiagnostics().hasErrorOccurred())
    return nullptr;
  return AST;
}

/// Parses \p Code as parse() does, but keeps the AST when it has errors, for
/// tests of how an analysis treats invalid code; null when nothing parses.
inline std::unique_ptr<ASTUnit> parseWithErrors(llvm::StringRef Code) {
  return tooling::buildASTFromCodeWithArgs(
      Code,
      {"-std=c++20", "-resource-dir", ASYNC_TIDY_RESOURCE_DIR,
       "-Wno-everything"},
      "input.cpp");
}

/// The one node of type \p T that \p Matcher binds to "x" in \p AST.
template <typename T, typename MatcherT>
const T *selectOne(ASTUnit &AST, MatcherT Matcher) {
  auto Found =
      ast_matchers::match(Matcher.bind("x"), AST.getASTContext());
  if (Found.size() != 1)
    return nullptr;
  return Found.front().template getNodeAs<T>("x");
}

} // namespace clang::tidy::async::test

#endif // ASYNC_TIDY_TEST_UNIT_TESTAST_H
