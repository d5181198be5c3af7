//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LockRecognition.h"
#include "StmtWalk.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::async::utils {

bool LockRecognizer::matches(const std::vector<llvm::Regex> &Patterns,
                             const CXXRecordDecl &RD) const {
  if (Patterns.empty())
    return false;
  std::string Name = plainQualifiedName(RD);
  return llvm::any_of(Patterns,
                      [&](const llvm::Regex &RE) { return RE.match(Name); });
}

static const CXXMethodDecl *method(const NamedDecl *D) {
  return llvm::dyn_cast_or_null<CXXMethodDecl>(D);
}

bool LockRecognizer::isLockableRecord(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  auto [It, Inserted] = Lockable.try_emplace(RD, false);
  if (!Inserted)
    return It->second;
  bool Result = false;
  if (matches(Allowed, *RD)) {
    Result = false;
  } else if (matches(Extra, *RD)) {
    Result = true;
  } else {
    const CXXMethodDecl *Lock = method(findMember(RD, "lock"));
    const CXXMethodDecl *Unlock = method(findMember(RD, "unlock"));
    if (Lock && Unlock) {
      QualType Ret = Lock->getReturnType();
      // A lock() that returns an awaitable (or a task) belongs to a
      // coroutine-aware mutex; a dependent one cannot be told.
      Result = !Ret->isDependentType() &&
               Classifier.classify(Ret) == AwaitableKind::None;
    }
  }
  // The map may have grown meanwhile.
  Lockable[RD] = Result;
  return Result;
}

bool LockRecognizer::isLockable(QualType T, bool ThroughPointer) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (ThroughPointer && T->isPointerType())
    T = T->getPointeeType();
  if (T->isDependentType())
    return false;
  return isLockableRecord(recordForType(T));
}

// `std::defer_lock_t` and friends, or a timeout.
static LockRecognizer::GuardMode tagMode(QualType T) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : recordForType(T);
  if (!RD)
    return LockRecognizer::GuardMode::None;
  std::string Name = plainQualifiedName(*RD);
  if (StringRef(Name).starts_with("std::chrono::"))
    return LockRecognizer::GuardMode::Tries;
  return llvm::StringSwitch<LockRecognizer::GuardMode>(Name)
      .Case("std::defer_lock_t", LockRecognizer::GuardMode::Defers)
      .Case("std::adopt_lock_t", LockRecognizer::GuardMode::Adopts)
      .Case("std::try_to_lock_t", LockRecognizer::GuardMode::Tries)
      .Default(LockRecognizer::GuardMode::None);
}

bool LockRecognizer::isPthreadLockCall(const FunctionDecl &D, bool &Acquires) {
  const IdentifierInfo *II = D.getIdentifier();
  if (!II || !D.isExternC() || D.getNumParams() < 1)
    return false;
  StringRef Name = II->getName();
  if (Name == "pthread_mutex_lock" || Name == "pthread_rwlock_rdlock" ||
      Name == "pthread_rwlock_wrlock" || Name == "pthread_spin_lock") {
    Acquires = true;
    return true;
  }
  if (Name == "pthread_mutex_unlock" || Name == "pthread_rwlock_unlock" ||
      Name == "pthread_spin_unlock") {
    Acquires = false;
    return true;
  }
  return false;
}

bool LockRecognizer::constructorLocks(const CXXConstructorDecl &Ctor) {
  auto [It, Inserted] = GuardClass.try_emplace(&Ctor, false);
  if (!Inserted)
    return It->second;
  const CXXRecordDecl *RD = Ctor.getParent();
  // A guard holds what it locks, by reference or by pointer.
  bool HoldsLockable = llvm::any_of(RD->fields(), [&](const FieldDecl *F) {
    QualType T = F->getType();
    return (T->isReferenceType() || T->isPointerType()) && isLockable(T, true);
  });
  bool Result = false;
  if (HoldsLockable) {
    const FunctionDecl *Def = nullptr;
    if (Ctor.hasBody(Def) && Def) {
      auto Locks = [&](const Stmt &S) {
        if (const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(&S)) {
          const CXXMethodDecl *M = MC->getMethodDecl();
          if (M && M->getIdentifier() &&
              (M->getName() == "lock" || M->getName() == "lock_shared"))
            return isLockable(MC->getObjectType());
          return false;
        }
        if (const auto *Call = llvm::dyn_cast<CallExpr>(&S))
          if (const FunctionDecl *Callee = Call->getDirectCallee()) {
            bool Acquires = false;
            return isPthreadLockCall(*Callee, Acquires) && Acquires;
          }
        return false;
      };
      Result = anyNode(Def->getBody(), false, Locks);
      if (!Result)
        if (const auto *DefCtor = llvm::dyn_cast<CXXConstructorDecl>(Def))
          for (const CXXCtorInitializer *Init : DefCtor->inits())
            if (Init->getInit() && anyNode(Init->getInit(), false, Locks)) {
              Result = true;
              break;
            }
    } else {
      // Defined elsewhere: only a configured type is taken to lock.
      Result = matches(Extra, *RD);
    }
  }
  GuardClass[&Ctor] = Result;
  return Result;
}

LockRecognizer::Guard
LockRecognizer::classifyGuard(const CXXConstructExpr &Construct) {
  Guard Result;
  const CXXConstructorDecl *Ctor = Construct.getConstructor();
  if (!Ctor || Ctor->isCopyOrMoveConstructor() || Ctor->isInvalidDecl())
    return Result;
  const CXXRecordDecl *RD = Ctor->getParent();
  if (!RD || matches(Allowed, *RD))
    return Result;
  GuardMode Tag = GuardMode::None;
  for (const Expr *Arg : Construct.arguments()) {
    if (!Arg || llvm::isa<CXXDefaultArgExpr>(Arg))
      continue;
    const Expr *Plain = Arg->IgnoreImplicit();
    if (GuardMode M = tagMode(Plain->getType()); M != GuardMode::None) {
      Tag = M;
      continue;
    }
    if (isLockable(Plain->getType(), /*ThroughPointer=*/true))
      Result.Mutexes.push_back(Plain);
  }
  if (Result.Mutexes.empty())
    return Result;
  std::string Name = plainQualifiedName(*RD);
  bool Standard = Name == "std::lock_guard" || Name == "std::scoped_lock" ||
                  Name == "std::unique_lock" || Name == "std::shared_lock";
  if (Standard) {
    Result.Mode = Tag == GuardMode::None ? GuardMode::Locks : Tag;
    return Result;
  }
  if (Tag == GuardMode::None && constructorLocks(*Ctor))
    Result.Mode = GuardMode::Locks;
  else
    Result.Mutexes.clear();
  return Result;
}

} // namespace clang::tidy::async::utils
