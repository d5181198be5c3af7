//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "SequentialAwaitsCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "utils/LazyTaskLoops.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
using DeclSet = llvm::SmallPtrSet<const Decl *, 8>;
} // namespace

static bool intersects(const DeclSet &A, const DeclSet &B) {
  const DeclSet &Small = A.size() <= B.size() ? A : B;
  const DeclSet &Big = A.size() <= B.size() ? B : A;
  for (const Decl *D : Small)
    if (Big.contains(D))
      return true;
  return false;
}

static bool intersectsExcept(const DeclSet &A, const DeclSet &B,
                             const DeclSet &Except) {
  for (const Decl *D : A)
    if (B.contains(D) && !Except.contains(D))
      return true;
  return false;
}

namespace {
// What a statement or an expression reads and writes: local variables,
// parameters, structured bindings, globals, members of *this one by one, and
// *this as a whole (a call of a member function). A member of another object
// counts as that object, an element as its container, a pointee as its
// pointer: two distinct variables are assumed not to alias.
struct Access {
  DeclSet Reads; // Everything touched, written or not.
  DeclSet Writes;
  bool ReadsThis = false, WritesThis = false;
  bool ReadsField = false, WritesField = false;
  // Something no rule covers: conflicts with everything.
  bool Opaque = false;
  // A function call other than a constructor or std::move: may have side
  // effects nobody sees.
  bool HasCall = false;
  // Variables declared by the statement.
  DeclSet Declared;

  void merge(const Access &O) {
    Reads.insert(O.Reads.begin(), O.Reads.end());
    Writes.insert(O.Writes.begin(), O.Writes.end());
    Declared.insert(O.Declared.begin(), O.Declared.end());
    ReadsThis |= O.ReadsThis;
    WritesThis |= O.WritesThis;
    ReadsField |= O.ReadsField;
    WritesField |= O.WritesField;
    Opaque |= O.Opaque;
    HasCall |= O.HasCall;
  }
};
} // namespace

static bool thisConflicts(const Access &A, const Access &B) {
  return (A.WritesThis && (B.ReadsThis || B.ReadsField)) ||
         (B.WritesThis && (A.ReadsThis || A.ReadsField)) ||
         (A.ReadsThis && B.WritesField) || (B.ReadsThis && A.WritesField);
}

// Whether running \p Later concurrently with \p Earlier could change what
// either sees: a write of one touches what the other reads or writes.
static bool conflicts(const Access &Earlier, const Access &Later) {
  return Earlier.Opaque || Later.Opaque ||
         intersects(Earlier.Writes, Later.Reads) ||
         intersects(Earlier.Reads, Later.Writes) ||
         thisConflicts(Earlier, Later);
}

namespace {
enum class Mode { Read, Write };
} // namespace

static bool isMutablePointer(QualType T) {
  return T->isPointerType() && !T->getPointeeType().isConstQualified() &&
         !T->getPointeeType()->isFunctionType();
}

static bool isMutableReference(QualType T) {
  return T->isReferenceType() &&
         !T.getNonReferenceType().isConstQualified() &&
         !T.getNonReferenceType()->isFunctionType();
}

// std::move and its relatives only say how an argument is passed.
static bool isCastLike(const FunctionDecl &FD) {
  if (!FD.isInStdNamespace() || !FD.getIdentifier())
    return false;
  StringRef Name = FD.getName();
  return Name == "move" || Name == "forward" || Name == "as_const" ||
         Name == "addressof";
}

// Identifiers split into lowercase words: `async_wait` and `asyncWait` both
// give "async", "wait".
static void splitWords(StringRef Name,
                       llvm::SmallVectorImpl<std::string> &Words) {
  std::string Current;
  auto Flush = [&] {
    if (!Current.empty())
      Words.push_back(std::move(Current));
    Current.clear();
  };
  for (size_t I = 0, E = Name.size(); I != E; ++I) {
    char C = Name[I];
    if (!llvm::isAlnum(C)) {
      Flush();
      continue;
    }
    if (llvm::isUpper(C) && I > 0) {
      char Prev = Name[I - 1];
      bool NextLower = I + 1 < E && llvm::isLower(Name[I + 1]);
      if (llvm::isLower(Prev) || llvm::isDigit(Prev) ||
          (llvm::isUpper(Prev) && NextLower))
        Flush();
    }
    Current += llvm::toLower(C);
  }
  Flush();
}

// Words in the name of an operation, its object's class or its result type
// that say the operation orders what follows it: time, synchronisation,
// scheduling, and steps of a lifecycle or a protocol.
static bool isOrderingWord(StringRef Word) {
  static const llvm::StringSet<> Words = {
      // Time.
      "sleep", "delay", "timer", "timeout", "deadline", "backoff", "throttle",
      "tick", "expires",
      // Synchronisation.
      "wait", "waiter", "lock", "unlock", "mutex", "acquire", "release",
      "semaphore", "baton", "event", "barrier", "latch", "signal", "notify",
      "condition", "fence", "channel", "queue", "push", "pop", "join",
      // Scheduling.
      "yield", "post", "dispatch", "defer", "schedule", "reschedule",
      "resume", "strand",
      // Lifecycle and protocol steps.
      "init", "initialize", "setup", "start", "stop", "shutdown", "teardown",
      "close", "cancel", "connect", "disconnect", "handshake", "login",
      "logout", "auth", "authenticate", "begin", "commit", "rollback",
      "transaction", "flush", "sync"};
  return Words.contains(Word);
}

static bool hasOrderingWord(StringRef Name) {
  llvm::SmallVector<std::string, 4> Words;
  splitWords(Name, Words);
  return llvm::any_of(Words, [](const std::string &W) {
    return isOrderingWord(W);
  });
}

static bool isCombinatorName(StringRef Name) {
  llvm::SmallVector<std::string, 4> Words;
  splitWords(Name, Words);
  bool When = false;
  for (const std::string &W : Words) {
    if (W == "collect" || W == "parallel" || W == "gather" || W == "race")
      return true;
    if (W == "when")
      When = true;
    else if (When && (W == "all" || W == "any"))
      return true;
  }
  return false;
}

namespace {
// Computes the Access of statements and expressions, and everything else the
// check needs to know about an awaited operation.
class Analysis {
public:
  explicit Analysis(SequentialAwaitsCheck::State &S) : S(S) {}

