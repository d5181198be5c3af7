//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/ExceptionChannels.h"
#include "utils/AsyncTypes.h"
#include "utils/StmtWalk.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::async::utils {

namespace {

bool isStdCall(const Stmt &S, llvm::StringRef Name) {
  const auto *Call = llvm::dyn_cast<CallExpr>(&S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->getIdentifier() && Callee->getName() == Name &&
         Callee->isInStdNamespace();
}

// Whether \p E names a member of the object the member function runs on:
// `m`, `this->m`, or a member of a member (`m.state`).
bool isOwnMember(const Expr *E) {
  for (unsigned I = 0; E && I < 8; ++I) {
    E = E->IgnoreImplicit()->IgnoreParens();
    const auto *ME = llvm::dyn_cast<MemberExpr>(E);
    if (!ME)
      return llvm::isa<CXXThisExpr>(E);
    E = ME->getBase();
  }
  return false;
}

// Whether \p S hands `std::current_exception()` to the promise: assigned to
// one of its members, or given to a member function of the promise or of
// one of its members (`m.emplace(...)`, `set_exception(...)`).
bool storesCurrentException(const Stmt &S) {
  bool Stores = false;
  anyNode(&S, /*IntoLambdas=*/false, [&](const Stmt &N) {
    const Expr *Target = nullptr;
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&N)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        Target = Op->getArg(0);
    } else if (const auto *Assign = llvm::dyn_cast<BinaryOperator>(&N)) {
      if (Assign->isAssignmentOp())
        Target = Assign->getLHS();
    } else if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&N)) {
      Target = Member->getImplicitObjectArgument();
    }
    if (!Target || !isOwnMember(Target))
      return false;
    Stores = anyNode(&N, /*IntoLambdas=*/false, [](const Stmt &E) {
      return isStdCall(E, "current_exception");
    });
    return Stores;
  });
  return Stores;
}

} // namespace

const FunctionDecl *unhandledExceptionOf(const CXXRecordDecl *Promise) {
  const FunctionDecl *FD =
      asFunction(findMember(Promise, "unhandled_exception"));
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = FD->getDefinition();
  return Def && Def->getBody() ? Def : nullptr;
}

ExceptionFate exceptionFate(const FunctionDecl &Handler) {
  const auto *Body = llvm::dyn_cast_or_null<CompoundStmt>(Handler.getBody());
  if (!Body)
    return ExceptionFate::Unknown;
  if (Body->body_empty())
    return ExceptionFate::Dropped;
  // Thrown on, or the program ends: the exception is not kept.
  bool Leaves = anyNode(Body, /*IntoLambdas=*/false, [](const Stmt &S) {
    return llvm::isa<CXXThrowExpr>(S) || isStdCall(S, "rethrow_exception") ||
           isStdCall(S, "terminate");
  });
  if (Leaves)
    return ExceptionFate::Other;
  for (const Stmt *S : Body->body())
    if (S && storesCurrentException(*S))
      return ExceptionFate::Stored;
  return ExceptionFate::Other;
}

ExceptionFate exceptionFate(const CXXRecordDecl *Promise) {
  const FunctionDecl *Handler = unhandledExceptionOf(Promise);
  return Handler ? exceptionFate(*Handler) : ExceptionFate::Unknown;
}

bool deliversResult(const CXXRecordDecl &Promise) {
  if (findMember(&Promise, "return_value") ||
      findMember(&Promise, "yield_value"))
    return true;
  const FunctionDecl *Get =
      asFunction(findMember(&Promise, "get_return_object"));
  if (!Get)
    return false;
  const CXXRecordDecl *Object = recordForType(Get->getReturnType());
  if (!Object)
    return false;
  DeclarationName CoAwait =
      Object->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  return findMember(Object, CoAwait) || findMember(Object, "await_resume");
}

} // namespace clang::tidy::async::utils
