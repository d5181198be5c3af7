// RUN: %check_clang_tidy -std=c++20-or-later %s async-dangling-reference %t -- -- -I %inputs

// Coroutine frames that keep a reference to something gone before the frame
// uses it, in the three task shapes of the mocks (cppcoro's task, folly's
// Task, acme's Job, all lazy) and two eager ones (acme's Detached and a task
// defined here), and the look-alikes that must stay quiet: tasks awaited in
// the full-expression that made them, arguments that outlive the task,
// parameters taken by value, eager bodies that copy before they suspend.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <atomic>
#include <coroutine>
#include <span>
#include <string>
#include <string_view>
#include <vector>

void use(std::size_t);
acme::Gate gate;

// An eager task that can be awaited: its body runs at the call, up to its
// first suspension.
template <typename T> struct Eager {
  struct promise_type {
    Eager get_return_object() {
      return Eager{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T V) { Value = V; }
    void unhandled_exception() {}
    T Value{};
  };
  bool await_ready() const noexcept { return H.done(); }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return H.promise().Value; }
  std::coroutine_handle<promise_type> H;
};

cppcoro::task<std::size_t> length(const std::string &S) { co_return S.size(); }
cppcoro::task<std::size_t> count(std::string_view S) { co_return S.size(); }
cppcoro::task<std::size_t> sum(std::span<const int> Values) {
  co_return Values.size();
}
cppcoro::task<std::size_t> clen(const char *S) { co_return S[0]; }
cppcoro::task<std::size_t> byValue(std::string S) { co_return S.size(); }
cppcoro::task<std::size_t> unused(const std::string &) { co_return 1; }
folly::coro::Task<int> measure(const std::string &S) { co_return S.size(); }
folly::coro::Task<int> scaled(const int &Factor) { co_return Factor * 2; }
acme::Job<int> size(const std::string &S) { co_return S.size(); }
acme::Job<int> bump(int *Counter) {
  ++*Counter;
  co_return 0;
}

Eager<int> eagerLength(const std::string &S) {
  co_await gate;
  co_return S.size();
}
Eager<int> eagerCopy(const std::string &S) {
  std::string Own = S;
  co_await gate;
  co_return Own.size();
}
acme::Detached logLater(const std::string &Message) {
  co_await gate;
  use(Message.size());
}
acme::Detached notify(const std::string &Message, std::atomic<bool> &Done) {
  co_await gate;
  use(Message.size());
  Done = true;
}

std::string global_name = "global";

//===--- A temporary bound to a parameter of a task that outlives it ---===//

cppcoro::task<std::size_t> storedTemporary() {
  auto T = length(std::string("abc"));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the temporary bound to parameter 'S' of 'length' is destroyed at the end of the full-expression, but the lazy task, which uses it, is stored [async-dangling-reference]
  co_return co_await T;
}

cppcoro::task<std::size_t> viewOfTemporary(std::string Prefix) {
  auto T = count(Prefix + "-suffix");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the temporary bound to parameter 'S' of 'count' is destroyed at the end of the full-expression, but the lazy task, which uses it, is stored [async-dangling-reference]
  co_return co_await T;
}

cppcoro::task<std::size_t> spanOfTemporary() {
  auto T = sum(std::vector<int>{1, 2, 3});
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the temporary bound to parameter 'Values' of 'sum' is destroyed at the end of the full-expression, but the lazy task, which uses it, is stored [async-dangling-reference]
  co_return co_await T;
}

