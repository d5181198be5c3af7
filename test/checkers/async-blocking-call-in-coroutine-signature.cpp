// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// "Async by signature": a function that returns a task or an awaitable but
// is no coroutine (no co_await, co_return or co_yield) runs its body in the
// call that creates the task, so a blocking call there blocks whoever
// creates it, even though the type promises otherwise. Quiet: such a
// function that does not block, one that returns the task by reference,
// the language's own promise members, and plain functions.

#include <chrono>
#include <future>
#include <thread>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

using namespace std::chrono_literals;

cppcoro::task<int> compute(int N) { co_return N; }
folly::coro::Task<int> value(int V) { co_return V; }

cppcoro::task<int> forgot_the_keyword(int N) {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in 'forgot_the_keyword', which returns a task without being a coroutine: it blocks whoever creates it; co_await an asynchronous timer instead [async-blocking-call-in-coroutine]
  return compute(N);
}

folly::coro::Task<int> waits_then_returns(std::future<int> F) {
  int V = F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'std::future::get' in 'waits_then_returns', which returns a task without being a coroutine
  return value(V);
}

void settle() { std::this_thread::sleep_for(1ms); }

acme::Job<void> settles_first() {
  settle();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'settle' in 'settles_first', which returns a task without being a coroutine, blocks in 'std::this_thread::sleep_for': it blocks whoever creates it
  // CHECK-MESSAGES: :[[@LINE-5]]:17: note: 'settle' blocks in 'std::this_thread::sleep_for' here
  return acme::Scheduler{}.sleep_for(1ms);
}

// Quiet.
cppcoro::task<int> forwards(int N) { return compute(N + 1); }

struct Holder {
  cppcoro::task<int> Task = compute(1);
  cppcoro::task<int> &task() {
    settle();
    return Task;
  }
};

int plain(std::future<int> F) {
  settle();
  return F.get();
}

cppcoro::task<int> real_coroutine(std::future<int> F) {
  co_return F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'std::future::get' in coroutine 'real_coroutine'
}

auto make_lambda() {
  return [](int N) -> cppcoro::task<int> { return compute(N); };
}

// Waits and hands back the now complete task, called only from a plain
// test driver: the driver blocks anyway, and nobody else shares its thread.
cppcoro::task<int> wait_and_return(std::future<int> &F) {
  F.wait();
  return compute(1);
}
void driver(std::future<int> &F) { (void)wait_and_return(F); }

// The same helper called from a coroutine is reported at that call, and
// inside.
cppcoro::task<int> wait_and_return_too(std::future<int> &F) {
  F.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::future::wait' in 'wait_and_return_too', which returns a task without being a coroutine
  return compute(2);
}
cppcoro::task<int> awaits_it(std::future<int> &F) {
  co_return co_await wait_and_return_too(F);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: call to 'wait_and_return_too' in coroutine 'awaits_it' blocks in 'std::future::wait'
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'wait_and_return_too' blocks in 'std::future::wait' here
}

// A getter whose type is a task in one instantiation only is not async by
// signature; a function that returns a task and calls it is.
template <typename T> struct Box {
  T Value;
  std::future<int> *F;
  T get() {
    F->wait();
    return std::move(Value);
  }
};
cppcoro::task<int> unbox(Box<cppcoro::task<int>> &B) { return B.get(); }
// CHECK-MESSAGES: :[[@LINE-1]]:65: warning: call to 'Box::get' in 'unbox', which returns a task without being a coroutine, blocks in 'std::future::wait'
// CHECK-MESSAGES: :[[@LINE-6]]:8: note: 'Box::get' blocks in 'std::future::wait' here
