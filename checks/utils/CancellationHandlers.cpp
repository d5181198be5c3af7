//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "CancellationHandlers.h"
#include "AsyncTypes.h"
#include "StmtWalk.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::async::utils {

const CXXRecordDecl *lookupRecord(const ASTContext &Ctx,
                                  llvm::StringRef QualifiedName) {
  QualifiedName = QualifiedName.trim();
  QualifiedName.consume_front("::");
  if (QualifiedName.empty())
    return nullptr;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  QualifiedName.split(Parts, "::");
  const DeclContext *DC = Ctx.getTranslationUnitDecl();
  for (size_t I = 0; I < Parts.size(); ++I) {
    auto It = Ctx.Idents.find(Parts[I]);
    if (It == Ctx.Idents.end())
      return nullptr;
    DeclarationName Name(It->getValue());
    bool Last = I + 1 == Parts.size();
    const DeclContext *Next = nullptr;
    for (const NamedDecl *ND : DC->lookup(Name)) {
      if (const auto *RD = llvm::dyn_cast<CXXRecordDecl>(ND)) {
        if (Last)
          return RD->getDefinition();
        Next = RD;
        break;
      }
      if (const auto *TD = llvm::dyn_cast<TypedefNameDecl>(ND)) {
        const CXXRecordDecl *RD = TD->getUnderlyingType()->getAsCXXRecordDecl();
        if (!RD)
          continue;
        if (Last)
          return RD->getDefinition();
        Next = RD;
        break;
      }
      if (const auto *NS = llvm::dyn_cast<NamespaceDecl>(ND)) {
        if (Last)
          continue;
        Next = NS;
        break;
      }
    }
    if (!Next)
      return nullptr;
    DC = Next;
  }
  return nullptr;
}

static bool sameOrDerived(const CXXRecordDecl *RD, const CXXRecordDecl *Base);

void CancellationTypes::setContext(const ASTContext &Ctx) {
  if (Context == &Ctx)
    return;
  Context = &Ctx;
  Types.clear();
  Libraries.clear();
  for (const std::string &Name : Names)
    if (const CXXRecordDecl *RD = lookupRecord(Ctx, Name)) {
      llvm::StringRef Qualified = llvm::StringRef(Name).trim();
      Qualified.consume_front("::");
      Types.push_back(RD);
      Libraries.push_back(Qualified.substr(0, Qualified.find("::")).str());
    }
}

const CXXRecordDecl *
CancellationTypes::ofLibrary(llvm::StringRef Library,
                             const CXXCatchStmt &Handler) const {
  const CXXRecordDecl *Caught = nullptr;
  if (Handler.getExceptionDecl()) {
    QualType T = Handler.getCaughtType();
    if (T.isNull() || T->isDependentType())
      return nullptr;
    Caught = T.getNonReferenceType()->getAsCXXRecordDecl();
    if (!Caught)
      return nullptr;
  }
  for (size_t I = 0; I < Types.size(); ++I)
    if (Libraries[I] == Library && (!Caught || sameOrDerived(Types[I], Caught)))
      return Types[I];
  return nullptr;
}

static bool sameOrDerived(const CXXRecordDecl *RD, const CXXRecordDecl *Base) {
  if (!RD || !Base)
    return false;
  if (RD->getCanonicalDecl() == Base->getCanonicalDecl())
    return true;
  return RD->hasDefinition() && RD->isDerivedFrom(Base);
}

bool CancellationTypes::isCancellationClass(const CXXRecordDecl *RD) const {
  return llvm::any_of(
      Types, [&](const CXXRecordDecl *C) { return sameOrDerived(RD, C); });
}

CancellationTypes::CatchKind
CancellationTypes::catches(const CXXCatchStmt &Handler,
                           const CXXRecordDecl **Which) const {
  if (Types.empty())
    return CatchKind::None;
  if (!Handler.getExceptionDecl()) {
    if (Which)
      *Which = Types.front();
    return CatchKind::General;
  }
  QualType T = Handler.getCaughtType();
  if (T.isNull() || T->isDependentType())
    return CatchKind::None;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return CatchKind::None;
  RD = RD->getDefinition();
  for (const CXXRecordDecl *C : Types)
    if (sameOrDerived(RD, C)) {
      if (Which)
        *Which = C;
      return CatchKind::Specific;
    }
  for (const CXXRecordDecl *C : Types)
    if (sameOrDerived(C, RD)) {
      if (Which)
        *Which = C;
      return CatchKind::General;
    }
  return CatchKind::None;
}

