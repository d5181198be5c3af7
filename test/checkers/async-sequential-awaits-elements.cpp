// RUN: %check_clang_tidy -std=c++20-or-later %s async-sequential-awaits %t -- -- -I %inputs

// Loops whose element is a pointer or a smart pointer and whose await calls
// a member through it, and loops over keys an object hands out, each passed
// back to that object.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <memory>
#include <string>
#include <vector>

struct Mirror {
  cppcoro::task<int> fetch(const std::string &Path);
  cppcoro::task<int> peek(const std::string &Path) const;
};

struct Nodes {
  std::vector<int> ids() const;
  const std::vector<int> &live_ids() const;
  folly::coro::Task<void> refresh(int Id);
  folly::coro::Task<void> refresh_all();
  folly::coro::Task<int> describe(int Id) const;
};

struct Shards {
  std::vector<int> keys() const;
  acme::Job<void> rebuild(int Key);
};

// ---------------------------------------------------------------- positives

cppcoro::task<std::vector<int>>
unique_mirrors(std::vector<std::unique_ptr<Mirror>> &Mirrors, std::string Path) {
  std::vector<int> Out;
  for (auto &M : Mirrors)
    Out.push_back(co_await M->fetch(Path));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: co_await in a loop runs one independent operation per iteration, each after the previous one finished; run them concurrently with a windowed when_all or a semaphore, with a bound on how many are in flight [async-sequential-awaits]
  co_return Out;
}

cppcoro::task<int> raw_mirrors(std::vector<Mirror *> Mirrors, std::string Path) {
  int Total = 0;
  for (Mirror *M : Mirrors)
    Total += co_await M->peek(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: co_await in a loop runs one independent operation per iteration
  co_return Total;
}

folly::coro::Task<void> refresh_each(std::shared_ptr<Nodes> N) {
  for (const auto &Id : N->ids())
    co_await N->refresh(Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: co_await in a loop runs one independent operation per iteration, each after the previous one finished; run them concurrently with folly::coro::collectAllWindowed, with a bound on how many are in flight
}

folly::coro::Task<int> describe_each(Nodes &N) {
  int Total = 0;
  for (int Id : N.ids())
    Total += co_await N.describe(Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: co_await in a loop runs one independent operation per iteration
  co_return Total;
}

acme::Job<void> rebuild_each(Shards *S) {
  for (int Key : S->keys())
    co_await S->rebuild(Key);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: co_await in a loop runs one independent operation per iteration
}

// ---------------------------------------------------------------- negatives

// One shared object written in every iteration, with the element only as
// an argument: the writes may depend on each other.
cppcoro::task<void> one_mirror(Mirror &Shared, std::vector<std::string> Paths) {
  for (const auto &P : Paths)
    co_await Shared.fetch(P);
}

// Keys borrowed from the object the loop changes: refreshing may change
// the container being walked.
folly::coro::Task<void> borrowed_keys(std::shared_ptr<Nodes> N) {
  for (int Id : N->live_ids())
    co_await N->refresh(Id);
}

// The key is not passed: the same operation every time, on one object.
folly::coro::Task<void> not_keyed(std::shared_ptr<Nodes> N) {
  for (int Id : N->ids()) {
    (void)Id;
    co_await N->refresh_all();
  }
}

// Keys of one object, changes to another.
folly::coro::Task<void> other_object(Nodes &From, Nodes &To) {
  for (int Id : From.ids())
    co_await To.refresh(Id);
}

// The loop's result flows into the next iteration.
cppcoro::task<int> chained(std::vector<std::unique_ptr<Mirror>> &Mirrors) {
  std::string Path = "/";
  for (auto &M : Mirrors)
    Path += std::to_string(co_await M->fetch(Path));
  co_return static_cast<int>(Path.size());
}
