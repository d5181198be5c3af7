//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/LoopBounds.h"
#include "TestAST.h"
#include "clang/AST/DeclTemplate.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

// A parsed source with the parent links of every function body in it, as
// UnboundedFanOutCheck records them.
class LoopBoundsTest : public ::testing::Test {
protected:
  void load(llvm::StringRef Code) {
    AST = test::parse(Code);
    ASSERT_TRUE(AST);
    addBodies();
  }
  void addBodies() {
    for (const BoundNodes &Nodes :
         match(functionDecl(isDefinition()).bind("f"), ctx()))
      if (const Stmt *Body = Nodes.getNodeAs<FunctionDecl>("f")->getBody())
        Parents.addBody(*Body);
  }
  ASTContext &ctx() { return AST->getASTContext(); }

  // The one for loop of \p Function that is no template instantiation.
  const ForStmt *loopIn(llvm::StringRef Function) {
    const auto *For = test::selectOne<ForStmt>(
        *AST, forStmt(hasAncestor(functionDecl(
                  hasName(Function),
                  unless(ast_matchers::isTemplateInstantiation())))));
    EXPECT_TRUE(For) << Function.str();
    return For;
  }
  // The right-hand side of that loop's `<` condition.
  const Expr *boundIn(llvm::StringRef Function) {
    const ForStmt *For = loopIn(Function);
    if (!For)
      return nullptr;
    const Expr *Cond = For->getCond()->IgnoreParenImpCasts();
    if (const auto *Binary = llvm::dyn_cast<BinaryOperator>(Cond))
      return Binary->getRHS();
    if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(Cond))
      return Op->getArg(1);
    ADD_FAILURE() << "no comparison in " << Function.str();
    return nullptr;
  }
  std::optional<int64_t> constantBound(llvm::StringRef Function) {
    const Expr *Bound = boundIn(Function);
    if (!Bound)
      return std::nullopt;
    std::optional<llvm::APSInt> Value =
        utils::constantThroughLocals(Bound, ctx(), Parents);
    if (!Value)
      return std::nullopt;
    return Value->getExtValue();
  }
  std::optional<uint64_t> window(llvm::StringRef Function) {
    const ForStmt *For = loopIn(Function);
    const Expr *Bound = boundIn(Function);
    if (!For || !Bound)
      return std::nullopt;
    const auto *Init = llvm::cast<DeclStmt>(For->getInit());
    const auto *Counter = llvm::cast<VarDecl>(Init->getSingleDecl());
    const Expr *Start = utils::counterStart(*Counter, *For);
    EXPECT_TRUE(Start);
    return Start ? utils::windowTripCount(*Bound, *Start, ctx(), Parents)
                 : std::nullopt;
  }
  const VarDecl &var(llvm::StringRef Name) {
    const auto *V = test::selectOne<VarDecl>(*AST, varDecl(hasName(Name)));
    EXPECT_TRUE(V) << Name.str();
    return *V;
  }
  std::optional<uint64_t> containerSize(llvm::StringRef Name) {
    return utils::fixedContainerSize(var(Name), ctx(), Parents);
  }
  const ParmVarDecl &parm(llvm::StringRef Function, llvm::StringRef Name) {
    const auto *F = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Function),
                           unless(ast_matchers::isTemplateInstantiation())));
    EXPECT_TRUE(F) << Function.str();
    return parmOf(*F, Name);
  }
  static const ParmVarDecl &parmOf(const FunctionDecl &F,
                                   llvm::StringRef Name) {
    for (const ParmVarDecl *P : F.parameters())
      if (P->getName() == Name)
        return *P;
    ADD_FAILURE() << "no parameter " << Name.str();
    return *F.getParamDecl(0);
  }

  std::unique_ptr<ASTUnit> AST;
  utils::LocalParentMap Parents;
};

TEST_F(LoopBoundsTest, ConstantsThroughLocalsNeverWrittenAgain) {
  load(R"cpp(
    int runtime();
    void literal() { for (int i = 0; i < 7; ++i) {} }
    void const_local() { const int n = 100; for (int i = 0; i < n; ++i) {} }
    void read_only() { int n = 12; for (int i = 0; i < n; ++i) {} }
    void chain() { int a = 5; int b = a; for (int i = 0; i < b; ++i) {} }
  )cpp");
  EXPECT_EQ(constantBound("literal"), 7);
  EXPECT_EQ(constantBound("const_local"), 100);
  EXPECT_EQ(constantBound("read_only"), 12);
  EXPECT_EQ(constantBound("chain"), 5);
}

