//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LockAcrossSuspensionCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "utils/AsyncTypes.h"
#include "utils/NameMatcher.h"
#include "utils/StmtWalk.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include <map>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

LockAcrossSuspensionCheck::LockAcrossSuspensionCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      LockTypesOption(
          tidy::utils::options::parseStringList(Options.get("LockTypes", ""))),
      AllowedLockTypesOption(tidy::utils::options::parseStringList(
          Options.get("AllowedLockTypes", ""))) {
  Locks.configure(utils::compilePatterns(LockTypesOption),
                  utils::compilePatterns(AllowedLockTypesOption));
}

void LockAcrossSuspensionCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LockTypes",
                tidy::utils::options::serializeStringList(LockTypesOption));
  Options.store(
      Opts, "AllowedLockTypes",
      tidy::utils::options::serializeStringList(AllowedLockTypesOption));
}

void LockAcrossSuspensionCheck::registerMatchers(MatchFinder *Finder) {
  // Only coroutines can hold a lock across a suspension: match their bodies,
  // a few nodes, rather than every function declaration of the unit.
  Finder->addMatcher(
      coroutineBodyStmt(unless(isExpansionInSystemHeader())).bind("body"),
      this);
}

void LockAcrossSuspensionCheck::onStartOfTranslationUnit() { Reported.clear(); }

void LockAcrossSuspensionCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Body = Result.Nodes.getNodeAs<CoroutineBodyStmt>("body"))
    if (const FunctionDecl *FD = utils::coroutineOf(*Body))
      analyse(*FD, *Result.Context);
}

namespace {

// What a lock is held by, for the diagnostic.
struct Site {
  SourceLocation Loc;
  // The guard variable, empty for a manual lock.
  std::string Holder;
  std::string Mutex;
};

// Resources and acquisition sites of one coroutine body, numbered.
class LockEvents {
public:
  LockEvents(utils::LockRecognizer &Locks, ASTContext &Ctx)
      : Locks(Locks), Ctx(Ctx) {}

  void element(const CFGElement &Element,
               llvm::SmallVectorImpl<utils::FlowEvent> &Out);
  void edge(const Expr &Condition, bool TrueEdge,
            llvm::SmallVectorImpl<utils::FlowEvent> &Out);
  const Site &site(unsigned Id) const { return Sites[Id]; }
  /// Records the guard variables of \p Graph and what they lock.
  void collectGuards(const CFG &Graph) {
    llvm::SmallVector<utils::FlowEvent, 4> Ignored;
    for (const CFGBlock *Block : Graph)
      if (Block)
        for (const CFGElement &Element : *Block)
          if (std::optional<CFGStmt> S = Element.getAs<CFGStmt>())
            if (const auto *DS = llvm::dyn_cast<DeclStmt>(S->getStmt()))
              for (const Decl *D : DS->decls())
                if (const auto *VD = llvm::dyn_cast<VarDecl>(D))
                  declaration(*VD, Ignored);
  }

private:
  std::optional<unsigned> keyOf(const Expr *E);
  unsigned keyOfVar(const VarDecl *VD) {
    return keyFor({static_cast<const void *>(VD)});
  }
  unsigned keyFor(std::vector<const void *> Path) {
    auto [It, Inserted] = Keys.try_emplace(std::move(Path), Keys.size());
    return It->second;
  }
  unsigned siteFor(const void *Where, unsigned Part, Site S) {
    auto [It, Inserted] =
        SiteIds.try_emplace(std::make_pair(Where, Part), Sites.size());
    if (Inserted)
      Sites.push_back(std::move(S));
    return It->second;
  }
  std::string text(const Expr *E) const;
  void declaration(const VarDecl &VD,
                   llvm::SmallVectorImpl<utils::FlowEvent> &Out);
  void memberCall(const CXXMemberCallExpr &Call,
                  llvm::SmallVectorImpl<utils::FlowEvent> &Out);
  void call(const CallExpr &Call, llvm::SmallVectorImpl<utils::FlowEvent> &Out);
  void handedOff(const FunctionDecl &Callee, const Expr *const *Args,
                 unsigned NumArgs,
                 llvm::SmallVectorImpl<utils::FlowEvent> &Out);
  // A lock taken on \p Object (a mutex, or a deferred guard) at \p Where.
  unsigned manualSite(const Expr *Object, const Stmt *Where, unsigned Part);

