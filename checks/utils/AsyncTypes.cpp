//===----------------------------------------------------------------------===//
//
// Structural recognition of coroutines, tasks and awaitables.
//
//===----------------------------------------------------------------------===//

#include "AsyncTypes.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::async::utils {

llvm::StringRef kindName(AwaitableKind Kind) {
  switch (Kind) {
  case AwaitableKind::None:
    return "none";
  case AwaitableKind::LazyTask:
    return "lazy task";
  case AwaitableKind::EagerTask:
    return "eager task";
  case AwaitableKind::UnknownTask:
    return "task";
  case AwaitableKind::Awaitable:
    return "awaitable";
  }
  llvm_unreachable("unknown AwaitableKind");
}

const CoroutineBodyStmt *getCoroutineBody(const FunctionDecl &FD) {
  return llvm::dyn_cast_or_null<CoroutineBodyStmt>(FD.getBody());
}

const FunctionDecl *coroutineOf(const CoroutineBodyStmt &Body) {
  const VarDecl *Promise = Body.getPromiseDecl();
  const auto *FD =
      Promise ? llvm::dyn_cast_or_null<FunctionDecl>(Promise->getDeclContext())
              : nullptr;
  // A body being parsed, or one the function does not own.
  return FD && FD->getBody() == &Body ? FD : nullptr;
}

const FunctionDecl *asFunction(const NamedDecl *D) {
  if (!D)
    return nullptr;
  if (const auto *Template = llvm::dyn_cast<FunctionTemplateDecl>(D))
    return Template->getTemplatedDecl();
  if (const auto *Using = llvm::dyn_cast<UsingShadowDecl>(D))
    return asFunction(Using->getTargetDecl());
  return llvm::dyn_cast<FunctionDecl>(D);
}

static const CXXRecordDecl *definitionOrPattern(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  // A member class of a class template specialization (a task template's
  // nested `promise_type`) is instantiated only when it is needed; until
  // then its pattern in the template tells what its members are.
  if (const CXXRecordDecl *Pattern = RD->getInstantiatedFromMemberClass())
    return Pattern->getDefinition();
  // A specialization named only in a declaration (a return type of a
  // function that is declared, not called) is never instantiated; its
  // template pattern still tells what its members are.
  if (const auto *Spec = llvm::dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    llvm::PointerUnion<ClassTemplateDecl *,
                       ClassTemplatePartialSpecializationDecl *>
        From = Spec->getSpecializedTemplateOrPartial();
    if (const auto *Partial =
            From.dyn_cast<ClassTemplatePartialSpecializationDecl *>())
      return Partial->getDefinition();
    if (const ClassTemplateDecl *Template = Spec->getSpecializedTemplate())
      if (const CXXRecordDecl *Pattern = Template->getTemplatedDecl())
        return Pattern->getDefinition();
  }
  return nullptr;
}

const CXXRecordDecl *recordForType(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  const Type *Ty = T.getCanonicalType().getTypePtr();
  if (const CXXRecordDecl *RD = Ty->getAsCXXRecordDecl())
    return definitionOrPattern(RD);
  if (const auto *Spec = Ty->getAs<TemplateSpecializationType>()) {
    if (const auto *Template = llvm::dyn_cast_or_null<ClassTemplateDecl>(
            Spec->getTemplateName().getAsTemplateDecl()))
      if (const CXXRecordDecl *Pattern = Template->getTemplatedDecl())
        return Pattern->getDefinition();
  }
  return nullptr;
}

static const NamedDecl *
findMemberImpl(const CXXRecordDecl *RD, DeclarationName Name,
               llvm::SmallPtrSetImpl<const CXXRecordDecl *> &Seen) {
  if (!RD || !Seen.insert(RD).second || RD->isInvalidDecl())
    return nullptr;
  DeclContext::lookup_result Found = RD->lookup(Name);
  if (!Found.empty())
    return Found.front();
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (const NamedDecl *D =
            findMemberImpl(recordForType(Base.getType()), Name, Seen))
      return D;
  return nullptr;
}

const NamedDecl *findMember(const CXXRecordDecl *RD, DeclarationName Name) {
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  return findMemberImpl(RD, Name, Seen);
}

const NamedDecl *findMember(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (!RD)
    return nullptr;
  return findMember(RD, DeclarationName(&RD->getASTContext().Idents.get(Name)));
}

