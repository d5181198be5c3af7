//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "RangeCombinators.h"
#include "StmtWalk.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::async::utils {

bool isInStdOrNested(const Decl &D) {
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

static QualType typedefMember(const CXXRecordDecl *RD, llvm::StringRef Name) {
  if (const auto *Typedef =
          llvm::dyn_cast_or_null<TypedefNameDecl>(findMember(RD, Name))) {
    QualType T = Typedef->getUnderlyingType();
    if (!T.isNull() && !T->isDependentType())
      return T;
  }
  return {};
}

static QualType resultOf(const NamedDecl *Member) {
  const auto *F = llvm::dyn_cast_or_null<FunctionDecl>(Member);
  if (!F)
    return {};
  QualType T = F->getReturnType();
  if (T.isNull() || T->isDependentType() || T->isUndeducedType())
    return {};
  return T;
}

QualType rangeElementType(QualType T) {
  if (T.isNull())
    return {};
  T = T.getNonReferenceType();
  if (const auto *Array = T->getAsArrayTypeUnsafe())
    return Array->getElementType();
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD || !findMember(RD, "begin") || !findMember(RD, "end"))
    return {};
  if (QualType Value = typedefMember(RD, "value_type"); !Value.isNull())
    return Value;
  QualType Iterator = resultOf(findMember(RD, "begin"));
  if (Iterator.isNull())
    return {};
  if (Iterator->isPointerType())
    return Iterator->getPointeeType();
  const CXXRecordDecl *It = recordForType(Iterator);
  if (!It)
    return {};
  if (QualType Value = typedefMember(It, "value_type"); !Value.isNull())
    return Value;
  QualType Deref = resultOf(findMember(
      It, It->getASTContext().DeclarationNames.getCXXOperatorName(OO_Star)));
  return Deref.isNull() ? Deref : Deref.getNonReferenceType();
}

const FunctionDecl *callOperatorOf(QualType T) {
  const CXXRecordDecl *RD = recordForType(T);
  if (!RD)
    return nullptr;
  const FunctionDecl *Op = nullptr;
  if (RD->isLambda()) {
    Op = RD->getLambdaCallOperator();
  } else {
    const NamedDecl *Call = findMember(
        RD, RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call));
    if (const auto *Template =
            llvm::dyn_cast_or_null<FunctionTemplateDecl>(Call))
      Op = Template->getTemplatedDecl();
    else
      Op = llvm::dyn_cast_or_null<FunctionDecl>(Call);
  }
  if (!Op)
    return nullptr;
  // A generic lambda: the call operator it was called with.
  if (const FunctionTemplateDecl *Template = Op->getDescribedFunctionTemplate();
      Template && !Template->specializations().empty())
    return *Template->specializations().begin();
  return Op;
}

QualType callResultType(QualType T) {
  if (T.isNull())
    return {};
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (const auto *Function = T->getAs<FunctionType>())
    return Function->getReturnType();
  if (const FunctionDecl *Op = callOperatorOf(T)) {
    QualType R = Op->getReturnType();
    if (!R.isNull() && !R->isUndeducedType() && !R->isDependentType())
      return R;
  }
  return {};
}

static const Expr *stripTemporaries(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *M = llvm::dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = llvm::dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *F = llvm::dyn_cast<FullExpr>(Next))
      Next = F->getSubExpr();
    else if (const auto *Cast = llvm::dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = Cast->getSubExpr();
    else if (const auto *C = llvm::dyn_cast<CXXConstructExpr>(Next);
             C && C->getNumArgs() == 1 && C->getConstructor() &&
             C->getConstructor()->isCopyOrMoveConstructor())
      Next = C->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

static bool isTransformView(QualType T) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  return RD && isInStdOrNested(*RD) && RD->getIdentifier() &&
         plainQualifiedName(*RD) == "std::ranges::transform_view";
}

