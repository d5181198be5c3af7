//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/NonBlockingIO.h"
#include "utils/AsyncTypes.h"
#include "utils/EvaluatedCodeVisitor.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include <algorithm>

namespace clang::tidy::async::utils {

namespace {

enum class DescriptorOp {
  None,
  // A C or POSIX call on the descriptor in its first argument.
  C,
  // A member of a socket-like object (Asio's read_some, receive, accept...).
  // Not `wait`: a synchronous wait for readiness blocks on any descriptor.
  Member,
  // A free function over a socket-like object that transfers until done
  // (Asio's read, write, connect): a readiness notification is no promise
  // that it completes at once.
  Composed,
};

} // namespace

static bool isExternCFunction(const FunctionDecl &FD) {
  return FD.isExternC() || FD.isInExternCContext();
}

static DescriptorOp descriptorOp(const FunctionDecl &Callee) {
  if (!Callee.getIdentifier())
    return DescriptorOp::None;
  llvm::StringRef Name = Callee.getName();
  static constexpr llvm::StringLiteral CCalls[] = {
      "read",   "write",   "readv",   "writev", "recv",    "send",   "recvfrom",
      "sendto", "recvmsg", "sendmsg", "accept", "accept4", "connect"};
  static constexpr llvm::StringLiteral Transfers[] = {
      "read_some",  "write_some", "receive", "receive_from", "send",
      "send_to",    "accept",     "connect", "read",         "write",
      "read_until", "read_at",    "write_at"};
  if (isExternCFunction(Callee))
    return llvm::is_contained(CCalls, Name) ? DescriptorOp::C
                                            : DescriptorOp::None;
  if (!llvm::is_contained(Transfers, Name))
    return DescriptorOp::None;
  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&Callee);
  if (Method && !Method->isStatic())
    return DescriptorOp::Member;
  return DescriptorOp::Composed;
}

static const Expr *ignoreWrappers(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = llvm::dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    else if (const auto *Temp = llvm::dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temp->getSubExpr();
    else if (const auto *Bind = llvm::dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    else if (const auto *Cast = llvm::dyn_cast<ExplicitCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() > 0)
      // `net::socket{::socket(...)}`, `unique_fd(fd)`, a copy or a move.
      E = Construct->getArg(0);
    else if (const auto *Init = llvm::dyn_cast<InitListExpr>(E);
             Init && Init->getNumInits() == 1)
      E = Init->getInit(0);
    else if (const auto *Call = llvm::dyn_cast<CallExpr>(E);
             Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
             Call->getDirectCallee()->isInStdNamespace() &&
             Call->getDirectCallee()->getIdentifier() &&
             llvm::is_contained({"move", "forward", "ref"},
                                Call->getDirectCallee()->getName()))
      E = Call->getArg(0);
    else
      return E;
  }
  return E;
}

/// The declaration a descriptor expression is reached through.
static NonBlockingIO::Key rootOf(const Expr *E) {
  while (E) {
    E = ignoreWrappers(E);
    if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(E)) {
      // Accessors: `sock.native_handle()`, `obj.socket()`, `fd_.get()`.
      if (Member->getNumArgs() != 0)
        return nullptr;
      E = Member->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(E)) {
      if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
          Op->getNumArgs() == 1) {
        E = Op->getArg(0);
        continue;
      }
      return nullptr;
    }
    if (const auto *Unary = llvm::dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() != UO_Deref && Unary->getOpcode() != UO_AddrOf)
        return nullptr;
      E = Unary->getSubExpr();
      continue;
    }
    if (const auto *Member = llvm::dyn_cast<MemberExpr>(E)) {
      const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
      if (llvm::isa<CXXThisExpr>(Base))
        return llvm::dyn_cast<FieldDecl>(Member->getMemberDecl());
      E = Base;
      continue;
    }
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E))
      return llvm::dyn_cast<VarDecl>(Ref->getDecl());
    return nullptr;
  }
  return nullptr;
}

