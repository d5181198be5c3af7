//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/StreamTargets.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

class StreamTargetsTest : public ::testing::Test {
protected:
  void SetUp() override {
    AST = test::parse(R"cpp(
      #include <cstdio>
      #include <fstream>
      #include <sstream>
      #include <string>
      // A stream of the user's that owns an in-memory buffer.
      struct memory_stream : std::istream {
        std::stringbuf buf;
        memory_stream() : std::istream(&buf) {}
      };
      struct derived_memory_stream : memory_stream {};
      // One that only points to some buffer.
      struct borrowed_stream : std::istream {
        std::streambuf *buf;
      };
      namespace app { extern FILE *out; }
      int cxx_log(FILE *, const char *);

      extern std::stringstream ss; extern std::istringstream &iss;
      extern std::ostringstream oss; extern std::wstringstream wss;
      extern std::ifstream file; extern std::istream &in;
      extern memory_stream mine; extern derived_memory_stream derived;
      extern borrowed_stream borrowed; extern std::stringbuf buffer;
      extern int number;

      void calls(std::string &line, char *chars) {
        std::getline(ss, line);
        std::getline(iss, line, ',');
        std::getline(mine, line);
        std::getline(file, line);
        std::getline(in, line);
        ss.getline(chars, 16);
        fprintf(stdout, "x");
        fputs("x", stderr);
        fprintf(app::out, "x");
        cxx_log(stderr, "x");
        fflush(stdout);
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
  // The calls of \p Callee, in the order they are written.
  std::vector<const CallExpr *> callsOf(llvm::StringRef Callee) {
    std::vector<const CallExpr *> Calls;
    for (const BoundNodes &Nodes :
         match(callExpr(callee(functionDecl(hasName(Callee))),
                        hasAncestor(functionDecl(hasName("calls"))))
                   .bind("call"),
               AST->getASTContext()))
      Calls.push_back(Nodes.getNodeAs<CallExpr>("call"));
    llvm::sort(Calls, [](const CallExpr *A, const CallExpr *B) {
      return A->getBeginLoc() < B->getBeginLoc();
    });
    return Calls;
  }
  static bool withoutFileIO(const CallExpr *Call) {
    return utils::isStreamCallWithoutFileIO(*Call, *Call->getDirectCallee());
  }
  std::unique_ptr<ASTUnit> AST;
};

TEST_F(StreamTargetsTest, StringStreamsAndTheirKinAreInMemory) {
  for (llvm::StringRef Name : {"ss", "iss", "oss", "wss", "mine", "derived"})
    EXPECT_TRUE(utils::isInMemoryStream(typeOf(Name))) << Name.str();
}

TEST_F(StreamTargetsTest, FilesBorrowedBuffersAndOtherTypesAreNot) {
  for (llvm::StringRef Name : {"file", "in", "borrowed", "number"})
    EXPECT_FALSE(utils::isInMemoryStream(typeOf(Name))) << Name.str();
  // The buffer itself is no stream that holds one.
  EXPECT_FALSE(utils::isInMemoryStream(typeOf("buffer")));
  EXPECT_FALSE(utils::isInMemoryStream(QualType()));
}

TEST_F(StreamTargetsTest, StandardOutputIsStdoutAndStderrOnly) {
  std::vector<const CallExpr *> Fprintf = callsOf("fprintf");
  ASSERT_EQ(Fprintf.size(), 2u);
  EXPECT_TRUE(utils::isStandardOutput(Fprintf[0]->getArg(0)));
  EXPECT_FALSE(utils::isStandardOutput(Fprintf[1]->getArg(0)));
  std::vector<const CallExpr *> Fputs = callsOf("fputs");
  ASSERT_EQ(Fputs.size(), 1u);
  EXPECT_TRUE(utils::isStandardOutput(Fputs[0]->getArg(1)));
  EXPECT_FALSE(utils::isStandardOutput(Fputs[0]->getArg(0)));
  EXPECT_FALSE(utils::isStandardOutput(nullptr));
}

TEST_F(StreamTargetsTest, GetlineOnMemoryIsNoFileIO) {
  std::vector<const CallExpr *> Getline = callsOf("std::getline");
  ASSERT_EQ(Getline.size(), 5u);
  EXPECT_TRUE(withoutFileIO(Getline[0]));  // std::stringstream
  EXPECT_TRUE(withoutFileIO(Getline[1]));  // std::istringstream &
  EXPECT_TRUE(withoutFileIO(Getline[2]));  // the user's memory_stream
  EXPECT_FALSE(withoutFileIO(Getline[3])); // std::ifstream
  EXPECT_FALSE(withoutFileIO(Getline[4])); // any std::istream
}

TEST_F(StreamTargetsTest, MemberGetlineIsNotTheFreeFunction) {
  const auto *Member = test::selectOne<CXXMemberCallExpr>(
      *AST, cxxMemberCallExpr(callee(cxxMethodDecl(hasName("getline"))),
                              hasAncestor(functionDecl(hasName("calls")))));
  ASSERT_TRUE(Member);
  EXPECT_FALSE(withoutFileIO(Member));
}

TEST_F(StreamTargetsTest, StdioOnStandardOutputIsLogging) {
  std::vector<const CallExpr *> Fprintf = callsOf("fprintf");
  ASSERT_EQ(Fprintf.size(), 2u);
  EXPECT_TRUE(withoutFileIO(Fprintf[0]));
  EXPECT_FALSE(withoutFileIO(Fprintf[1]));
  EXPECT_TRUE(withoutFileIO(callsOf("fputs").front()));
  EXPECT_TRUE(withoutFileIO(callsOf("fflush").front()));
  // A C++ function given stderr is not the C library.
  EXPECT_FALSE(withoutFileIO(callsOf("cxx_log").front()));
}

TEST_F(StreamTargetsTest, ExpressionsThatAreNoCalls) {
  const CallExpr *Call = callsOf("fflush").front();
  EXPECT_FALSE(utils::isStreamCallWithoutFileIO(*Call->getArg(0),
                                                *Call->getDirectCallee()));
}

} // namespace
} // namespace clang::tidy::async
