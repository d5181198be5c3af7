//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/NonBlockingIO.h"
#include "TestAST.h"
#include "utils/AsyncTypes.h"
#include "gtest/gtest.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {
namespace {

constexpr llvm::StringLiteral Prelude = R"cpp(
#include <cerrno>
#include <coroutine>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
)cpp";

// Drives the analysis as BlockingCallInCoroutineCheck does: the bodies of
// the functions of the main file, analyzed at the end of the translation
// unit, then asked about each call.
class NonBlockingIOTest : public ::testing::Test {
protected:
  void load(llvm::StringRef Code) {
    AST = test::parse((Prelude + Code).str());
    ASSERT_TRUE(AST);
    ASTContext &Ctx = AST->getASTContext();
    Classifier.reset(&Ctx);
    std::vector<const FunctionDecl *> Functions;
    for (const BoundNodes &Nodes :
         match(functionDecl(isDefinition(), isExpansionInMainFile()).bind("f"),
               Ctx))
      Functions.push_back(Nodes.getNodeAs<FunctionDecl>("f"));
    IO.setContext(&Ctx);
    IO.analyze(Functions, [this](QualType T) {
      return Classifier.classify(T) != utils::AwaitableKind::None;
    });
  }
  // Whether the one call of \p Callee in \p Function cannot block.
  bool cannotBlock(llvm::StringRef Function, llvm::StringRef Callee) {
    const auto *Call = test::selectOne<CallExpr>(
        *AST, callExpr(callee(functionDecl(hasName(Callee))),
                       hasAncestor(functionDecl(hasName(Function)))));
    EXPECT_TRUE(Call) << Callee.str() << " in " << Function.str();
    return Call && IO.cannotBlock(*Call, *Call->getDirectCallee());
  }

  std::unique_ptr<ASTUnit> AST;
  utils::AwaitableClassifier Classifier;
  utils::NonBlockingIO IO;
};

TEST_F(NonBlockingIOTest, SocketMadeNonBlockingVersusPlainSocket) {
  load(R"cpp(
    void made_nonblocking(char *buf) {
      int s = socket(AF_INET, SOCK_STREAM, 0);
      fcntl(s, F_SETFL, O_NONBLOCK);
      recv(s, buf, 16, 0);
    }
    void plain(char *buf) {
      int s = socket(AF_INET, SOCK_STREAM, 0);
      recv(s, buf, 16, 0);
    }
  )cpp");
  EXPECT_TRUE(cannotBlock("made_nonblocking", "recv"));
  EXPECT_FALSE(cannotBlock("plain", "recv"));
}