  utils::LockRecognizer &Locks;
  ASTContext &Ctx;
  std::map<std::vector<const void *>, unsigned> Keys;
  std::map<std::pair<const void *, unsigned>, unsigned> SiteIds;
  std::vector<Site> Sites;
  // Guard variables and the text of what they lock.
  llvm::DenseMap<const VarDecl *, std::string> GuardMutex;
  // Guards constructed with try_to_lock or a timeout.
  llvm::DenseSet<const VarDecl *> TryGuards;
};

} // namespace

// A mutex or guard named by variables and members only: `m`, `this->m`,
// `obj.m`, `*p`, `&m`.
std::optional<unsigned> LockEvents::keyOf(const Expr *E) {
  std::vector<const void *> Path;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = llvm::dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() != UO_AddrOf && U->getOpcode() != UO_Deref)
        return std::nullopt;
      E = U->getSubExpr();
      continue;
    }
    if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD)
        return std::nullopt;
      Path.push_back(VD);
      break;
    }
    if (const auto *ME = llvm::dyn_cast<MemberExpr>(E)) {
      if (!llvm::isa<FieldDecl, VarDecl>(ME->getMemberDecl()))
        return std::nullopt;
      Path.push_back(ME->getMemberDecl());
      E = ME->getBase();
      continue;
    }
    if (llvm::isa<CXXThisExpr>(E)) {
      Path.push_back(nullptr);
      break;
    }
    return std::nullopt;
  }
  if (Path.empty())
    return std::nullopt;
  std::reverse(Path.begin(), Path.end());
  return keyFor(std::move(Path));
}

std::string LockEvents::text(const Expr *E) const {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  std::string Result;
  if (Range.isValid())
    for (char C : Lexer::getSourceText(Range, SM, Ctx.getLangOpts()))
      if (C != '\n' && C != '\r' && C != '\t' &&
          !(C == ' ' && (Result.empty() || Result.back() == ' ')))
        Result += C;
  if (Result.empty()) {
    QualType T = E->getType().getNonReferenceType();
    Result = T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
  }
  if (Result.size() > 40)
    Result = Result.substr(0, 37) + "...";
  return Result;
}

static const CXXConstructExpr *constructionOf(const Expr *Init) {
  while (Init) {
    Init = Init->IgnoreImplicit();
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(Init))
      return Construct;
    if (const auto *Cast = llvm::dyn_cast<CXXFunctionalCastExpr>(Init)) {
      Init = Cast->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

void LockEvents::declaration(const VarDecl &VD,
                             llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
  if (VD.getType()->isReferenceType() || !VD.hasLocalStorage())
    return;
  const CXXConstructExpr *Construct = constructionOf(VD.getInit());
  if (!Construct)
    return;
  utils::LockRecognizer::Guard G = Locks.classifyGuard(*Construct);
  if (G.Mode == utils::LockRecognizer::GuardMode::None)
    return;
  std::string Mutex;
  for (const Expr *M : G.Mutexes)
    Mutex += (Mutex.empty() ? "" : ", ") + text(M);
  GuardMutex[&VD] = Mutex;
  unsigned Key = keyOfVar(&VD);
  switch (G.Mode) {
  case utils::LockRecognizer::GuardMode::Adopts:
    // The guard takes over locks taken before: they are now released with
    // the guard.
    for (const Expr *M : G.Mutexes)
      if (std::optional<unsigned> MutexKey = keyOf(M))
        Out.push_back(utils::FlowEvent::release(*MutexKey));
    [[fallthrough]];
  case utils::LockRecognizer::GuardMode::Locks:
    Out.push_back(utils::FlowEvent::acquire(
        Key, siteFor(&VD, 0, {VD.getLocation(), VD.getName().str(), Mutex})));
    break;
  case utils::LockRecognizer::GuardMode::Tries:
    TryGuards.insert(&VD);
    break;
  case utils::LockRecognizer::GuardMode::Defers:
  case utils::LockRecognizer::GuardMode::None:
    break;
  }
}

unsigned LockEvents::manualSite(const Expr *Object, const Stmt *Where,
                                unsigned Part) {
  const Expr *Plain = Object->IgnoreParenImpCasts();
  if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(Plain))
    if (const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl())) {
      auto It = GuardMutex.find(VD);
      if (It != GuardMutex.end())
        return siteFor(Where, Part,
                       {Where->getBeginLoc(), VD->getName().str(), It->second});
    }
  return siteFor(Where, Part, {Where->getBeginLoc(), "", text(Object)});
}

