// Broken code, as an editor sees it while typing: no crash, and no run built
// on an operand that did not compile.
// RUN: %check_clang_tidy -std=c++20 -expect-clang-tidy-error %s async-sequential-awaits %t -- -- -I %inputs

#include "cppcoro/task.hpp"

#include <vector>

cppcoro::task<int> fetch(int);

cppcoro::task<int> broken(int X) {
  int A = co_await fetch(undeclared);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  int B = co_await fetch(X);
  int C = co_await missing(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: error: use of undeclared identifier 'missing' [clang-diagnostic-error]
  int D = co_await fetch("text");
  // CHECK-MESSAGES: :[[@LINE-1]]:20: error: no matching function for call to 'fetch' [clang-diagnostic-error]
  co_return A + B + C + D;
}

cppcoro::task<int> broken_loop(std::vector<int> Ids) {
  int Total = 0;
  for (int Id : Ids)
    Total += co_await fetch(Id, nope);
  // CHECK-MESSAGES: :[[@LINE-1]]:33: error: use of undeclared identifier 'nope' [clang-diagnostic-error]
  for (auto Id : undeclared_range)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: error: use of undeclared identifier 'undeclared_range' [clang-diagnostic-error]
    Total += co_await fetch(Id);
  co_return Total;
}