  // Whether the class behind \p T hands out mutable access to something it
  // does not own from a const member function: a pointer, a smart pointer,
  // a view or buffer over mutable memory, a reference wrapper. Passing one
  // by value or const reference still lets the callee write.
  bool isReferenceLike(QualType T) {
    if (T.isNull())
      return true;
    T = T.getNonReferenceType().getCanonicalType();
    if (T->isPointerType())
      return isMutablePointer(T);
    if (T->isDependentType())
      return true;
    if (!T->isRecordType())
      return false;
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return false;
    RD = RD->getDefinition();
    if (!RD)
      return true;
    auto [It, Inserted] = S.ReferenceLike.try_emplace(RD, false);
    if (!Inserted)
      return It->second;
    bool Result = referenceLikeRecord(RD, 0);
    S.ReferenceLike[RD] = Result;
    return Result;
  }

  Mode parameterMode(QualType Param, const Expr *Arg) {
    if (Param.isNull() || Param->isDependentType())
      return Mode::Write;
    if (isMutableReference(Param) || isMutablePointer(Param))
      return Mode::Write;
    return isReferenceLike(Arg->getType()) ? Mode::Write : Mode::Read;
  }

  // Adds what evaluating \p E touches to \p A; \p M says whether the value
  // of \p E is written to (it is bound to a mutable reference, its address
  // is passed on, it is the object of a non-const member function).
  // \p Skip is an await whose result is taken as a fresh value.
  void collect(const Expr *E, Mode M, Access &A,
               const Expr *Skip = nullptr) {
    if (!E)
      return;
    if (E == Skip) {
      if (Conditional)
        A.Opaque = true;
      return;
    }
    if (A.Opaque)
      return;
    if (E->containsErrors() || E->isTypeDependent() ||
        E->isValueDependent()) {
      A.Opaque = true;
      return;
    }
    E = E->IgnoreParens();
    if (E == Skip) {
      if (Conditional)
        A.Opaque = true;
      return;
    }

    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E)) {
      const ValueDecl *D = Ref->getDecl();
      if (llvm::isa<VarDecl, BindingDecl>(D))
        add(A, D, M);
      return;
    }
    if (const auto *Member = llvm::dyn_cast<MemberExpr>(E)) {
      const ValueDecl *D = Member->getMemberDecl();
      const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
      if (llvm::isa<CXXThisExpr>(Base)) {
        if (llvm::isa<FieldDecl>(D)) {
          A.Reads.insert(D);
          A.ReadsField = true;
          if (M == Mode::Write) {
            A.Writes.insert(D);
            A.WritesField = true;
          }
        } else {
          addThis(A, M);
        }
        return;
      }
      if (const auto *Var = llvm::dyn_cast<VarDecl>(D)) {
        // A static data member: the object is only named.
        add(A, Var, M);
        return;
      }
      collect(Member->getBase(), M, A, Skip);
      return;
    }
    if (llvm::isa<CXXThisExpr>(E)) {
      addThis(A, M);
      return;
    }
    if (const auto *Subscript = llvm::dyn_cast<ArraySubscriptExpr>(E)) {
      collect(Subscript->getBase(), M, A, Skip);
      collect(Subscript->getIdx(), Mode::Read, A, Skip);
      return;
    }
    if (const auto *Unary = llvm::dyn_cast<UnaryOperator>(E)) {
      switch (Unary->getOpcode()) {
      case UO_Deref:
      case UO_AddrOf:
      case UO_Extension:
      case UO_Real:
      case UO_Imag:
        collect(Unary->getSubExpr(), M, A, Skip);
        return;
      case UO_PreInc:
      case UO_PreDec:
      case UO_PostInc:
      case UO_PostDec:
        collect(Unary->getSubExpr(), Mode::Write, A, Skip);
        return;
      default:
        collect(Unary->getSubExpr(), Mode::Read, A, Skip);
        return;
      }
    }
    if (const auto *Binary = llvm::dyn_cast<BinaryOperator>(E)) {
      if (Binary->isAssignmentOp()) {
        collect(Binary->getLHS(), Mode::Write, A, Skip);
        collect(Binary->getRHS(), Mode::Read, A, Skip);
        return;
      }
      if (Binary->getOpcode() == BO_Comma) {
        collect(Binary->getLHS(), Mode::Read, A, Skip);
        collect(Binary->getRHS(), M, A, Skip);
        return;
      }
      // Pointer arithmetic keeps pointing into the same object.
      Mode Operands = Binary->getType()->isPointerType() ? M : Mode::Read;
      collect(Binary->getLHS(), Operands, A, Skip);
      ConditionalScope Scope(*this, Binary->isLogicalOp());
      collect(Binary->getRHS(), Operands, A, Skip);
      return;
    }
    if (const auto *Cond = llvm::dyn_cast<AbstractConditionalOperator>(E)) {
      collect(Cond->getCond(), Mode::Read, A, Skip);
      ConditionalScope Scope(*this, true);
      collect(Cond->getTrueExpr(), M, A, Skip);
      collect(Cond->getFalseExpr(), M, A, Skip);
      return;
    }
    if (const auto *Cast = llvm::dyn_cast<CastExpr>(E)) {
      // Reading a value copies it; a pointer or a view still refers to
      // what it referred to.
      if (Cast->getCastKind() == CK_LValueToRValue &&
          !isReferenceLike(Cast->getType()))
        M = Mode::Read;
      collect(Cast->getSubExpr(), M, A, Skip);
      return;
    }
    if (const auto *Call = llvm::dyn_cast<CallExpr>(E)) {
      collectCall(*Call, M, A, Skip);
      return;
    }
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (!Ctor) {
        A.Opaque = true;
        return;
      }
      collectArguments(*Ctor, Construct->arguments(), A, Skip);
      return;
    }
    if (const auto *Temp = llvm::dyn_cast<MaterializeTemporaryExpr>(E)) {
      collect(Temp->getSubExpr(), M, A, Skip);
      return;
    }
    if (const auto *Bind = llvm::dyn_cast<CXXBindTemporaryExpr>(E)) {
      collect(Bind->getSubExpr(), M, A, Skip);
      return;
    }
    if (const auto *Full = llvm::dyn_cast<FullExpr>(E)) {
      collect(Full->getSubExpr(), M, A, Skip);
      return;
    }
    if (const auto *Default = llvm::dyn_cast<CXXDefaultArgExpr>(E)) {
      collect(Default->getExpr(), M, A, Skip);
      return;
    }
    if (const auto *Subst = llvm::dyn_cast<SubstNonTypeTemplateParmExpr>(E)) {
      collect(Subst->getReplacement(), M, A, Skip);
      return;
    }
    if (const auto *Opaque = llvm::dyn_cast<OpaqueValueExpr>(E)) {
      collect(Opaque->getSourceExpr(), M, A, Skip);
      return;
    }
    if (const auto *List = llvm::dyn_cast<InitListExpr>(E)) {
      for (const Expr *Init : List->inits())
        collect(Init, isReferenceLike(Init->getType()) ? Mode::Write
                                                        : Mode::Read,
                A, Skip);
      return;
    }
    if (const auto *List = llvm::dyn_cast<CXXParenListInitExpr>(E)) {
      for (const Expr *Init : List->getInitExprs())
        collect(Init, isReferenceLike(Init->getType()) ? Mode::Write
                                                        : Mode::Read,
                A, Skip);
      return;
    }
    if (const auto *List = llvm::dyn_cast<CXXStdInitializerListExpr>(E)) {
      collect(List->getSubExpr(), Mode::Read, A, Skip);
      return;
    }
    if (const auto *Lambda = llvm::dyn_cast<LambdaExpr>(E)) {
      // What a capturing lambda does to its captures is decided by
      // whoever calls it.
      if (Lambda->capture_size() != 0 ||
          Lambda->getCaptureDefault() != LCD_None)
        A.Opaque = true;
      return;
    }
    if (llvm::isa<IntegerLiteral, FloatingLiteral, StringLiteral,
                  CharacterLiteral, CXXBoolLiteralExpr, CXXNullPtrLiteralExpr,
                  ImaginaryLiteral, FixedPointLiteral, GNUNullExpr,
                  UnaryExprOrTypeTraitExpr, CXXScalarValueInitExpr,
                  ImplicitValueInitExpr, TypeTraitExpr, CXXNoexceptExpr,
                  SourceLocExpr, PredefinedExpr, SizeOfPackExpr,
                  CXXDefaultInitExpr>(E))
      return;
    // Nested awaits, throw, new, statement expressions, anything unknown.
    A.Opaque = true;
  }

  void collectCall(const CallExpr &Call, Mode M, Access &A, const Expr *Skip) {
    const FunctionDecl *FD = Call.getDirectCallee();
    if (!FD) {
      A.Opaque = true;
      return;
    }
    if (!isCastLike(*FD))
      A.HasCall = true;
    const auto *Method = llvm::dyn_cast<CXXMethodDecl>(FD);
    if (Method && Method->getParent()->isLambda() &&
        !Method->getParent()->isCapturelessLambda()) {
      A.Opaque = true;
      return;
    }
    auto Args = Call.arguments();
    if (const auto *MemberCall = llvm::dyn_cast<CXXMemberCallExpr>(&Call)) {
      const Expr *Object = MemberCall->getImplicitObjectArgument();
      if (Object && Method)
        collect(Object, objectMode(*Method, M), A, Skip);
      else
        A.Opaque = true;
    } else if (llvm::isa<CXXOperatorCallExpr>(Call) && Method &&
               Method->isImplicitObjectMemberFunction()) {
      if (Call.getNumArgs() == 0) {
        A.Opaque = true;
        return;
      }
      collect(Call.getArg(0), objectMode(*Method, M), A, Skip);
      Args = {Call.arg_begin() + 1, Call.arg_end()};
    }
    collectArguments(*FD, Args, A, Skip);
  }

  template <typename Range>
  void collectArguments(const FunctionDecl &FD, Range Args, Access &A,
                        const Expr *Skip) {
    unsigned I = 0;
    for (const Expr *Arg : Args) {
      QualType Param = I < FD.getNumParams() ? FD.getParamDecl(I)->getType()
                                             : Arg->getType();
      if (I >= FD.getNumParams() && !FD.isVariadic()) {
        A.Opaque = true;
        return;
      }
      collect(Arg, parameterMode(Param, Arg), A, Skip);
      ++I;
    }
  }

  Mode objectMode(const CXXMethodDecl &Method, Mode Incoming) {
    QualType Result = Method.getReturnType();
    bool HandsOut = isMutableReference(Result) || isMutablePointer(Result);
    if (!Method.isConst())
      // `v[i]`, `v.front()` of a non-const container pick the non-const
      // overload of an accessor that has a const one; only what is done
      // with the element writes.
      return HandsOut && hasConstTwin(Method) ? Incoming : Mode::Write;
    return HandsOut ? Incoming : Mode::Read;
  }

  static bool hasConstTwin(const CXXMethodDecl &Method) {
    if (Method.isStatic())
      return false;
    for (const NamedDecl *D :
         Method.getParent()->lookup(Method.getDeclName())) {
      const auto *Other = llvm::dyn_cast<CXXMethodDecl>(D->getUnderlyingDecl());
      if (!Other) {
        if (const auto *Template =
                llvm::dyn_cast<FunctionTemplateDecl>(D->getUnderlyingDecl()))
          Other = llvm::dyn_cast<CXXMethodDecl>(Template->getTemplatedDecl());
      }
      if (Other && Other != &Method && Other->isConst() &&
          Other->getNumParams() == Method.getNumParams())
        return true;
    }
    return false;
  }

  // The Access of a statement of a straight-line run or of a loop body;
  // nested control flow other than `if` makes it opaque.
  void statement(const Stmt *St, Access &A, const Expr *Skip = nullptr) {
    if (!St || A.Opaque)
      return;
    if (const auto *E = llvm::dyn_cast<Expr>(St)) {
      collect(E, Mode::Read, A, Skip);
      return;
    }
    if (const auto *Decls = llvm::dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : Decls->decls())
        declaration(D, A, Skip);
      return;
    }
    if (const auto *Return = llvm::dyn_cast<CoreturnStmt>(St)) {
      collect(Return->getOperand(), Mode::Read, A, Skip);
      return;
    }
    if (const auto *Compound = llvm::dyn_cast<CompoundStmt>(St)) {
      for (const Stmt *Child : Compound->body())
        statement(Child, A, Skip);
      return;
    }
    if (const auto *If = llvm::dyn_cast<IfStmt>(St)) {
      if (If->isConsteval()) {
        A.Opaque = true;
        return;
      }
      statement(If->getInit(), A, Skip);
      if (const VarDecl *Var = If->getConditionVariable())
        declaration(Var, A, Skip);
      else
        collect(If->getCond(), Mode::Read, A, Skip);
      ConditionalScope Scope(*this, true);
      statement(If->getThen(), A, Skip);
      statement(If->getElse(), A, Skip);
      return;
    }
    if (llvm::isa<NullStmt, ContinueStmt>(St))
      return;
    A.Opaque = true;
  }

  void declaration(const Decl *D, Access &A, const Expr *Skip) {
    if (const auto *Var = llvm::dyn_cast<VarDecl>(D)) {
      if (!Var->hasLocalStorage() || Var->isInvalidDecl()) {
        A.Opaque = true;
        return;
      }
      add(A, Var, Mode::Write);
      A.Declared.insert(Var);
      if (const auto *Decomposition = llvm::dyn_cast<DecompositionDecl>(Var))
        for (const BindingDecl *Binding : Decomposition->bindings()) {
          add(A, Binding, Mode::Write);
          A.Declared.insert(Binding);
        }
      // A mutable reference to something may be written through later.
      collect(Var->getInit(),
              isMutableReference(Var->getType()) ? Mode::Write : Mode::Read,
              A, Skip);
      return;
    }
    if (llvm::isa<TypedefNameDecl, UsingDecl, UsingDirectiveDecl,
                  StaticAssertDecl, UsingShadowDecl, NamespaceAliasDecl>(D))
      return;
    A.Opaque = true;
  }

  utils::AwaitableClassifier &classifier() { return S.Classifier; }

  bool isOrdering(const CallExpr &Call, const Expr *Object) {
    llvm::SmallVector<std::string, 4> Qualified;
    const FunctionDecl *FD = Call.getDirectCallee();
    if (FD) {
      if (FD->getIdentifier() && hasOrderingWord(FD->getName()))
        return true;
      Qualified.push_back(utils::plainQualifiedName(*FD));
    }
    auto AddRecord = [&](QualType T) {
      if (T.isNull())
        return false;
      if (T->isPointerType())
        T = T->getPointeeType();
      const CXXRecordDecl *RD = utils::recordForType(T);
      if (!RD)
        return false;
      if (RD->getIdentifier() && hasOrderingWord(RD->getName()))
        return true;
      Qualified.push_back(utils::plainQualifiedName(*RD));
      return false;
    };
    if (Object && AddRecord(Object->IgnoreParenImpCasts()->getType()))
      return true;
    // `Timer::after(d)`: a static member names its class.
    if (const auto *Method = llvm::dyn_cast_or_null<CXXMethodDecl>(FD);
        Method && Method->getParent()->getIdentifier() &&
        hasOrderingWord(Method->getParent()->getName()))
      return true;
    if (AddRecord(Call.getType()))
      return true;
    for (const llvm::Regex &Pattern : S.OrderingPatterns)
      for (const std::string &Name : Qualified)
        if (Pattern.match(Name))
          return true;
    return false;
  }

  // Whether \p T is, or holds, something awaitable: the operands of
  // when_all(a(), b()) and of collectAllRange(std::move(tasks)).
  bool holdsAwaitables(QualType T, unsigned Depth = 0) {
    if (T.isNull() || Depth > 3)
      return false;
    T = T.getNonReferenceType();
    if (S.Classifier.classify(T) != utils::AwaitableKind::None)
      return true;
    const auto *Spec = llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        T->getAsCXXRecordDecl());
    if (!Spec)
      return false;
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          holdsAwaitables(Arg.getAsType(), Depth + 1))
        return true;
    return false;
  }

  // Whether a conditional arm, or the right of && and ||, is being walked:
  // an await found there does not run every time.
  bool Conditional = false;
  struct ConditionalScope {
    ConditionalScope(Analysis &An, bool Set) : An(An), Saved(An.Conditional) {
      An.Conditional |= Set;
    }
    ~ConditionalScope() { An.Conditional = Saved; }
    Analysis &An;
    bool Saved;
  };

