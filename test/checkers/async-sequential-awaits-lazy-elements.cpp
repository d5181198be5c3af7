// RUN: %check_clang_tidy -std=c++20-or-later %s async-sequential-awaits %t -- -- -I %inputs

// Loops that await, one by one, lazy tasks made earlier by a loop, one per
// element: each task starts only when it is awaited, so they run in turn.
// Over eager tasks (already running) such a loop only collects them.

#include <acme/job.h>
#include <coroutine>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <utility>
#include <vector>

cppcoro::task<int> fetch(int Id);
folly::coro::Task<int> load(int Id);
acme::Job<int> compute(int Id);
cppcoro::task<void> migrate();
cppcoro::task<void> reindex();
cppcoro::task<void> sleep_for(int Ms);

// Starts at once; awaiting it waits for its end.
struct Running {
  struct promise_type {
    Running get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const noexcept { return 0; }
};
Running start(int Id);

// ---------------------------------------------------------------- positives

cppcoro::task<int> made_then_awaited(const std::vector<int> &Ids) {
  std::vector<cppcoro::task<int>> Tasks;
  for (int Id : Ids)
    Tasks.push_back(fetch(Id));
  int Total = 0;
  for (auto &T : Tasks)
    Total += co_await T;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: co_await in a loop starts each lazy task only when it is awaited, so the tasks made earlier run one after the other; run them concurrently with a windowed when_all or a semaphore, with a bound on how many are in flight [async-sequential-awaits]
  co_return Total;
}

folly::coro::Task<std::vector<int>> folly_tasks(std::vector<int> Ids) {
  std::vector<folly::coro::Task<int>> Pending;
  for (std::size_t I = 0; I < Ids.size(); ++I)
    Pending.emplace_back(load(Ids[I]));
  std::vector<int> Out;
  for (auto &Each : Pending)
    Out.push_back(co_await std::move(Each));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: co_await in a loop starts each lazy task only when it is awaited, so the tasks made earlier run one after the other; run them concurrently with folly::coro::collectAllWindowed, with a bound on how many are in flight
  co_return Out;
}

acme::Job<void> acme_jobs(std::vector<int> Ids) {
  std::vector<acme::Job<int>> Jobs;
  for (int Id : Ids)
    Jobs.push_back(compute(Id));
  for (auto &J : Jobs)
    co_await J;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: co_await in a loop starts each lazy task only when it is awaited
}

// ---------------------------------------------------------------- negatives

// Eager tasks are already running: the loop collects them.
cppcoro::task<int> eager_collected(const std::vector<int> &Ids) {
  std::vector<Running> Started;
  for (int Id : Ids)
    Started.push_back(start(Id));
  int Total = 0;
  for (auto &R : Started)
    Total += co_await R;
  co_return Total;
}

// A list of steps, one statement each: running them in turn is the point.
cppcoro::task<void> steps_in_order() {
  std::vector<cppcoro::task<void>> Steps;
  Steps.push_back(migrate());
  Steps.push_back(reindex());
  for (auto &Step : Steps)
    co_await Step;
}

// Tasks handed in: who made them, and whether they depend on each other, is
// not known here.
cppcoro::task<void> handed_in(std::vector<cppcoro::task<int>> Tasks) {
  for (auto &T : Tasks)
    co_await T;
}

// Filled in a loop and also by hand.
cppcoro::task<void> mixed(const std::vector<int> &Ids) {
  std::vector<cppcoro::task<int>> Tasks;
  Tasks.push_back(fetch(0));
  for (int Id : Ids)
    Tasks.push_back(fetch(Id));
  for (auto &T : Tasks)
    co_await T;
}

// Pauses made per element are meant to run in turn.
cppcoro::task<void> paced(const std::vector<int> &Delays) {
  std::vector<cppcoro::task<void>> Pauses;
  for (int D : Delays)
    Pauses.push_back(sleep_for(D));
  for (auto &P : Pauses)
    co_await P;
}

// The loop stops at the first failure: each result decides whether the next
// task runs at all.
cppcoro::task<bool> until_failure(const std::vector<int> &Ids) {
  std::vector<cppcoro::task<int>> Tasks;
  for (int Id : Ids)
    Tasks.push_back(fetch(Id));
  for (auto &T : Tasks)
    if (co_await T < 0)
      co_return false;
  co_return true;
}