TEST_F(LoopBoundsTest, LocalsWrittenLaterOrFromRuntimeAreNotConstant) {
  load(R"cpp(
    int runtime();
    void assigned() { int n = 100; n = runtime(); for (int i = 0; i < n; ++i) {} }
    void incremented() { int n = 100; ++n; for (int i = 0; i < n; ++i) {} }
    void compound() { int n = 100; n += runtime(); for (int i = 0; i < n; ++i) {} }
    void referenced() { int n = 100; int &r = n; r = 3; for (int i = 0; i < n; ++i) {} }
    void address() { int n = 100; int *p = &n; *p = 3; for (int i = 0; i < n; ++i) {} }
    void const_runtime() { const int n = runtime(); for (int i = 0; i < n; ++i) {} }
    void parameter(int n) { for (int i = 0; i < n; ++i) {} }
  )cpp");
  EXPECT_EQ(constantBound("assigned"), std::nullopt);
  EXPECT_EQ(constantBound("incremented"), std::nullopt);
  EXPECT_EQ(constantBound("compound"), std::nullopt);
  EXPECT_EQ(constantBound("referenced"), std::nullopt);
  EXPECT_EQ(constantBound("address"), std::nullopt);
  EXPECT_EQ(constantBound("const_runtime"), std::nullopt);
  EXPECT_EQ(constantBound("parameter"), std::nullopt);
}

TEST_F(LoopBoundsTest, UnmodifiedLocalInitOnlyForPlainLocals) {
  load(R"cpp(
    int runtime();
    int global = 4;
    void f(int p) {
      int kept = runtime();
      int changed = 1;
      changed = 2;
      int other = 0;
      int &ref = other;
      int a = kept, b = changed, c = ref, d = p, e = global;
    }
  )cpp");
  auto initOf = [&](llvm::StringRef Name) {
    return utils::unmodifiedLocalInit(var(Name).getInit(), Parents);
  };
  const Expr *Kept = initOf("a");
  ASSERT_TRUE(Kept);
  EXPECT_EQ(Kept, var("kept").getInit());
  EXPECT_EQ(initOf("b"), nullptr);
  EXPECT_EQ(initOf("c"), nullptr);
  EXPECT_EQ(initOf("d"), nullptr);
  EXPECT_EQ(initOf("e"), nullptr);
  EXPECT_EQ(utils::unmodifiedLocalInit(nullptr, Parents), nullptr);
}

TEST_F(LoopBoundsTest, LocalsAreNotFollowedWithoutTheirBody) {
  AST = test::parse("void f() { int n = 9; for (int i = 0; i < n; ++i) {} }");
  ASSERT_TRUE(AST);
  // No body added: nothing says that `n` is only read.
  EXPECT_EQ(constantBound("f"), std::nullopt);
}

TEST_F(LoopBoundsTest, TemplateConstantsVersusRuntimeValues) {
  load(R"cpp(
    #include <cstddef>
    #include <tuple>
    constexpr int Limit = 3;
    template <int N, typename T> struct S {
      int size;
      void by_param() { for (int i = 0; i < N; ++i) {} }
      void by_sizeof() { for (std::size_t i = 0; i < sizeof(T) * Limit; ++i) {} }
      void by_tuple() { for (std::size_t i = 0; i < std::tuple_size_v<T>; ++i) {} }
      void by_runtime(int n) { for (int i = 0; i < n + N; ++i) {} }
      void by_member() { for (int i = 0; i < size + N; ++i) {} }
      void plain() { for (int i = 0; i < 8; ++i) {} }
    };
  )cpp");
  auto isTemplateConstant = [&](llvm::StringRef Function) {
    const Expr *Bound = boundIn(Function);
    return Bound && utils::isTemplateConstant(*Bound);
  };
  EXPECT_TRUE(isTemplateConstant("by_param"));
  EXPECT_TRUE(isTemplateConstant("by_sizeof"));
  EXPECT_TRUE(isTemplateConstant("by_tuple"));
  EXPECT_FALSE(isTemplateConstant("by_runtime"));
  EXPECT_FALSE(isTemplateConstant("by_member"));
  // Not dependent at all: a constant, but not a template's.
  EXPECT_FALSE(isTemplateConstant("plain"));
}

