//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_BLOCKINGCALLINCOROUTINECHECK_H
#define ASYNC_TIDY_BLOCKINGCALLINCOROUTINECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/AsyncTypes.h"
#include "utils/ExecutionContext.h"
#include "utils/FatalPaths.h"
#include "utils/NameMatcher.h"
#include "utils/NonBlockingIO.h"
#include "utils/ReadyState.h"
#include "utils/SpinBackoff.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

namespace clang::tidy::async {

/// Finds calls that block the calling thread (sleeps, waits on futures and
/// condition variables, synchronous I/O, `sync_wait`) made from a coroutine,
/// directly or through functions defined in the same translation unit.
///
/// For the user-facing documentation see:
/// docs/checks/async-blocking-call-in-coroutine.rst
class BlockingCallInCoroutineCheck : public ClangTidyCheck {
public:
  BlockingCallInCoroutineCheck(StringRef Name, ClangTidyContext *Context);
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

  struct CallSite {
    const Expr *Call = nullptr;
    const FunctionDecl *Callee = nullptr;
  };

private:
  struct Blocking {
    const utils::NameMatcher::Entry *Entry = nullptr;
    // The name the user sees: the catalogue name, or the member as called.
    std::string Name;
  };
  struct Summary {
    // The first blocking call in the function, when it blocks itself.
    CallSite Direct;
    const utils::NameMatcher::Entry *DirectEntry = nullptr;
    std::string DirectName;
    // Otherwise the call through which it reaches one, and the callee's
    // chain length.
    CallSite Next;
    unsigned Depth = 0;
    // Which of the callee's summaries the call leads to.
    unsigned NextParam = Always;
    // How serious the blocking at the end of the chain is.
    unsigned Severity = 0;
  };
  // Summaries are kept per function and condition: `Always` for a function
  // that blocks whatever it is given, or the index of a parameter for one
  // that blocks only when the future passed there is not complete.
  static constexpr unsigned Always = ~0U;
  using SummaryKey = std::pair<const FunctionDecl *, unsigned>;

  std::optional<Blocking> blockingCall(const Expr &Call,
                                       const FunctionDecl &Callee);
  /// The definition a call leads to when it is followed transitively: not
  /// virtual, and not allowed by the user.
  const FunctionDecl *followedDefinition(const FunctionDecl *Callee);
  /// When \p Site, a call in \p FD that blocks under the condition
  /// \p Condition of its callee's summary (or blocks itself, for `Always`),
  /// can block: `Always`, the index of a parameter of \p FD whose argument
  /// decides, or nothing when the future it waits for is complete or the
  /// call is on a fatal path.
  std::optional<unsigned> siteCondition(const FunctionDecl &FD,
                                        const CallSite &Site,
                                        unsigned Condition);
  /// Fills Calls[&FD] with the calls in FD's body, once.
  void collectCalls(const FunctionDecl &FD);
  void computeSummaries();
  /// Reports the blocking calls of \p FD: a coroutine, or, when
  /// \p BySignature is set, a function that returns a task or an awaitable
  /// without being a coroutine, whose calls block whoever creates the task.
  void reportFunction(const FunctionDecl &FD, bool BySignature);
  /// A function that returns a task or an awaitable by value and is no
  /// coroutine, nor one of the members the language calls on a promise or
  /// an awaiter.
  bool isAsyncBySignature(const FunctionDecl &FD);

  const std::vector<StringRef> BlockingFunctionsOption;
  const std::vector<StringRef> AllowedFunctionsOption;
  const bool Transitive;
  const unsigned MaxCallDepth;
  const bool CheckTests;

  utils::NameMatcher Catalogue;
  utils::NameMatcher Allowed;
  utils::AwaitableClassifier Classifier;
  // Descriptors that are non-blocking or awaited for readiness.
  utils::NonBlockingIO Descriptors;
  // Sleeps of a spin-wait backoff inside an atomic retry loop.
  utils::SpinBackoff Backoff;
  // Where a coroutine's calls run: on an executor it chose, in a test.
  utils::ExecutionContext Where;
  utils::ReadyState Ready;
  utils::FatalPaths Fatal;

  // Functions in user code with bodies, in the order they were seen; the
  // coroutines among them are reported at the end of the translation unit,
  // once every helper's summary is known.
  llvm::SetVector<const FunctionDecl *> Functions;
  llvm::DenseMap<const FunctionDecl *, std::vector<CallSite>> Calls;
  llvm::DenseMap<SummaryKey, Summary> Summaries;
  llvm::DenseSet<SourceLocation> Reported;
  // The hints for synchronous members with an asynchronous twin, by twin.
  llvm::StringMap<utils::NameMatcher::Entry> TwinEntries;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_BLOCKINGCALLINCOROUTINECHECK_H
