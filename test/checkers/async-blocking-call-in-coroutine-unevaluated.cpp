// RUN: %check_clang_tidy -std=c++20-or-later %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// Operands that are never evaluated run nothing: a blocking call inside
// decltype, sizeof, alignof, noexcept, typeid of a non-polymorphic operand,
// a requires expression, static_assert or the condition of `if constexpr`
// is neither reported nor followed. The same calls evaluated still are.

#include <chrono>
#include <cstddef>
#include <future>
#include <thread>
#include <typeinfo>
#include <unistd.h>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

using namespace std::chrono_literals;

constexpr bool always_true() { return true; }
int blocking_value() {
  sleep(1);
  return 1;
}
void pause_a_bit() { std::this_thread::sleep_for(1ms); }
struct Plain {};
Plain &plain_blocking() {
  sleep(1);
  static Plain P;
  return P;
}
struct Poly {
  virtual ~Poly() = default;
};
Poly &poly_blocking() {
  sleep(1);
  static Poly P;
  return P;
}

cppcoro::task<int> unevaluated(std::future<int> &F) {
  using T = decltype(F.get());
  decltype(blocking_value()) X = 0;
  std::size_t S = sizeof(blocking_value()) + sizeof F.get();
  std::size_t A = alignof(decltype(F.get()));
  bool N = noexcept(pause_a_bit());
  const std::type_info &I = typeid(plain_blocking());
  static_assert(sizeof(blocking_value()) == sizeof(int));
  bool R = requires { F.get(); };
  co_return X + S + A + N + R + sizeof(T) + (I == typeid(int));
}

folly::coro::Task<int> evaluated(std::future<int> &F) {
  std::size_t S = sizeof(int[2]) + F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: blocking call to 'std::future::get' in coroutine 'evaluated'
  decltype(blocking_value()) X = blocking_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: call to 'blocking_value' in coroutine 'evaluated' blocks in 'sleep'
  // CHECK-MESSAGES: :[[@LINE-36]]:3: note: 'blocking_value' blocks in 'sleep' here
  const std::type_info &I = typeid(poly_blocking());
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: call to 'poly_blocking' in coroutine 'evaluated' blocks in 'sleep'
  // CHECK-MESSAGES: :[[@LINE-25]]:3: note: 'poly_blocking' blocks in 'sleep' here
  co_return S + X + (I == typeid(int));
}

// Helpers that only name a blocking call in an unevaluated operand do not
// block.
template <typename Fn> constexpr bool is_nothrow(Fn &&Call) {
  return noexcept(Call());
}
std::size_t result_size() { return sizeof(blocking_value()); }

acme::Job<int> through_helpers() {
  co_return result_size() + is_nothrow(pause_a_bit);
}

acme::Job<int> constexpr_if(std::future<int> &F) {
  if constexpr (requires { F.get(); }) {
    co_return F.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::future::get' in coroutine 'constexpr_if'
  }
  if constexpr (always_true())
    pause_a_bit();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'pause_a_bit' in coroutine 'constexpr_if' blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-59]]:22: note: 'pause_a_bit' blocks in 'std::this_thread::sleep_for' here
  co_return 0;
}
