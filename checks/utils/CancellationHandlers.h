//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Where a coroutine swallows its own cancellation: a handler (or an error
// code that is ignored) inside a loop that nothing else ends, around an
// await that delivers the cancellation.
//
// The pieces, each usable on its own:
// - CancellationTypes: the exception classes libraries throw when an
//   operation is cancelled, looked up in the translation unit, and whether a
//   handler catches one of them (by the class hierarchy: the caught class is
//   the cancellation class or one of its bases, or the handler is `...`);
// - isEndlessLoop: a loop that does not end by itself (no condition, a
//   constant one, or one that reads only local scalars the function never
//   changes, as clang's ExprMutationAnalyzer tells);
// - awaitCanThrow: an await whose resumption can deliver an exception;
// - mentionsCancellation: code that tests for cancellation
//   (`operation_aborted`, a stop token, a cancellation state or class);
// - findSwallowedCancellations: the analysis of one coroutine body.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_CANCELLATIONHANDLERS_H
#define ASYNC_TIDY_UTILS_CANCELLATIONHANDLERS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::async::utils {

/// The class named \p QualifiedName (`::boost::system::system_error`,
/// leading `::` optional) in \p Ctx, its definition, or null.
const CXXRecordDecl *lookupRecord(const ASTContext &Ctx,
                                  llvm::StringRef QualifiedName);

/// The exception classes that signal cancellation in one translation unit.
class CancellationTypes {
public:
  /// How a handler relates to the cancellation classes.
  enum class CatchKind {
    /// It does not catch any of them.
    None,
    /// `catch (...)`, or a base of a cancellation class
    /// (`const std::exception &`).
    General,
    /// A cancellation class itself or a class derived from one.
    Specific,
  };

  /// \p Names: qualified class names, in order of preference for the hint.
  void configure(std::vector<std::string> Names) {
    this->Names = std::move(Names);
    Context = nullptr;
  }
  /// Looks the classes up again when \p Ctx is another translation unit's.
  void setContext(const ASTContext &Ctx);
  llvm::ArrayRef<const CXXRecordDecl *> types() const { return Types; }

  /// Whether \p Handler catches a cancellation class; \p Which is set to the
  /// first one it catches (in the configured order).
  CatchKind catches(const CXXCatchStmt &Handler,
                    const CXXRecordDecl **Which = nullptr) const;
  /// The first cancellation class configured under the outermost namespace
  /// \p Library (`folly`, `boost`) that \p Handler catches, or null.
  const CXXRecordDecl *ofLibrary(llvm::StringRef Library,
                                 const CXXCatchStmt &Handler) const;
  /// Whether \p RD is a cancellation class or derives from one.
  bool isCancellationClass(const CXXRecordDecl *RD) const;

private:
  std::vector<std::string> Names;
  const ASTContext *Context = nullptr;
  llvm::SmallVector<const CXXRecordDecl *, 4> Types;
  // The outermost namespace each was configured under.
  llvm::SmallVector<std::string, 4> Libraries;
};

/// Whether \p Loop (a for, while or do statement) does not end by itself: it
/// has no condition, a condition that is constantly true, or one that reads
/// only local scalar variables (and constants) that nothing in
/// \p FunctionBody changes, takes the address of or captures by reference.
bool isEndlessLoop(const Stmt &Loop, const Stmt &FunctionBody, ASTContext &Ctx);

/// Whether the await \p E can deliver an exception when it resumes: its
/// awaiter may suspend, and its `await_resume` is not `noexcept`.
bool awaitCanThrow(const Expr &E);

/// Whether \p S (not looking into lambdas) tests for cancellation: names the
/// error `operation_aborted` or `errc::operation_canceled`, asks a stop
/// token or a cancellation token or state (`stop_requested()`,
/// `cancelled()`, `isCancellationRequested()`, ...), or names a cancellation
/// class of \p Types (a nested `catch`, a `dynamic_cast`).
bool mentionsCancellation(const Stmt &S, const CancellationTypes &Types);

/// The call an await waits for (`timer.async_wait(use_awaitable)`), or null.
const CallExpr *awaitedCall(const Expr &Await);

/// The name of what \p Await waits for, for a diagnostic:
/// `timer.async_wait`, `boost::asio::async_read`, `fetch`, or the source
/// text of the operand.
std::string awaitedName(const Expr &Await, const ASTContext &Ctx);

/// One cancellation swallowed in a loop that cannot be stopped otherwise.
struct SwallowedCancellation {
  enum FormKind {
    /// A handler that catches the cancellation and carries on.
    Handler,
    /// `if (ec) continue;` after an await that reports its error in `ec`.
    ContinueOnError,
    /// An await whose error code nobody reads.
    IgnoredError,
  };
  FormKind Form = Handler;
  /// The handler, the `continue`, or the await (IgnoredError).
  SourceLocation Loc;
  /// The await whose cancellation is swallowed.
  const Expr *Await = nullptr;
  /// The cancellation class the handler catches first (Handler form).
  const CXXRecordDecl *Caught = nullptr;
};

/// The swallowed cancellations of the coroutine body \p Body (the statement
/// as written, not the CoroutineBodyStmt), in source order.
std::vector<SwallowedCancellation>
findSwallowedCancellations(const Stmt &Body, ASTContext &Ctx,
                           const CancellationTypes &Types);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_CANCELLATIONHANDLERS_H