// The (range, function) or (function) arguments of a call of the transform
// adaptor object: `std::views::transform(R, F)` or `std::views::transform(F)`.
static bool adaptorArguments(const Expr *E, const Expr *&Range,
                             const Expr *&Function) {
  const auto *Call =
      llvm::dyn_cast_or_null<CXXOperatorCallExpr>(stripTemporaries(E));
  if (!Call || Call->getOperator() != OO_Call)
    return false;
  if (Call->getNumArgs() == 3) {
    Range = Call->getArg(1);
    Function = Call->getArg(2);
    return true;
  }
  if (Call->getNumArgs() == 2) {
    Function = Call->getArg(1);
    return true;
  }
  return false;
}

const Expr *transformedRange(const Expr *E, const Expr **Function) {
  E = stripTemporaries(E);
  if (!E || !isTransformView(E->getType()))
    return nullptr;
  const Expr *Range = nullptr, *Fn = nullptr;
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Pipe && Op->getNumArgs() == 2) {
      Range = Op->getArg(0);
      adaptorArguments(Op->getArg(1), Range, Fn);
      Range = Op->getArg(0);
    } else {
      adaptorArguments(Op, Range, Fn);
    }
  } else if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() == 2) {
    Range = Construct->getArg(0);
    Fn = Construct->getArg(1);
  }
  if (!Range)
    return nullptr;
  if (Function)
    *Function = Fn;
  // `std::views::all(R)` and the ref_view made of R.
  return stripTemporaries(Range);
}

bool isFutureLikeType(QualType T) {
  const CXXRecordDecl *RD = recordForType(T);
  return findMember(RD, "get") && findMember(RD, "wait");
}

static bool isWork(QualType T, AwaitableClassifier &Classifier) {
  return !T.isNull() &&
         (Classifier.classify(T) != AwaitableKind::None || isFutureLikeType(T));
}

// A limit or a window: an integer that is no flag and no enumeration.
static bool isCount(QualType T) {
  T = T.getNonReferenceType();
  return T->isIntegerType() && !T->isBooleanType() && !T->isEnumeralType();
}

// Whether a callable of type \p Callable takes an element of type
// \p Element as its first argument.
static bool takesElement(QualType Callable, QualType Element) {
  QualType Param;
  if (const FunctionDecl *Op = callOperatorOf(Callable)) {
    if (Op->getNumParams() == 0)
      return false;
    Param = Op->getParamDecl(0)->getType();
  } else {
    QualType T = Callable.getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    const auto *Proto = T->getAs<FunctionProtoType>();
    if (!Proto || Proto->getNumParams() == 0)
      return false;
    Param = Proto->getParamType(0);
  }
  // A generic callable never instantiated here says nothing of what it
  // takes.
  if (Param->isDependentType())
    return false;
  if (Element.isNull())
    return true;
  return Param.getNonReferenceType().getCanonicalType().getUnqualifiedType() ==
         Element.getNonReferenceType().getCanonicalType().getUnqualifiedType();
}

