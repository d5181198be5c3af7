// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t

// Real Boost: a boost::nowide stream is backed by a std::basic_filebuf (on
// POSIX) and blocks as std::ifstream does; Boost.Asio's asynchronous file
// work does not.

#include <boost/asio.hpp>
#include <boost/nowide/fstream.hpp>
#include <filesystem>
#include <string>

namespace asio = boost::asio;

asio::awaitable<std::string> load(const std::string &Path) {
  boost::nowide::ifstream In(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: blocking call to 'boost::nowide::basic_ifstream' in coroutine 'load'; run file I/O on a thread pool and co_await its completion [async-blocking-call-in-coroutine]
  std::string Line;
  In >> Line;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::nowide::basic_ifstream::operator>>' in coroutine 'load'
  if (std::filesystem::is_regular_file(Path))
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::filesystem::is_regular_file' in coroutine 'load'
    Line += std::filesystem::path(Path).filename().string();
  asio::steady_timer Timer(co_await asio::this_coro::executor);
  co_await Timer.async_wait(asio::use_awaitable);
  co_return Line;
}

// A plain function may block.
std::string load_now(const std::string &Path) {
  boost::nowide::ifstream In(Path);
  std::string Line;
  In >> Line;
  return Line;
}
