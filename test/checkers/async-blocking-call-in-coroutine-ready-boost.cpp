// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t

// Real Boost.Asio coroutines: a std::future polled before get() and a
// blocking call on the way to exit() or in a forked child are not reported;
// their look-alikes are.

#include <boost/asio.hpp>
#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

namespace asio = boost::asio;
using namespace std::chrono_literals;

asio::awaitable<int> collect(std::future<int> Ready, std::future<int> Other) {
  auto Executor = co_await asio::this_coro::executor;
  asio::steady_timer Timer(Executor);
  while (Ready.wait_for(0s) != std::future_status::ready) {
    Timer.expires_after(5ms);
    co_await Timer.async_wait(asio::use_awaitable);
  }
  int A = Ready.get();
  int B = Other.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::future::get' in coroutine 'collect'; co_await an asynchronous result instead of waiting for it [async-blocking-call-in-coroutine]
  co_return A + B;
}

void report_and_exit(int Code) {
  std::this_thread::sleep_for(100ms);
  std::exit(Code);
}
void report(int Code) { std::this_thread::sleep_for(100ms); }

asio::awaitable<void> supervise(bool Broken) {
  if (Broken)
    report_and_exit(3);
  report(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'report' in coroutine 'supervise' blocks in 'std::this_thread::sleep_for'
  if (fork() == 0) {
    std::this_thread::sleep_for(1s);
    _exit(0);
  }
  wait(nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'wait' in coroutine 'supervise'
  co_return;
}
