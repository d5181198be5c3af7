//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/FailurePaths.h"
#include "utils/AsyncTypes.h"
#include "utils/StmtWalk.h"
#include "utils/WaitOnlyCalls.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::async::utils {

namespace {

// How deep helpers defined in the translation unit are looked into; a call
// deeper than that is taken to throw unless it is noexcept.
constexpr unsigned MaxHelperDepth = 12;
// Expressions nested deeper than this are not looked into.
constexpr unsigned MaxNesting = 256;

bool isStdException(const CXXRecordDecl *RD) {
  return RD && RD->getIdentifier() && RD->getName() == "exception" &&
         RD->isInStdNamespace();
}

bool derivesFrom(const CXXRecordDecl *RD, const CXXRecordDecl *Base) {
  if (!RD || !Base)
    return false;
  RD = RD->getCanonicalDecl();
  Base = Base->getCanonicalDecl();
  if (RD == Base)
    return true;
  const CXXRecordDecl *Def = RD->getDefinition();
  return Def && Def->isDerivedFrom(Base);
}

bool derivesFromStdException(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  if (isStdException(RD))
    return true;
  const CXXRecordDecl *Def = RD->getDefinition();
  if (!Def)
    return false;
  return !Def->forallBases(
      [](const CXXRecordDecl *B) { return !isStdException(B); });
}

const CXXRecordDecl *caughtRecord(const CXXCatchStmt &Handler) {
  QualType T = Handler.getCaughtType();
  if (T.isNull())
    return nullptr;
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

bool handlerThrows(const CXXCatchStmt &Handler) {
  return anyNode(Handler.getHandlerBlock(), /*IntoLambdas=*/false,
                 [](const Stmt &S) { return llvm::isa<CXXThrowExpr>(S); });
}

bool isNoexcept(const FunctionDecl &FD) {
  const auto *FPT = FD.getType()->getAs<FunctionProtoType>();
  return FPT && FPT->isNothrow(/*ResultIfDependent=*/true);
}

std::string nameOf(const NamedDecl *D) {
  if (!D)
    return "";
  if (const auto *Ctor = llvm::dyn_cast<CXXConstructorDecl>(D))
    return Ctor->getParent()->getNameAsString();
  if (const auto *M = llvm::dyn_cast<CXXMethodDecl>(D);
      M && M->getParent()->isLambda())
    return "the lambda";
  return D->getNameAsString();
}

// The callee of the call that produces the awaited operand, for the note.
std::string awaitedName(const Expr *Operand) {
  if (!Operand)
    return "";
  const Expr *E = Operand->IgnoreImplicit()->IgnoreParens();
  if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
    return nameOf(Call->getDirectCallee());
  if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl()->getNameAsString();
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl()->getNameAsString();
  return "";
}

bool isErrorRecord(const CXXRecordDecl *RD) {
  return RD && RD->getIdentifier() &&
         (RD->getName() == "error_code" || (RD->getName() == "exception_ptr"));
}

// Whether \p T is a std::tuple whose first element is an error code or an
// exception_ptr.
bool carriesErrorImpl(QualType T) {
  const auto *Spec = llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.isNull() ? nullptr : T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !Spec->getIdentifier() || Spec->getName() != "tuple" ||
      !Spec->isInStdNamespace())
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Pack ||
      Args[0].pack_size() == 0)
    return false;
  const TemplateArgument &First = Args[0].pack_begin()[0];
  return First.getKind() == TemplateArgument::Type &&
         isErrorRecord(First.getAsType()->getAsCXXRecordDecl());
}

// Whether the operation awaited in \p Operand is given a token that writes
// its error to a variable: an argument of a class with a reference to an
// error code among its members.
bool redirectsErrorImpl(const Expr *Operand) {
  const auto *Call = llvm::dyn_cast_or_null<CallExpr>(
      Operand ? Operand->IgnoreImplicit()->IgnoreParens() : nullptr);
  if (!Call)
    return false;
  for (const Expr *Arg : Call->arguments()) {
    const CXXRecordDecl *RD =
        Arg ? Arg->getType().getNonReferenceType()->getAsCXXRecordDecl()
            : nullptr;
    if (!RD || !RD->hasDefinition())
      continue;
    for (const FieldDecl *Field : RD->getDefinition()->fields())
      if (Field->getType()->isReferenceType() &&
          isErrorRecord(
              Field->getType().getNonReferenceType()->getAsCXXRecordDecl()))
        return true;
  }
  return false;
}

