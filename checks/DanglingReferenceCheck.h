//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_DANGLINGREFERENCECHECK_H
#define ASYNC_TIDY_DANGLINGREFERENCECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/AsyncTypes.h"
#include "utils/SuspensionFlow.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Regex.h"
#include <string>
#include <vector>

namespace clang::tidy::async {

/// Finds coroutine frames that keep a reference to something that is gone
/// before the frame uses it: a temporary bound to a reference or view
/// parameter of a task that outlives the full-expression, the captures of a
/// coroutine lambda that is a temporary, a local of the caller lent to a
/// task that outlives the caller.
///
/// For the user-facing documentation see:
/// docs/checks/async-dangling-reference.rst
class DanglingReferenceCheck : public ClangTidyCheck {
public:
  DanglingReferenceCheck(StringRef Name, ClangTidyContext *Context);
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

  /// What became of a task, as far as the statement that made it shows.
  enum class Fate {
    Stored,
    Returned,
    Contained,
    Spawned,
    SpawnedDetached,
    LeftRunning,
  };

  /// Whether \p FD is a spawn: a function that starts the work it is given
  /// and returns before it is done.
  bool isSpawn(const FunctionDecl &FD) const;
  bool isSafeSpawn(const FunctionDecl &FD) const;
  utils::AwaitableClassifier &classifier() { return Classifier; }
  const utils::SuspensionFlow *flow(const FunctionDecl &FD, ASTContext &Ctx) {
    return Flows.get(FD, Ctx);
  }
  /// Reports once per location (a template and its instantiations).
  bool firstReport(SourceLocation Loc) { return Reported.insert(Loc).second; }

private:
  const std::vector<StringRef> SpawnFunctionsOption;
  const std::vector<StringRef> SafeSpawnFunctionsOption;
  std::vector<llvm::Regex> SpawnFunctions;
  std::vector<llvm::Regex> SafeSpawnFunctions;

  utils::AwaitableClassifier Classifier;
  utils::SuspensionFlowCache Flows;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_DANGLINGREFERENCECHECK_H