private:
  static void add(Access &A, const Decl *D, Mode M) {
    A.Reads.insert(D);
    if (M == Mode::Write)
      A.Writes.insert(D);
  }
  static void addThis(Access &A, Mode M) {
    A.ReadsThis = true;
    if (M == Mode::Write)
      A.WritesThis = true;
  }

  bool referenceLikeRecord(const CXXRecordDecl *RD, unsigned Depth) {
    if (!RD || Depth > 8)
      return true;
    if (RD->isLambda())
      return !RD->isCapturelessLambda();
    for (const CXXMethodDecl *Method : RD->methods()) {
      // Only what callers can use: libstdc++'s string has a private
      // const `_M_data()` returning its buffer.
      if (!Method->isConst() || Method->isStatic() ||
          Method->getAccess() != AS_public)
        continue;
      OverloadedOperatorKind Op = Method->getOverloadedOperator();
      if (Op == OO_Arrow || (Op == OO_Star && Method->getNumParams() == 0))
        return true;
      QualType Result = Method->getReturnType();
      if (isMutableReference(Result) || isMutablePointer(Result))
        return true;
    }
    for (const CXXBaseSpecifier &Base : RD->bases()) {
      const CXXRecordDecl *BaseRD = Base.getType()->getAsCXXRecordDecl();
      if (!BaseRD || !BaseRD->getDefinition())
        return true;
      if (referenceLikeRecord(BaseRD->getDefinition(), Depth + 1))
        return true;
    }
    return false;
  }

  SequentialAwaitsCheck::State &S;
};