std::string plainQualifiedName(const NamedDecl &D) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  if (const IdentifierInfo *II = D.getIdentifier())
    Parts.push_back(II->getName());
  else
    return D.getNameAsString();
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = llvm::dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName());
    } else if (const auto *RD = llvm::dyn_cast<RecordDecl>(DC)) {
      if (!RD->getIdentifier())
        continue;
      Parts.push_back(RD->getName());
    } else if (llvm::isa<FunctionDecl>(DC)) {
      break;
    }
  }
  std::string Result;
  for (auto It = Parts.rbegin(), End = Parts.rend(); It != End; ++It) {
    if (!Result.empty())
      Result += "::";
    Result += *It;
  }
  return Result;
}

// Looks at the body of a constant `await_ready`, which is how every library
// spells `suspend_always`/`suspend_never` and their look-alikes.
static std::optional<bool> constantReturn(const FunctionDecl *FD) {
  if (!FD)
    return std::nullopt;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return std::nullopt;
  const auto *Body = llvm::dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Ret = llvm::dyn_cast<ReturnStmt>(Body->body_front());
  if (!Ret || !Ret->getRetValue())
    return std::nullopt;
  const Expr *Value = Ret->getRetValue()->IgnoreParenImpCasts();
  if (const auto *B = llvm::dyn_cast<CXXBoolLiteralExpr>(Value))
    return B->getValue();
  if (const auto *I = llvm::dyn_cast<IntegerLiteral>(Value))
    return I->getValue().getBoolValue();
  return std::nullopt;
}

SuspendBehavior suspendBehavior(QualType AwaiterType) {
  const CXXRecordDecl *RD = recordForType(AwaiterType);
  std::optional<bool> Ready =
      constantReturn(asFunction(findMember(RD, "await_ready")));
  if (!Ready)
    return SuspendBehavior::Unknown;
  return *Ready ? SuspendBehavior::Never : SuspendBehavior::Always;
}

void AwaitableClassifier::reset(const ASTContext *NewContext) {
  Context = NewContext;
  TraitsLookedUp = false;
  Traits = nullptr;
  Cache.clear();
}

AwaitableKind AwaitableClassifier::classify(QualType T) {
  if (T.isNull())
    return AwaitableKind::None;
  const Type *Key = T.getNonReferenceType().getCanonicalType().getTypePtr();
  auto [It, Inserted] = Cache.try_emplace(Key, AwaitableKind::None);
  if (Inserted)
    It->second = classifyUncached(T);
  return It->second;
}

const ClassTemplateDecl *AwaitableClassifier::coroutineTraits() {
  if (TraitsLookedUp || !Context)
    return Traits;
  TraitsLookedUp = true;
  // Declarations of an inline namespace (libstdc++'s std::__n4861) are also
  // visible in the enclosing namespace's lookup table.
  const DeclContext *TU = Context->getTranslationUnitDecl();
  for (const NamedDecl *Std :
       TU->lookup(DeclarationName(&Context->Idents.get("std")))) {
    const auto *NS = llvm::dyn_cast<NamespaceDecl>(Std);
    if (!NS)
      continue;
    for (const NamedDecl *D : NS->lookup(
             DeclarationName(&Context->Idents.get("coroutine_traits"))))
      if (const auto *CTD = llvm::dyn_cast<ClassTemplateDecl>(D))
        return Traits = CTD->getCanonicalDecl();
  }
  return Traits;
}

static const CXXRecordDecl *nestedPromise(const CXXRecordDecl *RD) {
  const NamedDecl *D = findMember(RD, "promise_type");
  if (!D)
    return nullptr;
  if (const auto *Alias = llvm::dyn_cast<TypedefNameDecl>(D))
    return recordForType(Alias->getUnderlyingType());
  if (const auto *Record = llvm::dyn_cast<CXXRecordDecl>(D))
    return definitionOrPattern(Record);
  if (const auto *Template = llvm::dyn_cast<ClassTemplateDecl>(D))
    return definitionOrPattern(Template->getTemplatedDecl());
  return nullptr;
}

static const ClassTemplateDecl *templateOf(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const auto *Spec = llvm::dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getCanonicalDecl();
  if (const ClassTemplateDecl *Described = RD->getDescribedClassTemplate())
    return Described->getCanonicalDecl();
  return nullptr;
}

