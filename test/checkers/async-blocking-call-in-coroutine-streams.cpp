// RUN: %check_clang_tidy -std=c++20-or-later %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// The stream decides, not the function's name: std::getline on a stream
// whose buffer is in memory parses a string, and stdio calls on stdout or
// stderr are logging. getline on a file stream, on std::cin (a terminal
// read) or on a std::istream of unknown origin, and stdio calls on a FILE*
// from fopen, are still reported.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

// A stream of the user's over a string buffer.
class MessageStream : public std::istream {
public:
  explicit MessageStream(const std::string &Text)
      : std::istream(nullptr), Buffer(Text) {
    rdbuf(&Buffer);
  }

private:
  std::stringbuf Buffer;
};

cppcoro::task<int> parses(const std::string &Text) {
  std::istringstream In(Text);
  std::string Line;
  std::getline(In, Line);
  std::getline(In, Line, ',');
  std::stringstream Both(Text);
  std::getline(Both, Line);
  int N = 0;
  In >> N;
  Both << N;
  MessageStream Message(Text);
  std::getline(Message, Line);
  co_return N;
}

folly::coro::Task<std::string> reads(const char *Path, std::istream &Unknown) {
  std::ifstream File(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream' in coroutine 'reads'
  std::string Line;
  std::getline(File, Line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline' in coroutine 'reads'
  std::getline(std::cin, Line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline' in coroutine 'reads'
  std::getline(Unknown, Line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline' in coroutine 'reads'
  co_return Line;
}

acme::Job<void> logs(const char *Message, std::size_t Size) {
  std::fwrite(Message, 1, Size, stdout);
  std::fwrite(Message, 1, Size, stderr);
  std::fflush(stdout);
  fflush(stderr);
  std::fprintf(stderr, "%s\n", Message);
  std::printf("%s\n", Message);
  std::fputs(Message, stderr);
  co_return;
}

acme::Job<void> writes_file(const char *Path, const char *Message,
                            std::size_t Size) {
  std::FILE *F = std::fopen(Path, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'fopen' in coroutine 'writes_file'
  std::fwrite(Message, 1, Size, F);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fwrite' in coroutine 'writes_file'
  std::fflush(F);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fflush' in coroutine 'writes_file'
  char Buf[64];
  std::fgets(Buf, sizeof Buf, stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fgets' in coroutine 'writes_file'
  co_return;
}

// A helper that only logs does not block its callers.
void trace(const char *Message) {
  std::fputs(Message, stderr);
  std::fflush(stderr);
}
void persist(std::FILE *F, const char *Message) { std::fputs(Message, F); std::fflush(F); }

cppcoro::task<> through_helpers(std::FILE *F) {
  trace("start");
  persist(F, "start");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'persist' in coroutine 'through_helpers' blocks in 'fflush'
  // CHECK-MESSAGES: :[[@LINE-6]]:75: note: 'persist' blocks in 'fflush' here
  co_return;
}
