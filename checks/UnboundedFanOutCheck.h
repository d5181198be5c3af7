//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UNBOUNDEDFANOUTCHECK_H
#define ASYNC_TIDY_UNBOUNDEDFANOUTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/AsyncTypes.h"
#include "utils/LocalParentMap.h"
#include "utils/LoopBounds.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Regex.h"
#include <string>
#include <vector>

namespace clang::tidy::async {

/// Finds loops over inputs of unknown size that start a thread, a task or a
/// coroutine in every iteration without waiting for it, so that nothing
/// bounds how many run at once: eager starts are reported in the loop, lazy
/// tasks collected in the loop at the join that starts them all.
///
/// For the user-facing documentation see:
/// docs/checks/async-unbounded-fan-out.rst
class UnboundedFanOutCheck : public ClangTidyCheck {
public:
  UnboundedFanOutCheck(StringRef Name, ClangTidyContext *Context);
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

  /// How a loop's trip count was judged.
  enum class LoopBound {
    /// A constant trip count of at most MaxConstantFanOut.
    Small,
    /// Known only at run time (or a constant above MaxConstantFanOut).
    Unbounded,
    /// Runs until told to stop (`for (;;)`, `while (running)`): it must
    /// wait for its input somewhere, so it is paced by that input.
    EventLoop,
    /// Sized like a pool of workers, or by the command line: not a walk
    /// over data.
    NotData,
  };
  struct LoopInfo {
    LoopBound Bound = LoopBound::Unbounded;
    // Whether every iteration waits: a co_await, a co_yield, a limiter or
    // a blocking receive anywhere in the loop.
    bool Paced = false;
    // What the loop runs over, for the message.
    std::string Description;
    // Variables that change from one iteration to the next: declared in
    // the loop, or read by its condition or increment.
    llvm::DenseSet<const ValueDecl *> IterationVars;
  };

private:
  // What a spawn gives back, and what happens when that is dropped.
  enum class SpawnKind {
    // std::thread, std::jthread, std::async: dropping or overwriting the
    // handle joins (or terminates), so only a detached or stored handle
    // outlives the iteration.
    JoinsWhenDropped,
    // co_spawn, spawn functions, start(), eager coroutines: the work runs on
    // whatever happens to the handle.
    RunsDetached,
  };

  struct PushSite {
    const CXXMemberCallExpr *Push;
    const Stmt *Loop;
  };
  struct JoinSite {
    const CallExpr *Join;
    const VarDecl *Container;
  };

  bool matchesAny(const std::vector<llvm::Regex> &Patterns,
                  const FunctionDecl &FD) const;
  bool isLimitCall(const CallExpr &Call) const;
  bool takesTaskOrAwaitable(const CallExpr &Call);
  const LoopInfo &loopInfo(const Stmt &Loop, ASTContext &Ctx);
  bool limitedInside(const Expr &Work);
  /// Whether what each iteration of \p Loop starts in \p Work is made only
  /// of work the function was handed (a combinator's range of tasks, a list
  /// of suspended waiters): the bound belongs where that work was made.
  /// Whether \p Work starts a long-lived service: a coroutine or thread
  /// whose body loops until told to stop, paced by what it waits for (an
  /// accept loop per configured listener), or a thread that runs an event
  /// loop (one per io_context of a pool).
  bool startsService(const Expr &Work, ASTContext &Ctx);
  bool walksGivenWork(const Expr &Work, const Stmt &Loop,
                      const LoopInfo &Info);
  /// \p Kept: the spawn itself stores the handle (`threads.emplace_back`).
  void checkSpawn(const Expr &Spawn, const Expr &Work, SpawnKind Kind,
                  StringRef What, ASTContext &Ctx, bool Kept = false);
  void checkBody(const Stmt &Body, ASTContext &Ctx);
  /// The size of the range \p Init when it is known at compile time: a C
  /// array, `std::array`, a fixed-extent `std::span`, a braced list, or a
  /// local container that only a fixed number of statements fill.
  /// \p ReadOnly: \p Init is handed to a combinator, which only reads it.
  std::optional<uint64_t> rangeSize(const Expr *Init, ASTContext &Ctx,
                                    bool ReadOnly = false);
  /// A call that hands a whole range to a combinator that starts the work
  /// of every element at once (`parallel_for_each(range, fn)`,
  /// `collectAllRange(range | std::views::transform(fn))`).
  void checkCombinator(const CallExpr &Call, ASTContext &Ctx);
  /// Whether the innermost function or lambda around \p S is a coroutine.
  bool inCoroutine(const Stmt &S) const;
  void checkCall(const CallExpr &Call, ASTContext &Ctx);
  void checkThread(const CXXConstructExpr &Construct, ASTContext &Ctx);
  void reportJoins(ASTContext &Ctx);
  /// Forgets everything gathered from the current translation unit.
  void clearState();

  const std::vector<StringRef> SpawnFunctionsOption;
  const std::vector<StringRef> BoundedJoinsOption;
  const std::vector<StringRef> LimitFunctionsOption;
  const unsigned MaxConstantFanOut;

  std::vector<llvm::Regex> SpawnFunctions;
  std::vector<llvm::Regex> BoundedJoins;
  std::vector<llvm::Regex> LimitFunctions;
  utils::AwaitableClassifier Classifier;

  // Parents inside the function bodies of user code, which is all the
  // check looks up from a spawn or a push.
  utils::LocalParentMap Parents;
  llvm::DenseMap<const Stmt *, LoopInfo> Loops;
  llvm::DenseMap<const FunctionDecl *, bool> LimitedBodies;
  utils::CallSiteConstants CallSites;
  // Lazy tasks pushed into local containers inside loops, and the joins
  // those containers are handed to; matched at the end of the translation
  // unit, whatever order the matcher saw them in.
  llvm::MapVector<const VarDecl *, llvm::SmallVector<PushSite, 2>> Pushes;
  std::vector<JoinSite> Joins;
  ASTContext *LastContext = nullptr;
  // The function whose body is being walked.
  const FunctionDecl *CurrentFunction = nullptr;
  // The calls and constructions checked, each once although a lambda's body
  // is walked with its enclosing function's and as its call operator's.
  llvm::DenseSet<const Stmt *> Walked;
  // A template and its instantiations report the same code once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_UNBOUNDEDFANOUTCHECK_H
