//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/LocalParentMap.h"
#include "TestAST.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

class LocalParentMapTest : public ::testing::Test {
protected:
  void SetUp() override {
    AST = test::parse(R"cpp(
      #include <vector>
      int g(int);
      struct S { int m; int get() const { return m; } };
      int f(std::vector<int> &v, S s) {
        int a = g(1) + 2, b = a * 3;
        for (int i = 0; i < a; ++i)
          b += g(i);
        for (int x : v)
          b -= x;
        if (int c = s.get(); c > 0)
          return c;
        auto l = [&, k = b](int y) { return y + k + a; };
        switch (b) { case 1: break; default: b = l(2); }
        while (b > 10) b /= 2;
        return b ? s.m : -1;
      }
      int other() { return g(0); }
    )cpp");
    ASSERT_TRUE(AST);
  }
  const FunctionDecl &function(llvm::StringRef Name) {
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Name), isDefinition()));
    EXPECT_TRUE(FD) << Name.str();
    return *FD;
  }
  // Every statement under \p Root, lambda bodies included, and the
  // variables of its declaration statements.
  static void collect(const Stmt *Root, std::vector<const Stmt *> &Stmts,
                      std::vector<const VarDecl *> &Vars) {
    llvm::SmallVector<const Stmt *, 64> Work{Root};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      Stmts.push_back(S);
      if (const auto *DS = llvm::dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls())
          if (const auto *Var = llvm::dyn_cast<VarDecl>(D)) {
            Vars.push_back(Var);
            if (const Expr *Init = Var->getInit())
              Work.push_back(Init);
          }
        continue;
      }
      for (const Stmt *Child : S->children())
        if (Child)
          Work.push_back(Child);
    }
  }

  // The one lambda and the one for loop of `f`.
  const LambdaExpr *lambda() {
    return test::selectOne<LambdaExpr>(
        *AST, lambdaExpr(hasAncestor(functionDecl(hasName("f")))));
  }
  const ForStmt *forLoop() {
    return test::selectOne<ForStmt>(
        *AST, forStmt(hasAncestor(functionDecl(hasName("f")))));
  }

  std::unique_ptr<ASTUnit> AST;
  utils::LocalParentMap Parents;
};

TEST_F(LocalParentMapTest, AgreesWithTheContextsParents) {
  const Stmt *Body = function("f").getBody();
  ASSERT_TRUE(Body);
  Parents.addBody(*Body);
  std::vector<const Stmt *> Stmts;
  std::vector<const VarDecl *> Vars;
  collect(Body, Stmts, Vars);
  ASSERT_GT(Stmts.size(), 50u);
  ASTContext &Ctx = AST->getASTContext();
  unsigned Compared = 0;
  for (const Stmt *S : Stmts) {
    if (S == Body)
      continue;
    DynTypedNodeList Expected = Ctx.getParents(*S);
    // Nodes that getParents() gives several parents are not compared, nor
    // a lambda's body, which getParents() puts under the call operator and
    // this map under the lambda expression (see LambdaBodiesAreIncluded).
    if (Expected.size() != 1 ||
        (Expected[0].get<Decl>() && !Expected[0].get<VarDecl>()))
      continue;
    DynTypedNode Got = Parents.parent(DynTypedNode::create(*S));
    EXPECT_EQ(Got, Expected[0])
        << S->getStmtClassName() << ": "
        << Got.getNodeKind().asStringRef().str() << " instead of "
        << Expected[0].getNodeKind().asStringRef().str();
    ++Compared;
  }
  EXPECT_GT(Compared, 50u);
  for (const VarDecl *Var : Vars) {
    DynTypedNodeList Expected = Ctx.getParents(*Var);
    ASSERT_EQ(Expected.size(), 1u) << Var->getName().str();
    EXPECT_EQ(Parents.parent(DynTypedNode::create(*Var)), Expected[0])
        << Var->getName().str();
  }
}

TEST_F(LocalParentMapTest, InitializersHangUnderTheirVariables) {
  Parents.addBody(*function("f").getBody());
  const auto *B = test::selectOne<VarDecl>(*AST, varDecl(hasName("b")));
  ASSERT_TRUE(B && B->getInit());
  DynTypedNode Parent = Parents.parent(DynTypedNode::create(*B->getInit()));
  EXPECT_EQ(Parent.get<VarDecl>(), B);
  const auto *Decl = Parents.parent(DynTypedNode::create(*B)).get<DeclStmt>();
  ASSERT_TRUE(Decl);
  EXPECT_FALSE(Decl->isSingleDecl());
}

TEST_F(LocalParentMapTest, LambdaBodiesAreIncluded) {
  Parents.addBody(*function("f").getBody());
  const auto *Lambda = lambda();
  ASSERT_TRUE(Lambda);
  EXPECT_EQ(Parents.parent(DynTypedNode::create(*Lambda->getBody()))
                .get<LambdaExpr>(),
            Lambda);
  const auto *Y = test::selectOne<DeclRefExpr>(
      *AST, declRefExpr(to(parmVarDecl(hasName("y")))));
  ASSERT_TRUE(Y);
  EXPECT_FALSE(Parents.parent(DynTypedNode::create(*Y)).getNodeKind().isNone());
}