// The parameter of the function that \p Operand is, also through
// std::move or std::forward.
const ParmVarDecl *awaitedParameter(const Expr *Operand) {
  const Expr *E = Operand;
  for (unsigned I = 0; E && I < 4; ++I) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = llvm::dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
        Call->getDirectCallee()->isInStdNamespace() &&
        Call->getDirectCallee()->getIdentifier() &&
        (Call->getDirectCallee()->getName() == "move" ||
         Call->getDirectCallee()->getName() == "forward")) {
      E = Call->getArg(0);
      continue;
    }
    break;
  }
  const auto *DRE = llvm::dyn_cast_or_null<DeclRefExpr>(E);
  return DRE ? llvm::dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
}

// Whether every `await_resume` of \p RD is noexcept (and there is one).
bool resumesNoexcept(const CXXRecordDecl *RD) {
  const NamedDecl *Resume = findMember(RD, "await_resume");
  if (!Resume)
    return false;
  for (const NamedDecl *D :
       Resume->getDeclContext()->lookup(Resume->getDeclName())) {
    const FunctionDecl *FD =
        llvm::isa<FunctionTemplateDecl>(D)
            ? llvm::cast<FunctionTemplateDecl>(D)->getTemplatedDecl()
            : llvm::dyn_cast<FunctionDecl>(D);
    if (!FD || !isNoexcept(*FD))
      return false;
  }
  return true;
}

// Whether awaiting \p Operand by itself cannot fail: its class, or what its
// member `operator co_await` returns, resumes with a noexcept await_resume.
bool operandCannotFail(const Expr *Operand) {
  if (!Operand || Operand->isTypeDependent())
    return false;
  const CXXRecordDecl *RD = recordForType(Operand->getType());
  if (!RD)
    return false;
  DeclarationName CoAwait =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (const NamedDecl *Op = findMember(RD, CoAwait)) {
    const auto *FD = llvm::dyn_cast<FunctionDecl>(Op);
    return FD && resumesNoexcept(recordForType(FD->getReturnType()));
  }
  return resumesNoexcept(RD);
}

struct Catcher {
  bool All = false;
  bool Std = false;
  llvm::SmallVector<const CXXRecordDecl *, 2> Classes;
};

class Walker {
public:
  Walker(FailurePaths &Owner, ASTContext &Ctx, unsigned Depth)
      : Owner(Owner), Ctx(Ctx), Depth(Depth) {}

  std::optional<FailurePoint> run(const Stmt *Body) {
    visit(Body, 0);
    return Found;
  }

private:
  bool callEscapes() const {
    if (InHandler)
      return false;
    for (const Catcher &C : Catchers)
      if (C.All || C.Std)
        return false;
    return true;
  }

  bool throwEscapes(const CXXThrowExpr &Throw) const {
    const Expr *Sub = Throw.getSubExpr();
    const CXXRecordDecl *RD =
        Sub ? Sub->getType()->getAsCXXRecordDecl() : nullptr;
    for (const Catcher &C : Catchers) {
      if (C.All)
        return false;
      // A rethrow of an unknown exception, or one derived from
      // std::exception.
      if (C.Std && (!Sub || derivesFromStdException(RD)))
        return false;
      for (const CXXRecordDecl *Class : C.Classes)
        if (derivesFrom(RD, Class))
          return false;
    }
    return true;
  }

  void found(FailurePoint::Kind What, SourceLocation Loc, std::string Name) {
    if (!Found)
      Found = FailurePoint{What, Loc, std::move(Name)};
  }