// An awaited operation: `co_await f(...)` or `co_await obj.f(...)` whose
// operand is a call that starts something.
struct Operation {
  const CoawaitExpr *Await = nullptr;
  const CallExpr *Call = nullptr;
  Access Operand;
  bool Ordering = false;
};
} // namespace

// Looks through what sits between an await and its statement without doing
// anything: conversions, temporaries, a copy or move of the result.
static const CoawaitExpr *asAwait(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Construct->getNumArgs() == 1 && Ctor &&
          Ctor->isCopyOrMoveConstructor()) {
        E = Construct->getArg(0);
        continue;
      }
    }
    break;
  }
  const auto *Await = llvm::dyn_cast_or_null<CoawaitExpr>(E);
  if (!Await || Await->isImplicit() || !Await->getOperand())
    return nullptr;
  return Await;
}

// Whether a prvalue of type \p T cannot be moved anywhere: its class has
// neither a usable move constructor nor a usable copy constructor.
static bool isImmovable(QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->isDependentContext())
    return false;
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyOrMoveConstructor() && !Ctor->isDeleted())
      return false;
  if (RD->needsImplicitMoveConstructor() &&
      !RD->defaultedMoveConstructorIsDeleted())
    return false;
  if (RD->needsImplicitCopyConstructor() &&
      !RD->defaultedCopyConstructorIsDeleted())
    return false;
  return true;
}

