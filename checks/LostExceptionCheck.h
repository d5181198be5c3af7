//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_LOSTEXCEPTIONCHECK_H
#define ASYNC_TIDY_LOSTEXCEPTIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/AsyncTypes.h"
#include "utils/FailurePaths.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::async {

/// Finds coroutines started so that nobody can see them fail: spawned with
/// a completion token or handler that ignores the exception
/// (`co_spawn(ex, f(), detached)`), or started with the future that would
/// hold the exception discarded (`std::move(t).scheduleOn(ex).start();`),
/// when the coroutine's body can throw.
///
/// For the user-facing documentation see:
/// docs/checks/async-lost-exception.rst
class LostExceptionCheck : public ClangTidyCheck {
public:
  LostExceptionCheck(StringRef Name, ClangTidyContext *Context);
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
  /// Looks once at every node of a body, without entering lambdas (they
  /// are matched on their own).
  void walk(const Stmt *Root);
  void checkSpawn(const CallExpr &Call, ASTContext &Ctx);
  void checkDiscarded(const Expr &Statement);
  void checkSpawnFunction(const CallExpr &Call);
  void checkPromise(const FunctionDecl &FD);
  /// The task \p Call hands over with a token that discards its exception.
  const Expr *detachedBySpawn(const CallExpr &Call,
                              const CXXRecordDecl *&TokenRD);
  /// The task a `start()` call starts, when it gives back a future.
  const Expr *detachedByStart(const CXXMemberCallExpr &Call);
  /// The statement of \p Callee's body that starts the task its parameter
  /// \p Index receives so that nobody can see it fail, or null.
  const Stmt *dropsTask(const FunctionDecl &Callee, unsigned Index,
                        unsigned Depth);
  /// \p Task when it is the parameter \p P, or a wrapping coroutine's call
  /// that awaits \p P unprotected; null otherwise.
  const Stmt *carries(const Expr *Task, const ParmVarDecl *P, unsigned Depth);
  void report(SourceLocation Loc, const FunctionDecl *Body,
              const Expr *TaskExpr, unsigned How, StringRef What,
              const Stmt *Drop = nullptr);
  bool discardsException(const CXXRecordDecl &Token);

  // Whether a coroutine whose body is not in the translation unit is
  // reported.
  const bool ReportUnknownBodies;

  utils::AwaitableClassifier Classifier;
  utils::FailurePaths Failures;
  llvm::DenseMap<const CXXRecordDecl *, bool> Tokens;
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, const Stmt *>
      SpawnDrops;
  ASTContext *Ctx = nullptr;
  // A template and its instantiations report the same call once.
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::async

#endif // ASYNC_TIDY_LOSTEXCEPTIONCHECK_H
