// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// File-system work: the operational functions of std::filesystem, directory
// iteration, and streams whose buffer is a file whatever their class (the
// stream is recognised by its buffer, not its name), also when read through
// rdbuf() or a stream iterator. Path arithmetic, file_status queries,
// in-memory streams and the same calls outside coroutines are quiet.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

namespace fs = std::filesystem;

cppcoro::task<std::uintmax_t> scans(fs::path Dir) {
  std::uintmax_t Total = 0;
  if (!fs::exists(Dir))
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::filesystem::exists' in coroutine 'scans'; run file I/O on a thread pool and co_await its completion [async-blocking-call-in-coroutine]
    co_return 0;
  for (const fs::directory_entry &E : fs::directory_iterator(Dir))
    // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: blocking call to 'std::filesystem::directory_iterator' in coroutine 'scans'
    Total += E.path().filename().string().size();
  for (fs::recursive_directory_iterator It(Dir), End; It != End; ++It)
    // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: blocking call to 'std::filesystem::recursive_directory_iterator' in coroutine 'scans'
    ++Total;
  Total += fs::file_size(Dir / "index");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::filesystem::file_size' in coroutine 'scans'
  co_return Total;
}

folly::coro::Task<void> moves(const fs::path &From, const fs::path &To) {
  fs::create_directories(To.parent_path());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::create_directories' in coroutine 'moves'
  fs::copy(From, To);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::copy' in coroutine 'moves'
  std::error_code Ec;
  fs::remove(From, Ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::remove' in coroutine 'moves'
  co_return;
}

// Path-only operations and file_status queries do no I/O.
folly::coro::Task<std::string> names(const fs::path &P, fs::file_status S) {
  fs::path Q = P / "child";
  std::string Name = Q.filename().string() + Q.extension().string();
  bool Known = fs::exists(S) && fs::is_directory(S);
  Q.replace_extension(".txt");
  co_return Known ? Q.lexically_normal().string() : Name;
}

// In-house streams over a file buffer: one holds it, one returns it from
// rdbuf().
class RecordFile : public std::istream {
public:
  explicit RecordFile(const char *Path) : std::istream(nullptr) {
    Buffer.open(Path, std::ios::in);
    rdbuf(&Buffer);
  }

private:
  std::filebuf Buffer;
};

class SharedLog : public std::ostream {
public:
  SharedLog() : std::ostream(nullptr) {}
  std::filebuf *rdbuf() const;
};

// And one over a string: parsing memory.
class Message : public std::istream {
public:
  explicit Message(const std::string &Text)
      : std::istream(nullptr), Buffer(Text) {
    rdbuf(&Buffer);
  }

private:
  std::stringbuf Buffer;
};

acme::Job<std::string> reads(const char *Path, SharedLog &Log) {
  RecordFile In(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'RecordFile' in coroutine 'reads'
  std::string Word;
  In >> Word;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'RecordFile::operator>>' in coroutine 'reads'
  char Buf[16];
  In.read(Buf, sizeof Buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'RecordFile::read' in coroutine 'reads'
  Log << Word;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'SharedLog::operator<<' in coroutine 'reads'
  Message M("a b");
  M >> Word;
  std::cout << Word;
  co_return Word;
}

cppcoro::task<std::string> raw_reads(const char *Path) {
  std::ifstream File(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream' in coroutine 'raw_reads'
  char Buf[64];
  File.rdbuf()->sgetn(Buf, sizeof Buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_filebuf::sgetn' in coroutine 'raw_reads'
  int C = File.rdbuf()->sgetc();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: blocking call to 'std::basic_filebuf::sgetc' in coroutine 'raw_reads'
  std::string All((std::istreambuf_iterator<char>(File)),
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: blocking call to 'std::istreambuf_iterator' in coroutine 'raw_reads'
                  std::istreambuf_iterator<char>());
  std::istringstream Text("in memory");
  Text.rdbuf()->sgetn(Buf, sizeof Buf);
  std::string Copy((std::istreambuf_iterator<char>(Text)),
                   std::istreambuf_iterator<char>());
  co_return All + Copy + static_cast<char>(C);
}

// The same work outside a coroutine is not this check's business.
std::uintmax_t plain_scan(const fs::path &Dir) {
  std::uintmax_t N = 0;
  if (fs::exists(Dir))
    for (const auto &E : fs::directory_iterator(Dir))
      N += fs::file_size(E.path());
  RecordFile In("x");
  std::ifstream F("y");
  F.rdbuf()->sgetc();
  return N;
}