// Whether awaiting a \p T never suspends: it is an awaiter, or has a
// member operator co_await returning one, whose await_ready is constantly
// true (std::suspend_never, an awaiter over a result that is already
// there).
static bool neverSuspends(QualType T) {
  const CXXRecordDecl *RD = utils::recordForType(T);
  if (!RD)
    return false;
  if (utils::findMember(RD, "await_ready"))
    return utils::suspendBehavior(T) == utils::SuspendBehavior::Never;
  DeclarationName CoAwait =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Coawait);
  const auto *Method =
      llvm::dyn_cast_or_null<CXXMethodDecl>(utils::findMember(RD, CoAwait));
  if (!Method)
    return false;
  // Every overload has to agree (`&` and `&&` ones may differ).
  for (const NamedDecl *D : Method->getParent()->lookup(CoAwait)) {
    const auto *Other = llvm::dyn_cast<CXXMethodDecl>(D->getUnderlyingDecl());
    if (!Other || Other->getReturnType()->isDependentType() ||
        utils::suspendBehavior(Other->getReturnType()) !=
            utils::SuspendBehavior::Never)
      return false;
  }
  return true;
}

// The awaited call of \p Await, when it is one this check reasons about:
// a direct call, not already a combinator, not awaiting a task that exists
// already, with an operand whose effects are known.
static std::optional<Operation> operation(const CoawaitExpr &Await,
                                          Analysis &An) {
  if (Await.getKeywordLoc().isMacroID() || Await.containsErrors())
    return std::nullopt;
  const Expr *Operand = Await.getOperand()->IgnoreImplicit()->IgnoreParens();
  const auto *Call = llvm::dyn_cast<CallExpr>(Operand);
  if (!Call)
    return std::nullopt;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isCastLike(*Callee))
    return std::nullopt;
  if (Callee->getIdentifier() && isCombinatorName(Callee->getName()))
    return std::nullopt;
  const Expr *Object = nullptr;
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Call))
    Object = Member->getImplicitObjectArgument();
  else if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Call))
    if (Op->getNumArgs() > 0 && llvm::isa<CXXMethodDecl>(Callee))
      Object = Op->getArg(0);
  // `co_await task.when_ready()`, `co_await std::move(t).scheduleOn(ex)`:
  // the work was created earlier.
  if (Object && An.holdsAwaitables(Object->getType()))
    return std::nullopt;
  for (const Expr *Arg : Call->arguments())
    if (An.holdsAwaitables(Arg->getType()))
      return std::nullopt;

  // An operation that cannot be moved into a combinator (folly's
  // now_task, which must be awaited where it is created), or one that never
  // suspends, has nothing to gain from one.
  if (isImmovable(Call->getType()) || neverSuspends(Call->getType()))
    return std::nullopt;

  Operation Result;
  Result.Await = &Await;
  Result.Call = Call;
  An.collect(Call, Mode::Read, Result.Operand);
  if (Result.Operand.Opaque)
    return std::nullopt;
  Result.Ordering = An.isOrdering(*Call, Object);
  return Result;
}

namespace {
// A statement of a straight-line run: one await, whose result is dropped,
// initialises a variable, is assigned or is returned.
struct Member {
  Operation Op;
  Access Statement; // Including the operand.
  bool Returns = false;
  // Whether the await's result is kept: it initialises a variable, is
  // assigned or is returned. An await whose result is dropped is there for
  // its effects, which may well order what follows.
  bool Kept = false;
};
} // namespace

static std::optional<Member> member(const Stmt *St, Analysis &An) {
  const CoawaitExpr *Await = nullptr;
  Member Result;
  if (const auto *Decls = llvm::dyn_cast<DeclStmt>(St)) {
    if (!Decls->isSingleDecl())
      return std::nullopt;
    const auto *Var = llvm::dyn_cast<VarDecl>(Decls->getSingleDecl());
    if (!Var || !Var->getInit())
      return std::nullopt;
    Await = asAwait(Var->getInit());
    Result.Kept = true;
  } else if (const auto *Return = llvm::dyn_cast<CoreturnStmt>(St)) {
    Await = asAwait(Return->getOperand());
    Result.Returns = true;
    Result.Kept = true;
  } else if (const auto *E = llvm::dyn_cast<Expr>(St)) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = llvm::dyn_cast<CStyleCastExpr>(E);
        Cast && Cast->getType()->isVoidType())
      E = Cast->getSubExpr();
    if (const auto *Binary = llvm::dyn_cast<BinaryOperator>(E);
        Binary && Binary->isAssignmentOp()) {
      Await = asAwait(Binary->getRHS());
      Result.Kept = true;
    } else if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(E);
               Op && Op->isAssignmentOp() && Op->getNumArgs() == 2) {
      Await = asAwait(Op->getArg(1));
      Result.Kept = true;
    } else {
      Await = asAwait(E);
    }
  }
  if (!Await)
    return std::nullopt;
  std::optional<Operation> Op = operation(*Await, An);
  if (!Op)
    return std::nullopt;
  An.statement(St, Result.Statement, Await);
  if (Result.Statement.Opaque)
    return std::nullopt;
  Result.Statement.merge(Op->Operand);
  Result.Op = std::move(*Op);
  return Result;
}

// A statement between members of a run that does nothing but declare a
// variable from values at hand.
static bool isInert(const Stmt *St, Analysis &An, Access &A) {
  if (llvm::isa<NullStmt>(St))
    return true;
  const auto *Decls = llvm::dyn_cast<DeclStmt>(St);
  if (!Decls)
    return false;
  An.statement(Decls, A);
  if (A.Opaque || A.HasCall)
    return false;
  for (const Decl *D : A.Writes)
    if (!A.Declared.contains(D))
      return false;
  return !A.WritesThis && !A.WritesField;
}

namespace {
enum class Library { Unknown, Asio, BoostAsio, Folly };
} // namespace

static Library libraryOf(const Operation &Op) {
  auto FromName = [](StringRef Name) {
    if (Name.starts_with("boost::asio::"))
      return Library::BoostAsio;
    if (Name.starts_with("asio::"))
      return Library::Asio;
    if (Name.starts_with("folly::"))
      return Library::Folly;
    return Library::Unknown;
  };
  if (const CXXRecordDecl *RD = utils::recordForType(Op.Call->getType()))
    if (Library L = FromName(utils::plainQualifiedName(*RD));
        L != Library::Unknown)
      return L;
  if (const FunctionDecl *Callee = Op.Call->getDirectCallee())
    return FromName(utils::plainQualifiedName(*Callee));
  return Library::Unknown;
}

static std::string combinatorFor(Library L, bool Loop) {
  switch (L) {
  case Library::BoostAsio:
    return Loop ? "boost::asio::experimental::make_parallel_group"
                : "boost::asio::experimental::make_parallel_group or the "
                  "awaitable operator &&";
  case Library::Asio:
    return Loop ? "asio::experimental::make_parallel_group"
                : "asio::experimental::make_parallel_group or the awaitable "
                  "operator &&";
  case Library::Folly:
    return Loop ? "folly::coro::collectAllWindowed" : "folly::coro::collectAll";
  case Library::Unknown:
    break;
  }
  return Loop ? "a windowed when_all or a semaphore" : "when_all";
}

