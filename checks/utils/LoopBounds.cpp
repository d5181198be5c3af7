//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "LoopBounds.h"
#include "AsyncTypes.h"
#include "StmtWalk.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::async::utils {

constexpr unsigned MaxDepth = 4;

std::optional<llvm::APSInt> constantValue(const Expr *E,
                                          const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent() ||
      E->containsErrors())
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsInt(Result, Ctx))
    return std::nullopt;
  return Result.Val.getInt();
}

static const Stmt *bodyOf(const Decl &D) {
  const DeclContext *DC = D.getDeclContext();
  const auto *F = llvm::dyn_cast_or_null<FunctionDecl>(DC);
  return F ? F->getBody() : nullptr;
}

static const ValueDecl *referenced(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *Ref = llvm::dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return Ref ? Ref->getDecl() : nullptr;
}

// Whether every reference to \p V inside its function only reads its value.
static bool onlyRead(const VarDecl &V, const LocalParentMap &Parents) {
  if (V.getType().isConstQualified())
    return true;
  if (!V.getType()->isIntegralOrEnumerationType())
    return false;
  const Stmt *Body = bodyOf(V);
  if (!Body)
    return false;
  return !anyNode(Body, /*IntoLambdas=*/true, [&](const Stmt &S) {
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
    if (!Ref || Ref->getDecl() != &V)
      return false;
    const auto *Cast =
        Parents.parent(DynTypedNode::create(*Ref)).get<ImplicitCastExpr>();
    return !Cast || Cast->getCastKind() != CK_LValueToRValue;
  });
}

// Whether \p S runs more than once per run of the statement that holds it:
// a loop's condition, increment or body, or a lambda's body.
static bool repeats(const Stmt &Parent, const Stmt &Child) {
  if (const auto *For = llvm::dyn_cast<ForStmt>(&Parent))
    return &Child == For->getCond() || &Child == For->getInc() ||
           &Child == For->getBody();
  if (const auto *While = llvm::dyn_cast<WhileStmt>(&Parent))
    return &Child == While->getCond() || &Child == While->getBody();
  if (const auto *Do = llvm::dyn_cast<DoStmt>(&Parent))
    return &Child == Do->getCond() || &Child == Do->getBody();
  if (const auto *Range = llvm::dyn_cast<CXXForRangeStmt>(&Parent))
    return &Child == Range->getBody() || &Child == Range->getLoopVarStmt() ||
           &Child == Range->getInc() || &Child == Range->getCond();
  return llvm::isa<LambdaExpr, BlockExpr>(Parent);
}

// Whether \p S may run more than once each time its function runs.
static bool inLoopOrLambda(const Stmt &S, const LocalParentMap &Parents) {
  DynTypedNode Node = DynTypedNode::create(S);
  for (unsigned Depth = 0; Depth < 512; ++Depth) {
    DynTypedNode Parent = Parents.parent(Node);
    if (Parent.getNodeKind().isNone())
      return false;
    if (const auto *P = Parent.get<Stmt>())
      if (const Stmt *Child = Node.get<Stmt>(); Child && repeats(*P, *Child))
        return true;
    Node = Parent;
  }
  return true;
}

static std::optional<llvm::APSInt> offsetFrom(const Expr *E, const Expr &Start,
                                              const ASTContext &Ctx,
                                              const LocalParentMap &Parents) {
  const ValueDecl *Base = referenced(&Start);
  if (!E || !Base)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  const auto *Add = llvm::dyn_cast<BinaryOperator>(E);
  if (!Add || Add->getOpcode() != BO_Add)
    return std::nullopt;
  if (referenced(Add->getLHS()) == Base)
    return constantThroughLocals(Add->getRHS(), Ctx, Parents);
  if (referenced(Add->getRHS()) == Base)
    return constantThroughLocals(Add->getLHS(), Ctx, Parents);
  return std::nullopt;
}

const Expr *unmodifiedLocalInit(const Expr *E, const LocalParentMap &Parents) {
  const auto *Var = llvm::dyn_cast_or_null<VarDecl>(referenced(E));
  if (!Var || !Var->hasLocalStorage() || llvm::isa<ParmVarDecl>(Var) ||
      Var->getType()->isReferenceType() || !Var->getInit())
    return nullptr;
  if (!onlyRead(*Var, Parents))
    return nullptr;
  return Var->getInit();
}

