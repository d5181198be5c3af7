//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/EvaluatedCodeVisitor.h"
#include "TestAST.h"
#include "gtest/gtest.h"
#include <set>

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

// The names of the functions a body calls where the call is evaluated.
class CalledNames : public utils::EvaluatedCodeVisitor<CalledNames> {
public:
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Names.insert(Callee->getNameAsString());
    return true;
  }
  std::set<std::string> Names;
};

class EvaluatedCodeVisitorTest : public ::testing::Test {
protected:
  std::set<std::string> calledIn(llvm::StringRef Code,
                                 llvm::StringRef Function = "f") {
    AST = test::parse(Code);
    EXPECT_TRUE(AST);
    if (!AST)
      return {};
    const auto *FD = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Function), isDefinition(),
                           unless(ast_matchers::isTemplateInstantiation())));
    EXPECT_TRUE(FD) << Function.str();
    if (!FD)
      return {};
    CalledNames Visitor;
    Visitor.TraverseStmt(FD->getBody());
    return Visitor.Names;
  }
  std::unique_ptr<ASTUnit> AST;
};

using Names = std::set<std::string>;

TEST_F(EvaluatedCodeVisitorTest, SizeofAlignofNoexceptAreNotEvaluated) {
  EXPECT_EQ(calledIn(R"cpp(
    int g(); int run();
    void f() {
      (void)sizeof(g());
      (void)alignof(decltype(g()));
      bool b = noexcept(g());
      run();
    }
  )cpp"),
            Names({"run"}));
}

TEST_F(EvaluatedCodeVisitorTest, DecltypeAndTypeofAreNotEvaluated) {
  EXPECT_EQ(calledIn(R"cpp(
    int g(); int run();
    void f() {
      decltype(g()) a = 0;
      __typeof__(g()) b = 0;
      using T = decltype(g() + 1);
      run();
    }
  )cpp"),
            Names({"run"}));
}

TEST_F(EvaluatedCodeVisitorTest, TypeidOfPolymorphicOperandIsEvaluated) {
  EXPECT_EQ(calledIn(R"cpp(
    #include <typeinfo>
    struct Base { virtual ~Base(); };
    struct Plain {};
    Base &base(); Plain &plain(); int g();
    void f() {
      (void)typeid(base());
      (void)typeid(plain());
      (void)typeid(g());
    }
  )cpp"),
            Names({"base"}));
}

TEST_F(EvaluatedCodeVisitorTest, RequiresAndStaticAssertAreNotEvaluated) {
  EXPECT_EQ(calledIn(R"cpp(
    constexpr int g() { return 1; } int run();
    void f() {
      bool r = requires { g(); };
      static_assert(g() == 1);
      run();
    }
  )cpp"),
            Names({"run"}));
}

TEST_F(EvaluatedCodeVisitorTest, IfConstexprConditionOnlyIsSkipped) {
  EXPECT_EQ(calledIn(R"cpp(
    constexpr bool enabled() { return true; }
    int init(); void then_branch(); void else_branch();
    void f() {
      if constexpr (int x = 0; enabled()) then_branch(); else else_branch();
    }
  )cpp"),
            Names({"then_branch", "else_branch"}));
  // An ordinary if evaluates its condition.
  EXPECT_EQ(calledIn(R"cpp(
    bool enabled(); void then_branch();
    void f() { if (enabled()) then_branch(); }
  )cpp"),
            Names({"enabled", "then_branch"}));
}

TEST_F(EvaluatedCodeVisitorTest, InitStatementOfIfConstexprIsEvaluated) {
  EXPECT_EQ(calledIn(R"cpp(
    int init(); void then_branch();
    void f() { if constexpr (int x = init(); true) then_branch(); }
  )cpp"),
            Names({"init", "then_branch"}));
}

TEST_F(EvaluatedCodeVisitorTest, SizeofOfVariableLengthArrayIsEvaluated) {
  EXPECT_EQ(calledIn(R"cpp(
    int length(); int g();
    void f() {
      (void)sizeof(int[length()]);
      (void)sizeof(int[4]);
      (void)sizeof(g());
    }
  )cpp"),
            Names({"length"}));
}

TEST_F(EvaluatedCodeVisitorTest, EvaluatedOperandsAroundUnevaluatedOnes) {
  EXPECT_EQ(calledIn(R"cpp(
    int g(); int h(int); int k();
    void f() { h(sizeof(g()) + k()); }
  )cpp"),
            Names({"h", "k"}));
}

TEST_F(EvaluatedCodeVisitorTest, TemplatePatternsAndEmptyBodies) {
  EXPECT_EQ(calledIn(R"cpp(
    int g(); int run();
    template <typename T> void f(T t) {
      (void)sizeof(t.member());
      if constexpr (sizeof(T) > 1) run();
    }
  )cpp"),
            Names({"run"}));
  EXPECT_EQ(calledIn("void f() {}"), Names());
}

} // namespace
} // namespace clang::tidy::async
