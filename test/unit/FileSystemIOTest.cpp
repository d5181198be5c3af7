//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/FileSystemIO.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

class FileSystemIOTest : public ::testing::Test {
protected:
  void SetUp() override {
    AST = test::parse(R"cpp(
      #include <filesystem>
      #include <fstream>
      #include <iostream>
      #include <iterator>
      #include <sstream>
      namespace fs = std::filesystem;
      struct holds_file : std::istream { std::filebuf buf; holds_file(); };
      struct derived_holder : holds_file {};
      struct returns_file : std::ostream { std::filebuf *rdbuf() const; };
      struct holds_string : std::istream { std::stringbuf buf; };
      struct not_a_stream { std::filebuf buf; };
      struct my_filebuf : std::filebuf {};

      extern std::ifstream ifs; extern std::fstream fst; extern std::ofstream &ofs;
      extern holds_file hf; extern derived_holder dh; extern returns_file rf;
      extern std::stringstream ss; extern holds_string hs; extern not_a_stream nas;
      extern std::istream &in; extern my_filebuf mfb; extern std::filebuf fb;

      void calls(const fs::path &p, fs::file_status st, char *b) {
        fs::exists(p);
        fs::exists(st);
        fs::file_size(p);
        p.filename();
        fs::directory_iterator it(p);
        ifs.rdbuf()->sgetn(b, 4);
        ss.rdbuf()->sgetn(b, 4);
        std::istreambuf_iterator<char> a(ifs);
        std::istreambuf_iterator<char> c(ss);
      }
    )cpp");
    ASSERT_TRUE(AST);
  }
  QualType typeOf(llvm::StringRef Var) {
    const auto *V =
        test::selectOne<VarDecl>(*AST, varDecl(hasName(("::" + Var).str())));
    EXPECT_TRUE(V) << Var.str();
    return V ? V->getType() : QualType();
  }
  // The calls and constructions in `calls`, in the order they are written,
  // each with what fileSystemOperation says of it.
  std::vector<std::optional<std::string>> operations() {
    std::vector<std::pair<SourceLocation, std::optional<std::string>>> Found;
    for (const BoundNodes &Nodes : match(
             expr(anyOf(callExpr(callee(functionDecl())),
                        cxxConstructExpr(unless(isInTemplateInstantiation()))),
                  hasAncestor(functionDecl(hasName("calls"))))
                 .bind("e"),
             AST->getASTContext())) {
      const auto *E = Nodes.getNodeAs<Expr>("e");
      const FunctionDecl *Callee = nullptr;
      if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
        Callee = Call->getDirectCallee();
      else if (const auto *C = llvm::dyn_cast<CXXConstructExpr>(E))
        Callee = C->getConstructor();
      if (!Callee)
        continue;
      if (std::optional<std::string> Op =
              utils::fileSystemOperation(*E, *Callee))
        Found.push_back({E->getBeginLoc(), Op});
    }
    llvm::sort(Found,
               [](const auto &A, const auto &B) { return A.first < B.first; });
    std::vector<std::optional<std::string>> Out;
    for (auto &F : Found)
      Out.push_back(F.second);
    return Out;
  }
  std::unique_ptr<ASTUnit> AST;
};

TEST_F(FileSystemIOTest, StreamsOverAFileBufferAreFileStreams) {
  for (llvm::StringRef Name : {"ifs", "fst", "ofs", "hf", "dh", "rf"})
    EXPECT_TRUE(utils::isFileStream(typeOf(Name))) << Name.str();
}

TEST_F(FileSystemIOTest, OtherStreamsAndBuffersAreNot) {
  for (llvm::StringRef Name : {"ss", "hs", "nas", "in", "fb", "mfb"})
    EXPECT_FALSE(utils::isFileStream(typeOf(Name))) << Name.str();
  EXPECT_FALSE(utils::isFileStream(QualType()));
}

TEST_F(FileSystemIOTest, FileBuffersByDerivation) {
  EXPECT_TRUE(utils::isFileBuffer(typeOf("fb")->getAsCXXRecordDecl()));
  EXPECT_TRUE(utils::isFileBuffer(typeOf("mfb")->getAsCXXRecordDecl()));
  EXPECT_FALSE(utils::isFileBuffer(typeOf("nas")->getAsCXXRecordDecl()));
  EXPECT_FALSE(utils::isFileBuffer(nullptr));
}

TEST_F(FileSystemIOTest, OperationsThatAskTheFileSystem) {
  std::vector<std::optional<std::string>> Ops = operations();
  std::vector<std::optional<std::string>> Expected = {
      "std::filesystem::exists", "std::filesystem::file_size",
      "std::filesystem::directory_iterator", "std::basic_filebuf::sgetn",
      "std::istreambuf_iterator"};
  EXPECT_EQ(Ops, Expected);
}

} // namespace
} // namespace clang::tidy::async
