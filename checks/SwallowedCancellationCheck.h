//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_SWALLOWEDCANCELLATIONCHECK_H
#define ASYNC_TIDY_SWALLOWEDCANCELLATIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/CancellationHandlers.h"
#include "llvm/ADT/DenseSet.h"
#include <string>

namespace clang::tidy::async {

/// Finds coroutines that swallow their own cancellation in a loop that
/// nothing else ends: a handler that catches the cancellation of an await
/// and carries on, or an error code that is ignored or only continued on.
///
/// For the user-facing documentation see:
/// docs/checks/async-swallowed-cancellation.rst
class SwallowedCancellationCheck : public ClangTidyCheck {
public:
  SwallowedCancellationCheck(StringRef Name, ClangTidyContext *Context);
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
  // The exception classes that signal cancellation, qualified names.
  const std::string CancellationExceptionsOption;

  utils::CancellationTypes Types;
  // A template and its instantiations report the same code once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_SWALLOWEDCANCELLATIONCHECK_H
