// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// When a helper blocks in several ways, the message names the most serious
// blocking call, the one a maintainer would act on: waiting for other work
// (a future, a thread, a task run to completion) before a sleep or a
// transfer, and those before a short file write, even when the serious one
// is further down the chain. A helper that only blocks in a minor way is
// still reported with that call.

#include <cstdio>
#include <future>
#include <thread>

#include "acme/job.h"
#include "cppcoro/task.hpp"

void wait_for_reply(std::future<int> &F) { F.wait(); }

void flush_then_wait(std::FILE *Log, std::future<int> &F) {
  std::fflush(Log);
  wait_for_reply(F);
}

void flush_only(std::FILE *Log) { std::fflush(Log); }

void nap_then_join(std::thread &T) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  T.join();
}

cppcoro::task<void> handler(std::FILE *Log, std::future<int> &F,
                            std::thread &T) {
  flush_then_wait(Log, F);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'flush_then_wait' in coroutine 'handler' blocks in 'std::future::wait'; co_await an asynchronous result instead of waiting for it [async-blocking-call-in-coroutine]
  // CHECK-MESSAGES: :[[@LINE-14]]:3: note: 'flush_then_wait' calls 'wait_for_reply'
  // CHECK-MESSAGES: :[[@LINE-19]]:46: note: 'wait_for_reply' blocks in 'std::future::wait' here
  flush_only(Log);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'flush_only' in coroutine 'handler' blocks in 'fflush'; run file I/O on a thread pool and co_await its completion
  // CHECK-MESSAGES: :[[@LINE-15]]:35: note: 'flush_only' blocks in 'fflush' here
  nap_then_join(T);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'nap_then_join' in coroutine 'handler' blocks in 'std::thread::join'; co_await a completion signal instead of joining the thread
  // CHECK-MESSAGES: :[[@LINE-14]]:5: note: 'nap_then_join' blocks in 'std::thread::join' here
  co_return;
}
