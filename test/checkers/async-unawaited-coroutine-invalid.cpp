// Broken code, as an editor sees it while typing: no crash, and no report
// built on a guess.
// RUN: %check_clang_tidy -std=c++20 -expect-clang-tidy-error %s async-unawaited-coroutine %t -- -- -I %inputs

#include "cppcoro/task.hpp"

cppcoro::task<int> fetch();
cppcoro::task<int> fetch_one(int);

template <typename T> struct Incomplete;
Incomplete<int> incomplete();

cppcoro::task<> broken() {
  fetch_one(undeclared);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  auto unknown = missing();
  // CHECK-MESSAGES: :[[@LINE-1]]:18: error: use of undeclared identifier 'missing' [clang-diagnostic-error]
  auto wrong = fetch_one("text");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: error: no matching function for call to 'fetch_one' [clang-diagnostic-error]
  incomplete();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: {{.*}}'Incomplete<int>'{{.*}} [clang-diagnostic-error]
  // What is valid is still reported.
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fetch' returns a lazy task that is discarded; its body never runs [async-unawaited-coroutine]
  co_return;
}