// Whether \p E reads only constants and local scalar variables, collected in
// \p Vars.
static bool readsOnlyLocals(const Expr *E,
                            llvm::SmallVectorImpl<const VarDecl *> &Vars) {
  if (!E)
    return false;
  E = E->IgnoreParens();
  if (const auto *Cast = llvm::dyn_cast<ImplicitCastExpr>(E))
    return readsOnlyLocals(Cast->getSubExpr(), Vars);
  if (llvm::isa<IntegerLiteral, CXXBoolLiteralExpr, CharacterLiteral,
                FloatingLiteral, CXXNullPtrLiteralExpr>(E))
    return true;
  if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    if (llvm::isa<EnumConstantDecl>(D))
      return true;
    const auto *VD = llvm::dyn_cast<VarDecl>(D);
    if (!VD)
      return false;
    if (VD->isConstexpr())
      return true;
    QualType T = VD->getType();
    if (!VD->hasLocalStorage() || T->isReferenceType() ||
        T.isVolatileQualified() || !T->isScalarType())
      return false;
    Vars.push_back(VD);
    return true;
  }
  if (const auto *U = llvm::dyn_cast<UnaryOperator>(E)) {
    if (U->isIncrementDecrementOp() || U->getOpcode() == UO_Deref ||
        U->getOpcode() == UO_AddrOf)
      return false;
    return readsOnlyLocals(U->getSubExpr(), Vars);
  }
  if (const auto *B = llvm::dyn_cast<BinaryOperator>(E)) {
    if (B->isAssignmentOp())
      return false;
    return readsOnlyLocals(B->getLHS(), Vars) &&
           readsOnlyLocals(B->getRHS(), Vars);
  }
  if (const auto *C = llvm::dyn_cast<ConditionalOperator>(E))
    return readsOnlyLocals(C->getCond(), Vars) &&
           readsOnlyLocals(C->getTrueExpr(), Vars) &&
           readsOnlyLocals(C->getFalseExpr(), Vars);
  return false;
}

bool isEndlessLoop(const Stmt &Loop, const Stmt &FunctionBody,
                   ASTContext &Ctx) {
  const Expr *Cond = nullptr;
  if (const auto *For = llvm::dyn_cast<ForStmt>(&Loop)) {
    if (For->getConditionVariable())
      return false;
    Cond = For->getCond();
    if (!Cond)
      return true;
  } else if (const auto *While = llvm::dyn_cast<WhileStmt>(&Loop)) {
    if (While->getConditionVariable())
      return false;
    Cond = While->getCond();
  } else if (const auto *Do = llvm::dyn_cast<DoStmt>(&Loop)) {
    Cond = Do->getCond();
  } else {
    return false;
  }
  if (!Cond || Cond->isValueDependent() || Cond->isTypeDependent() ||
      Cond->containsErrors())
    return false;
  bool Value = false;
  if (Cond->EvaluateAsBooleanCondition(Value, Ctx))
    return Value;
  llvm::SmallVector<const VarDecl *, 4> Vars;
  if (!readsOnlyLocals(Cond, Vars) || Vars.empty())
    return false;
  // A plain write to one of them (`++i`, `n -= k`, `done = true`) settles it
  // with one walk; the mutation analysis, which also follows references
  // and calls, is only asked when there is none.
  if (utils::anyNode(&FunctionBody, /*IntoLambdas=*/true, [&](const Stmt &S) {
        const Expr *Target = nullptr;
        if (const auto *U = llvm::dyn_cast<UnaryOperator>(&S);
            U && U->isIncrementDecrementOp())
          Target = U->getSubExpr();
        else if (const auto *B = llvm::dyn_cast<BinaryOperator>(&S);
                 B && B->isAssignmentOp())
          Target = B->getLHS();
        const auto *Ref = Target ? llvm::dyn_cast<DeclRefExpr>(
                                       Target->IgnoreParenImpCasts())
                                 : nullptr;
        return Ref && llvm::is_contained(Vars, Ref->getDecl());
      }))
    return false;
  ExprMutationAnalyzer Mutations(FunctionBody, Ctx);
  return llvm::none_of(
      Vars, [&](const VarDecl *VD) { return Mutations.isMutated(VD); });
}