TEST_F(LoopBoundsTest, HardwareConcurrencyDirectlyAndThroughLocals) {
  load(R"cpp(
    #include <thread>
    unsigned runtime();
    void direct() {
      for (unsigned i = 0; i < std::thread::hardware_concurrency() * 2; ++i) {}
    }
    void local() {
      const unsigned n = std::thread::hardware_concurrency();
      unsigned workers = n;
      for (unsigned i = 0; i < workers; ++i) {}
    }
    void changed() {
      unsigned n = std::thread::hardware_concurrency();
      n = runtime();
      for (unsigned i = 0; i < n; ++i) {}
    }
    void data(unsigned n) { for (unsigned i = 0; i < n; ++i) {} }
  )cpp");
  auto fromPool = [&](llvm::StringRef Function) {
    const Expr *Bound = boundIn(Function);
    return Bound && utils::fromHardwareConcurrency(*Bound, Parents);
  };
  EXPECT_TRUE(fromPool("direct"));
  EXPECT_TRUE(fromPool("local"));
  EXPECT_FALSE(fromPool("changed"));
  EXPECT_FALSE(fromPool("data"));
}

TEST_F(LoopBoundsTest, CounterStartFromInitOrAssignment) {
  load(R"cpp(
    void declared(int n) { for (int i = 3; i < n; ++i) {} }
    void assigned(int n, int from) { int i; for (i = from; i < n; ++i) {} }
    void outside(int n) { int i = 0; for (; i < n; ++i) {} }
    void other(int n) { int i = 0, j; for (j = 1; i < n; ++i) {} }
  )cpp");
  auto startOf = [&](llvm::StringRef Function) -> const Expr * {
    const ForStmt *For = loopIn(Function);
    const auto *Counter = test::selectOne<VarDecl>(
        *AST,
        varDecl(hasName("i"), hasAncestor(functionDecl(hasName(Function)))));
    if (!For || !Counter)
      return nullptr;
    return utils::counterStart(*Counter, *For);
  };
  const Expr *Declared = startOf("declared");
  ASSERT_TRUE(Declared);
  EXPECT_TRUE(llvm::isa<IntegerLiteral>(Declared->IgnoreParenImpCasts()));
  const Expr *Assigned = startOf("assigned");
  ASSERT_TRUE(Assigned);
  const auto *From =
      llvm::dyn_cast<DeclRefExpr>(Assigned->IgnoreParenImpCasts());
  ASSERT_TRUE(From);
  EXPECT_EQ(From->getDecl()->getName(), "from");
  EXPECT_EQ(startOf("outside"), nullptr);
  EXPECT_EQ(startOf("other"), nullptr);
}

TEST_F(LoopBoundsTest, WindowsWithConstantWidth) {
  load(R"cpp(
    #include <algorithm>
    #include <cstddef>
    void min_window(std::size_t n, std::size_t i) {
      for (std::size_t j = i; j < std::min(n, i + 8); ++j) {}
    }
    void min_window_swapped(std::size_t n, std::size_t i) {
      for (std::size_t j = i; j < std::min(16 + i, n); ++j) {}
    }
    void plain_window(std::size_t i) {
      const std::size_t K = 4;
      for (std::size_t j = i; j < i + K; ++j) {}
    }
    void constant_start(std::size_t n) {
      for (std::size_t j = 2; j < std::min(n, std::size_t{10}); ++j) {}
    }
  )cpp");
  EXPECT_EQ(window("min_window"), 8u);
  EXPECT_EQ(window("min_window_swapped"), 16u);
  EXPECT_EQ(window("plain_window"), 4u);
  EXPECT_EQ(window("constant_start"), 8u);
}

TEST_F(LoopBoundsTest, WindowsWithVariableWidthOrOtherStart) {
  load(R"cpp(
    #include <algorithm>
    #include <cstddef>
    std::size_t runtime();
    void variable_k(std::size_t n, std::size_t i, std::size_t k) {
      for (std::size_t j = i; j < std::min(n, i + k); ++j) {}
    }
    void written_k(std::size_t i) {
      std::size_t k = 4;
      k = runtime();
      for (std::size_t j = i; j < i + k; ++j) {}
    }
    void other_base(std::size_t i, std::size_t m) {
      for (std::size_t j = i; j < m + 4; ++j) {}
    }
    void no_window(std::size_t n, std::size_t i) {
      for (std::size_t j = i; j < n; ++j) {}
    }
    void subtracted(std::size_t i) {
      for (std::size_t j = i; j < i - 4; ++j) {}
    }
  )cpp");
  EXPECT_EQ(window("variable_k"), std::nullopt);
  EXPECT_EQ(window("written_k"), std::nullopt);
  EXPECT_EQ(window("other_base"), std::nullopt);
  EXPECT_EQ(window("no_window"), std::nullopt);
  EXPECT_EQ(window("subtracted"), std::nullopt);
}

