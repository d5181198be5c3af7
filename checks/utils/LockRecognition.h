//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Blocking locks, recognised by structure: a lockable is a class with `lock`
// and `unlock` members whose `lock()` returns no awaitable (so not a
// coroutine-aware mutex); a guard is one of the standard RAII locks, or a
// class that holds a reference or pointer to a lockable and whose
// constructor locks it.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_LOCKRECOGNITION_H
#define ASYNC_TIDY_UTILS_LOCKRECOGNITION_H

#include "AsyncTypes.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Regex.h"
#include <vector>

namespace clang::tidy::async::utils {

class LockRecognizer {
public:
  /// What constructing a guard does to its mutexes.
  enum class GuardMode {
    /// Not a guard (or not one of a blocking lockable).
    None,
    /// Locks them (`std::lock_guard g(m)`).
    Locks,
    /// Does not lock them (`defer_lock`); `g.lock()` may later.
    Defers,
    /// Takes over a lock already held (`adopt_lock`).
    Adopts,
    /// Tries to lock them (`try_to_lock`, a timeout); held when the guard
    /// converts to true.
    Tries,
  };
  struct Guard {
    GuardMode Mode = GuardMode::None;
    /// The constructor's arguments that are the lockables.
    llvm::SmallVector<const Expr *, 2> Mutexes;
  };

  /// \p ExtraLockTypes: classes that are blocking lockables or guards even
  /// where structure cannot tell; \p AllowedLockTypes: never locks.
  void configure(std::vector<llvm::Regex> ExtraLockTypes,
                 std::vector<llvm::Regex> AllowedLockTypes) {
    Extra = std::move(ExtraLockTypes);
    Allowed = std::move(AllowedLockTypes);
  }
  void setContext(const ASTContext *Ctx) {
    if (Ctx != Context) {
      Context = Ctx;
      Classifier.reset(Ctx);
      Lockable.clear();
      GuardClass.clear();
    }
  }

  /// Whether \p T (through references and, when \p ThroughPointer, one
  /// pointer) is a blocking lockable.
  bool isLockable(QualType T, bool ThroughPointer = false);
  /// What \p Construct does when it initialises a variable.
  Guard classifyGuard(const CXXConstructExpr &Construct);
  /// Whether \p D is a free C function of the pthread lock family; sets
  /// \p Acquires to whether it locks (else it unlocks).
  static bool isPthreadLockCall(const FunctionDecl &D, bool &Acquires);

private:
  bool matches(const std::vector<llvm::Regex> &Patterns,
               const CXXRecordDecl &RD) const;
  bool isLockableRecord(const CXXRecordDecl *RD);
  bool constructorLocks(const CXXConstructorDecl &Ctor);

  const ASTContext *Context = nullptr;
  AwaitableClassifier Classifier;
  std::vector<llvm::Regex> Extra;
  std::vector<llvm::Regex> Allowed;
  llvm::DenseMap<const CXXRecordDecl *, bool> Lockable;
  llvm::DenseMap<const CXXConstructorDecl *, bool> GuardClass;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_LOCKRECOGNITION_H