TEST_F(LocalParentMapTest, InitCaptureInitializerHangsUnderItsVariable) {
  Parents.addBody(*function("f").getBody());
  const auto *Lambda = lambda();
  ASSERT_TRUE(Lambda);
  const VarDecl *K = nullptr;
  for (const LambdaCapture &Capture : Lambda->captures())
    if (Lambda->isInitCapture(&Capture))
      K = llvm::cast<VarDecl>(Capture.getCapturedVar());
  ASSERT_TRUE(K && K->getInit());
  EXPECT_EQ(Parents.parent(DynTypedNode::create(*K->getInit())).get<VarDecl>(),
            K);
  EXPECT_EQ(Parents.parent(DynTypedNode::create(*K)).get<LambdaExpr>(), Lambda);
}

TEST_F(LocalParentMapTest, RootsOtherBodiesAndOtherNodesHaveNoParent) {
  const FunctionDecl &F = function("f");
  Parents.addBody(*F.getBody());
  EXPECT_TRUE(Parents.parent(DynTypedNode::create(*F.getBody()))
                  .getNodeKind()
                  .isNone());
  // A body that was not added.
  const auto *Return =
      llvm::cast<CompoundStmt>(function("other").getBody())->body_front();
  EXPECT_TRUE(
      Parents.parent(DynTypedNode::create(*Return)).getNodeKind().isNone());
  // Declarations other than variables, and variables outside the bodies.
  EXPECT_TRUE(Parents.parent(DynTypedNode::create(F)).getNodeKind().isNone());
  EXPECT_TRUE(Parents.parent(DynTypedNode::create(*F.getParamDecl(0)))
                  .getNodeKind()
                  .isNone());
  EXPECT_TRUE(Parents.parent(DynTypedNode()).getNodeKind().isNone());
}

TEST_F(LocalParentMapTest, AddingABodyAgainOrAPartOfItChangesNothing) {
  const FunctionDecl &F = function("f");
  Parents.addBody(*F.getBody());
  const auto *For = forLoop();
  ASSERT_TRUE(For);
  DynTypedNode Before = Parents.parent(DynTypedNode::create(*For->getBody()));
  Parents.addBody(*F.getBody());
  Parents.addBody(*For);
  Parents.addBody(*For->getBody());
  EXPECT_EQ(Parents.parent(DynTypedNode::create(*For->getBody())), Before);
  EXPECT_EQ(Parents.parent(DynTypedNode::create(*For)).get<CompoundStmt>(),
            F.getBody());
}

TEST_F(LocalParentMapTest, ClearForgetsEverything) {
  const FunctionDecl &F = function("f");
  Parents.addBody(*F.getBody());
  const auto *For = forLoop();
  ASSERT_TRUE(For);
  EXPECT_FALSE(
      Parents.parent(DynTypedNode::create(*For)).getNodeKind().isNone());
  Parents.clear();
  EXPECT_TRUE(
      Parents.parent(DynTypedNode::create(*For)).getNodeKind().isNone());
  // And can be filled again.
  Parents.addBody(*F.getBody());
  EXPECT_EQ(Parents.parent(DynTypedNode::create(*For)).get<CompoundStmt>(),
            F.getBody());
}

TEST_F(LocalParentMapTest, DeeplyNestedExpressions) {
  std::string Code = "int deep(int x) { return x";
  for (unsigned I = 0; I < 3000; ++I)
    Code += " + x";
  Code += "; }";
  std::unique_ptr<ASTUnit> Deep = test::parse(Code);
  ASSERT_TRUE(Deep);
  const auto *FD = llvm::cast<FunctionDecl>(
      Deep->getASTContext()
          .getTranslationUnitDecl()
          ->lookup(&Deep->getASTContext().Idents.get("deep"))
          .front());
  utils::LocalParentMap Local;
  Local.addBody(*FD->getBody());
  // The innermost `x` is 3000 additions down; walk back up to the return.
  const Stmt *S = llvm::cast<ReturnStmt>(
      llvm::cast<CompoundStmt>(FD->getBody())->body_front());
  const Expr *E = llvm::cast<ReturnStmt>(S)->getRetValue();
  unsigned Depth = 0;
  while (const auto *Add =
             llvm::dyn_cast<BinaryOperator>(E->IgnoreImpCasts())) {
    E = Add->getLHS();
    ++Depth;
  }
  EXPECT_EQ(Depth, 3000u);
  DynTypedNode Node = DynTypedNode::create(*E);
  unsigned Up = 0;
  while (!Node.get<ReturnStmt>() && !Node.getNodeKind().isNone() &&
         Up < 10000) {
    Node = Local.parent(Node);
    ++Up;
  }
  EXPECT_EQ(Node.get<ReturnStmt>(), S);
}

} // namespace
} // namespace clang::tidy::async