TEST_F(NonBlockingIOTest, FlagsThroughAVariableAndClearedFlags) {
  load(R"cpp(
    void set(int fd, char *buf) {
      int flags = fcntl(fd, F_GETFL);
      flags |= O_NONBLOCK;
      fcntl(fd, F_SETFL, flags);
      read(fd, buf, 16);
    }
    void cleared(int fd, char *buf) {
      int flags = fcntl(fd, F_GETFL);
      fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
      read(fd, buf, 16);
    }
    void either(int fd, char *buf, bool block) {
      int flags = fcntl(fd, F_GETFL);
      fcntl(fd, F_SETFL, block ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
      read(fd, buf, 16);
    }
    void other_command(int fd, char *buf) {
      fcntl(fd, F_SETFD, O_NONBLOCK);
      read(fd, buf, 16);
    }
  )cpp");
  EXPECT_TRUE(cannotBlock("set", "read"));
  EXPECT_FALSE(cannotBlock("cleared", "read"));
  EXPECT_FALSE(cannotBlock("either", "read"));
  EXPECT_FALSE(cannotBlock("other_command", "read"));
}

TEST_F(NonBlockingIOTest, CreatedNonBlockingAndIoctl) {
  load(R"cpp(
    void created(char *buf) {
      int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      send(s, buf, 16, 0);
    }
    int open_nonblocking() { return open("/tmp/x", O_RDONLY | O_NONBLOCK); }
    void through_return(char *buf) {
      int fd = open_nonblocking();
      read(fd, buf, 16);
    }
    void by_ioctl(int fd, char *buf) {
      int on = 1;
      ioctl(fd, FIONBIO, &on);
      write(fd, buf, 16);
    }
  )cpp");
  EXPECT_TRUE(cannotBlock("created", "send"));
  EXPECT_TRUE(cannotBlock("through_return", "read"));
  EXPECT_TRUE(cannotBlock("by_ioctl", "write"));
}

TEST_F(NonBlockingIOTest, DontWaitAndHandledWouldBlock) {
  load(R"cpp(
    void dont_wait(int fd, char *buf) { recv(fd, buf, 16, MSG_DONTWAIT); }
    void waits(int fd, char *buf) { recv(fd, buf, 16, MSG_PEEK); }
    void handled(int fd, char *buf) {
      if (read(fd, buf, 16) < 0 && errno == EAGAIN)
        return;
    }
    void other_error(int fd, char *buf) {
      if (read(fd, buf, 16) < 0 && errno == EINTR)
        return;
    }
  )cpp");
  EXPECT_TRUE(cannotBlock("dont_wait", "recv"));
  EXPECT_FALSE(cannotBlock("waits", "recv"));
  EXPECT_TRUE(cannotBlock("handled", "read"));
  EXPECT_FALSE(cannotBlock("other_error", "read"));
}

TEST_F(NonBlockingIOTest, HelpersAndConstructorsSetTheCallersDescriptor) {
  load(R"cpp(
    static void set_nonblocking(int fd) { fcntl(fd, F_SETFL, O_NONBLOCK); }
    static void log_fd(int fd) {}
    void helped(int s, char *buf) { set_nonblocking(s); read(s, buf, 16); }
    void logged(int s, char *buf) { log_fd(s); read(s, buf, 16); }
    struct connection {
      int fd_;
      explicit connection(int fd) : fd_(fd) { fcntl(fd_, F_SETFL, O_NONBLOCK); }
      int fd() const { return fd_; }
      void get(char *buf) { read(fd_, buf, 16); }
    };
    void outside(connection &c, char *buf) { recv(c.fd(), buf, 16, 0); }
    struct blocking_connection {
      int fd_;
      void get(char *buf) { write(fd_, buf, 16); }
    };
  )cpp");
  EXPECT_TRUE(cannotBlock("helped", "read"));
  EXPECT_FALSE(cannotBlock("logged", "read"));
  EXPECT_TRUE(cannotBlock("connection::get", "read"));
  EXPECT_TRUE(cannotBlock("outside", "recv"));
  EXPECT_FALSE(cannotBlock("blocking_connection::get", "write"));
}

TEST_F(NonBlockingIOTest, DatagramSocketsConnectWithoutWaiting) {
  load(R"cpp(
    void datagram(const sockaddr *addr, socklen_t len) {
      int s = socket(AF_INET, SOCK_DGRAM, 0);
      connect(s, addr, len);
    }
    void stream(const sockaddr *addr, socklen_t len) {
      int s = socket(AF_INET, SOCK_STREAM, 0);
      connect(s, addr, len);
    }
    void datagram_read(char *buf) {
      int s = socket(AF_INET, SOCK_DGRAM, 0);
      recv(s, buf, 16, 0);
    }
  )cpp");
  EXPECT_TRUE(cannotBlock("datagram", "connect"));
  EXPECT_FALSE(cannotBlock("stream", "connect"));
  // Only connecting is instant: a datagram may still be waited for.
  EXPECT_FALSE(cannotBlock("datagram_read", "recv"));
}

TEST_F(NonBlockingIOTest, DescriptorsAwaitedForReadiness) {
  load(R"cpp(
    struct ready {
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<>) noexcept {}
      void await_resume() const noexcept {}
    };
    struct scheduler { ready poll(int fd); int poll_count(int fd); };
    task polled(scheduler &sched, int fd, char *buf) {
      co_await sched.poll(fd);
      read(fd, buf, 16);
    }
    task counted(scheduler &sched, int fd, char *buf) {
      sched.poll_count(fd);
      read(fd, buf, 16);
      co_return;
    }
  )cpp");
  EXPECT_TRUE(cannotBlock("polled", "read"));
  // Named for polling, but nothing to await.
  EXPECT_FALSE(cannotBlock("counted", "read"));
}

TEST_F(NonBlockingIOTest, OtherCallsAndMissingStateNeverCannotBlock) {
  load(R"cpp(
    void closes(int fd) { fcntl(fd, F_SETFL, O_NONBLOCK); close(fd); }
    void reads(int fd, char *buf) { fcntl(fd, F_SETFL, O_NONBLOCK); read(fd, buf, 1); }
  )cpp");
  // Not a descriptor transfer at all.
  EXPECT_FALSE(cannotBlock("closes", "close"));
  EXPECT_TRUE(cannotBlock("reads", "read"));
  // Cleared, the analysis knows nothing and has no context.
  IO.clear();
  EXPECT_FALSE(cannotBlock("reads", "read"));
  // Without a context, analyze() learns nothing.
  IO.analyze({}, [](QualType) { return false; });
  EXPECT_FALSE(cannotBlock("reads", "read"));
}

TEST_F(NonBlockingIOTest, FunctionsWithoutBodiesAndInvalidCode) {
  AST = test::parseWithErrors((Prelude + R"cpp(
    void declared(int fd);
    void broken(int fd, char *buf) {
      fcntl(fd, F_SETFL, undeclared_flag);
      read(fd, buf, 16);
    }
  )cpp")
                                  .str());
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  const auto *Declared =
      test::selectOne<FunctionDecl>(*AST, functionDecl(hasName("declared")));
  const auto *Broken =
      test::selectOne<FunctionDecl>(*AST, functionDecl(hasName("broken")));
  ASSERT_TRUE(Declared && Broken);
  IO.setContext(&Ctx);
  IO.analyze({Declared, Broken}, [](QualType) { return false; });
  EXPECT_FALSE(cannotBlock("broken", "read"));
}

} // namespace
} // namespace clang::tidy::async