folly::coro::Task<int> returnedTemporary() {
  return measure(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the temporary bound to parameter 'S' of 'measure' is destroyed at the end of the full-expression, but the lazy task, which uses it, is returned [async-dangling-reference]
}

folly::coro::Task<int> literalToConstRef() {
  auto T = scaled(42);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the temporary bound to parameter 'Factor' of 'scaled' is destroyed at the end of the full-expression, but the lazy task, which uses it, is stored [async-dangling-reference]
  co_return co_await std::move(T);
}

acme::Job<int> containedTemporaries(int N) {
  std::vector<acme::Job<int>> Jobs;
  for (int I = 0; I < N; ++I)
    Jobs.push_back(size(std::to_string(I)));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the temporary bound to parameter 'S' of 'size' is destroyed at the end of the full-expression, but the lazy task, which uses it, is stored in a container [async-dangling-reference]
  int Total = 0;
  for (acme::Job<int> &J : Jobs)
    Total += co_await J;
  co_return Total;
}

cppcoro::task<int> eagerUsesAfterSuspension() {
  auto T = eagerLength(std::string("abc"));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the temporary bound to parameter 'S' of 'eagerLength' is destroyed at the end of the full-expression, but the eager task, which uses it, is stored [async-dangling-reference]
  // CHECK-MESSAGES: :[[@LINE-64]]:13: note: used here, after the coroutine has suspended
  co_return co_await T;
}

void detachedTemporary() {
  logLater(std::string("message"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the temporary bound to parameter 'Message' of 'logLater' is destroyed at the end of the full-expression, but the eager task, which uses it, is left running [async-dangling-reference]
}

//===--- ... and what stays quiet ---===//

cppcoro::task<std::size_t> awaitedInFullExpression() {
  std::size_t N = co_await length(std::string("abc"));
  N += co_await count(std::string("abc"));
  auto Both = co_await cppcoro::when_all(length(std::string("a")),
                                         length(std::string("b")));
  co_return N + std::get<0>(Both);
}

std::size_t blockingInFullExpression() {
  return cppcoro::sync_wait(length(std::string("abc")));
}

cppcoro::task<std::size_t> outlivingArguments() {
  std::string Name = "local";
  auto A = length(Name);
  auto B = length(global_name);
  auto C = clen("literal");
  auto D = count("literal");
  static const std::string Static = "static";
  auto E = length(Static);
  co_return co_await A + co_await B + co_await C + co_await D + co_await E;
}

cppcoro::task<std::size_t> byValueAndUnused() {
  auto A = byValue(std::string("abc"));
  auto B = unused(std::string("abc"));
  // A view of a view: the characters are the literal's.
  auto C = count(std::string_view("abc"));
  co_return co_await A + co_await B + co_await C;
}

cppcoro::task<int> eagerCopiesFirst() {
  auto T = eagerCopy(std::string("abc"));
  co_return co_await T;
}

// An eager body that awaits what its caller handed it may find it complete
// and run to its end inside the call: the caller knows, the check does not.
Eager<int> eagerAwaitsGiven(acme::Job<int> Given, const int &Expected) {
  int V = co_await Given;
  co_return V == Expected;
}
Eager<int> forwardsExpected(acme::Job<int> J) {
  return eagerAwaitsGiven(std::move(J), 42);
}

// ... but one it starts itself suspends, and the temporary is gone by then.
Eager<int> eagerAwaitsFresh(const int &Expected) {
  int V = co_await size(global_name);
  co_return V == Expected;
}
Eager<int> forwardsToFresh() {
  return eagerAwaitsFresh(42);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the temporary bound to parameter 'Expected' of 'eagerAwaitsFresh' is destroyed at the end of the full-expression, but the eager task, which uses it, is returned [async-dangling-reference]
}

void neverRuns() {
  // A lazy task that is dropped or never used again never runs its body.
  auto T = length(std::string("abc"));
  (void)length(std::string("abc"));
}

//===--- Coroutine lambdas invoked as temporaries ---===//

cppcoro::task<std::size_t> storedLambda(std::string Name) {
  auto T = [Name]() -> cppcoro::task<std::size_t> { co_return Name.size(); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the captures of this coroutine lambda are destroyed with the lambda at the end of the full-expression, but its lazy task, which uses them, is stored [async-dangling-reference]
  co_return co_await T;
}

folly::coro::Task<void> returnedLambda(int &Counter) {
  return [&Counter]() -> folly::coro::Task<void> {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the captures of this coroutine lambda are destroyed with the lambda at the end of the full-expression, but its lazy task, which uses them, is returned [async-dangling-reference]
    ++Counter;
    co_return;
  }();
}

void detachedLambda(std::string Message) {
  [Message]() -> acme::Detached {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the captures of this coroutine lambda are destroyed with the lambda at the end of the full-expression, but its eager task, which uses them, is left running [async-dangling-reference]
    co_await gate;
    use(Message.size());
  }();
}

cppcoro::task<std::size_t> quietLambdas(std::string Name) {
  std::size_t N =
      co_await [Name]() -> cppcoro::task<std::size_t> { co_return Name.size(); }();
  auto ByValue = [](std::string S) -> cppcoro::task<std::size_t> {
    co_return S.size();
  }(std::string("abc"));
  auto Named = [Name]() -> cppcoro::task<std::size_t> { co_return Name.size(); };
  auto FromNamed = Named();
  [Name]() -> acme::Detached {
    std::string Own = Name;
    co_await gate;
    use(Own.size());
  }();
  co_return N + co_await ByValue + co_await FromNamed;
}

//===--- Locals of the caller lent to a task that outlives the caller ---===//

cppcoro::task<std::size_t> returnedLocal() {
  std::string Local = "local";
  return length(Local);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: local 'Local' bound to parameter 'S' of 'length' is destroyed when 'returnedLocal' returns, but the lazy task, which uses it, is returned [async-dangling-reference]
}

folly::coro::Task<int> returnedByValueParameter(std::string Name) {
  return measure(Name);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: local 'Name' bound to parameter 'S' of 'measure' is destroyed when 'returnedByValueParameter' returns, but the lazy task, which uses it, is returned [async-dangling-reference]
}

acme::Job<int> returnedPointer() {
  int Counter = 0;
  return bump(&Counter);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: local 'Counter' bound to parameter 'Counter' of 'bump' is destroyed when 'returnedPointer' returns, but the lazy task, which uses it, is returned [async-dangling-reference]
}

void detachedLocal() {
  std::string Message = "local";
  logLater(Message);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: local 'Message' bound to parameter 'Message' of 'logLater' is destroyed when 'detachedLocal' returns, but the eager task, which uses it, is left running [async-dangling-reference]
}

void detachedAndWaited() {
  // The caller waits for the task through what it shares with it.
  std::string Message = "local";
  std::atomic<bool> Done{false};
  notify(Message, Done);
  Done.wait(false);
}

cppcoro::task<std::size_t> locallyAwaited() {
  std::string Local = "local";
  auto T = length(Local);
  std::size_t N = co_await T;
  co_return N + co_await length(Local);
}

acme::Job<int> returnedReference(const std::string &Name, int *Counter) {
  // What a reference or a pointer parameter refers to is the caller's.
  if (Name.empty())
    return bump(Counter);
  return size(Name);
}

cppcoro::task<std::size_t> returnedGlobal() { return length(global_name); }
