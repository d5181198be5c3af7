// RUN: %check_clang_tidy -check-suffix=DEFAULT -std=c++20 %s async-unbounded-fan-out %t -- -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=OPT -std=c++20 %s async-unbounded-fan-out %t -- \
// RUN:   -config='{CheckOptions: {async-unbounded-fan-out.SpawnFunctions: "sched::launch;^sched::Pool::submit_.*$", \
// RUN:                            async-unbounded-fan-out.BoundedJoins: "gatherSome", \
// RUN:                            async-unbounded-fan-out.LimitFunctions: "sched::Throttle::enter", \
// RUN:                            async-unbounded-fan-out.MaxConstantFanOut: 8}}' -- -I %inputs

#include <cppcoro/task.hpp>

#include <vector>

struct Item {
  int Id;
};
cppcoro::task<int> fetch(Item);

namespace sched {
// Starts a job in the background; takes no task, so only the option makes
// it a spawn.
void launch(void (*Job)(int), int Arg);
struct Pool {
  void submit_job(void (*Job)(int), int Arg);
  void submitter();
};
// Blocks until fewer than its limit of jobs run.
struct Throttle {
  void enter();
};
} // namespace sched

void job(int);

// A join with "gather" in its name, bounded by what it does rather than by
// an argument.
template <typename Range> cppcoro::task<void> gatherSome(Range);

struct AsyncScope {
  template <typename Awaitable> void spawn(Awaitable &&);
};

void userSpawns(const std::vector<int> &Ids, sched::Pool &Pool) {
  for (int Id : Ids)
    sched::launch(job, Id);
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:5: warning: loop over 'Ids' starts a task with 'launch' in every iteration
  for (int Id : Ids)
    Pool.submit_job(job, Id);
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:10: warning: loop over 'Ids' starts a task with 'submit_job' in every iteration
  for (int Id : Ids)
    Pool.submitter();
}

cppcoro::task<void> userJoin(std::vector<Item> Items) {
  std::vector<cppcoro::task<int>> Tasks;
  for (const Item &I : Items)
    Tasks.push_back(fetch(I));
  co_await gatherSome(std::move(Tasks));
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:12: warning: 'gatherSome' starts every task in 'Tasks' at once
}

void userLimit(AsyncScope &Scope, sched::Throttle &Throttle,
               const std::vector<Item> &Items) {
  for (const Item &I : Items) {
    Throttle.enter();
    Scope.spawn(fetch(I));
    // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:11: warning: loop over 'Items' starts a task with 'spawn' in every iteration
  }
}

void constantLoops(AsyncScope &Scope) {
  for (int I = 0; I < 16; ++I)
    Scope.spawn(fetch(Item{I}));
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:11: warning: loop of 16 iterations starts a task with 'spawn' in every iteration
  for (int I = 0; I <= 8; ++I)
    Scope.spawn(fetch(Item{I}));
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:11: warning: loop of 9 iterations starts a task with 'spawn' in every iteration
  for (int I = 0; I < 8; ++I)
    Scope.spawn(fetch(Item{I}));
  // By default a trip count known at compile time is a bound, however large;
  // only MaxConstantFanOut sets a limit on it.
  for (int I = 0; I < 100; ++I)
    Scope.spawn(fetch(Item{I}));
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:11: warning: loop of 100 iterations starts a task with 'spawn' in every iteration
}
