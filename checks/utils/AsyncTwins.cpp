//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/AsyncTwins.h"
#include "utils/AsyncTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::async::utils {

// Every member named \p Name of \p RD and its bases, the patterns of member
// templates included.
static void collectMembers(const CXXRecordDecl *RD, DeclarationName Name,
                           llvm::SmallVectorImpl<const FunctionDecl *> &Out,
                           llvm::SmallPtrSetImpl<const CXXRecordDecl *> &Seen,
                           unsigned Depth = 0) {
  if (!RD || Depth > 8 || !Seen.insert(RD).second || RD->isInvalidDecl())
    return;
  for (const NamedDecl *D : RD->lookup(Name)) {
    if (const auto *Shadow = llvm::dyn_cast<UsingShadowDecl>(D))
      D = Shadow->getTargetDecl();
    if (const auto *Template = llvm::dyn_cast<FunctionTemplateDecl>(D))
      D = Template->getTemplatedDecl();
    if (const auto *FD = llvm::dyn_cast<FunctionDecl>(D))
      Out.push_back(FD);
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    collectMembers(recordForType(Base.getType()), Name, Out, Seen, Depth + 1);
}

// A parameter that receives a completion handler or token: a forwarding
// reference (or, for the twin, any parameter of a template type), a class
// with a call operator, a function pointer.
static bool isHandlerType(QualType T, bool AnyTemplateType) {
  if (T.isNull())
    return false;
  bool Forwarding = T->isRValueReferenceType();
  T = T.getNonReferenceType();
  if (T->getAs<TemplateTypeParmType>())
    return AnyTemplateType || (Forwarding && !T.isConstQualified());
  T = T.getUnqualifiedType();
  if (T->isFunctionPointerType() || T->isFunctionType())
    return true;
  // A wrapper of a callable signature (std::function<void(int)>), also
  // when the specialization was never instantiated.
  const Type *Canonical = T.getCanonicalType().getTypePtr();
  if (const auto *Spec =
          llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
              Canonical->getAsCXXRecordDecl()))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          Arg.getAsType()->isFunctionType())
        return true;
  const CXXRecordDecl *RD = recordForType(T);
  return RD &&
         findMember(RD,
                    DeclarationName(
                        RD->getASTContext().DeclarationNames.getCXXOperatorName(
                            OO_Call)));
}

static bool takesHandler(const FunctionDecl &FD, bool AnyTemplateType) {
  return FD.getNumParams() > 0 &&
         isHandlerType(FD.getParamDecl(FD.getNumParams() - 1)->getType(),
                       AnyTemplateType);
}

static bool isAsynchronous(const FunctionDecl &FD,
                           llvm::function_ref<bool(QualType)> IsAwaitable) {
  QualType Result = FD.getReturnType();
  if (Result.isNull())
    return false;
  if (IsAwaitable(Result))
    return true;
  if (!takesHandler(FD, /*AnyTemplateType=*/true))
    return false;
  return Result->isVoidType() || Result->getContainedDeducedType() ||
         Result->isDependentType();
}

std::optional<std::string>
asyncTwinOf(const CXXRecordDecl *Class, const CXXMethodDecl &Method,
            llvm::function_ref<bool(QualType)> IsAwaitable) {
  if (!Class || !Method.getIdentifier() ||
      llvm::isa<CXXConstructorDecl>(Method) ||
      llvm::isa<CXXDestructorDecl>(Method) ||
      IsAwaitable(Method.getReturnType()))
    return std::nullopt;
  // A member that takes a callback of its own is no synchronous operation.
  const FunctionDecl *Pattern = Method.getTemplateInstantiationPattern();
  if (takesHandler(Method, /*AnyTemplateType=*/false) ||
      (Pattern && takesHandler(*Pattern, /*AnyTemplateType=*/false)))
    return std::nullopt;
  llvm::StringRef Name = Method.getName();
  if (Name.empty() || Name.starts_with_insensitive("async") ||
      Name.ends_with_insensitive("async"))
    return std::nullopt;
  std::string Capitalised = Name.str();
  Capitalised[0] = llvm::toUpper(Capitalised[0]);
  const std::string Candidates[] = {"async_" + Name.str(),
                                    Name.str() + "_async", Name.str() + "Async",
                                    "async" + Capitalised};
  ASTContext &Ctx = Method.getASTContext();
  for (const std::string &Candidate : Candidates) {
    llvm::SmallVector<const FunctionDecl *, 4> Twins;
    llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
    collectMembers(Class, DeclarationName(&Ctx.Idents.get(Candidate)), Twins,
                   Seen);
    for (const FunctionDecl *Twin : Twins)
      if (isAsynchronous(*Twin, IsAwaitable))
        return Candidate;
  }
  return std::nullopt;
}

} // namespace clang::tidy::async::utils