static const Expr *argumentFor(const Expr &Site, unsigned Index) {
  if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(&Site))
    return Index < Construct->getNumArgs() ? Construct->getArg(Index) : nullptr;
  const auto *Call = llvm::dyn_cast<CallExpr>(&Site);
  if (!Call)
    return nullptr;
  // A member operator's object is its first argument.
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Call))
    if (llvm::isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
      ++Index;
  return Index < Call->getNumArgs() ? Call->getArg(Index) : nullptr;
}

static const Expr *objectOf(const Expr &Site) {
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Site))
    return Member->getImplicitObjectArgument();
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Site))
    if (llvm::isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()) &&
        Op->getNumArgs() > 0)
      return Op->getArg(0);
  return nullptr;
}

/// A descriptor of \p Callee (a parameter, or a field of its `*this`) as
/// the caller at \p Site names it; null when the caller has no name for it.
static NonBlockingIO::Key mapToCaller(NonBlockingIO::Key K,
                                      const FunctionDecl &Callee,
                                      const Expr &Site) {
  if (const auto *Param = llvm::dyn_cast<ParmVarDecl>(K)) {
    for (unsigned I = 0; I < Callee.getNumParams(); ++I)
      if (Callee.getParamDecl(I) == Param)
        return rootOf(argumentFor(Site, I));
    return nullptr;
  }
  if (llvm::isa<FieldDecl>(K)) {
    const Expr *Object = objectOf(Site);
    if (!Object)
      return nullptr;
    if (llvm::isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
      return K;
    return rootOf(Object);
  }
  return nullptr;
}

namespace {

/// How an expression names a constant: plainly, or under `~` (clearing a
/// flag: `flags & ~O_NONBLOCK`).
struct Mention {
  bool Plain = false;
  bool Negated = false;
  bool any() const { return Plain || Negated; }
};

class ConstantFinder {
public:
  using Predicate = bool (*)(llvm::StringRef);
  ConstantFinder(const ASTContext &Ctx, Predicate IsWanted)
      : SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), IsWanted(IsWanted) {}

  Mention find(const Expr *E) {
    Mention M;
    if (E)
      visit(E, false, M);
    return M;
  }

private:
  bool spelledByMacro(SourceLocation Loc) {
    // Walk out through every macro the token came from: EWOULDBLOCK is
    // EAGAIN is 11.
    for (unsigned Guard = 0; Loc.isMacroID() && Guard < 16; ++Guard) {
      if (IsWanted(Lexer::getImmediateMacroName(Loc, SM, LO)))
        return true;
      Loc = SM.getImmediateMacroCallerLoc(Loc);
    }
    return false;
  }

  void visit(const Stmt *S, bool UnderNot, Mention &M) {
    if (!S)
      return;
    if (const auto *Unary = llvm::dyn_cast<UnaryOperator>(S);
        Unary && Unary->getOpcode() == UO_Not)
      UnderNot = !UnderNot;
    bool Hit = false;
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(S))
      Hit = Ref->getDecl()->getIdentifier() &&
            IsWanted(Ref->getDecl()->getName());
    if (!Hit && (llvm::isa<IntegerLiteral>(S) || llvm::isa<DeclRefExpr>(S)))
      Hit = spelledByMacro(S->getBeginLoc());
    if (Hit) {
      (UnderNot ? M.Negated : M.Plain) = true;
      return;
    }
    for (const Stmt *Child : S->children())
      visit(Child, UnderNot, M);
  }

  const SourceManager &SM;
  const LangOptions &LO;
  Predicate IsWanted;
};

} // namespace

static bool isNonBlockingFlag(llvm::StringRef Name) {
  // O_NONBLOCK, SOCK_NONBLOCK, EFD_NONBLOCK, TFD_NONBLOCK, SFD_NONBLOCK,
  // IN_NONBLOCK: every POSIX and Linux spelling of the same flag.
  return Name.ends_with("_NONBLOCK");
}

