// RUN: %check_clang_tidy -std=c++20-or-later %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// get() and wait() on a future that is known to be complete return at once:
// after a state query on the same future that the code relies on, on the
// value of a co_await, and in helpers whose callers hand them complete
// futures. Each silenced shape sits next to a look-alike that still blocks.

#include <cassert>
#include <chrono>
#include <future>
#include <stdexcept>
#include <utility>
#include <vector>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"
#include "folly/futures/Future.h"

using namespace std::chrono_literals;

// An in-house future, shaped after the result types of task libraries: a
// state query returning an enumeration, blocking get() and wait(), and an
// awaitable settle() whose value is the outcome itself, complete.
namespace ledger {
enum class Phase { pending, done, failed };

template <typename T> class Outcome {
public:
  Phase phase() const { return P; }
  bool settled() const { return P != Phase::pending; }
  bool valid() const { return true; }
  T get() { return V; }
  void wait() const {}

  struct Settle {
    Outcome *Self;
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    Outcome await_resume() const noexcept { return *Self; }
  };
  Settle settle() { return Settle{this}; }

private:
  Phase P = Phase::pending;
  T V{};
};

template <typename T> Outcome<T> start() { return {}; }
} // namespace ledger

// Assertions of a test framework: the value is checked, the path goes on.
template <typename A, typename B> void check_equal(const A &, const B &) {}
void check(bool) {}
template <typename F> void check_throws(F &&Body) {
  try {
    Body();
  } catch (...) {
  }
}

// ---- State queries on the same future ---------------------------------------

cppcoro::task<int> polls_std_future(std::future<int> F, std::future<int> G) {
  if (F.wait_for(0s) == std::future_status::ready)
    co_return F.get();
  // A query on another future proves nothing about this one.
  if (G.wait_for(0s) == std::future_status::ready)
    co_return F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::future::get' in coroutine 'polls_std_future'
  co_return 0;
}

cppcoro::task<int> valid_is_no_state_query(std::future<int> F) {
  // valid() says that there is a shared state, not that it is complete.
  if (F.valid())
    co_return F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::future::get' in coroutine 'valid_is_no_state_query'
  co_return 0;
}

folly::coro::Task<int> asserted_ready(folly::Future<int> FF,
                                      folly::Future<int> Other) {
  check(FF.isReady());
  int A = std::move(FF).get();
  check(Other.isReady());
  int B = std::move(Other).get();
  co_return A + B;
}

folly::coro::Task<void> asserted_each(std::vector<folly::Future<int>> &Fs) {
  for (auto &F : Fs) {
    check(F.isReady());
    std::move(F).get();
  }
  co_return;
}

folly::coro::Task<int> asserted_not_ready(folly::Future<int> FF) {
  // The assertion says the future is still running: get() waits.
  check(!FF.isReady());
  co_return std::move(FF).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: blocking call to 'folly::Future::get' in coroutine 'asserted_not_ready'
}

folly::coro::Task<int> queried_on_one_branch(folly::Future<int> FF, bool Fast) {
  if (Fast)
    check(FF.isReady());
  co_return std::move(FF).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: blocking call to 'folly::Future::get' in coroutine 'queried_on_one_branch'
}

folly::coro::Task<int> queried_after_get(folly::Future<int> FF) {
  int V = std::move(FF).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: blocking call to 'folly::Future::get' in coroutine 'queried_after_get'
  check(FF.isReady());
  co_return V;
}

acme::Job<int> branches_on_phase(ledger::Outcome<int> O, ledger::Outcome<int> P,
                                 ledger::Outcome<int> Q) {
  int Sum = 0;
  if (O.phase() == ledger::Phase::done)
    Sum += O.get();
  else
    Sum += O.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'ledger::Outcome::get' in coroutine 'branches_on_phase'
  if (!P.settled())
    co_return Sum;
  Sum += P.get();
  // Queried, but both paths go on to get().
  if (Q.settled())
    Sum += 1;
  Sum += Q.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'ledger::Outcome::get' in coroutine 'branches_on_phase'
  co_return Sum;
}