  bool callThrows(const FunctionDecl *Callee) {
    if (!Callee)
      return true;
    if (Callee->getBuiltinID() != 0)
      return false;
    return Owner.callCanThrow(*Callee, Depth + 1);
  }

  void visitChildren(const Stmt *S, unsigned Nest) {
    for (const Stmt *Child : S->children()) {
      if (Found)
        return;
      visit(Child, Nest + 1);
    }
  }

  void visitTry(const CXXTryStmt &Try, unsigned Nest) {
    Catcher C;
    for (unsigned I = 0; I < Try.getNumHandlers(); ++I) {
      const CXXCatchStmt *Handler = Try.getHandler(I);
      if (!Handler || handlerThrows(*Handler))
        continue;
      if (!Handler->getExceptionDecl())
        C.All = true;
      else if (const CXXRecordDecl *RD = caughtRecord(*Handler)) {
        if (isStdException(RD))
          C.Std = true;
        else
          C.Classes.push_back(RD);
      }
    }
    Catchers.push_back(std::move(C));
    visit(Try.getTryBlock(), Nest + 1);
    Catchers.pop_back();
    // A handler's own statements are not protected by its try; only what it
    // throws counts, not what it calls to report the failure.
    ++InHandler;
    for (unsigned I = 0; I < Try.getNumHandlers() && !Found; ++I)
      if (const CXXCatchStmt *Handler = Try.getHandler(I))
        visit(Handler->getHandlerBlock(), Nest + 1);
    --InHandler;
  }

  void visitAwait(const CoroutineSuspendExpr &Await, unsigned Nest) {
    const Expr *Operand = Await.getOperand();
    bool Throws = callEscapes() && Owner.awaitCanThrow(Await, Depth + 1);
    if (Throws && callEscapes()) {
      // The call that makes the operation only describes it: the failure
      // comes out of the await. Its arguments are evaluated first.
      if (const auto *Call = llvm::dyn_cast_or_null<CallExpr>(
              Operand ? Operand->IgnoreImplicit()->IgnoreParens() : nullptr))
        visitChildren(Call, Nest);
      found(FailurePoint::Await, Await.getBeginLoc(), awaitedName(Operand));
      return;
    }
    visit(Operand, Nest + 1);
  }

  void visit(const Stmt *S, unsigned Nest) {
    if (!S || Found || Nest > MaxNesting)
      return;
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : Lambda->capture_inits())
        visit(Init, Nest + 1);
      return;
    }
    if (llvm::isa<BlockExpr, UnaryExprOrTypeTraitExpr, CXXNoexceptExpr,
                  CXXTypeidExpr, DependentCoawaitExpr>(S))
      return;
    if (const auto *If = llvm::dyn_cast<IfStmt>(S); If && If->isConstexpr()) {
      if (std::optional<const Stmt *> Taken = If->getNondiscardedCase(Ctx)) {
        visit(If->getInit(), Nest + 1);
        visit(*Taken, Nest + 1);
        return;
      }
    }
    if (const auto *Try = llvm::dyn_cast<CXXTryStmt>(S)) {
      visitTry(*Try, Nest);
      return;
    }
    if (const auto *Await = llvm::dyn_cast<CoroutineSuspendExpr>(S)) {
      visitAwait(*Await, Nest);
      return;
    }
    if (const auto *Return = llvm::dyn_cast<CoreturnStmt>(S)) {
      visit(Return->getOperand(), Nest + 1);
      return;
    }
    if (const auto *Throw = llvm::dyn_cast<CXXThrowExpr>(S)) {
      // What makes the exception object is part of the throw.
      if (throwEscapes(*Throw)) {
        std::string Name;
        if (const Expr *Sub = Throw->getSubExpr())
          Name = Sub->getType().getUnqualifiedType().getAsString(
              Ctx.getPrintingPolicy());
        found(Throw->getSubExpr() ? FailurePoint::Throw : FailurePoint::Rethrow,
              Throw->getBeginLoc(), std::move(Name));
      }
      return;
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(S)) {
      visitChildren(S, Nest);
      if (Found || Call->isTypeDependent() || Call->isValueDependent() ||
          !callEscapes())
        return;
      const Expr *CalleeExpr = Call->getCallee();
      if (CalleeExpr &&
          llvm::isa<CXXPseudoDestructorExpr>(CalleeExpr->IgnoreParens()))
        return;
      if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        if (callThrows(Callee))
          found(FailurePoint::Call, Call->getBeginLoc(), nameOf(Callee));
        return;
      }
      // A call through a pointer or a std::function-like object: what its
      // type says.
      QualType T = CalleeExpr ? CalleeExpr->getType() : QualType();
      if (!T.isNull() && T->isPointerType())
        T = T->getPointeeType();
      const auto *FPT = T.isNull() ? nullptr : T->getAs<FunctionProtoType>();
      if (!FPT || !FPT->isNothrow(/*ResultIfDependent=*/true))
        found(FailurePoint::Call, Call->getBeginLoc(), "");
      return;
    }
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(S)) {
      visitChildren(S, Nest);
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (!Found && Ctor && !Ctor->isTrivial() &&
          !Construct->isTypeDependent() && callEscapes() && callThrows(Ctor))
        found(FailurePoint::Call, Construct->getBeginLoc(), nameOf(Ctor));
      return;
    }
    visitChildren(S, Nest);
  }

  FailurePaths &Owner;
  ASTContext &Ctx;
  unsigned Depth;
  llvm::SmallVector<Catcher, 4> Catchers;
  unsigned InHandler = 0;
  std::optional<FailurePoint> Found;
};

} // namespace