TEST_F(LoopBoundsTest, FixedContainersFromPushesBracesAndCounts) {
  load(R"cpp(
    #include <vector>
    #include <deque>
    void f() {
      std::vector<int> pushed;
      pushed.reserve(2);
      pushed.push_back(1);
      pushed.emplace_back(2);
      for (int x : pushed) {}
      (void)pushed.size();
      pushed[0] = 3;
      std::vector<int> braced{1, 2, 3};
      std::vector<int> counted(4);
      const int n = 5;
      std::deque<int> through_local(n, 0);
      std::vector<int> empty;
    }
  )cpp");
  EXPECT_EQ(containerSize("pushed"), 2u);
  EXPECT_EQ(containerSize("braced"), 3u);
  EXPECT_EQ(containerSize("counted"), 4u);
  EXPECT_EQ(containerSize("through_local"), 5u);
  EXPECT_EQ(containerSize("empty"), 0u);
}

TEST_F(LoopBoundsTest, ContainersOfUnknownSize) {
  load(R"cpp(
    #include <map>
    #include <utility>
    #include <vector>
    int runtime();
    void fill(std::vector<int> &);
    void take(std::vector<int>);
    void f(std::vector<int> param, int n) {
      std::vector<int> looped;
      for (int i = 0; i < n; ++i) looped.push_back(i);
      std::vector<int> in_lambda;
      auto add = [&] { in_lambda.push_back(1); };
      std::vector<int> by_ref;
      fill(by_ref);
      std::vector<int> moved;
      take(std::move(moved));
      std::vector<int> pointed;
      std::vector<int> *p = &pointed;
      std::vector<int> resized;
      resized.resize(runtime());
      std::vector<int> sized(runtime());
      std::map<int, int> keyed;
      keyed[runtime()] = 1;
      int array[4];
      std::vector<int> copy = param;
    }
  )cpp");
  EXPECT_EQ(containerSize("looped"), std::nullopt);
  EXPECT_EQ(containerSize("in_lambda"), std::nullopt);
  EXPECT_EQ(containerSize("by_ref"), std::nullopt);
  EXPECT_EQ(containerSize("moved"), std::nullopt);
  EXPECT_EQ(containerSize("pointed"), std::nullopt);
  EXPECT_EQ(containerSize("resized"), std::nullopt);
  EXPECT_EQ(containerSize("sized"), std::nullopt);
  EXPECT_EQ(containerSize("keyed"), std::nullopt);
  EXPECT_EQ(containerSize("array"), std::nullopt);
  EXPECT_EQ(containerSize("copy"), std::nullopt);
  EXPECT_EQ(containerSize("param"), std::nullopt);
}

TEST_F(LoopBoundsTest, InstantiatedPatterns) {
  load(R"cpp(
    template <typename T> void used(T) {}
    template <typename T> void unused(T) {}
    template <typename T> struct Box { void get() {} };
    template <typename T> struct Empty { void get() {} };
    void plain() {}
    void call() { used(1); Box<int>().get(); }
  )cpp");
  auto pattern = [&](llvm::StringRef Name, auto Matcher) {
    const auto *F = test::selectOne<FunctionDecl>(
        *AST, functionDecl(hasName(Name), Matcher,
                           unless(ast_matchers::isTemplateInstantiation())));
    EXPECT_TRUE(F) << Name.str();
    return F && utils::isInstantiatedPattern(*F);
  };
  EXPECT_TRUE(pattern("used", anything()));
  EXPECT_FALSE(pattern("unused", anything()));
  EXPECT_TRUE(pattern("get", hasParent(cxxRecordDecl(hasName("Box")))));
  EXPECT_FALSE(pattern("get", hasParent(cxxRecordDecl(hasName("Empty")))));
  EXPECT_FALSE(pattern("plain", anything()));
  // An instantiation itself is no pattern.
  const auto *Instance = test::selectOne<FunctionDecl>(
      *AST,
      functionDecl(hasName("used"), ast_matchers::isTemplateInstantiation()));
  ASSERT_TRUE(Instance);
  EXPECT_FALSE(utils::isInstantiatedPattern(*Instance));
}