acme::Job<int> negated_branch(ledger::Outcome<int> O) {
  if (!O.settled())
    O.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'ledger::Outcome::wait' in coroutine 'negated_branch'
  co_return 0;
}

acme::Job<int> polling_loops(acme::Scheduler &S, ledger::Outcome<int> O,
                             ledger::Outcome<int> P) {
  while (O.phase() == ledger::Phase::pending)
    co_await S.sleep_for(std::chrono::milliseconds(5));
  int A = O.get();
  // The loop runs while P is complete; after it, P is not.
  while (P.settled())
    co_await S.sleep_for(std::chrono::milliseconds(5));
  int B = P.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'ledger::Outcome::get' in coroutine 'polling_loops'
  co_return A + B;
}

acme::Job<int> stored_query(ledger::Outcome<int> O) {
  // A query kept in a variable is not followed.
  bool Done = O.settled();
  if (Done)
    co_return O.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'ledger::Outcome::get' in coroutine 'stored_query'
  co_return 0;
}

// ---- The value of a co_await -------------------------------------------------

acme::Job<int> awaited_values(ledger::Outcome<int> O) {
  auto Done = co_await O.settle();
  int A = Done.get();
  auto Fresh = ledger::start<int>();
  int B = Fresh.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'ledger::Outcome::get' in coroutine 'awaited_values'
  auto Reused = co_await O.settle();
  Reused = ledger::start<int>();
  int C = Reused.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'ledger::Outcome::get' in coroutine 'awaited_values'
  co_return A + B + C;
}

acme::Job<int> awaited_first(ledger::Outcome<int> O, ledger::Outcome<int> P,
                             bool Wait) {
  co_await O.settle();
  int A = O.get();
  if (Wait)
    co_await P.settle();
  int B = P.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'ledger::Outcome::get' in coroutine 'awaited_first'
  co_return A + B;
}

// ---- Helpers ------------------------------------------------------------------

// Checks the state first, as test helpers of result types do.
template <typename T> void test_done(ledger::Outcome<T> O) {
  check_equal(O.phase(), ledger::Phase::done);
  try {
    check_equal(O.get(), T{});
  } catch (...) {
  }
}

// Waits for whatever it is given.
template <typename T> T take(ledger::Outcome<T> O) { return O.get(); }
template <typename T> T take_through(ledger::Outcome<T> O) {
  return take(std::move(O));
}
template <typename T> void peek(ledger::Outcome<T> &O) { O.get(); }
template <typename T> void test_done_and_peek(ledger::Outcome<T> &O) {
  check(O.settled());
  peek(O);
}