static bool isWouldBlock(llvm::StringRef Name) {
  return llvm::is_contained(
      {"EAGAIN", "EWOULDBLOCK", "EINPROGRESS",
       // Asio's error::basic_errors, std::errc.
       "would_block", "try_again", "in_progress", "operation_would_block",
       "resource_unavailable_try_again", "operation_in_progress"},
      Name);
}

static bool isCalled(const CallExpr &Call, llvm::StringRef Name) {
  const FunctionDecl *FD = Call.getDirectCallee();
  return FD && FD->getIdentifier() && FD->getName() == Name &&
         isExternCFunction(*FD);
}

/// `co_await sched.poll(fd, ...)`, `co_await s.async_wait(wait_read, tok)`:
/// an asynchronous wait for a descriptor to be ready, which returns
/// something to co_await, and is named for polling or waits for reading or
/// writing.
static bool isReadinessWait(const CallExpr &Call,
                            llvm::function_ref<bool(QualType)> IsAwaitable) {
  const FunctionDecl *FD = Call.getDirectCallee();
  if (!FD || !FD->getIdentifier() || isExternCFunction(*FD) ||
      !IsAwaitable(Call.getType()))
    return false;
  std::string Name = FD->getName().lower();
  if (llvm::StringRef(Name).contains("poll"))
    return true;
  if (!llvm::StringRef(Name).contains("wait"))
    return false;
  for (const Expr *Arg : Call.arguments())
    if (const auto *Ref =
            llvm::dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts()))
      if (const auto *Enumerator =
              llvm::dyn_cast<EnumConstantDecl>(Ref->getDecl())) {
        std::string E = Enumerator->getName().lower();
        if (llvm::StringRef(E).contains("read") ||
            llvm::StringRef(E).contains("write"))
          return true;
      }
  return false;
}

namespace {

struct Assignment {
  NonBlockingIO::Key Target = nullptr;
  // Or the function whose result this is.
  const FunctionDecl *Returner = nullptr;
  const Expr *Value = nullptr;
};

struct Site {
  const FunctionDecl *Caller;
  const Expr *Call;
  const FunctionDecl *Callee;
};

// What one function body shows. Lambdas are bodies of their own.
class BodyScanner : public EvaluatedCodeVisitor<BodyScanner> {
public:
  BodyScanner(const FunctionDecl &FD, std::vector<Assignment> &Assignments,
              std::vector<Site> &Sites)
      : FD(FD), Assignments(Assignments), Sites(Sites) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool VisitVarDecl(VarDecl *VD) {
    if (VD->hasInit() && !llvm::isa<ParmVarDecl>(VD))
      Assignments.push_back({VD, nullptr, VD->getInit()});
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp()) {
      if (NonBlockingIO::Key K = rootOf(Op->getLHS()))
        Assignments.push_back({K, nullptr, Op->getRHS()});
    } else if (Op->isEqualityOp()) {
      Comparisons.push_back(Op);
    }
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getNumArgs() == 2 && (Op->getOperator() == OO_Equal) &&
        rootOf(Op->getArg(0)))
      Assignments.push_back({rootOf(Op->getArg(0)), nullptr, Op->getArg(1)});
    if (Op->getOperator() == OO_EqualEqual ||
        Op->getOperator() == OO_ExclaimEqual)
      Comparisons.push_back(Op);
    return true;
  }
  bool VisitCaseStmt(CaseStmt *Case) {
    Comparisons.push_back(Case->getLHS());
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *Return) {
    if (Return->getRetValue())
      Assignments.push_back({nullptr, &FD, Return->getRetValue()});
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    Calls.push_back(Call);
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (const FunctionDecl *Def = Callee->getDefinition())
        Sites.push_back({&FD, Call, Def});
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (const CXXConstructorDecl *Ctor = Construct->getConstructor())
      if (const FunctionDecl *Def = Ctor->getDefinition())
        Sites.push_back({&FD, Construct, Def});
    return true;
  }

  const FunctionDecl &FD;
  std::vector<Assignment> &Assignments;
  std::vector<Site> &Sites;
  std::vector<const CallExpr *> Calls;
  std::vector<const Stmt *> Comparisons;
};

} // namespace