bool awaitCanThrow(const Expr &E) {
  const auto *S = llvm::dyn_cast<CoroutineSuspendExpr>(&E);
  if (!S)
    return llvm::isa<DependentCoawaitExpr>(E);
  if (const Expr *Common = S->getCommonExpr())
    if (suspendBehavior(Common->getType()) == SuspendBehavior::Never)
      return false;
  if (const Expr *Resume = S->getResumeExpr())
    if (const auto *Call = llvm::dyn_cast<CallExpr>(Resume->IgnoreImplicit()))
      if (const FunctionDecl *FD = Call->getDirectCallee())
        if (const auto *FPT = FD->getType()->getAs<FunctionProtoType>())
          if (FPT->isNothrow())
            return false;
  return true;
}

static bool nameIn(const NamedDecl *D, std::initializer_list<StringRef> Names) {
  return D && D->getIdentifier() && llvm::is_contained(Names, D->getName());
}

bool mentionsCancellation(const Stmt &S, const CancellationTypes &Types) {
  llvm::SmallVector<const Stmt *, 32> Stack{&S};
  while (!Stack.empty()) {
    const Stmt *Node = Stack.pop_back_val();
    if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(Node)) {
      const ValueDecl *D = DRE->getDecl();
      // The error codes of a cancelled operation (Asio, std::errc), and
      // the awaitables that ask for the cancellation state (folly, Asio).
      if (nameIn(D, {"operation_aborted", "operation_canceled",
                     "co_current_cancellation_token", "co_safe_point",
                     "cancellation_state"}))
        return true;
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(Node))
      if (nameIn(Call->getDirectCallee(),
                 {"stop_requested", "cancelled", "is_cancellation_requested",
                  "isCancellationRequested", "throw_if_cancelled",
                  "throwIfCancelled", "throw_if_cancellation_requested"}))
        return true;
    if (const auto *Cast = llvm::dyn_cast<CXXDynamicCastExpr>(Node)) {
      QualType T = Cast->getTypeAsWritten();
      if (T->isPointerType())
        T = T->getPointeeType();
      if (Types.isCancellationClass(
              T.getNonReferenceType()->getAsCXXRecordDecl()))
        return true;
    }
    if (const auto *Catch = llvm::dyn_cast<CXXCatchStmt>(Node))
      if (Catch->getExceptionDecl()) {
        QualType T = Catch->getCaughtType();
        if (!T.isNull() && !T->isDependentType() &&
            Types.isCancellationClass(
                T.getNonReferenceType()->getAsCXXRecordDecl()))
          return true;
      }
    if (Node != &S && llvm::isa<LambdaExpr, BlockExpr>(Node))
      continue;
    for (const Stmt *Child : Node->children())
      if (Child)
        Stack.push_back(Child);
  }
  return false;
}

const CallExpr *awaitedCall(const Expr &Await) {
  const auto *Co = llvm::dyn_cast<CoawaitExpr>(&Await);
  if (!Co || !Co->getOperand())
    return nullptr;
  const Expr *Op = Co->getOperand()->IgnoreImplicit();
  if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(Op))
    if (Construct->getNumArgs() == 1)
      Op = Construct->getArg(0)->IgnoreImplicit();
  const auto *Call = llvm::dyn_cast<CallExpr>(Op->IgnoreParens());
  if (Call && llvm::isa<CXXOperatorCallExpr>(Call))
    return nullptr;
  return Call;
}

static std::string sourceText(const Expr &E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E.getSourceRange()), SM,
      Ctx.getLangOpts());
  std::string Result;
  if (Range.isValid())
    for (char C : Lexer::getSourceText(Range, SM, Ctx.getLangOpts()))
      if (C != '\n' && C != '\r' && C != '\t' &&
          !(C == ' ' && (Result.empty() || Result.back() == ' ')))
        Result += C;
  return Result;
}

static std::string shorten(std::string S) {
  if (S.size() > 40)
    S = S.substr(0, 37) + "...";
  return S;
}