std::optional<llvm::APSInt>
constantThroughLocals(const Expr *E, const ASTContext &Ctx,
                      const LocalParentMap &Parents) {
  for (unsigned Depth = 0; E && Depth < MaxDepth; ++Depth) {
    if (std::optional<llvm::APSInt> Value = constantValue(E, Ctx))
      return Value;
    E = unmodifiedLocalInit(E, Parents);
  }
  return std::nullopt;
}

bool isTemplateConstant(const Expr &E) {
  if (!E.isValueDependent() || E.containsErrors())
    return false;
  return !anyNode(&E, /*IntoLambdas=*/true, [](const Stmt &S) {
    if (llvm::isa<CXXThisExpr, CXXDependentScopeMemberExpr, MemberExpr,
                  CXXMemberCallExpr, LambdaExpr>(&S))
      return true;
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S))
      if (const auto *Var = llvm::dyn_cast<VarDecl>(Ref->getDecl()))
        return !Var->isConstexpr() &&
               !(Var->hasGlobalStorage() && Var->getType().isConstQualified());
    return false;
  });
}

bool fromHardwareConcurrency(const Expr &E, const LocalParentMap &Parents) {
  llvm::SmallVector<std::pair<const Expr *, unsigned>, 4> Work{{&E, 0}};
  while (!Work.empty()) {
    const Expr *Next = Work.back().first;
    unsigned Depth = Work.back().second;
    Work.pop_back();
    bool Found = anyNode(Next, /*IntoLambdas=*/true, [&](const Stmt &S) {
      if (const auto *Call = llvm::dyn_cast<CallExpr>(&S)) {
        const FunctionDecl *Callee = Call->getDirectCallee();
        if (!Callee)
          return false;
        std::string Name = plainQualifiedName(*Callee);
        return Name == "std::thread::hardware_concurrency" ||
               Name == "std::jthread::hardware_concurrency";
      }
      if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
          Ref && Depth < MaxDepth)
        if (const Expr *Init = unmodifiedLocalInit(Ref, Parents))
          Work.push_back({Init, Depth + 1});
      return false;
    });
    if (Found)
      return true;
  }
  return false;
}

const Expr *counterStart(const ValueDecl &Counter, const ForStmt &For) {
  if (const auto *Init = llvm::dyn_cast_or_null<DeclStmt>(For.getInit())) {
    for (const Decl *D : Init->decls())
      if (D == &Counter)
        return llvm::cast<VarDecl>(D)->getInit();
    return nullptr;
  }
  if (const auto *Assign =
          llvm::dyn_cast_or_null<BinaryOperator>(For.getInit()))
    if (Assign->getOpcode() == BO_Assign &&
        referenced(Assign->getLHS()) == &Counter)
      return Assign->getRHS();
  return nullptr;
}

std::optional<uint64_t> windowTripCount(const Expr &Bound, const Expr &Start,
                                        const ASTContext &Ctx,
                                        const LocalParentMap &Parents) {
  const Expr *E = Bound.IgnoreParenImpCasts();
  llvm::SmallVector<const Expr *, 2> Candidates{E};
  if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        Callee->getName() == "min" && Call->getNumArgs() == 2)
      Candidates = {Call->getArg(0), Call->getArg(1)};
  std::optional<uint64_t> Best;
  std::optional<llvm::APSInt> From =
      constantThroughLocals(&Start, Ctx, Parents);
  for (const Expr *Candidate : Candidates) {
    std::optional<llvm::APSInt> K = offsetFrom(Candidate, Start, Ctx, Parents);
    // `std::min(n, 8)` from a constant start.
    if (!K && From && From->isRepresentableByInt64() && Candidates.size() > 1)
      if (std::optional<llvm::APSInt> End =
              constantThroughLocals(Candidate, Ctx, Parents);
          End && End->isRepresentableByInt64())
        K = llvm::APSInt::get(End->getExtValue() - From->getExtValue());
    if (K && K->isRepresentableByInt64() && K->getExtValue() >= 0) {
      uint64_t Count = K->getExtValue();
      Best = Best ? std::min(*Best, Count) : Count;
    }
  }
  return Best;
}

