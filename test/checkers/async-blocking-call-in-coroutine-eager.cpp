// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// An eager coroutine (its initial suspension never suspends) runs inside the
// call that creates it, on the caller's thread, until it first suspends:
// that part blocks its caller as a function would. It is reported where a
// coroutine calls it, through the chain of calls, and not inside the eager
// coroutine itself; what comes after its first suspension is reported there.

#include <chrono>
#include <future>
#include <thread>

#include "acme/job.h"

void settle() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }

// Driven from plain functions only: nothing else shares the thread.
acme::Detached get_inline(std::future<int> F) {
  (void)F.get();
  co_return;
}

acme::Detached settles_first(std::future<int> F) {
  settle();
  co_await acme::Scheduler{}.sleep_for(std::chrono::milliseconds(1));
  // After the first suspension, the coroutine runs wherever it was resumed.
  F.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::future::wait' in coroutine 'settles_first'
}

acme::Detached waits_in_loop(std::future<int> &F) {
  for (int I = 0; I < 2; ++I) {
    // The second round runs after a suspension.
    F.wait();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::future::wait' in coroutine 'waits_in_loop'
    co_await acme::Scheduler{}.sleep_for(std::chrono::milliseconds(1));
  }
}

// A wrapper that never suspends, as a test's method under test.
struct GetMethod {
  template <typename T> acme::Detached operator()(std::future<T> F) {
    (void)F.get();
    co_return;
  }
};

// A driver that sets up, waits for a deadline, and only then suspends.
acme::Detached driver(std::future<int> F, bool Slow) {
  if (Slow)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  settle();
  co_await acme::Scheduler{}.sleep_for(std::chrono::milliseconds(1));
}

int main() {
  std::promise<int> P;
  get_inline(P.get_future());
  settles_first(P.get_future());
  GetMethod{}(P.get_future());
  driver(P.get_future(), true);
}

// A coroutine that starts an eager one is blocked by its first part.
acme::Job<void> starts_eager(std::promise<int> &P) {
  get_inline(P.get_future());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'get_inline' in coroutine 'starts_eager' blocks in 'std::future::get'
  // CHECK-MESSAGES: :[[@LINE-49]]:11: note: 'get_inline' blocks in 'std::future::get' here
  settles_first(P.get_future());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'settles_first' in coroutine 'starts_eager' blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-47]]:3: note: 'settles_first' calls 'settle'
  // CHECK-MESSAGES: :[[@LINE-57]]:17: note: 'settle' blocks in 'std::this_thread::sleep_for' here
  co_return;
}

// Look-alike: a lazy coroutine runs when it is awaited, on the awaiter's
// executor, and is reported inside itself.
acme::Job<int> lazy_get(std::future<int> F) {
  co_return F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'std::future::get' in coroutine 'lazy_get'
}