static const ClassTemplateDecl *templateOfType(QualType T) {
  const Type *Ty = T.getNonReferenceType().getCanonicalType().getTypePtr();
  if (const CXXRecordDecl *RD = Ty->getAsCXXRecordDecl())
    return templateOf(RD);
  if (const auto *Spec = Ty->getAs<TemplateSpecializationType>())
    if (const auto *Template = llvm::dyn_cast_or_null<ClassTemplateDecl>(
            Spec->getTemplateName().getAsTemplateDecl()))
      return Template->getCanonicalDecl();
  if (const auto *Injected = Ty->getAs<InjectedClassNameType>())
    return templateOf(Injected->getDecl());
  return nullptr;
}

const CXXRecordDecl *
AwaitableClassifier::promiseFromTraits(const CXXRecordDecl *RD) {
  const ClassTemplateDecl *CTD = coroutineTraits();
  if (!CTD || !RD)
    return nullptr;
  const ClassTemplateDecl *ReturnTemplate = templateOf(RD);
  auto FirstArgMatches = [&](const TemplateArgumentList &Args) {
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      return false;
    QualType Arg = Args[0].getAsType();
    if (recordForType(Arg) == RD)
      return true;
    return ReturnTemplate && templateOfType(Arg) == ReturnTemplate;
  };
  // Specializations exist for every signature of a coroutine defined in
  // this translation unit, full or explicit.
  for (const ClassTemplateSpecializationDecl *Spec :
       const_cast<ClassTemplateDecl *>(CTD)->specializations()) {
    if (!FirstArgMatches(Spec->getTemplateArgs()))
      continue;
    if (const CXXRecordDecl *P = nestedPromise(definitionOrPattern(Spec)))
      return P;
  }
  // Only declared coroutines (a library's API) are matched against the
  // partial specializations by their template, as
  // `coroutine_traits<awaitable<T, E>, Args...>`.
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  const_cast<ClassTemplateDecl *>(CTD)->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *Partial : Partials) {
    if (!FirstArgMatches(Partial->getTemplateArgs()))
      continue;
    if (const CXXRecordDecl *P = nestedPromise(Partial->getDefinition()))
      return P;
  }
  return nullptr;
}

const CXXRecordDecl *AwaitableClassifier::promiseRecord(QualType T) {
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD || RD->isLambda())
    return nullptr;
  if (const CXXRecordDecl *Promise = nestedPromise(RD))
    return Promise;
  return promiseFromTraits(RD);
}

bool AwaitableClassifier::isAwaitableRecord(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  ASTContext &Ctx = RD->getASTContext();
  DeclarationName CoAwait =
      Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (findMember(RD, CoAwait))
    return true;
  if (findMember(RD, "await_ready") && findMember(RD, "await_suspend") &&
      findMember(RD, "await_resume"))
    return true;

  // A free `operator co_await` is found by argument-dependent lookup, so it
  // lives in the record's namespace (or is a hidden friend of the record).
  const ClassTemplateDecl *OwnTemplate = templateOf(RD);
  auto TakesThisRecord = [&](const NamedDecl *D) {
    const FunctionDecl *FD = asFunction(D);
    if (!FD || FD->getNumParams() == 0)
      return false;
    QualType Param = FD->getParamDecl(0)->getType();
    if (recordForType(Param) == RD)
      return true;
    return OwnTemplate && templateOfType(Param) == OwnTemplate;
  };
  for (const FriendDecl *Friend : RD->friends())
    if (const NamedDecl *D = Friend->getFriendDecl())
      if (D->getDeclName() == CoAwait && TakesThisRecord(D))
        return true;
  const DeclContext *NS = RD->getEnclosingNamespaceContext();
  if (NS)
    for (const NamedDecl *D : NS->lookup(CoAwait))
      if (TakesThisRecord(D))
        return true;
  return false;
}

AwaitableKind AwaitableClassifier::classifyUncached(QualType T) {
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD || RD->isLambda() || RD->isInvalidDecl())
    return AwaitableKind::None;

  if (const CXXRecordDecl *Promise = promiseRecord(T)) {
    const FunctionDecl *Initial =
        asFunction(findMember(Promise, "initial_suspend"));
    if (!Initial)
      return AwaitableKind::UnknownTask;
    switch (suspendBehavior(Initial->getReturnType())) {
    case SuspendBehavior::Always:
      return AwaitableKind::LazyTask;
    case SuspendBehavior::Never:
      return AwaitableKind::EagerTask;
    case SuspendBehavior::Unknown:
      return AwaitableKind::UnknownTask;
    }
  }
  return isAwaitableRecord(RD) ? AwaitableKind::Awaitable
                               : AwaitableKind::None;
}

} // namespace clang::tidy::async::utils