std::optional<uint64_t> fixedContainerSize(const VarDecl &Container,
                                           const ASTContext &Ctx,
                                           const LocalParentMap &Parents,
                                           const Expr *Reader) {
  if (!Container.hasLocalStorage() || llvm::isa<ParmVarDecl>(Container) ||
      Container.getType()->isReferenceType() ||
      !Container.getType()->isRecordType())
    return std::nullopt;
  const Stmt *Body = bodyOf(Container);
  if (!Body)
    return std::nullopt;

  // What it is built with.
  uint64_t Size = 0;
  if (const Expr *Init = Container.getInit()) {
    const Expr *E = Init->IgnoreImplicit();
    if (const auto *List = llvm::dyn_cast<InitListExpr>(E))
      E = List->getNumInits() == 1 ? List->getInit(0)->IgnoreImplicit() : E;
    const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E);
    if (!Construct)
      return std::nullopt;
    unsigned Args = 0;
    for (const Expr *Arg : Construct->arguments())
      if (!llvm::isa<CXXDefaultArgExpr>(Arg))
        ++Args;
    if (Args > 0) {
      const Expr *First = Construct->getArg(0)->IgnoreImplicit();
      if (const auto *List = llvm::dyn_cast<CXXStdInitializerListExpr>(First)) {
        const auto *Elements =
            llvm::dyn_cast<InitListExpr>(List->getSubExpr()->IgnoreImplicit());
        if (!Elements || Args != 1)
          return std::nullopt;
        Size = Elements->getNumInits();
      } else if (First->getType()->isIntegralOrEnumerationType() &&
                 Args <= 2) {
        std::optional<llvm::APSInt> Count =
            constantThroughLocals(First, Ctx, Parents);
        if (!Count || !Count->isRepresentableByInt64() ||
            Count->getExtValue() < 0)
          return std::nullopt;
        Size = Count->getExtValue();
      } else {
        return std::nullopt;
      }
    }
  }

  // Everything done to it after.
  static constexpr llvm::StringLiteral AddsOne[] = {
      "push_back", "emplace_back", "push_front", "emplace_front", "push",
      "emplace"};
  // Non-const members that leave the number of elements as it is.
  static constexpr llvm::StringLiteral KeepsSize[] = {
      "begin", "end", "rbegin", "rend", "front", "back", "at", "data",
      "reserve", "shrink_to_fit", "operator[]"};
  bool Unknown = anyNode(Body, /*IntoLambdas=*/true, [&](const Stmt &S) {
    const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&S);
    if (!Ref || Ref->getDecl() != &Container || Ref == Reader)
      return false;
    DynTypedNode Parent = Parents.parent(DynTypedNode::create(*Ref));
    // The range of a range-for.
    if (const auto *Var = Parent.get<VarDecl>()) {
      const auto *Decl =
          Parents.parent(DynTypedNode::create(*Var)).get<DeclStmt>();
      const auto *Range =
          Decl ? Parents.parent(DynTypedNode::create(*Decl))
                     .get<CXXForRangeStmt>()
               : nullptr;
      return !Range || Range->getRangeStmt() != Decl;
    }
    const auto *P = Parent.get<Stmt>();
    if (!P)
      return true;
    if (const auto *Cast = llvm::dyn_cast<ImplicitCastExpr>(P))
      return !(Cast->getCastKind() == CK_NoOp &&
               Cast->getType().isConstQualified()) &&
             Cast->getCastKind() != CK_LValueToRValue;
    if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(P))
      return !(Construct->getConstructor() &&
               Construct->getConstructor()->isCopyConstructor());
    const auto *Member = llvm::dyn_cast<MemberExpr>(P);
    const auto *Call =
        Member ? Parents.parent(DynTypedNode::create(*Member))
                     .get<CXXMemberCallExpr>()
               : nullptr;
    // Indexing a sequence keeps its size; indexing a map may add a key.
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(P);
        Op && Op->getOperator() == OO_Subscript && Op->getArg(0) == Ref)
      return findMember(recordForType(Container.getType()), "key_type") !=
             nullptr;
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Method)
      return true;
    if (Method->isConst())
      return false;
    std::string Name = Method->getNameAsString();
    if (llvm::is_contained(KeepsSize, Name))
      return false;
    if (!llvm::is_contained(AddsOne, Name) || inLoopOrLambda(*Call, Parents))
      return true;
    ++Size;
    return false;
  });
  if (Unknown)
    return std::nullopt;
  return Size;
}

bool isInstantiatedPattern(const FunctionDecl &F) {
  if (!F.isDependentContext())
    return false;
  if (const FunctionTemplateDecl *Template = F.getDescribedFunctionTemplate())
    return !Template->specializations().empty();
  for (const DeclContext *DC = F.getDeclContext(); DC; DC = DC->getParent()) {
    const auto *RD = llvm::dyn_cast<CXXRecordDecl>(DC);
    if (!RD)
      continue;
    if (const ClassTemplateDecl *Template = RD->getDescribedClassTemplate())
      return !Template->specializations().empty();
  }
  return false;
}