RangeCombinatorCall rangeCombinatorCall(const CallExpr &Call,
                                        AwaitableClassifier &Classifier) {
  RangeCombinatorCall Result;
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || isInStdOrNested(*Callee) || Call.getNumArgs() == 0 ||
      llvm::isa<CXXOperatorCallExpr>(Call))
    return Result;
  // Its own work completes when that of every element does.
  if (!isWork(Call.getType(), Classifier))
    return Result;
  // `task.then(fn)`, `future.via(executor)`: a continuation of one piece of
  // work.
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call))
    if (const Expr *Object = Member->getImplicitObjectArgument()) {
      QualType T = Object->getType();
      if (T->isPointerType())
        T = T->getPointeeType();
      if (isWork(T, Classifier))
        return Result;
    }
  for (const ParmVarDecl *Parm : Callee->parameters())
    if (isCount(Parm->getType()))
      Result.HasLimit = true;

  QualType Element;
  bool ElementIsWork = false;
  const Expr *Range = nullptr, *Callable = nullptr;
  for (const Expr *Arg : Call.arguments()) {
    if (!Arg || llvm::isa<CXXDefaultArgExpr>(Arg))
      continue;
    QualType T = Arg->getType();
    if (T.isNull() || T->isDependentType())
      continue;
    if (!Range) {
      const Expr *Function = nullptr;
      if (transformedRange(Arg, &Function)) {
        Range = Arg;
        ElementIsWork =
            Function && isWork(callResultType(Function->getType()), Classifier);
        continue;
      }
      if (!isWork(T, Classifier)) {
        QualType E = rangeElementType(T);
        if (!E.isNull() && !E->isAnyCharacterType()) {
          Range = Arg;
          Element = E;
          ElementIsWork = isWork(E, Classifier);
          continue;
        }
      }
    }
    if (!Callable && !isWork(T, Classifier)) {
      QualType R = callResultType(T);
      if (!R.isNull() && Classifier.classify(R) != AwaitableKind::None)
        Callable = Arg;
    }
  }
  if (!Range)
    return Result;
  if (Callable && takesElement(Callable->getType(), Element)) {
    Result.What = RangeCombinatorCall::PerElement;
    Result.Range = Range;
    Result.Callable = Callable;
    return Result;
  }
  if (!Callable && ElementIsWork) {
    Result.What = RangeCombinatorCall::RangeOfWork;
    Result.Range = Range;
  }
  return Result;
}

bool awaitsInTurn(const FunctionDecl &Callee) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee.hasBody(Definition) || !Definition) {
    const FunctionDecl *Pattern = Callee.getTemplateInstantiationPattern();
    if (!Pattern || !Pattern->hasBody(Definition) || !Definition)
      return false;
  }
  // A loop that awaits and walks or calls what the function was given; a
  // loop that awaits work started before it, kept in a local, collects it.
  auto ReadsParameter = [&](const Stmt *S) {
    return anyNode(S, /*IntoLambdas=*/false, [&](const Stmt &Inner) {
      const auto *Ref = llvm::dyn_cast<DeclRefExpr>(&Inner);
      const auto *Parm =
          Ref ? llvm::dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
      return Parm && Parm->getDeclContext() == Definition;
    });
  };
  auto Awaits = [](const Stmt *S) {
    return anyNode(S, /*IntoLambdas=*/false, [](const Stmt &Inner) {
      return llvm::isa<CoroutineSuspendExpr, DependentCoawaitExpr>(Inner);
    });
  };
  return anyNode(
      Definition->getBody(), /*IntoLambdas=*/false, [&](const Stmt &S) {
        if (!llvm::isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S))
          return false;
        return Awaits(&S) && ReadsParameter(&S);
      });
}

bool submitsCallable(const CXXMemberCallExpr &Call,
                     AwaitableClassifier &Classifier) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (!Method || Method->isStatic() || Call.getNumArgs() == 0 ||
      isInStdOrNested(*Method) || llvm::isa<CXXConversionDecl>(Method))
    return false;
  if (!isWork(Call.getType(), Classifier))
    return false;
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!Object)
    return false;
  QualType ObjectType = Object->getType();
  if (ObjectType->isPointerType())
    ObjectType = ObjectType->getPointeeType();
  if (isWork(ObjectType, Classifier))
    return false;
  const Expr *First = Call.getArg(0);
  if (!First || llvm::isa<CXXDefaultArgExpr>(First) ||
      isWork(First->getType(), Classifier))
    return false;
  return !callResultType(First->getType()).isNull();
}

bool isDeferredOperation(QualType T) {
  if (T.isNull())
    return false;
  const auto *Spec = llvm::dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || isInStdOrNested(*Spec))
    return false;
  bool Signature = false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
    if (Arg.getKind() == TemplateArgument::Type &&
        Arg.getAsType()->isFunctionProtoType())
      Signature = true;
  return Signature &&
         findMember(Spec,
                    Spec->getASTContext().DeclarationNames.getCXXOperatorName(
                        OO_Call)) != nullptr;
}

} // namespace clang::tidy::async::utils