std::string awaitedName(const Expr &Await, const ASTContext &Ctx) {
  if (const CallExpr *Call = awaitedCall(Await)) {
    if (const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      const auto *ME =
          llvm::dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParenImpCasts());
      if (M && M->getIdentifier() && ME) {
        const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
        if (ME->isImplicitAccess() || llvm::isa<CXXThisExpr>(Base))
          return shorten(M->getName().str());
        std::string Object = sourceText(*ME->getBase(), Ctx);
        if (!Object.empty())
          return shorten(Object + (ME->isArrow() ? "->" : ".") +
                         M->getName().str());
        return shorten(M->getName().str());
      }
    }
    std::string Callee = sourceText(*Call->getCallee(), Ctx);
    if (!Callee.empty())
      return shorten(Callee);
  }
  const Expr *Operand = nullptr;
  if (const auto *S = llvm::dyn_cast<CoroutineSuspendExpr>(&Await))
    Operand = S->getOperand();
  else if (const auto *D = llvm::dyn_cast<DependentCoawaitExpr>(&Await))
    Operand = D->getOperand();
  std::string Text = Operand ? sourceText(*Operand, Ctx) : std::string();
  if (Text.empty())
    Text = sourceText(Await, Ctx);
  return shorten(Text);
}

namespace {

bool isErrorCode(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier() || RD->getName() != "error_code")
    return false;
  std::string Name = plainQualifiedName(*RD);
  return Name == "std::error_code" || Name == "boost::system::error_code";
}

// A completion token that stores the error in a variable it refers to
// (Asio's redirect_error_t): a class with a reference member to an error
// code.
bool isRedirectToken(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  for (const FieldDecl *F : RD->getDefinition()->fields())
    if (F->getType()->isLValueReferenceType() && isErrorCode(F->getType()))
      return true;
  return false;
}

// A result that carries the error as its first element (Asio's as_tuple).
bool isErrorTuple(QualType T) {
  const auto *Spec = llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || !Spec->getIdentifier() || Spec->getName() != "tuple" ||
      !Spec->isInStdNamespace())
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() < 1)
    return false;
  const TemplateArgument &First =
      Args[0].getKind() == TemplateArgument::Pack && Args[0].pack_size() > 0
          ? Args[0].pack_begin()[0]
          : Args[0];
  return First.getKind() == TemplateArgument::Type &&
         isErrorCode(First.getAsType());
}

bool isErrorCodeAwait(const Expr &Await) {
  if (isErrorTuple(Await.getType()))
    return true;
  if (const CallExpr *Call = awaitedCall(Await))
    for (const Expr *Arg : Call->arguments())
      if (Arg && isRedirectToken(Arg->getType()))
        return true;
  return false;
}

// An object that code elsewhere can reach, and so close or cancel: a member,
// something behind a pointer or a reference, a global.
bool isShared(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = llvm::dyn_cast<MemberExpr>(E)) {
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    if (ME->isArrow() || llvm::isa<CXXThisExpr>(Base))
      return true;
    return isShared(Base);
  }
  if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
    return VD && (VD->getType()->isReferenceType() || !VD->hasLocalStorage());
  }
  if (const auto *U = llvm::dyn_cast<UnaryOperator>(E))
    return U->getOpcode() == UO_Deref;
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow;
  return false;
}

// An I/O object that can be closed: once closed, each of its operations
// fails at once.
bool isClosable(const Expr *E) {
  const NamedDecl *Close = findMember(recordForType(E->getType()), "close");
  return Close &&
         llvm::isa<CXXMethodDecl, FunctionTemplateDecl, UsingShadowDecl>(Close);
}