void NonBlockingIO::clear() {
  Ctx = nullptr;
  Pending.clear();
  IsAwaitable = nullptr;
  NonBlocking.clear();
  Blocking.clear();
  Datagram.clear();
  Polled.clear();
  WouldBlockHandled.clear();
}

void NonBlockingIO::analyze(llvm::ArrayRef<const FunctionDecl *> Functions,
                            std::function<bool(QualType)> NewIsAwaitable) {
  Pending.assign(Functions.begin(), Functions.end());
  IsAwaitable = std::move(NewIsAwaitable);
}

void NonBlockingIO::learn() const {
  if (!this->Ctx || Pending.empty())
    return;
  std::vector<const FunctionDecl *> Functions;
  Functions.swap(Pending);
  ASTContext &Ctx = *this->Ctx;
  const SourceManager &SM = Ctx.getSourceManager();
  ConstantFinder NonBlockFlags(Ctx, isNonBlockingFlag);
  ConstantFinder DatagramFlags(
      Ctx, [](llvm::StringRef Name) { return Name == "SOCK_DGRAM"; });
  ConstantFinder WouldBlock(Ctx, isWouldBlock);
  ConstantFinder SetFlags(
      Ctx, [](llvm::StringRef Name) { return Name == "F_SETFL"; });
  ConstantFinder NonBlockIoctl(
      Ctx, [](llvm::StringRef Name) { return Name == "FIONBIO"; });

  std::vector<Assignment> Assignments;
  std::vector<Site> Sites;
  llvm::DenseSet<const FunctionDecl *> ReturnsNonBlocking, ReturnsDatagram;
  // Calls that create a descriptor with a flag: `socket(AF_INET,
  // SOCK_STREAM | SOCK_NONBLOCK, 0)`, `accept4(..., SOCK_NONBLOCK)`,
  // `eventfd(0, EFD_NONBLOCK)`, `open(path, O_RDONLY | O_NONBLOCK)`.
  llvm::DenseSet<const Expr *> CreatesNonBlocking, CreatesDatagram;

  auto AddFact = [&](llvm::DenseSet<Key> &Set, Key K) {
    if (K)
      Set.insert(K);
  };

  for (const FunctionDecl *FD : Functions) {
    BodyScanner Scanner(*FD, Assignments, Sites);
    const Stmt *Body = FD->getBody();
    if (const CoroutineBodyStmt *Coro = getCoroutineBody(*FD))
      Body = Coro->getBody();
    if (const auto *Ctor = llvm::dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten()) {
          Scanner.TraverseStmt(Init->getInit());
          if (FieldDecl *Field = Init->getMember())
            Assignments.push_back({Field, nullptr, Init->getInit()});
        }
    Scanner.TraverseStmt(const_cast<Stmt *>(Body));

    // The flags a variable is given: `int flags = fcntl(fd, F_GETFL);
    // flags |= O_NONBLOCK; fcntl(fd, F_SETFL, flags);`.
    auto FlagsOf = [&](const Expr *Value) {
      Mention M = NonBlockFlags.find(Value);
      if (const auto *Ref =
              llvm::dyn_cast<DeclRefExpr>(Value->IgnoreParenImpCasts()))
        for (const Assignment &A : Assignments)
          if (A.Target == Ref->getDecl() && A.Value) {
            Mention Given = NonBlockFlags.find(A.Value);
            M.Plain |= Given.Plain;
            M.Negated |= Given.Negated;
          }
      return M;
    };

    std::vector<std::pair<unsigned, const Expr *>> IO;
    for (const CallExpr *Call : Scanner.Calls) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee || !Callee->getIdentifier())
        continue;
      if (isCalled(*Call, "fcntl") && Call->getNumArgs() >= 3 &&
          SetFlags.find(Call->getArg(1)).any()) {
        Mention M = FlagsOf(Call->getArg(2));
        // `block ? flags & ~O_NONBLOCK : flags | O_NONBLOCK` says neither.
        if (M.Plain != M.Negated)
          AddFact(M.Plain ? NonBlocking : Blocking, rootOf(Call->getArg(0)));
      } else if (isCalled(*Call, "ioctl") && Call->getNumArgs() >= 3 &&
                 NonBlockIoctl.find(Call->getArg(1)).any()) {
        AddFact(NonBlocking, rootOf(Call->getArg(0)));
      } else if (isExternCFunction(*Callee) && !isCalled(*Call, "fcntl")) {
        for (const Expr *Arg : Call->arguments()) {
          if (NonBlockFlags.find(Arg).Plain)
            CreatesNonBlocking.insert(Call);
          if (Callee->getName().starts_with("socket") &&
              DatagramFlags.find(Arg).Plain)
            CreatesDatagram.insert(Call);
        }
      } else if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Call);
                 Member && Callee->getName() == "non_blocking" &&
                 Call->getNumArgs() >= 1) {
        // Asio: `socket.non_blocking(true)`.
        if (const auto *Value = llvm::dyn_cast<CXXBoolLiteralExpr>(
                Call->getArg(0)->IgnoreParenImpCasts()))
          AddFact(Value->getValue() ? NonBlocking : Blocking,
                  rootOf(Member->getImplicitObjectArgument()));
      }

      if (isReadinessWait(*Call, IsAwaitable)) {
        if (const Expr *Object = objectOf(*Call))
          AddFact(Polled, rootOf(Object));
        for (const Expr *Arg : Call->arguments())
          AddFact(Polled, rootOf(Arg));
      }
      if (descriptorOp(*Callee) != DescriptorOp::None)
        IO.emplace_back(
            SM.getFileOffset(SM.getExpansionLoc(Call->getBeginLoc())), Call);
    }

    // A comparison with EAGAIN or would_block handles the would-block
    // outcome of the descriptor call that precedes it: the code expects the
    // descriptor to be non-blocking.
    if (IO.empty())
      continue;
    std::sort(IO.begin(), IO.end(),
              [](const auto &A, const auto &B) { return A.first < B.first; });
    FileID File =
        SM.getFileID(SM.getExpansionLoc(IO.front().second->getBeginLoc()));
    for (const Stmt *Comparison : Scanner.Comparisons) {
      const auto *E = llvm::dyn_cast_or_null<Expr>(Comparison);
      if (!E || !WouldBlock.find(E).Plain)
        continue;
      SourceLocation Loc = SM.getExpansionLoc(E->getBeginLoc());
      if (SM.getFileID(Loc) != File)
        continue;
      unsigned Offset = SM.getFileOffset(Loc);
      auto It = llvm::lower_bound(
          IO, Offset, [](const auto &A, unsigned O) { return A.first < O; });
      if (It != IO.begin())
        WouldBlockHandled.insert(std::prev(It)->second);
    }
  }

  // Facts flow along assignments and returns, and from a helper that sets
  // its parameter or its object's field non-blocking to its callers, until
  // nothing changes.
  auto Holds = [&](const Expr *Value, const llvm::DenseSet<Key> &Set,
                   const llvm::DenseSet<const FunctionDecl *> &Returns,
                   const llvm::DenseSet<const Expr *> &Creates) {
    const Expr *E = ignoreWrappers(Value);
    if (Creates.contains(E))
      return true;
    if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        if (const FunctionDecl *Def = Callee->getDefinition();
            Def && Returns.contains(Def))
          return true;
    Key K = rootOf(E);
    return K && Set.contains(K);
  };
  auto Propagate = [&](llvm::DenseSet<Key> &Set) {
    bool Changed = false;
    if (Set.empty())
      return false;
    for (const Site &S : Sites) {
      for (const ParmVarDecl *Param : S.Callee->parameters())
        if (Set.contains(Param))
          if (Key K = mapToCaller(Param, *S.Callee, *S.Call))
            Changed |= Set.insert(K).second;
      const auto *Method = llvm::dyn_cast<CXXMethodDecl>(S.Callee);
      if (!Method || Method->isStatic())
        continue;
      llvm::SmallVector<Key, 4> Fields;
      for (Key K : Set)
        if (const auto *Field = llvm::dyn_cast<FieldDecl>(K);
            Field && Field->getParent() == Method->getParent())
          Fields.push_back(K);
      for (Key Field : Fields)
        if (Key K = mapToCaller(Field, *S.Callee, *S.Call))
          Changed |= Set.insert(K).second;
    }
    return Changed;
  };
  for (unsigned Round = 0; Round < 8; ++Round) {
    bool Changed = false;
    for (const Assignment &A : Assignments) {
      if (!A.Value)
        continue;
      if (Holds(A.Value, NonBlocking, ReturnsNonBlocking, CreatesNonBlocking))
        Changed |= A.Target ? NonBlocking.insert(A.Target).second
                            : ReturnsNonBlocking.insert(A.Returner).second;
      if (Holds(A.Value, Datagram, ReturnsDatagram, CreatesDatagram))
        Changed |= A.Target ? Datagram.insert(A.Target).second
                            : ReturnsDatagram.insert(A.Returner).second;
    }
    Changed |= Propagate(NonBlocking);
    Changed |= Propagate(Blocking);
    Changed |= Propagate(Polled);
    if (!Changed)
      break;
  }
}

