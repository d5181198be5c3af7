// The smallest complete check test, kept as an example of the harness: a
// blocking call in a coroutine is flagged, the same call outside one is not.
// RUN: %check_clang_tidy %s async-blocking-call-in-coroutine %t -- -- -isystem %inputs

#include <cppcoro/task.hpp>

#include <chrono>
#include <thread>

cppcoro::task<> naps(bool Tired) {
  if (Tired) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} [async-blocking-call-in-coroutine]
  }
  co_return;
}

// Not a coroutine: it may block.
void napsSynchronously() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