bool isLoop(const Stmt *S) {
  return llvm::isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

// The statements of one coroutine body (lambdas excluded), their parents,
// and the nodes the analysis needs.
class BodyIndex {
public:
  BodyIndex(const Stmt &Body, const SourceManager &SM) : SM(SM) {
    llvm::SmallVector<const Stmt *, 64> Stack{&Body};
    while (!Stack.empty()) {
      const Stmt *S = Stack.pop_back_val();
      record(S);
      if (llvm::isa<LambdaExpr, BlockExpr>(S))
        continue;
      for (const Stmt *Child : S->children())
        if (Child && Parents.try_emplace(Child, S).second)
          Stack.push_back(Child);
    }
    auto ByLocation = [&](const Stmt *A, const Stmt *B) {
      return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
    };
    llvm::sort(Awaits, ByLocation);
    llvm::sort(Loops, ByLocation);
  }

  const Stmt *parent(const Stmt *S) const { return Parents.lookup(S); }
  bool inside(const Stmt *S, const Stmt *Ancestor) const {
    for (; S; S = parent(S))
      if (S == Ancestor)
        return true;
    return false;
  }
  const Stmt *innermostLoop(const Stmt *S) const {
    for (S = parent(S); S; S = parent(S))
      if (isLoop(S))
        return S;
    return nullptr;
  }
  bool before(const Stmt *A, const Stmt *B) const {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  }
  bool after(const Stmt *S, const Stmt *End) const {
    return SM.isBeforeInTranslationUnit(End->getEndLoc(), S->getBeginLoc());
  }

  /// Whether \p Exit leaves \p Loop (or the coroutine, or the process).
  bool leaves(const Stmt *Exit, const Stmt *Loop) const {
    if (!llvm::isa<BreakStmt>(Exit))
      return true;
    for (const Stmt *S = parent(Exit); S; S = parent(S))
      if (isLoop(S) || llvm::isa<SwitchStmt>(S))
        return S == Loop;
    return false;
  }

  /// Whether the exception \p S throws inside \p Within is caught there by
  /// a handler that catches a cancellation class.
  bool caughtWithin(const Stmt *S, const Stmt *Within,
                    const CancellationTypes &Types) const {
    const Stmt *Child = S;
    for (const Stmt *P = parent(S); P && Child != Within;
         Child = P, P = parent(P)) {
      const auto *Try = llvm::dyn_cast<CXXTryStmt>(P);
      if (!Try || Try->getTryBlock() != Child)
        continue;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        if (Types.catches(*Try->getHandler(I)) !=
            CancellationTypes::CatchKind::None)
          return true;
    }
    return false;
  }

  llvm::SmallVector<const Stmt *, 8> Loops;
  llvm::SmallVector<const CXXTryStmt *, 8> Tries;
  llvm::SmallVector<const Expr *, 16> Awaits;
  // return, co_return, goto, throw, break, calls that do not return.
  llvm::SmallVector<const Stmt *, 16> Exits;

private:
  void record(const Stmt *S) {
    if (llvm::isa<ForStmt, WhileStmt, DoStmt>(S))
      Loops.push_back(S);
    else if (const auto *Try = llvm::dyn_cast<CXXTryStmt>(S))
      Tries.push_back(Try);
    else if (llvm::isa<CoawaitExpr, DependentCoawaitExpr>(S))
      Awaits.push_back(llvm::cast<Expr>(S));
    else if (llvm::isa<CoyieldExpr>(S)) {
      // A co_yield hands control to the consumer, which can end the loop by
      // destroying the coroutine; folly's `co_yield co_error(e)` ends it.
      Awaits.push_back(llvm::cast<Expr>(S));
      Exits.push_back(S);
    } else if (llvm::isa<ReturnStmt, CoreturnStmt, GotoStmt, IndirectGotoStmt,
                         CXXThrowExpr, BreakStmt>(S))
      Exits.push_back(S);
    else if (const auto *Call = llvm::dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = Call->getDirectCallee();
          FD && FD->isNoReturn())
        Exits.push_back(S);
  }

  const SourceManager &SM;
  llvm::DenseMap<const Stmt *, const Stmt *> Parents;
};

class Finder {
public:
  Finder(const Stmt &Body, ASTContext &Ctx, const CancellationTypes &Types)
      : Body(Body), Ctx(Ctx), Types(Types),
        Index(Body, Ctx.getSourceManager()) {}

  std::vector<SwallowedCancellation> run() {
    for (const Stmt *Loop : Index.Loops) {
      // Both forms need a try or an error-code await directly in the loop;
      // that is cheap to know, while telling an endless loop may take a
      // mutation analysis of the body.
      auto InLoop = [&](const Stmt *S) {
        return Index.innermostLoop(S) == Loop;
      };
      if ((llvm::none_of(Index.Tries, InLoop) &&
           llvm::none_of(Index.Awaits,
                         [&](const Expr *A) {
                           return InLoop(A) && isErrorCodeAwait(*A);
                         })) ||
          !isEndlessLoop(*Loop, Body, Ctx))
        continue;
      handlers(Loop);
      errorCodes(Loop);
    }
    const SourceManager &SM = Ctx.getSourceManager();
    llvm::sort(Found, [&](const SwallowedCancellation &A,
                          const SwallowedCancellation &B) {
      return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
    });
    return std::move(Found);
  }

private:
  // Whether some exit of \p Loop, or an await there whose cancellation is
  // not caught in the loop, is on the path the cancellation takes: one
  // \p Skipped does not exclude.
  // \p CodesThrow: whether awaits that report their error in a code throw
  // the cancellation all the same (an Asio coroutine's cancellation state
  // makes every later await throw).
  template <typename SkipFn>
  bool canLeave(const Stmt *Loop, const Expr *Swallowed, bool CodesThrow,
                SkipFn Skipped) {
    for (const Stmt *Exit : Index.Exits)
      if (Index.inside(Exit, Loop) && !Skipped(Exit) &&
          Index.leaves(Exit, Loop))
        return true;
    for (const Expr *Await : Index.Awaits)
      if (Await != Swallowed && Index.inside(Await, Loop) && !Skipped(Await) &&
          awaitCanThrow(*Await) && (CodesThrow || !isErrorCodeAwait(*Await)) &&
          !Index.caughtWithin(Await, Loop, Types))
        return true;
    return false;
  }

  // Whether the handler \p Block carries on in \p Loop after the
  // cancellation: it neither throws, leaves, awaits something that throws
  // it again, nor tests for it.
  bool carriesOn(const Stmt *Block, const Stmt *Loop) {
    for (const Stmt *Exit : Index.Exits)
      if (Index.inside(Exit, Block) && Index.leaves(Exit, Loop))
        return false;
    for (const Expr *Await : Index.Awaits)
      if (Index.inside(Await, Block) && awaitCanThrow(*Await) &&
          !Index.caughtWithin(Await, Block, Types))
        return false;
    return !mentionsCancellation(*Block, Types);
  }

  // Of the cancellation classes a general handler catches, the one of the
  // library whose operation is awaited (configured under the outermost
  // namespace of the awaited type); null when that library has none.
  const CXXRecordDecl *libraryClass(const CXXCatchStmt &Handler,
                                    const Expr &Await) {
    const Expr *Operand = nullptr;
    if (const auto *S = llvm::dyn_cast<CoroutineSuspendExpr>(&Await))
      Operand = S->getOperand();
    const CXXRecordDecl *Awaited =
        Operand ? recordForType(Operand->getType()) : nullptr;
    if (!Awaited)
      return nullptr;
    std::string Name = plainQualifiedName(*Awaited);
    return Types.ofLibrary(Name.substr(0, Name.find("::")), Handler);
  }

  void handlers(const Stmt *Loop) {
    for (const CXXTryStmt *Try : Index.Tries) {
      if (Index.innermostLoop(Try) != Loop)
        continue;
      const Stmt *Block = Try->getTryBlock();
      const Expr *Await = nullptr;
      for (const Expr *A : Index.Awaits)
        if (Index.inside(A, Block) && awaitCanThrow(*A) &&
            !Index.caughtWithin(A, Block, Types)) {
          Await = A;
          break;
        }
      if (!Await)
        continue;
      const CXXCatchStmt *Swallowing = nullptr;
      const CXXRecordDecl *Caught = nullptr;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
        const CXXCatchStmt *Handler = Try->getHandler(I);
        const CXXRecordDecl *Which = nullptr;
        CancellationTypes::CatchKind Kind = Types.catches(*Handler, &Which);
        if (Kind == CancellationTypes::CatchKind::None)
          continue;
        // `catch (...)` or a base class: judged only when the awaited
        // library is one whose cancellation class is known.
        if (Kind == CancellationTypes::CatchKind::General)
          Which = libraryClass(*Handler, *Await);
        if (Which && carriesOn(Handler->getHandlerBlock(), Loop)) {
          Swallowing = Handler;
          Caught = Which;
        }
        break;
      }
      if (!Swallowing)
        continue;
      // The rest of the try block does not run, nor do the other handlers.
      bool Leaves = canLeave(Loop, Await, true, [&](const Stmt *S) {
        if (Index.inside(S, Block))
          return !Index.before(S, Await);
        return Index.inside(S, Try) && S != Try;
      });
      if (Leaves)
        continue;
      SwallowedCancellation R;
      R.Form = SwallowedCancellation::Handler;
      R.Loc = Swallowing->getCatchLoc();
      R.Await = Await;
      R.Caught = Caught;
      Found.push_back(R);
    }
  }

  // The variable an await stores its error in (redirect_error), or the
  // first binding of the tuple it returns (as_tuple); \p Discarded when the
  // tuple is dropped.
  const ValueDecl *errorOf(const Expr *Await, const DeclRefExpr *&Write,
                           bool &Discarded) {
    Write = nullptr;
    Discarded = false;
    if (const CallExpr *Call = awaitedCall(*Await))
      for (const Expr *Arg : Call->arguments()) {
        if (!Arg || !isRedirectToken(Arg->getType()))
          continue;
        const DeclRefExpr *Found = nullptr;
        anyNode(Arg, [&](const Stmt &S) {
          if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(&S))
            if (llvm::isa<VarDecl>(DRE->getDecl()) &&
                isErrorCode(DRE->getType())) {
              Found = DRE;
              return true;
            }
          return false;
        });
        if (!Found)
          return nullptr;
        Write = Found;
        return Found->getDecl();
      }
    if (!isErrorTuple(Await->getType()))
      return nullptr;
    const Stmt *Child = Await;
    const Stmt *P = Index.parent(Await);
    while (P && llvm::isa<Expr>(P) &&
           (llvm::isa<ImplicitCastExpr, MaterializeTemporaryExpr,
                      CXXBindTemporaryExpr, ExprWithCleanups, ParenExpr>(P) ||
            (llvm::isa<CXXConstructExpr>(P) &&
             llvm::cast<CXXConstructExpr>(P)->getNumArgs() == 1))) {
      Child = P;
      P = Index.parent(P);
    }
    if (!P)
      return nullptr;
    if (llvm::isa<CompoundStmt>(P)) {
      Discarded = true;
      return nullptr;
    }
    if (const auto *DS = llvm::dyn_cast<DeclStmt>(P))
      for (const Decl *D : DS->decls())
        if (const auto *DD = llvm::dyn_cast<DecompositionDecl>(D))
          if (DD->getInit() == Child && !DD->bindings().empty())
            return DD->bindings()[0];
    return nullptr;
  }

  template <typename Pred> static bool anyNode(const Stmt *Root, Pred P) {
    llvm::SmallVector<const Stmt *, 16> Stack{Root};
    while (!Stack.empty()) {
      const Stmt *S = Stack.pop_back_val();
      if (P(*S))
        return true;
      for (const Stmt *Child : S->children())
        if (Child)
          Stack.push_back(Child);
    }
    return false;
  }

  // `ec`, `ec.failed()`, `!ec`: whether \p Cond tests \p Error alone, and
  // whether it is true on an error (\p OnError).
  static bool testsError(const Expr *Cond, const ValueDecl *Error,
                         bool &OnError) {
    OnError = true;
    const Expr *E = Cond->IgnoreParenImpCasts();
    while (const auto *U = llvm::dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() != UO_LNot)
        return false;
      OnError = !OnError;
      E = U->getSubExpr()->IgnoreParenImpCasts();
    }
    const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(E);
    if (!MC || !MC->getMethodDecl())
      return false;
    if (!llvm::isa<CXXConversionDecl>(MC->getMethodDecl()) &&
        !nameIn(MC->getMethodDecl(), {"failed"}))
      return false;
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!Object)
      return false;
    const auto *DRE =
        llvm::dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
    return DRE && DRE->getDecl() == Error;
  }

  static const ContinueStmt *endsInContinue(const Stmt *S) {
    if (const auto *C = llvm::dyn_cast<ContinueStmt>(S))
      return C;
    if (const auto *CS = llvm::dyn_cast<CompoundStmt>(S))
      if (!CS->body_empty())
        return llvm::dyn_cast<ContinueStmt>(CS->body_back());
    return nullptr;
  }

  void errorCodes(const Stmt *Loop) {
    bool Tested = false, TestKnown = false;
    for (const Expr *Await : Index.Awaits) {
      if (Index.innermostLoop(Await) != Loop)
        continue;
      const DeclRefExpr *Write = nullptr;
      bool Discarded = false;
      const ValueDecl *Error = errorOf(Await, Write, Discarded);
      if (!Error && !Discarded)
        continue;
      const CallExpr *Call = awaitedCall(*Await);
      if (!Call)
        continue;
      const Expr *Object = nullptr;
      if (const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(Call))
        Object = MC->getImplicitObjectArgument();
      else if (Call->getNumArgs() > 0)
        Object = Call->getArg(0);
      if (!Object || !isShared(Object) || !isClosable(Object))
        continue;
      if (!TestKnown) {
        Tested = mentionsCancellation(*Loop, Types);
        TestKnown = true;
      }
      if (Tested)
        return;
      // Every read of the error in the loop.
      llvm::SmallVector<const DeclRefExpr *, 4> Uses;
      if (Error) {
        llvm::SmallVector<const Stmt *, 32> Stack{Loop};
        while (!Stack.empty()) {
          const Stmt *S = Stack.pop_back_val();
          if (const auto *E = llvm::dyn_cast<Expr>(S))
            if (isRedirectToken(E->getType()))
              continue;
          if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(S))
            if (DRE->getDecl() == Error && DRE != Write)
              Uses.push_back(DRE);
          for (const Stmt *Child : S->children())
            if (Child)
              Stack.push_back(Child);
        }
      }
      SwallowedCancellation R;
      R.Await = Await;
      if (Uses.empty()) {
        R.Form = SwallowedCancellation::IgnoredError;
        R.Loc = Await->getBeginLoc();
        if (!canLeave(Loop, Await, false, [](const Stmt *) { return false; }))
          Found.push_back(R);
        continue;
      }
      // The first read is the condition of an `if` that continues on an
      // error, or runs only without one; any other read decides.
      const IfStmt *If = nullptr;
      for (const Stmt *S = Index.parent(Uses.front()); S; S = Index.parent(S))
        if (const auto *I = llvm::dyn_cast<IfStmt>(S)) {
          if (Index.inside(Uses.front(), I->getCond()))
            If = I;
          break;
        }
      bool OnError = false;
      if (!If || If->getElse() || If->getConditionVariable() ||
          Index.innermostLoop(If) != Loop || !Index.before(Await, If) ||
          !testsError(If->getCond(), Error, OnError))
        continue;
      const Stmt *Then = If->getThen();
      bool OtherUse = llvm::any_of(Uses, [&](const DeclRefExpr *U) {
        return !Index.inside(U, If->getCond()) &&
               !(OnError && Index.inside(U, Then));
      });
      if (OtherUse)
        continue;
      if (!OnError) {
        // `if (!ec) { ... }`: an error skips the branch.
        R.Form = SwallowedCancellation::IgnoredError;
        R.Loc = Await->getBeginLoc();
        if (!canLeave(Loop, Await, false,
                      [&](const Stmt *S) { return Index.inside(S, Then); }))
          Found.push_back(R);
        continue;
      }
      const ContinueStmt *Continue = endsInContinue(Then);
      if (!Continue || Index.innermostLoop(Continue) != Loop ||
          !carriesOn(Then, Loop))
        continue;
      R.Form = SwallowedCancellation::ContinueOnError;
      R.Loc = Continue->getBeginLoc();
      if (!canLeave(Loop, Await, false, [&](const Stmt *S) {
            return Index.inside(S, Then) || Index.after(S, If);
          }))
        Found.push_back(R);
    }
  }

  const Stmt &Body;
  ASTContext &Ctx;
  const CancellationTypes &Types;
  BodyIndex Index;
  std::vector<SwallowedCancellation> Found;
};

} // namespace

std::vector<SwallowedCancellation>
findSwallowedCancellations(const Stmt &Body, ASTContext &Ctx,
                           const CancellationTypes &Types) {
  return Finder(Body, Ctx, Types).run();
}

} // namespace clang::tidy::async::utils