static bool nameIs(const FunctionDecl *FD,
                   std::initializer_list<StringRef> Names) {
  if (!FD || !FD->getIdentifier())
    return false;
  return llvm::is_contained(Names, FD->getName());
}

void LockEvents::memberCall(const CXXMemberCallExpr &Call,
                            llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
  const CXXMethodDecl *M = Call.getMethodDecl();
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!M || !Object)
    return;
  bool Acquire = nameIs(M, {"lock", "lock_shared"});
  bool Release = nameIs(M, {"unlock", "unlock_shared"});
  if ((Acquire || Release) && Locks.isLockable(Call.getObjectType())) {
    std::optional<unsigned> Key = keyOf(Object);
    if (!Key)
      return;
    if (Acquire)
      Out.push_back(
          utils::FlowEvent::acquire(*Key, manualSite(Object, &Call, 0)));
    else
      Out.push_back(utils::FlowEvent::release(*Key));
    return;
  }
  // A guard that gives its mutex away (`release()`) or is swapped no longer
  // says what it holds.
  if (nameIs(M, {"release", "swap"}))
    if (const auto *DRE =
            llvm::dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()))
      if (const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
          VD && GuardMutex.count(VD))
        Out.push_back(utils::FlowEvent::release(keyOfVar(VD)));
}

void LockEvents::call(const CallExpr &Call,
                      llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return;
  bool Acquires = false;
  if (utils::LockRecognizer::isPthreadLockCall(*Callee, Acquires)) {
    if (Call.getNumArgs() < 1)
      return;
    const Expr *Mutex = Call.getArg(0)->IgnoreParenImpCasts();
    std::optional<unsigned> Key = keyOf(Mutex);
    if (!Key)
      return;
    if (const auto *U = llvm::dyn_cast<UnaryOperator>(Mutex);
        U && U->getOpcode() == UO_AddrOf)
      Mutex = U->getSubExpr();
    if (Acquires)
      Out.push_back(utils::FlowEvent::acquire(
          *Key, siteFor(&Call, 0, {Call.getBeginLoc(), "", text(Mutex)})));
    else
      Out.push_back(utils::FlowEvent::release(*Key));
    return;
  }
  if (!Callee->isInStdNamespace() || !Callee->getIdentifier())
    return;
  StringRef Name = Callee->getName();
  if ((Name == "move" || Name == "swap" || Name == "exchange") &&
      Call.getNumArgs() >= 1) {
    // Moving a guard away (or swapping it) ends what this variable holds.
    for (const Expr *Arg : Call.arguments())
      if (const auto *DRE =
              llvm::dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts()))
        if (const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
            VD && GuardMutex.count(VD))
          Out.push_back(utils::FlowEvent::release(keyOfVar(VD)));
    return;
  }
  if (Name == "lock") {
    // std::lock(a, b, ...) locks every argument.
    for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
      const Expr *Arg = Call.getArg(I);
      if (!Locks.isLockable(Arg->getType()))
        continue;
      if (std::optional<unsigned> Key = keyOf(Arg))
        Out.push_back(
            utils::FlowEvent::acquire(*Key, manualSite(Arg, &Call, I)));
    }
  }
}

