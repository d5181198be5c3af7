// RUN: %check_clang_tidy -check-suffix=DEFAULT -std=c++20 %s async-sequential-awaits %t -- -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=MIN -std=c++20 %s async-sequential-awaits %t -- \
// RUN:   -config='{CheckOptions: {async-sequential-awaits.MinimumAwaits: 3}}' \
// RUN:   -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=ORDER -std=c++20 %s async-sequential-awaits %t -- \
// RUN:   -config='{CheckOptions: {async-sequential-awaits.OrderingAwaitables: "^billing::;Journal$;[invalid"}}' \
// RUN:   -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=NOLOOPS -std=c++20 %s async-sequential-awaits %t -- \
// RUN:   -config='{CheckOptions: {async-sequential-awaits.IgnoreLoops: true}}' \
// RUN:   -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=HINT -std=c++20 %s async-sequential-awaits %t -- \
// RUN:   -config='{CheckOptions: {async-sequential-awaits.CombinatorHint: "acme::gather"}}' \
// RUN:   -- -I %inputs

#include <cppcoro/task.hpp>
#include <vector>

using cppcoro::task;

task<int> fetch(int Id);

namespace billing {
task<int> charge(int Account);
task<int> refund(int Account);
} // namespace billing

struct Journal {
  task<int> append(int Entry) const;
};

task<int> pair(int X, int Y) {
  int A = co_await fetch(X);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:11: warning: 2 independent co_await expressions run one after the other; start them together with when_all [async-sequential-awaits]
  // CHECK-MESSAGES-ORDER: :[[@LINE-2]]:11: warning: 2 independent co_await expressions
  // CHECK-MESSAGES-NOLOOPS: :[[@LINE-3]]:11: warning: 2 independent co_await expressions
  // CHECK-MESSAGES-HINT: :[[@LINE-4]]:11: warning: 2 independent co_await expressions run one after the other; start them together with acme::gather [async-sequential-awaits]
  int B = co_await fetch(Y);
  co_return A + B;
}

task<int> triple(int X, int Y, int Z) {
  int A = co_await fetch(X);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:11: warning: 3 independent co_await expressions
  // CHECK-MESSAGES-MIN: :[[@LINE-2]]:11: warning: 3 independent co_await expressions
  // CHECK-MESSAGES-ORDER: :[[@LINE-3]]:11: warning: 3 independent co_await expressions
  // CHECK-MESSAGES-NOLOOPS: :[[@LINE-4]]:11: warning: 3 independent co_await expressions
  // CHECK-MESSAGES-HINT: :[[@LINE-5]]:11: warning: 3 independent co_await expressions
  int B = co_await fetch(Y);
  int C = co_await fetch(Z);
  co_return A + B + C;
}

// The user knows these keep their order: by namespace, and by class.
task<int> payments(int Account) {
  int Charged = co_await billing::charge(Account);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:17: warning: 2 independent co_await expressions
  // CHECK-MESSAGES-NOLOOPS: :[[@LINE-2]]:17: warning: 2 independent co_await expressions
  // CHECK-MESSAGES-HINT: :[[@LINE-3]]:17: warning: 2 independent co_await expressions
  int Refunded = co_await billing::refund(Account + 1);
  co_return Charged - Refunded;
}

task<int> journal(const Journal &J, int X) {
  int Entry = co_await J.append(X);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:15: warning: 2 independent co_await expressions
  // CHECK-MESSAGES-NOLOOPS: :[[@LINE-2]]:15: warning: 2 independent co_await expressions
  // CHECK-MESSAGES-HINT: :[[@LINE-3]]:15: warning: 2 independent co_await expressions
  int Value = co_await fetch(X);
  co_return Entry + Value;
}

task<int> loop(std::vector<int> Ids) {
  int Total = 0;
  for (int Id : Ids)
    Total += co_await fetch(Id);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:14: warning: co_await in a loop runs one independent operation per iteration, each after the previous one finished; run them concurrently with a windowed when_all or a semaphore, with a bound on how many are in flight [async-sequential-awaits]
  // CHECK-MESSAGES-MIN: :[[@LINE-2]]:14: warning: co_await in a loop runs one independent operation per iteration
  // CHECK-MESSAGES-ORDER: :[[@LINE-3]]:14: warning: co_await in a loop runs one independent operation per iteration
  // CHECK-MESSAGES-HINT: :[[@LINE-4]]:14: warning: co_await in a loop runs one independent operation per iteration, each after the previous one finished; run them concurrently with acme::gather, with a bound on how many are in flight [async-sequential-awaits]
  co_return Total;
}
