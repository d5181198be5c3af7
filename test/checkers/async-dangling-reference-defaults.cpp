// RUN: %check_clang_tidy -std=c++20-or-later %s async-dangling-reference %t -- -- -I %inputs

// A default argument is evaluated at each call: a temporary it makes for a
// reference or view parameter dies at the end of the caller's
// full-expression, as an argument's temporary does. The look-alikes: the
// task awaited in the full-expression, a default that is a global or a
// literal viewed, a default taken by value, a default the body never uses.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <string>
#include <string_view>
#include <vector>

acme::Gate gate;
const std::string fallback = "fallback";

cppcoro::task<std::size_t> greet(const std::string &Name = std::string("x")) {
  co_return Name.size();
}
folly::coro::Task<int> total(const std::vector<int> &Values = {1, 2}) {
  co_return Values.size();
}
acme::Job<int> label(const std::string &Text = "converted") {
  co_await gate;
  co_return Text.size();
}
cppcoro::task<std::size_t> named(const std::string &Name = fallback) {
  co_return Name.size();
}
cppcoro::task<std::size_t> viewed(std::string_view Name = "literal") {
  co_return Name.size();
}
cppcoro::task<std::size_t> copied(std::string Name = std::string("x")) {
  co_return Name.size();
}
cppcoro::task<std::size_t> ignored(const std::string & = std::string("x")) {
  co_return 0;
}

cppcoro::task<std::size_t> storedWithDefault() {
  auto T = greet();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the temporary made by the default argument of parameter 'Name' of 'greet' is destroyed at the end of the full-expression, but the lazy task, which uses it, is stored [async-dangling-reference]
  co_return co_await T;
}

folly::coro::Task<int> returnedWithDefault() {
  return total();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the temporary made by the default argument of parameter 'Values' of 'total' is destroyed at the end of the full-expression, but the lazy task, which uses it, is returned [async-dangling-reference]
}

acme::Job<int> containedWithDefault() {
  std::vector<acme::Job<int>> Jobs;
  Jobs.push_back(label());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the temporary made by the default argument of parameter 'Text' of 'label' is destroyed at the end of the full-expression, but the lazy task, which uses it, is stored in a container [async-dangling-reference]
  co_return co_await Jobs.front();
}

cppcoro::task<std::size_t> quietDefaults() {
  std::size_t N = co_await greet();
  auto A = named();
  auto B = viewed();
  auto C = copied();
  auto D = ignored();
  auto E = greet(fallback);
  co_return N + co_await A + co_await B + co_await C + co_await D +
      co_await E;
}