static const Expr *descriptorOf(const Expr &Call, DescriptorOp Op) {
  if (Op == DescriptorOp::Member)
    return objectOf(Call);
  return argumentFor(Call, 0);
}

bool NonBlockingIO::cannotBlock(const Expr &Call,
                                const FunctionDecl &Callee) const {
  DescriptorOp Op = descriptorOp(Callee);
  if (Op == DescriptorOp::None)
    return false;
  if (!Ctx)
    return false;
  learn();
  if (WouldBlockHandled.contains(&Call))
    return true;
  const auto *AsCall = llvm::dyn_cast<CallExpr>(&Call);
  llvm::StringRef Name = Callee.getName();
  // MSG_DONTWAIT makes this one call non-blocking.
  if (Op == DescriptorOp::C && AsCall) {
    unsigned FlagsIndex = ~0U;
    if (llvm::is_contained({"recv", "send", "recvfrom", "sendto"}, Name))
      FlagsIndex = 3;
    else if (Name == "recvmsg" || Name == "sendmsg")
      FlagsIndex = 2;
    if (FlagsIndex < AsCall->getNumArgs()) {
      ConstantFinder DontWait(
          *Ctx, [](llvm::StringRef Name) { return Name == "MSG_DONTWAIT"; });
      if (DontWait.find(AsCall->getArg(FlagsIndex)).Plain)
        return true;
    }
  }
  // Connecting a datagram socket only records its peer.
  if (Name == "connect" && Op == DescriptorOp::Member && objectOf(Call)) {
    QualType T = objectOf(Call)->IgnoreParenImpCasts()->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    if (const CXXRecordDecl *RD = recordForType(T))
      if (RD->getIdentifier() && RD->getName() == "basic_datagram_socket")
        return true;
  }
  Key K = rootOf(descriptorOf(Call, Op));
  if (!K || Blocking.contains(K))
    return false;
  if (Name == "connect" && Datagram.contains(K))
    return true;
  if (NonBlocking.contains(K))
    return true;
  // A descriptor awaited for readiness is driven by an event loop; a
  // composed transfer may still wait for more than one readiness.
  return Op != DescriptorOp::Composed && Polled.contains(K);
}

} // namespace clang::tidy::async::utils
