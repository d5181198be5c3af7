// RUN: %check_clang_tidy -check-suffix=DEFAULT -std=c++20 %s async-swallowed-cancellation %t -- -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=SET -std=c++20 %s async-swallowed-cancellation %t -- \
// RUN:   -config='{CheckOptions: {async-swallowed-cancellation.CancellationExceptions: "acme::Stopped;::acme::NoSuchClass"}}' \
// RUN:   -- -I %inputs

// CancellationExceptions: an in-house library (acme's Job) whose cancelled
// jobs throw acme::Stopped. With the defaults, no cancellation class of
// acme's is known (std::system_error is declared here, but no Asio, folly or
// cppcoro) and nothing is reported; naming the class makes the handlers that
// swallow it findings, by its hierarchy (acme::Failure is its base); a name
// that is not declared is ignored.

#include <acme/job.h>
#include <exception>

namespace acme {
struct Failure : std::exception {};
struct Stopped : Failure {};
struct Timeout : Failure {};
} // namespace acme

acme::Job<int> step();
void log(const char *);
void use(int);

acme::Job<void> worker() {
  for (;;) {
    try {
      use(co_await step());
    } catch (const acme::Failure &) {
      // CHECK-NOTES-SET: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'step'; the loop cannot be stopped; rethrow 'acme::Stopped' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES-SET: :[[@LINE-3]]:11: note: the cancellation of 'step' is thrown here
      log("step failed");
    }
  }
}

acme::Job<void> workerCatchAll() {
  while (true) {
    try {
      use(co_await step());
    } catch (...) {
      // CHECK-NOTES-SET: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'step'; the loop cannot be stopped; rethrow 'acme::Stopped' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES-SET: :[[@LINE-3]]:11: note: the cancellation of 'step' is thrown here
    }
  }
}

// Quiet: Stopped is caught first and leaves.
acme::Job<void> workerLeaves() {
  for (;;) {
    try {
      use(co_await step());
    } catch (const acme::Stopped &) {
      co_return;
    } catch (const acme::Failure &) {
      log("step failed");
    }
  }
}

// Quiet: a sibling class is no cancellation.
acme::Job<void> workerTimeouts() {
  for (;;) {
    try {
      use(co_await step());
    } catch (const acme::Timeout &) {
      log("step timed out");
    }
  }
}