acme::Job<void> uses_helpers(ledger::Outcome<int> O, ledger::Outcome<int> P,
                             ledger::Outcome<int> Q) {
  test_done(std::move(O));
  test_done_and_peek(Q);
  // Awaiting P.settle() completes P, and gives back a complete outcome.
  auto Done = co_await P.settle();
  take(Done);
  take_through(Done);
  peek(P);
  take(ledger::start<int>());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'take' in coroutine 'uses_helpers' blocks in 'ledger::Outcome::get'; co_await an asynchronous result instead of waiting for it
  // CHECK-MESSAGES: :[[@LINE-21]]:63: note: 'take' blocks in 'ledger::Outcome::get' here
  take_through(Q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'take_through' in coroutine 'uses_helpers' blocks in 'ledger::Outcome::get'
  // CHECK-MESSAGES: :[[@LINE-22]]:10: note: 'take_through' calls 'take'
  // CHECK-MESSAGES: :[[@LINE-25]]:63: note: 'take' blocks in 'ledger::Outcome::get' here
  peek(Q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'peek' in coroutine 'uses_helpers' blocks in 'ledger::Outcome::get'
  // CHECK-MESSAGES: :[[@LINE-24]]:60: note: 'peek' blocks in 'ledger::Outcome::get' here
  co_return;
}

folly::coro::Task<void> lambdas(ledger::Outcome<int> O) {
  auto Done = co_await O.settle();
  check_throws([&Done] { Done.get(); });
  auto Fresh = ledger::start<int>();
  check_throws([&Fresh] { Fresh.get(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'check_throws' in coroutine 'lambdas' blocks in 'ledger::Outcome::get'
  // CHECK-MESSAGES: :[[@LINE-187]]:5: note: 'check_throws' calls lambda
  // CHECK-MESSAGES: :[[@LINE-3]]:33: note: lambda blocks in 'ledger::Outcome::get' here
  co_return;
}

// A function object's parameters are counted after its object.
struct Taker {
  int operator()(ledger::Outcome<int> O) const { return O.get(); }
};

cppcoro::task<int> uses_function_objects(ledger::Outcome<int> P) {
  auto Done = co_await P.settle();
  int A = Taker{}(Done);
  auto TakeIt = [](ledger::Outcome<int> O) { return O.get(); };
  int B = TakeIt(Done);
  int C = Taker{}(ledger::start<int>());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'Taker::operator()' in coroutine 'uses_function_objects' blocks in 'ledger::Outcome::get'
  int D = TakeIt(ledger::start<int>());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to lambda in coroutine 'uses_function_objects' blocks in 'ledger::Outcome::get'
  co_return A + B + C + D;
}

acme::Job<int> polling_loop_with_break(acme::Scheduler &S,
                                       ledger::Outcome<int> O, bool Hurry) {
  // The loop can also be left by the break, while O is still pending.
  while (O.phase() == ledger::Phase::pending) {
    if (Hurry)
      break;
    co_await S.sleep_for(std::chrono::milliseconds(5));
  }
  co_return O.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'ledger::Outcome::get' in coroutine 'polling_loop_with_break'
}

// More ways to rely on the answer: an assert, a throw, a continue, a loop
// that waits while the future is not complete.
folly::coro::Task<int> relies_on_answers(folly::Future<int> FF,
                                         std::vector<ledger::Outcome<int>> &Os,
                                         acme::Scheduler &S,
                                         ledger::Outcome<int> P,
                                         ledger::Outcome<int> Q) {
  assert(FF.isReady());
  int Sum = std::move(FF).get();
  for (auto &O : Os) {
    if (!O.settled())
      continue;
    Sum += O.get();
  }
  if (!P.settled())
    throw std::runtime_error("not settled");
  Sum += P.get();
  while (!Q.settled())
    co_await S.sleep_for(std::chrono::milliseconds(5));
  Sum += Q.get();
  co_return Sum;
}

// ---- Elements of an awaited container -----------------------------------------

// A combinator over a range: its co_await gives back the outcomes, settled.
struct SettleAll {
  std::vector<ledger::Outcome<int>> Outcomes;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  std::vector<ledger::Outcome<int>> await_resume() { return Outcomes; }
};
SettleAll settle_all(std::vector<ledger::Outcome<int>> Os) { return {Os}; }

// Reads every element, as test helpers over a combinator's results do.
int sum_all(std::vector<ledger::Outcome<int>> Os) {
  int Sum = 0;
  for (unsigned I = 0; I < Os.size(); ++I)
    Sum += Os[I].get();
  return Sum + Os.front().get();
}

cppcoro::task<int> awaited_containers(std::vector<ledger::Outcome<int>> Os) {
  auto Settled = co_await settle_all(Os);
  int Sum = Settled[0].get() + Settled.at(1).get() + Settled.back().get();
  Sum += sum_all(std::move(Settled));
  // The container that was handed to the combinator is not the one that
  // came back: its outcomes may still be pending.
  Sum += Os[0].get();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'ledger::Outcome::get' in coroutine 'awaited_containers'
  Sum += sum_all(Os);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'sum_all' in coroutine 'awaited_containers' blocks in 'ledger::Outcome::get'
  // CHECK-MESSAGES: :[[@LINE-14]]:18: note: 'sum_all' blocks in 'ledger::Outcome::get' here
  co_return Sum;
}

cppcoro::task<int> reassigned_container(std::vector<ledger::Outcome<int>> Os) {
  auto Settled = co_await settle_all(Os);
  Settled = Os;
  co_return Settled[0].get();
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: blocking call to 'ledger::Outcome::get' in coroutine 'reassigned_container'
}