// What starts one task per element of an asynchronous stream, whose
// elements are not known up front, so no combinator can be handed them all.
static std::string spawnFor(Library L) {
  switch (L) {
  case Library::BoostAsio:
    return "boost::asio::co_spawn";
  case Library::Asio:
    return "asio::co_spawn";
  case Library::Folly:
    return "folly::coro::AsyncScope::add";
  case Library::Unknown:
    break;
  }
  return "an async scope";
}

namespace {
// Loops of a coroutine body and what their bodies hold, in one walk.
struct LoopInfo {
  const Stmt *Loop = nullptr;
  // Suspensions in the loop itself, outside nested loops.
  unsigned Direct = 0;
  // Suspensions inside nested loops.
  unsigned Nested = 0;
  const CoawaitExpr *Await = nullptr;
  // A break, return, co_return or goto anywhere in the body.
  bool Exits = false;
};

class BodyWalker : public RecursiveASTVisitor<BodyWalker> {
  using Base = RecursiveASTVisitor<BodyWalker>;

public:
  // A lambda is a coroutine of its own, analysed when it is matched.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseDecl(Decl *D) {
    // Local classes have their own member functions.
    if (llvm::isa_and_nonnull<CXXRecordDecl, FunctionDecl>(D))
      return true;
    return Base::TraverseDecl(D);
  }

  bool VisitCompoundStmt(CompoundStmt *S) {
    Compounds.push_back(S);
    return true;
  }

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    if (!TraverseStmt(S->getInit()) || !TraverseStmt(S->getRangeInit()))
      return false;
    enter(S);
    bool Result = TraverseStmt(S->getBody());
    leave();
    return Result;
  }
  bool TraverseForStmt(ForStmt *S) {
    if (!TraverseStmt(S->getInit()))
      return false;
    enter(S);
    bool Result = TraverseStmt(S->getCond()) && TraverseStmt(S->getInc()) &&
                  TraverseStmt(S->getBody());
    leave();
    return Result;
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    enter(S);
    bool Result = Base::TraverseWhileStmt(S);
    leave();
    return Result;
  }
  bool TraverseDoStmt(DoStmt *S) {
    enter(S);
    bool Result = Base::TraverseDoStmt(S);
    leave();
    return Result;
  }

  bool VisitCoroutineSuspendExpr(CoroutineSuspendExpr *E) {
    if (!Stack.empty()) {
      ++Stack.back().Direct;
      Stack.back().Await = llvm::dyn_cast<CoawaitExpr>(E);
    }
    return true;
  }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
    if (!Stack.empty())
      Stack.back().Direct += 2;
    return true;
  }
  bool VisitStmt(Stmt *S) {
    if (!Stack.empty() &&
        llvm::isa<BreakStmt, ReturnStmt, CoreturnStmt, GotoStmt,
                  IndirectGotoStmt>(S))
      Stack.back().Exits = true;
    return true;
  }

  std::vector<const CompoundStmt *> Compounds;
  std::vector<LoopInfo> Candidates;

private:
  void enter(const Stmt *Loop) {
    LoopInfo Info;
    Info.Loop = Loop;
    Stack.push_back(Info);
  }
  void leave() {
    LoopInfo Done = Stack.pop_back_val();
    if (!Stack.empty()) {
      Stack.back().Nested += Done.Direct + Done.Nested;
      Stack.back().Exits |= Done.Exits;
    }
    if (Done.Direct == 1 && Done.Nested == 0 && Done.Await && !Done.Exits &&
        llvm::isa<CXXForRangeStmt, ForStmt>(Done.Loop))
      Candidates.push_back(Done);
  }

  llvm::SmallVector<LoopInfo, 4> Stack;
};

class AwaitFinder : public RecursiveASTVisitor<AwaitFinder> {
public:
  explicit AwaitFinder(const CoawaitExpr *Target) : Target(Target) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    Found |= E == Target;
    return !Found;
  }
  const CoawaitExpr *Target;
  bool Found = false;
};
} // namespace

static bool contains(const Stmt *St, const CoawaitExpr *Await) {
  AwaitFinder Finder(Await);
  Finder.TraverseStmt(const_cast<Stmt *>(St));
  return Finder.Found;
}

SequentialAwaitsCheck::SequentialAwaitsCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      MinimumAwaits(Options.get("MinimumAwaits", 2U)),
      OrderingAwaitablesOption(tidy::utils::options::parseStringList(
          Options.get("OrderingAwaitables", ""))),
      IgnoreLoops(Options.get("IgnoreLoops", false)),
      CombinatorHint(Options.get("CombinatorHint", "").str()) {
  S.MinimumAwaits = std::max(MinimumAwaits, 2U);
  S.IgnoreLoops = IgnoreLoops;
  for (StringRef Pattern : OrderingAwaitablesOption) {
    Pattern = Pattern.trim();
    if (Pattern.empty())
      continue;
    llvm::Regex RE(Pattern);
    // An invalid regex is dropped rather than matching everything.
    std::string Error;
    if (RE.isValid(Error))
      S.OrderingPatterns.push_back(std::move(RE));
  }
}

void SequentialAwaitsCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MinimumAwaits", MinimumAwaits);
  Options.store(
      Opts, "OrderingAwaitables",
      tidy::utils::options::serializeStringList(OrderingAwaitablesOption));
  Options.store(Opts, "IgnoreLoops", IgnoreLoops);
  Options.store(Opts, "CombinatorHint", CombinatorHint);
}

