//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_LOCKACROSSSUSPENSIONCHECK_H
#define ASYNC_TIDY_LOCKACROSSSUSPENSIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/LockRecognition.h"
#include "utils/SuspensionFlow.h"
#include "llvm/ADT/DenseSet.h"
#include <string>
#include <vector>

namespace clang::tidy::async {

/// Finds blocking mutexes held while a coroutine suspends: a RAII guard, a
/// manual `lock()` or `pthread_mutex_lock` whose lock is still held, on some
/// path, at a `co_await` or `co_yield`.
///
/// For the user-facing documentation see:
/// docs/checks/async-lock-across-suspension.rst
class LockAcrossSuspensionCheck : public ClangTidyCheck {
public:
  LockAcrossSuspensionCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    return TK_AsIs;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override;

private:
  void analyse(const FunctionDecl &FD, ASTContext &Ctx);

  // Classes that are blocking lockables or guards where structure cannot
  // tell; classes that are never reported.
  const std::vector<StringRef> LockTypesOption;
  const std::vector<StringRef> AllowedLockTypesOption;

  utils::LockRecognizer Locks;
  // A template and its instantiations report the same code once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_LOCKACROSSSUSPENSIONCHECK_H