void LockEvents::element(const CFGElement &Element,
                         llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
  if (std::optional<CFGAutomaticObjDtor> Dtor =
          Element.getAs<CFGAutomaticObjDtor>()) {
    if (const VarDecl *VD = Dtor->getVarDecl())
      Out.push_back(utils::FlowEvent::release(keyOfVar(VD)));
    return;
  }
  std::optional<CFGStmt> S = Element.getAs<CFGStmt>();
  if (!S)
    return;
  const Stmt *St = S->getStmt();
  if (const auto *DS = llvm::dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = llvm::dyn_cast<VarDecl>(D))
        declaration(*VD, Out);
    return;
  }
  if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(St)) {
    if (const CXXConstructorDecl *Ctor = Construct->getConstructor())
      handedOff(*Ctor, Construct->getArgs(), Construct->getNumArgs(), Out);
    return;
  }
  if (const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(St)) {
    if (const FunctionDecl *Callee = MC->getDirectCallee())
      handedOff(*Callee, MC->getArgs(), MC->getNumArgs(), Out);
    memberCall(*MC, Out);
    return;
  }
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(St)) {
    // Assigning to a guard replaces what it held.
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      if (const auto *DRE =
              llvm::dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
        if (const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
            VD && GuardMutex.count(VD))
          Out.push_back(utils::FlowEvent::release(keyOfVar(VD)));
    return;
  }
  if (const auto *Call = llvm::dyn_cast<CallExpr>(St)) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      handedOff(*Callee, Call->getArgs(), Call->getNumArgs(), Out);
    call(*Call, Out);
  }
}

// Whether \p D is declared in namespace std, also as a class member.
static bool inStd(const Decl &D) {
  const DeclContext *DC = D.getDeclContext();
  while (DC && !DC->isFileContext())
    DC = DC->getParent();
  return DC && DC->isStdNamespace();
}

// A guard passed by non-const reference or by pointer to a function may be
// unlocked or moved from there (an awaiter that takes the lock and releases
// it in await_suspend): what it holds afterwards is unknown, so it is no
// longer tracked. The standard library's functions (condition_variable's
// waits) return with the lock held, as the standard specifies.
void LockEvents::handedOff(const FunctionDecl &Callee, const Expr *const *Args,
                           unsigned NumArgs,
                           llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
  if (inStd(Callee))
    return;
  for (unsigned I = 0; I < NumArgs && I < Callee.getNumParams(); ++I) {
    QualType Param = Callee.getParamDecl(I)->getType();
    bool Mutable = (Param->isLValueReferenceType() || Param->isPointerType()) &&
                   !Param->getPointeeType().isConstQualified();
    if (!Mutable || !Args[I])
      continue;
    const Expr *Arg = Args[I]->IgnoreParenImpCasts();
    if (const auto *U = llvm::dyn_cast<UnaryOperator>(Arg);
        U && U->getOpcode() == UO_AddrOf)
      Arg = U->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *DRE = llvm::dyn_cast<DeclRefExpr>(Arg))
      if (const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
          VD && GuardMutex.count(VD))
        Out.push_back(utils::FlowEvent::release(keyOfVar(VD)));
  }
}

void LockEvents::edge(const Expr &Condition, bool TrueEdge,
                      llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
  const Expr *C = Condition.IgnoreParenImpCasts();
  bool Negated = false;
  while (const auto *U = llvm::dyn_cast<UnaryOperator>(C)) {
    if (U->getOpcode() != UO_LNot)
      return;
    Negated = !Negated;
    C = U->getSubExpr()->IgnoreParenImpCasts();
  }
  if (TrueEdge == Negated)
    return;
  const auto *MC = llvm::dyn_cast<CXXMemberCallExpr>(C);
  if (!MC || !MC->getMethodDecl() || !MC->getImplicitObjectArgument())
    return;
  const Expr *Object = MC->getImplicitObjectArgument();
  const CXXMethodDecl *M = MC->getMethodDecl();
  if (nameIs(M,
             {"try_lock", "try_lock_shared", "try_lock_for", "try_lock_until",
              "try_lock_shared_for", "try_lock_shared_until"}) &&
      Locks.isLockable(MC->getObjectType())) {
    if (std::optional<unsigned> Key = keyOf(Object))
      Out.push_back(utils::FlowEvent::acquire(*Key, manualSite(Object, MC, 0)));
    return;
  }
  // `if (guard)` or `if (guard.owns_lock())` after try_to_lock.
  if (llvm::isa<CXXConversionDecl>(M) || nameIs(M, {"owns_lock"}))
    if (const auto *DRE =
            llvm::dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()))
      if (const auto *VD = llvm::dyn_cast<VarDecl>(DRE->getDecl());
          VD && TryGuards.count(VD))
        Out.push_back(utils::FlowEvent::acquire(
            keyOfVar(VD),
            siteFor(VD, 0,
                    {VD->getLocation(), VD->getName().str(), GuardMutex[VD]})));
}