namespace {
// Records, for every function of the translation unit, the calls made to it
// and the expressions that name it, template instantiations and implicit
// code included. Declarations in system headers are not walked: what they
// call of the project's code is reached through a template parameter, not
// by naming the function.
class FunctionUseIndexer : public RecursiveASTVisitor<FunctionUseIndexer> {
  using Base = RecursiveASTVisitor<FunctionUseIndexer>;

public:
  FunctionUseIndexer(const SourceManager &SM,
                     llvm::DenseMap<const FunctionDecl *,
                                    CallSiteConstants::FunctionUses> &Uses)
      : SM(SM), Uses(Uses) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (D && !llvm::isa<TranslationUnitDecl>(D) &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    return Base::TraverseDecl(D);
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Uses[Callee->getCanonicalDecl()].Calls.push_back(Call);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *F = llvm::dyn_cast<FunctionDecl>(Ref->getDecl()))
      Uses[F->getCanonicalDecl()].Names.push_back(Ref);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (const auto *F = llvm::dyn_cast<FunctionDecl>(Member->getMemberDecl()))
      Uses[F->getCanonicalDecl()].Names.push_back(Member);
    return true;
  }

private:
  const SourceManager &SM;
  llvm::DenseMap<const FunctionDecl *, CallSiteConstants::FunctionUses> &Uses;
};
} // namespace

void CallSiteConstants::index(ASTContext &Ctx) {
  if (Indexed)
    return;
  Indexed = true;
  FunctionUseIndexer(Ctx.getSourceManager(), Uses).TraverseAST(Ctx);
}

std::optional<uint64_t>
CallSiteConstants::largestAtEveryCall(const ParmVarDecl &Parm, ASTContext &Ctx,
                                      const LocalParentMap &Parents) {
  const auto *F = llvm::dyn_cast_or_null<FunctionDecl>(Parm.getDeclContext());
  if (!F || !F->getIdentifier() || F->isMain())
    return std::nullopt;
  unsigned Index = Parm.getFunctionScopeIndex();
  const FunctionDecl *Canonical = F->getCanonicalDecl();
  auto [It, Inserted] = Cache.try_emplace({Canonical, Index}, std::nullopt);
  if (!Inserted)
    return It->second;

  // Every translation unit that calls it must see the body, so that each
  // call is judged in the unit that makes it.
  bool SeenByCallers = F->isInlined() || F->isTemplateInstantiation() ||
                       F->getTemplatedKind() != FunctionDecl::TK_NonTemplate ||
                       !F->isExternallyVisible();
  if (const auto *Method = llvm::dyn_cast<CXXMethodDecl>(F))
    if (const auto *Spec = llvm::dyn_cast<ClassTemplateSpecializationDecl>(
            Method->getParent());
        Spec && Spec->getSpecializationKind() == TSK_ImplicitInstantiation)
      SeenByCallers = true;
  if (!SeenByCallers || F->isVirtualAsWritten() ||
      (llvm::isa<CXXMethodDecl>(F) &&
       llvm::cast<CXXMethodDecl>(F)->isVirtual()))
    return std::nullopt;
  // The parameter itself must keep the value it was given.
  if (!Parm.getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  if (!F->getBody() || !onlyRead(Parm, Parents))
    return std::nullopt;

  index(Ctx);
  auto Found = Uses.find(Canonical);
  if (Found == Uses.end() || Found->second.Calls.empty())
    return std::nullopt;
  const FunctionUses &FnUses = Found->second;
  llvm::DenseSet<const Expr *> Callees;
  uint64_t Largest = 0;
  for (const CallExpr *Call : FnUses.Calls) {
    if (llvm::isa<CXXOperatorCallExpr>(Call) || Index >= Call->getNumArgs())
      return std::nullopt;
    Callees.insert(Call->getCallee()->IgnoreParenImpCasts());
    const Expr *Arg = Call->getArg(Index);
    if (const auto *Default = llvm::dyn_cast<CXXDefaultArgExpr>(Arg))
      Arg = Default->getExpr();
    std::optional<llvm::APSInt> Value = constantValue(Arg, Ctx);
    if (!Value || !Value->isRepresentableByInt64() || Value->getExtValue() < 0)
      return std::nullopt;
    Largest = std::max<uint64_t>(Largest, Value->getExtValue());
  }
  // Named anywhere else (its address taken), it may be called with anything.
  for (const Expr *Name : FnUses.Names)
    if (!Callees.contains(Name))
      return std::nullopt;
  It = Cache.find({Canonical, Index});
  It->second = Largest;
  return Largest;
}

} // namespace clang::tidy::async::utils