bool catchesEverything(const CXXTryStmt &Try) {
  for (unsigned I = 0; I < Try.getNumHandlers(); ++I) {
    const CXXCatchStmt *Handler = Try.getHandler(I);
    if (!Handler || handlerThrows(*Handler))
      continue;
    if (!Handler->getExceptionDecl() || isStdException(caughtRecord(*Handler)))
      return true;
  }
  return false;
}

bool FailurePaths::isHandedInWork(const ParmVarDecl &P) {
  // Whatever the caller passes: a parameter of template type.
  if (const auto *F = llvm::dyn_cast<FunctionDecl>(P.getDeclContext()))
    if (const FunctionDecl *Pattern = F->getTemplateInstantiationPattern())
      if (P.getFunctionScopeIndex() < Pattern->getNumParams() &&
          Pattern->getParamDecl(P.getFunctionScopeIndex())
              ->getType()
              ->isDependentType())
        return true;
  // A task or a future: it fails as the work the caller started does.
  QualType T = P.getType().getNonReferenceType();
  if (isTask(Classifier.classify(T)))
    return true;
  const CXXRecordDecl *RD = recordForType(T);
  return findMember(RD, "get") && findMember(RD, "wait");
}

bool FailurePaths::carriesError(QualType T) { return carriesErrorImpl(T); }
bool FailurePaths::redirectsError(const Expr *Operand) {
  return redirectsErrorImpl(Operand);
}

std::optional<FailurePoint> FailurePaths::walkBody(const FunctionDecl &FD,
                                                   unsigned Depth) {
  const Stmt *Body = FD.getBody();
  if (const CoroutineBodyStmt *Coro = getCoroutineBody(FD))
    Body = Coro->getBody();
  if (!Body)
    return std::nullopt;
  // A function-try-block.
  Walker W(*this, FD.getASTContext(), Depth);
  return W.run(Body);
}

std::optional<FailurePoint>
FailurePaths::escapingFailure(const FunctionDecl &FD) {
  return walkBody(FD, 0);
}

