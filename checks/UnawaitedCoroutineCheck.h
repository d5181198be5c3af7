//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UNAWAITEDCOROUTINECHECK_H
#define ASYNC_TIDY_UNAWAITEDCOROUTINECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/AsyncTypes.h"
#include "utils/NameMatcher.h"
#include "utils/WaitOnlyCalls.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Regex.h"
#include <vector>

namespace clang::tidy::async {

/// Finds lazy tasks and awaitables that are created and then dropped without
/// being awaited, so that the coroutine body or the operation never runs:
/// discarded calls, and local task variables that are never used.
///
/// For the user-facing documentation see:
/// docs/checks/async-unawaited-coroutine.rst
class UnawaitedCoroutineCheck : public ClangTidyCheck {
public:
  UnawaitedCoroutineCheck(StringRef Name, ClangTidyContext *Context);
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
  void onEndOfTranslationUnit() override;

  // What the user is told a dropped value is, in the order of the %select
  // in the diagnostic.
  enum class Dropped {
    LazyTask,
    LazyCoroutine,
    Awaitable,
    EagerTask,
    Task,
    Future
  };
  // What is lost, in the order of the %select in the diagnostics.
  enum class Lost { Body, Operation, HopTo, Hop, Timer, Acquisition };

private:
  // Who returned it.
  enum class Producer { Named, Lambda, Unnamed };
  struct DiscardedCall {
    SourceRange Range;
    Producer Who = Producer::Unnamed;
    DeclarationName Name;
    Dropped What = Dropped::LazyTask;
    Lost Loss = Lost::Body;
    // The executor a dropped hop would have moved to.
    const ValueDecl *Target = nullptr;
    bool Awaitable = false;
    bool Fix = false;
    // The lambda whose body ends with the call.
    SourceLocation Lambda;
  };

  bool isAllowedType(QualType T) const;
  bool isAllowedCall(const CallExpr &Call) const;
  bool isViewOfAwaitable(const CallExpr &Call);
  void recordTriedLambdas(const CallExpr &Call);
  void walkFunction(const FunctionDecl &Function);
  void checkDiscardedCall(const CallExpr &Call, const FunctionDecl &Function,
                          bool ThroughVoidCast, bool MayInsert);
  void checkVariable(const VarDecl &Var);
  // The wait-only operation \p Call returns, of kind \p Kind, when it is
  // one that can be waited for (awaited, or a future's wait).
  utils::WaitOnlyCall waitOnly(const CallExpr &Call, utils::AwaitableKind Kind,
                               QualType T);
  void reportDiscardedCalls();
  void reportUnusedVariables();

  // Regexes for the qualified names of task types that may be dropped.
  const std::vector<StringRef> AllowedTypesOption;
  // Functions whose tasks may be dropped, as names or regexes.
  const std::vector<StringRef> AllowedFunctionsOption;
  // Whether `(void)make_task()` is an accepted way to drop a task.
  const bool AllowCastToVoid;

  std::vector<llvm::Regex> AllowedTypes;
  utils::NameMatcher AllowedFunctions;
  utils::AwaitableClassifier Classifier;
  const ASTContext *Context = nullptr;

  // Functions whose bodies were searched for discarded calls.
  llvm::DenseSet<const FunctionDecl *> Walked;
  // Discarded calls, reported at the end of the translation unit.
  llvm::MapVector<SourceLocation, DiscardedCall> Calls;
  // Lazy task variables, grouped by the function body in which a use would
  // have to be: one walk of that body decides all of them.
  llvm::MapVector<const FunctionDecl *, llvm::SmallVector<const VarDecl *, 2>>
      Variables;
  // Lambdas that a helper runs only to see them throw, by location.
  llvm::DenseSet<SourceLocation> TriedLambdas;
  // Variables holding a wait-only operation, and what it is.
  llvm::DenseMap<const VarDecl *, utils::WaitOnlyCall> WaitVariables;
  // A template and its instantiations report the same variable once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_UNAWAITEDCOROUTINECHECK_H
