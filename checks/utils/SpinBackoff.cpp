//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/SpinBackoff.h"
#include "utils/AsyncTypes.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include <cctype>

namespace clang::tidy::async::utils {

static bool isExternC(const FunctionDecl &FD) {
  return FD.isExternC() || FD.isInExternCContext();
}

static bool isSleep(const FunctionDecl &FD) {
  if (!FD.getIdentifier())
    return false;
  llvm::StringRef Name = FD.getName();
  if (isExternC(FD))
    return llvm::is_contained(
        {"sleep", "usleep", "nanosleep", "clock_nanosleep"}, Name);
  return (Name == "sleep_for" || Name == "sleep_until") &&
         plainQualifiedName(FD).rfind("std::this_thread::", 0) == 0;
}

// The instructions that tell the CPU a spin-wait is going on.
static bool isSpinInstruction(llvm::StringRef Asm) {
  Asm = Asm.trim();
  llvm::StringRef Mnemonic = Asm.take_while(
      [](char C) { return std::isalnum(static_cast<unsigned char>(C)) != 0; });
  return llvm::is_contained({"pause", "yield", "isb", "sb", "wfe"},
                            Mnemonic.lower());
}

static bool isSpinHintCall(const FunctionDecl &FD) {
  if (!FD.getIdentifier())
    return false;
  llvm::StringRef Name = FD.getName();
  if (llvm::is_contained({"_mm_pause", "__builtin_ia32_pause", "__yield",
                          "__builtin_arm_yield", "__builtin_arm_isb"},
                         Name))
    return true;
  return Name == "yield" && plainQualifiedName(FD) == "std::this_thread::yield";
}

static bool isAtomicReadModifyWrite(const FunctionDecl &FD) {
  if (!FD.getIdentifier())
    return false;
  llvm::StringRef Name = FD.getName();
  if (FD.getBuiltinID() != 0) {
    return Name.starts_with("__sync_") || (Name.starts_with("__atomic_") &&
                                           !Name.starts_with("__atomic_load") &&
                                           !Name.starts_with("__atomic_store"));
  }
  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&FD);
  if (!Method || !Method->getParent()->isInStdNamespace())
    return false;
  llvm::StringRef Class = Method->getParent()->getName();
  if (!Class.contains("atomic"))
    return false;
  return Name.starts_with("compare_exchange") || Name == "exchange" ||
         Name.starts_with("fetch_") || Name == "test_and_set";
}

namespace {

// Looks at one body, lambdas and local classes excluded; \p Into also
// looks one call deep into the callees' bodies, for `cas_head(...)` or
// `asm_volatile_pause()`.
class BodyFacts : public RecursiveASTVisitor<BodyFacts> {
public:
  BodyFacts(const ASTContext &Ctx, bool Into) : Ctx(Ctx), Into(Into) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

#define LOOP(CLASS)                                                            \
  bool Traverse##CLASS(CLASS *S) {                                             \
    ++LoopDepth;                                                               \
    bool Result = RecursiveASTVisitor::Traverse##CLASS(S);                     \
    --LoopDepth;                                                               \
    return Result;                                                             \
  }
  LOOP(WhileStmt)
  LOOP(DoStmt)
  LOOP(ForStmt)
  LOOP(CXXForRangeStmt)
#undef LOOP

  bool VisitAsmStmt(AsmStmt *Asm) {
    SpinHint |= isSpinInstruction(Asm->generateAsmString(Ctx));
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    if (isSleep(*Callee)) {
      Sleeps = true;
      SleepInLoop |= LoopDepth > 0;
    }
    if (isSpinHintCall(*Callee))
      SpinHint = true;
    if (isAtomicReadModifyWrite(*Callee))
      ReadModifyWrite = true;
    if (Into && (!SpinHint || !ReadModifyWrite))
      if (const FunctionDecl *Def = Callee->getDefinition();
          Def && Def->getBody() && !isCoroutine(*Def)) {
        BodyFacts Inner(Ctx, /*Into=*/false);
        Inner.TraverseStmt(Def->getBody());
        SpinHint |= Inner.SpinHint;
        ReadModifyWrite |= Inner.ReadModifyWrite;
      }
    return true;
  }

  const ASTContext &Ctx;
  bool Into;
  unsigned LoopDepth = 0;
  bool SpinHint = false, Sleeps = false, SleepInLoop = false,
       ReadModifyWrite = false;
};

// Collects the calls of a body that sit inside a loop whose body or
// condition retries an atomic read-modify-write.
class RetryLoops : public RecursiveASTVisitor<RetryLoops> {
public:
  RetryLoops(const ASTContext &Ctx, llvm::DenseSet<const Expr *> &Out)
      : Ctx(Ctx), Out(Out) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

#define LOOP(CLASS)                                                            \
  bool Traverse##CLASS(CLASS *S) {                                             \
    BodyFacts Facts(Ctx, /*Into=*/true);                                       \
    Facts.TraverseStmt(S);                                                     \
    Retrying += Facts.ReadModifyWrite;                                         \
    bool Result = RecursiveASTVisitor::Traverse##CLASS(S);                     \
    Retrying -= Facts.ReadModifyWrite;                                         \
    return Result;                                                             \
  }
  LOOP(WhileStmt)
  LOOP(DoStmt)
  LOOP(ForStmt)
  LOOP(CXXForRangeStmt)
#undef LOOP

  bool VisitCallExpr(CallExpr *Call) {
    if (Retrying)
      Out.insert(Call);
    return true;
  }

private:
  const ASTContext &Ctx;
  llvm::DenseSet<const Expr *> &Out;
  unsigned Retrying = 0;
};

} // namespace

void SpinBackoff::clear() {
  Ctx = nullptr;
  Steps.clear();
  InRetryLoops.clear();
}

bool SpinBackoff::isBackoffStep(const FunctionDecl &FD) {
  auto [It, Inserted] = Steps.try_emplace(&FD, false);
  if (!Inserted || !FD.getBody() || isCoroutine(FD))
    return It->second;
  BodyFacts Facts(*Ctx, /*Into=*/true);
  Facts.TraverseStmt(FD.getBody());
  bool Step = Facts.SpinHint && Facts.Sleeps && !Facts.SleepInLoop;
  Steps[&FD] = Step;
  return Step;
}

const llvm::DenseSet<const Expr *> &
SpinBackoff::callsInRetryLoops(const FunctionDecl &FD) {
  auto [It, Inserted] = InRetryLoops.try_emplace(&FD);
  if (Inserted) {
    llvm::DenseSet<const Expr *> Calls;
    RetryLoops Finder(*Ctx, Calls);
    Stmt *Body = FD.getBody();
    if (const CoroutineBodyStmt *Coro = getCoroutineBody(FD))
      Body = Coro->getBody();
    Finder.TraverseStmt(Body);
    InRetryLoops[&FD] = std::move(Calls);
    It = InRetryLoops.find(&FD);
  }
  return It->second;
}

bool SpinBackoff::isContentionBackoff(const FunctionDecl &Caller,
                                      const Expr &Call,
                                      const FunctionDecl &Callee) {
  if (!Ctx || !isBackoffStep(Callee))
    return false;
  return callsInRetryLoops(Caller).contains(&Call);
}

} // namespace clang::tidy::async::utils
