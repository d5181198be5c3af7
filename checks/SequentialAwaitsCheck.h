//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_SEQUENTIALAWAITSCHECK_H
#define ASYNC_TIDY_SEQUENTIALAWAITSCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/AsyncTypes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Regex.h"
#include <string>
#include <vector>

namespace clang::tidy::async {

/// Finds independent operations awaited one after the other: consecutive
/// `co_await` statements none of which reads what an earlier one wrote, and
/// loops that await one operation per element without carrying a result
/// into the next iteration.
///
/// For the user-facing documentation see:
/// docs/checks/async-sequential-awaits.rst
class SequentialAwaitsCheck : public ClangTidyCheck {
public:
  SequentialAwaitsCheck(StringRef Name, ClangTidyContext *Context);
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

  /// What the analysis needs from the check: options and per-TU caches.
  struct State {
    unsigned MinimumAwaits = 2;
    bool IgnoreLoops = false;
    std::vector<llvm::Regex> OrderingPatterns;
    utils::AwaitableClassifier Classifier;
    // Whether a class hands out mutable access from a const member
    // function (a pointer, a view, a reference wrapper).
    llvm::DenseMap<const CXXRecordDecl *, bool> ReferenceLike;
  };

private:
  // Runs shorter than this are not reported.
  const unsigned MinimumAwaits;
  // Regexes for operations that order what follows them.
  const std::vector<StringRef> OrderingAwaitablesOption;
  // Whether loops are left alone.
  const bool IgnoreLoops;
  // The combinator to suggest instead of the one guessed from the library.
  const std::string CombinatorHint;

  State S;
  // Functions already analysed (a lambda is seen both as a function and as
  // a lambda expression).
  llvm::DenseSet<const FunctionDecl *> Seen;
  // A template and its instantiations report the same code once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_SEQUENTIALAWAITSCHECK_H