bool FailurePaths::callCanThrow(const FunctionDecl &Callee, unsigned Depth) {
  if (isNoexcept(Callee))
    return false;
  // C functions (fopen, printf) do not throw C++ exceptions; the C library
  // leaves out `noexcept` only because some of them are cancellation points.
  if (Callee.isExternC())
    return false;
  const FunctionDecl *Def = Callee.getDefinition();
  // Defined elsewhere: nothing says it cannot throw.
  if (!Def || !Def->getBody())
    return true;
  const SourceManager &SM = Def->getASTContext().getSourceManager();
  // Header-only library code (the standard library's containers, Asio's
  // objects): whether it throws on more than a failed allocation cannot be
  // told from its body.
  if (SM.isInSystemHeader(Def->getLocation()))
    return false;
  // A virtual call may run any override.
  if (const auto *M = llvm::dyn_cast<CXXMethodDecl>(Def);
      M && M->isVirtual() && !M->hasAttr<FinalAttr>() &&
      !M->getParent()->hasAttr<FinalAttr>())
    return true;
  // Calling a coroutine allocates its frame; its body's failures go to its
  // promise, not to the caller.
  if (isCoroutine(*Def))
    return false;
  return bodyCanFail(*Def, Depth);
}

bool FailurePaths::bodyCanFail(const FunctionDecl &Def, unsigned Depth) {
  if (Depth > MaxHelperDepth)
    return true;
  const FunctionDecl *Key = Def.getCanonicalDecl();
  if (auto It = Helpers.find(Key); It != Helpers.end())
    return It->second;
  // Recursion: taken to throw while it is being looked at.
  Helpers[Key] = true;
  bool Throws = walkBody(Def, Depth).has_value();
  Helpers[Key] = Throws;
  return Throws;
}

bool FailurePaths::awaitCanThrow(const CoroutineSuspendExpr &Await,
                                 unsigned Depth) {
  const Expr *ResumeExpr = Await.getResumeExpr();
  const auto *Resume = llvm::dyn_cast_or_null<CallExpr>(
      ResumeExpr ? ResumeExpr->IgnoreImplicit() : nullptr);
  const FunctionDecl *Callee = Resume ? Resume->getDirectCallee() : nullptr;
  if (!Callee || isNoexcept(*Callee))
    return false;
  // The operation's error is the result: `as_tuple(use_awaitable)` gives
  // back a tuple that starts with the error code, `redirect_error(token,
  // ec)` writes it to `ec`.
  if (carriesError(Await.getType()) || redirectsError(Await.getOperand()))
    return false;
  // Awaiting what the caller handed in (a future, an awaitable, a task)
  // fails as that argument does, which this body cannot tell.
  if (const ParmVarDecl *P = awaitedParameter(Await.getOperand())) {
    Classifier.setContext(&Callee->getASTContext());
    if (isHandedInWork(*P))
      return false;
  }
  // What the operand's own awaiter gives back, whatever the promise's
  // await_transform wraps around it to resume elsewhere: a Baton's wait
  // cannot fail.
  if (operandCannotFail(Await.getOperand()))
    return false;
  // An operation that only waits (a timer, a hop, an acquisition) fails
  // only when it is cancelled.
  if (const auto *Call = llvm::dyn_cast_or_null<CallExpr>(
          Await.getOperand()
              ? Await.getOperand()->IgnoreImplicit()->IgnoreParens()
              : nullptr)) {
    Classifier.setContext(&Callee->getASTContext());
    if (classifyWaitOnlyCall(*Call, Classifier))
      return false;
  }
  // Awaiting a task rethrows what its body threw: a coroutine of this file
  // whose body cannot fail cannot fail here either.
  if (const auto *Call = llvm::dyn_cast_or_null<CallExpr>(
          Await.getOperand() ? Await.getOperand()->IgnoreImplicit() : nullptr))
    if (const FunctionDecl *Called = Call->getDirectCallee())
      if (const FunctionDecl *Def = Called->getDefinition();
          Def && isCoroutine(*Def) &&
          !(llvm::isa<CXXMethodDecl>(Def) &&
            llvm::cast<CXXMethodDecl>(Def)->isVirtual()) &&
          !Def->getASTContext().getSourceManager().isInSystemHeader(
              Def->getLocation()))
        return bodyCanFail(*Def, Depth);
  const FunctionDecl *Def = Callee->getDefinition();
  if (Def && Def->getBody() &&
      !Def->getASTContext().getSourceManager().isInSystemHeader(
          Def->getLocation()))
    return bodyCanFail(*Def, Depth);
  return true;
}

} // namespace clang::tidy::async::utils