// The local variable or parameter an object expression names: `x`, `*x`,
// `x->` through a pointer or a smart pointer.
static const VarDecl *namedObject(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E)) {
      const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl());
      return Var && Var->hasLocalStorage() ? Var : nullptr;
    }
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(E);
        Op && (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
        Op->getNumArgs() == 1) {
      E = Op->getArg(0);
      continue;
    }
    if (const auto *Unary = llvm::dyn_cast<UnaryOperator>(E);
        Unary && Unary->getOpcode() == UO_Deref) {
      E = Unary->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

// A loop over keys that an object hands out by value from a const member
// (`nodes->ids()`), whose await calls a member of the same object with the
// key (`nodes->refresh(id)`): the object, whose writes are then per key.
static const VarDecl *keyedObject(const CXXForRangeStmt &Loop,
                                  const CallExpr &Awaited) {
  const VarDecl *Element = Loop.getLoopVariable();
  const auto *Keys = llvm::dyn_cast_or_null<CXXMemberCallExpr>(
      Loop.getRangeInit() ? Loop.getRangeInit()->IgnoreImplicit() : nullptr);
  const auto *Call = llvm::dyn_cast<CXXMemberCallExpr>(&Awaited);
  if (!Element || !Keys || !Call || !Keys->isPRValue() ||
      Keys->getType()->isPointerType())
    return nullptr;
  const auto *Getter =
      llvm::dyn_cast_or_null<CXXMethodDecl>(Keys->getCalleeDecl());
  if (!Getter || !Getter->isConst())
    return nullptr;
  const VarDecl *Object = namedObject(Keys->getImplicitObjectArgument());
  if (!Object || Object != namedObject(Call->getImplicitObjectArgument()))
    return nullptr;
  for (const Expr *Arg : Call->arguments())
    if (const auto *Ref =
            llvm::dyn_cast<DeclRefExpr>(Arg->IgnoreImplicit()->IgnoreParens());
        Ref && Ref->getDecl() == Element)
      return Object;
  return nullptr;
}

// `for (auto &t : tasks) co_await t;` over lazy tasks that a loop before
// it made, one per element: each starts only when awaited. The operation
// that made them, when the loop is such a loop. Eager tasks are already
// running, and the loop only collects them.
static std::optional<Operation> lazyElementMaker(const CXXForRangeStmt &Loop,
                                                 const CoawaitExpr &Await,
                                                 const CoroutineBodyStmt &Body,
                                                 Analysis &An) {
  const VarDecl *Element = Loop.getLoopVariable();
  if (!Element || Await.getKeywordLoc().isMacroID() || Await.containsErrors() ||
      !Await.getOperand())
    return std::nullopt;
  // The operand is the element, or the element moved.
  const Expr *Operand = Await.getOperand()->IgnoreImplicit()->IgnoreParens();
  if (const auto *Call = llvm::dyn_cast<CallExpr>(Operand);
      Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
      isCastLike(*Call->getDirectCallee()))
    Operand = Call->getArg(0)->IgnoreImplicit()->IgnoreParens();
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(Operand);
  if (!Ref || Ref->getDecl() != Element)
    return std::nullopt;
  QualType TaskType = Element->getType().getNonReferenceType();
  if (TaskType->isDependentType() ||
      An.classifier().classify(TaskType) != utils::AwaitableKind::LazyTask)
    return std::nullopt;
  // The range is a local container that a loop filled.
  const auto *Range = llvm::dyn_cast_or_null<DeclRefExpr>(
      Loop.getRangeInit() ? Loop.getRangeInit()->IgnoreParenImpCasts()
                          : nullptr);
  const auto *Container =
      Range ? llvm::dyn_cast<VarDecl>(Range->getDecl()) : nullptr;
  if (!Container || !Body.getBody())
    return std::nullopt;
  const CallExpr *Maker =
      utils::taskMakerInLoop(*Container, *Body.getBody(), Loop, TaskType);
  if (!Maker)
    return std::nullopt;
  const Expr *Object = nullptr;
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Maker))
    Object = Member->getImplicitObjectArgument();
  Operation Result;
  Result.Await = &Await;
  Result.Call = Maker;
  Result.Ordering = An.isOrdering(*Maker, Object);
  if (Result.Ordering)
    return std::nullopt;
  return Result;
}

void SequentialAwaitsCheck::registerMatchers(MatchFinder *Finder) {
  // Coroutine bodies, of functions and lambdas alike: a few nodes, rather
  // than every function declaration of the unit.
  Finder->addMatcher(
      coroutineBodyStmt(unless(isExpansionInSystemHeader())).bind("body"),
      this);
}

void SequentialAwaitsCheck::onStartOfTranslationUnit() {
  S.Classifier.reset(nullptr);
  S.ReferenceLike.clear();
  Seen.clear();
  Reported.clear();
}

void SequentialAwaitsCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Body = Result.Nodes.getNodeAs<CoroutineBodyStmt>("body");
  const FunctionDecl *FD = Body ? utils::coroutineOf(*Body) : nullptr;
  // Uninstantiated templates say too little about types; their
  // instantiations are analysed instead.
  if (!FD || FD->isDependentContext() || FD->isInvalidDecl() ||
      !Seen.insert(FD).second)
    return;
  const CoroutineBodyStmt *Coroutine = utils::getCoroutineBody(*FD);
  if (!Coroutine || !Coroutine->getBody())
    return;
  S.Classifier.setContext(Result.Context);

  BodyWalker Walker;
  Walker.TraverseStmt(Coroutine->getBody());
  Analysis An(S);

  auto Hint = [&](const Operation &Op, bool Loop) {
    if (!CombinatorHint.empty())
      return CombinatorHint;
    return combinatorFor(libraryOf(Op), Loop);
  };

  auto Report = [&](llvm::ArrayRef<Member> Run) {
    SourceLocation Loc = Run.front().Op.Await->getKeywordLoc();
    if (Loc.isInvalid() || !Reported.insert(Loc).second)
      return;
    Library L = Library::Unknown;
    for (const Member &M : Run)
      if ((L = libraryOf(M.Op)) != Library::Unknown)
        break;
    std::string Combinator =
        CombinatorHint.empty() ? combinatorFor(L, false) : CombinatorHint;
    diag(Loc, "%0 independent co_await expressions run one after the other; "
              "start them together with %1")
        << static_cast<unsigned>(Run.size()) << Combinator
        << Run.front().Op.Await->getSourceRange();
    for (size_t I = 1; I < Run.size(); ++I)
      diag(Run[I].Op.Await->getKeywordLoc(),
           "independent co_await %0 of %1 is here", DiagnosticIDs::Note)
          << static_cast<unsigned>(I + 1) << static_cast<unsigned>(Run.size())
          << Run[I].Op.Await->getSourceRange();
  };

  for (const CompoundStmt *Compound : Walker.Compounds) {
    llvm::SmallVector<Member, 4> Run;
    Access RunAccess;
    auto Flush = [&] {
      if (Run.size() >= S.MinimumAwaits)
        Report(Run);
      Run.clear();
      RunAccess = Access();
    };
    for (const Stmt *St : Compound->body()) {
      std::optional<Member> M = member(St, An);
      if (!M) {
        Access Inert;
        if (isInert(St, An, Inert)) {
          // A declaration computed from a result joins the run, so that
          // awaits reading it depend on that result; one that does not
          // could as well come before the run.
          if (!Run.empty() && conflicts(RunAccess, Inert))
            RunAccess.merge(Inert);
          continue;
        }
        Flush();
        continue;
      }
      // Nothing after a sleep, a lock or a scheduling point is moved
      // across it, nor reported.
      if (M->Op.Ordering) {
        Flush();
        break;
      }
      // An await kept only for its effects (`co_await rebuild();`, an
      // executor hop, a send) is not a member, and what comes after it is
      // not moved before it.
      if (!M->Kept) {
        Flush();
        continue;
      }
      if (!Run.empty() && conflicts(RunAccess, M->Statement))
        Flush();
      RunAccess.merge(M->Statement);
      bool Returns = M->Returns;
      Run.push_back(std::move(*M));
      if (Returns)
        Flush();
    }
    Flush();
  }

  if (S.IgnoreLoops)
    return;
  for (const LoopInfo &Info : Walker.Candidates) {
    const Stmt *Body = nullptr;
    Access Header; // What decides how long the loop runs.
    // What changes from one iteration to the next, and what each
    // iteration has for itself: the element of a range-for (distinct
    // elements are assumed not to alias) and the body's own variables, but
    // not the index of a for loop.
    DeclSet Iteration;
    DeclSet Writable;
    if (const auto *RangeFor = llvm::dyn_cast<CXXForRangeStmt>(Info.Loop)) {
      Body = RangeFor->getBody();
      const VarDecl *Var = RangeFor->getLoopVariable();
      if (!Var)
        continue;
      Iteration.insert(Var);
      if (const auto *Decomposition = llvm::dyn_cast<DecompositionDecl>(Var))
        for (const BindingDecl *Binding : Decomposition->bindings())
          Iteration.insert(Binding);
      Writable = Iteration;
      An.collect(RangeFor->getRangeInit(), Mode::Read, Header);
    } else {
      const auto *For = llvm::cast<ForStmt>(Info.Loop);
      Body = For->getBody();
      if (!For->getInc() || !For->getCond() || For->getConditionVariable())
        continue;
      Access Inc;
      An.collect(For->getInc(), Mode::Read, Inc);
      if (Inc.Opaque || Inc.Writes.empty() || Inc.WritesThis ||
          Inc.WritesField)
        continue;
      for (const Decl *D : Inc.Writes)
        Iteration.insert(D);
      An.collect(For->getCond(), Mode::Read, Header);
      if (!Header.Writes.empty() || Header.WritesThis || Header.WritesField)
        continue;
      Header.merge(Inc);
    }
    if (!Body || Header.Opaque)
      continue;
    const CoawaitExpr *Await = Info.Await;
    if (const auto *RangeFor = llvm::dyn_cast<CXXForRangeStmt>(Info.Loop);
        RangeFor && RangeFor->getCoawaitLoc().isInvalid()) {
      if (std::optional<Operation> Maker =
              lazyElementMaker(*RangeFor, *Await, *Coroutine, An)) {
        SourceLocation Loc = Await->getKeywordLoc();
        if (Loc.isValid() && Reported.insert(Loc).second)
          diag(Loc, "co_await in a loop starts each lazy task only when it "
                    "is awaited, so the tasks made earlier run one after "
                    "the other; run them concurrently with %0, with a bound "
                    "on how many are in flight")
              << Hint(*Maker, true) << Await->getSourceRange();
        continue;
      }
    }
    std::optional<Operation> Op = operation(*Await, An);
    if (!Op || Op->Ordering)
      continue;
    // The await is a statement of the body, not nested in one.
    llvm::ArrayRef<Stmt *> Statements;
    Stmt *Single = const_cast<Stmt *>(Body);
    if (const auto *Compound = llvm::dyn_cast<CompoundStmt>(Body))
      Statements = {Compound->body_begin(), Compound->body_end()};
    else
      Statements = llvm::ArrayRef<Stmt *>(Single);
    Access BodyAccess;
    // The iteration's variables and those computed from them.
    DeclSet Varying = Iteration;
    bool Direct = false;
    for (const Stmt *St : Statements) {
      if (!Direct && contains(St, Await)) {
        if (!llvm::isa<Expr, DeclStmt>(St))
          break;
        Direct = true;
      }
      Access Statement;
      An.statement(St, Statement, Await);
      if (llvm::isa<DeclStmt>(St) && intersects(Statement.Reads, Varying))
        Varying.insert(Statement.Declared.begin(), Statement.Declared.end());
      BodyAccess.merge(Statement);
    }
    if (!Direct || BodyAccess.Opaque)
      continue;
    // The operand has to change with the iteration.
    if (!intersects(Op->Operand.Reads, Varying))
      continue;
    // Per-iteration state may be written freely; anything else the
    // operand writes, or reads after the body wrote it, carries from one
    // iteration to the next.
    Writable.insert(BodyAccess.Declared.begin(), BodyAccess.Declared.end());
    // `for (auto id : nodes->ids()) co_await nodes->refresh(id);`: the
    // keys are a copy the loop owns, and each iteration works on the
    // object's own entry for its key.
    if (const auto *RangeFor = llvm::dyn_cast<CXXForRangeStmt>(Info.Loop))
      if (const VarDecl *Keyed = keyedObject(*RangeFor, *Op->Call))
        Writable.insert(Keyed);
    const Access &Operand = Op->Operand;
    bool Carried =
        llvm::any_of(Operand.Writes,
                     [&](const Decl *D) { return !Writable.contains(D); }) ||
        intersectsExcept(BodyAccess.Writes, Operand.Reads, Writable) ||
        Operand.WritesThis || Operand.WritesField ||
        thisConflicts(BodyAccess, Operand) ||
        intersectsExcept(BodyAccess.Writes, Header.Reads, Writable) ||
        thisConflicts(BodyAccess, Header);
    if (Carried)
      continue;
    SourceLocation Loc = Await->getKeywordLoc();
    if (Loc.isInvalid() || !Reported.insert(Loc).second)
      continue;
    // `for co_await` takes the next element only when the body is done, so
    // one slow operation holds up the whole stream (an accept loop, say).
    if (const auto *RangeFor = llvm::dyn_cast<CXXForRangeStmt>(Info.Loop);
        RangeFor && RangeFor->getCoawaitLoc().isValid()) {
      diag(Loc, "co_await in a 'for co_await' loop holds up the stream: the "
                "next element is taken only after this operation finished; "
                "start a task per element with %0, with a bound on how many "
                "are in flight")
          << spawnFor(libraryOf(*Op)) << Await->getSourceRange();
      continue;
    }
    diag(Loc, "co_await in a loop runs one independent operation per "
              "iteration, each after the previous one finished; run them "
              "concurrently with %0, with a bound on how many are in flight")
        << Hint(*Op, true) << Await->getSourceRange();
  }
}

} // namespace clang::tidy::async