TEST_F(LoopBoundsTest, CallSiteConstantsTakesTheLargest) {
  load(R"cpp(
    static void fan(int n) { for (int i = 0; i < n; ++i) {} }
    inline void inl(int n, int m) { for (int i = 0; i < n + m; ++i) {} }
    template <typename T> void tmpl(T, int n) {}
    void calls() {
      fan(3); fan(5); fan(1 + 1);
      inl(2, 4);
      tmpl(1, 6); tmpl(1.0, 7);
    }
  )cpp");
  utils::CallSiteConstants Sites;
  EXPECT_EQ(Sites.largestAtEveryCall(parm("fan", "n"), ctx(), Parents), 5u);
  EXPECT_EQ(Sites.largestAtEveryCall(parm("inl", "m"), ctx(), Parents), 4u);
  // Each instantiation of a template has calls of its own.
  auto instance = [&](llvm::StringRef Type) -> const ParmVarDecl & {
    const auto *F = test::selectOne<FunctionDecl>(
        *AST,
        functionDecl(
            hasName("tmpl"), ast_matchers::isTemplateInstantiation(),
            hasParameter(0, hasType(ast_matchers::asString(Type.str())))));
    EXPECT_TRUE(F) << Type.str();
    return parmOf(*F, "n");
  };
  EXPECT_EQ(Sites.largestAtEveryCall(instance("int"), ctx(), Parents), 6u);
  EXPECT_EQ(Sites.largestAtEveryCall(instance("double"), ctx(), Parents), 7u);
  // Cached: the same answer again, also after clear().
  EXPECT_EQ(Sites.largestAtEveryCall(parm("fan", "n"), ctx(), Parents), 5u);
  Sites.clear();
  EXPECT_EQ(Sites.largestAtEveryCall(parm("fan", "n"), ctx(), Parents), 5u);
}

TEST_F(LoopBoundsTest, CallSiteConstantsRejectsUnknownCalls) {
  load(R"cpp(
    int runtime();
    static void some_runtime(int n) {}
    static void no_calls(int n) {}
    static void address_taken(int n) {}
    static void written(int n) { n = 2; }
    static void by_pointer(int *n) {}
    void external(int n) {}
    struct V { virtual void run(int n) {} };
    static void declared_only(int n);
    int main(int argc, char **) { return argc; }
    void calls(V &v) {
      some_runtime(3); some_runtime(runtime());
      void (*p)(int) = address_taken; address_taken(2);
      written(1);
      int x = 0; by_pointer(&x);
      external(4);
      v.run(3);
      declared_only(2);
    }
  )cpp");
  utils::CallSiteConstants Sites;
  auto largest = [&](llvm::StringRef Function, llvm::StringRef Name) {
    return Sites.largestAtEveryCall(parm(Function, Name), ctx(), Parents);
  };
  EXPECT_EQ(largest("some_runtime", "n"), std::nullopt);
  EXPECT_EQ(largest("no_calls", "n"), std::nullopt);
  EXPECT_EQ(largest("address_taken", "n"), std::nullopt);
  EXPECT_EQ(largest("written", "n"), std::nullopt);
  EXPECT_EQ(largest("by_pointer", "n"), std::nullopt);
  // Other translation units may call it with anything.
  EXPECT_EQ(largest("external", "n"), std::nullopt);
  EXPECT_EQ(largest("run", "n"), std::nullopt);
  EXPECT_EQ(largest("declared_only", "n"), std::nullopt);
  EXPECT_EQ(largest("main", "argc"), std::nullopt);
}

TEST_F(LoopBoundsTest, ExpressionsWithErrorsAreNotConstant) {
  AST = test::parseWithErrors(R"cpp(
    void f() {
      int n = undeclared();
      for (int i = 0; i < n; ++i) {}
    }
    template <int N> void g() { for (int i = 0; i < N + undeclared_too; ++i) {} }
  )cpp");
  ASSERT_TRUE(AST);
  addBodies();
  EXPECT_EQ(constantBound("f"), std::nullopt);
  if (const ForStmt *For = test::selectOne<ForStmt>(
          *AST, forStmt(hasAncestor(functionDecl(hasName("g"))))))
    if (const auto *Cond = llvm::dyn_cast_or_null<BinaryOperator>(
            For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr))
      EXPECT_FALSE(utils::isTemplateConstant(*Cond->getRHS()));
}

} // namespace
} // namespace clang::tidy::async
