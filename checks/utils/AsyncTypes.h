//===----------------------------------------------------------------------===//
//
// Structural recognition of coroutines, coroutine return types and
// awaitables, shared by every async-* check.
//
// Nothing here knows a library by name: a task is a type with a promise
// (a nested `promise_type` or a `std::coroutine_traits` specialization), lazy
// or eager according to what its promise's `initial_suspend` returns, and an
// awaitable is a type with `operator co_await` or the three `await_*` members.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_ASYNCTYPES_H
#define ASYNC_TIDY_UTILS_ASYNCTYPES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace clang::tidy::async::utils {

enum class AwaitableKind {
  /// Neither a coroutine return type nor an awaitable.
  None,
  /// A coroutine return type whose body does not start until awaited.
  LazyTask,
  /// A coroutine return type whose body starts at the call.
  EagerTask,
  /// A coroutine return type whose initial suspension could not be decided.
  UnknownTask,
  /// Something `co_await` accepts that is not itself a coroutine type, such
  /// as an awaiter or the result of an `async_*` call with a completion token.
  Awaitable,
};

/// Returns a human-readable name for \p Kind, used in diagnostics.
llvm::StringRef kindName(AwaitableKind Kind);

inline bool isTask(AwaitableKind Kind) {
  return Kind == AwaitableKind::LazyTask || Kind == AwaitableKind::EagerTask ||
         Kind == AwaitableKind::UnknownTask;
}

/// Returns the function body's coroutine statement when \p FD is a coroutine
/// (its body contains `co_await`, `co_yield` or `co_return`).
const CoroutineBodyStmt *getCoroutineBody(const FunctionDecl &FD);

inline bool isCoroutine(const FunctionDecl &FD) {
  return getCoroutineBody(FD) != nullptr;
}

/// The coroutine whose body \p Body is (the function its promise belongs
/// to), or null. Lets a check match the few `CoroutineBodyStmt` nodes of a
/// translation unit instead of every function declaration.
const FunctionDecl *coroutineOf(const CoroutineBodyStmt &Body);

/// The record that describes \p T's members: the definition of a class, of
/// the instantiated specialization, or of the template pattern when the type
/// is dependent or the specialization was never instantiated. Looks through
/// references, pointers are not looked through.
const CXXRecordDecl *recordForType(QualType T);

/// Finds a member named \p Name in \p RD or its bases, also through
/// dependent bases by way of their template patterns.
const NamedDecl *findMember(const CXXRecordDecl *RD, DeclarationName Name);
const NamedDecl *findMember(const CXXRecordDecl *RD, llvm::StringRef Name);

/// The function \p D declares: itself, the pattern of a function template,
/// or the target of a using-declaration; null for anything else.
const FunctionDecl *asFunction(const NamedDecl *D);

/// The name of \p D qualified by its enclosing namespaces and classes,
/// without template arguments, inline or anonymous namespaces
/// (`std::future::get`, `boost::asio::basic_socket::connect`).
std::string plainQualifiedName(const NamedDecl &D);

/// Classifies types by structure. Results are cached per canonical type, so
/// one instance should live for one translation unit.
class AwaitableClassifier {
public:
  AwaitableKind classify(QualType T);

  /// The promise class of coroutines returning \p T (its definition or
  /// template pattern), or null when \p T is no coroutine return type.
  const CXXRecordDecl *promiseRecord(QualType T);

  void reset(const ASTContext *NewContext);
  /// Resets the cache when \p NewContext is another translation unit's.
  void setContext(const ASTContext *NewContext) {
    if (NewContext != Context)
      reset(NewContext);
  }

private:
  AwaitableKind classifyUncached(QualType T);
  bool isAwaitableRecord(const CXXRecordDecl *RD);
  const ClassTemplateDecl *coroutineTraits();
  const CXXRecordDecl *promiseFromTraits(const CXXRecordDecl *RD);

  const ASTContext *Context = nullptr;
  bool TraitsLookedUp = false;
  const ClassTemplateDecl *Traits = nullptr;
  llvm::DenseMap<const Type *, AwaitableKind> Cache;
};

/// Whether the awaiter type \p T certainly suspends (`std::suspend_always`),
/// certainly does not (`std::suspend_never`), or cannot be told: decided
/// from a constant `await_ready` body.
enum class SuspendBehavior { Always, Never, Unknown };
SuspendBehavior suspendBehavior(QualType AwaiterType);

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_ASYNCTYPES_H