// Whether the awaiter of \p E certainly does not suspend.
static bool neverSuspends(const Expr *E) {
  const auto *Suspend = llvm::dyn_cast<CoroutineSuspendExpr>(E);
  if (!Suspend || !Suspend->getCommonExpr())
    return false;
  return utils::suspendBehavior(Suspend->getCommonExpr()->getType()) ==
         utils::SuspendBehavior::Never;
}

// Whether \p Body may take a lock: it constructs a guard, or calls a
// function whose name speaks of locking (`lock`, `try_lock_for`,
// `pthread_mutex_lock`, ...). Only such bodies get a flow model.
static bool mayLock(const Stmt *Body, utils::LockRecognizer &Locks) {
  return utils::anyNode(Body, /*IntoLambdas=*/false, [&](const Stmt &S) {
    if (const auto *Call = llvm::dyn_cast<CallExpr>(&S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      return Callee && Callee->getIdentifier() &&
             Callee->getName().contains("lock");
    }
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(&S))
      return Locks.classifyGuard(*Construct).Mode !=
             utils::LockRecognizer::GuardMode::None;
    return false;
  });
}

void LockAcrossSuspensionCheck::analyse(const FunctionDecl &FD,
                                        ASTContext &Ctx) {
  Locks.setContext(&Ctx);
  if (!mayLock(FD.getBody(), Locks))
    return;
  // Built for this coroutine alone, and freed once it is reported: the
  // models of a unit's coroutines are not kept until its end.
  std::unique_ptr<utils::SuspensionFlow> Flow =
      utils::SuspensionFlow::build(FD, Ctx);
  if (!Flow || Flow->suspensions().empty())
    return;
  LockEvents Events(Locks, Ctx);
  // The guards are known before the flow runs: the blocks are not visited
  // in the order of the code.
  Events.collectGuards(Flow->cfg());
  auto Held = Flow->heldAcross(
      [&](const CFGElement &Element, const CFGBlock &,
          llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
        Events.element(Element, Out);
      },
      utils::SuspensionFlow::EdgeEvents(
          [&](const Expr &Condition, bool TrueEdge,
              llvm::SmallVectorImpl<utils::FlowEvent> &Out) {
            Events.edge(Condition, TrueEdge, Out);
          }));
  std::vector<std::pair<unsigned, llvm::SmallVector<unsigned, 2>>> Found;
  for (auto &[SiteId, Points] : Held) {
    llvm::SmallVector<unsigned, 2> Real;
    for (unsigned P : Points)
      if (!neverSuspends(Flow->suspensions()[P].E))
        Real.push_back(P);
    if (!Real.empty())
      Found.emplace_back(SiteId, std::move(Real));
  }
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Found, [&](const auto &A, const auto &B) {
    return SM.isBeforeInTranslationUnit(Events.site(A.first).Loc,
                                        Events.site(B.first).Loc);
  });
  for (const auto &[SiteId, Points] : Found) {
    const Site &S = Events.site(SiteId);
    if (S.Loc.isInvalid() || !Reported.insert(S.Loc).second)
      continue;
    const utils::SuspensionPoint &First = Flow->suspensions()[Points.front()];
    std::string Across = ("a " + First.keyword()).str();
    if (Points.size() > 1)
      Across += " and " + std::to_string(Points.size() - 1) + " more " +
                (Points.size() == 2 ? "suspension point" : "suspension points");
    if (!S.Holder.empty())
      diag(S.Loc, "'%0' holds '%1' across %2; release it before suspending, "
                  "or use a coroutine-aware mutex")
          << S.Holder << S.Mutex << Across;
    else
      diag(S.Loc, "'%0' is locked across %1; unlock it before suspending, "
                  "or use a coroutine-aware mutex")
          << S.Mutex << Across;
    diag(First.getBeginLoc(), "'%0' is still held at this %1",
         DiagnosticIDs::Note)
        << S.Mutex << First.keyword();
  }
}

} // namespace clang::tidy::async
