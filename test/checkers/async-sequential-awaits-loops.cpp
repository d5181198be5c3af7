// RUN: %check_clang_tidy -std=c++20-or-later %s async-sequential-awaits %t -- -- -I %inputs

// Loops that await one operation per element, one after the other, and the
// loops whose iterations depend on each other or are not driven by elements
// at all.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <map>
#include <string>
#include <vector>

using cppcoro::task;

task<int> fetch(int Id);
task<int> next(int Cur);
task<bool> try_connect();
task<int> accept_one();
task<void> sleep_for(int Ms);
task<void> read_into(int Id, std::string &Out);
task<void> a();

struct Db {
  task<void> write(int K);
  task<int> read(int K) const;
};

struct Session {
  task<void> close();
  task<void> ping();
};

// ---------------------------------------------------------------- positives

task<int> accumulate(std::vector<int> Ids) {
  int Total = 0;
  for (int Id : Ids)
    Total += co_await fetch(Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: co_await in a loop runs one independent operation per iteration, each after the previous one finished; run them concurrently with a windowed when_all or a semaphore, with a bound on how many are in flight [async-sequential-awaits]
  co_return Total;
}

task<std::vector<int>> collect(const std::vector<int> &Ids) {
  std::vector<int> Out;
  for (const int &Id : Ids)
    Out.push_back(co_await fetch(Id));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: co_await in a loop runs one independent operation per iteration
  co_return Out;
}

task<int> indexed(const std::vector<int> &Ids) {
  int Total = 0;
  for (std::size_t I = 0; I < Ids.size(); ++I) {
    int R = co_await fetch(Ids[I]);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: co_await in a loop runs one independent operation per iteration
    Total += R;
  }
  co_return Total;
}

// Each element is an object of its own.
task<void> per_element(std::vector<Session> &Sessions) {
  for (Session &S : Sessions)
    co_await S.ping();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: co_await in a loop runs one independent operation per iteration
}

task<void> bindings(const std::map<int, int> &Items) {
  for (const auto &[Key, Value] : Items)
    co_await fetch(Key + Value);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: co_await in a loop runs one independent operation per iteration
}

acme::Job<int> job_fetch(int Id);
acme::Job<void> acme_loop(std::vector<int> Ids) {
  for (int Id : Ids)
    co_await job_fetch(Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: co_await in a loop runs one independent operation per iteration
}

folly::coro::Task<int> folly_fetch(int Id);
folly::coro::Task<int> folly_loop(std::vector<int> Ids) {
  int Total = 0;
  for (int Id : Ids)
    Total += co_await folly_fetch(Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: co_await in a loop runs one independent operation per iteration, each after the previous one finished; run them concurrently with folly::coro::collectAllWindowed, with a bound on how many are in flight [async-sequential-awaits]
  co_return Total;
}

// Only the inner loop awaits per element.
task<void> nested(std::vector<std::vector<int>> Groups) {
  for (const auto &Group : Groups)
    for (int Id : Group)
      co_await fetch(Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: co_await in a loop runs one independent operation per iteration
}

// Statements that only touch the iteration's own state may come along.
task<int> with_other_statements(std::vector<int> Ids) {
  int Count = 0;
  for (int Id : Ids) {
    int Key = Id * 2;
    co_await fetch(Key);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: co_await in a loop runs one independent operation per iteration
    ++Count;
  }
  co_return Count;
}

// ---------------------------------------------------------------- negatives

// The result feeds the next operand.
task<int> chained(std::vector<int> Ids) {
  int Cur = 0;
  for (int Id : Ids)
    Cur = co_await next(Cur + Id);
  co_return Cur;
}

task<void> retry() {
  while (!co_await try_connect()) {
  }
}

task<void> accept_forever() {
  for (;;)
    co_await accept_one();
}

task<void> not_per_element(std::vector<int> Ids) {
  for (int Id : Ids) {
    (void)Id;
    co_await a();
  }
}

task<int> early_exit(std::vector<int> Ids) {
  for (int Id : Ids) {
    int R = co_await fetch(Id);
    if (R < 0)
      break;
  }
  co_return 0;
}

task<int> returns_from_loop(std::vector<int> Ids) {
  for (int Id : Ids) {
    int R = co_await fetch(Id);
    if (R == 0)
      co_return Id;
  }
  co_return -1;
}

task<void> two_awaits(std::vector<int> Ids) {
  for (int Id : Ids) {
    int R = co_await fetch(Id);
    co_await fetch(R);
  }
}

task<void> paced(std::vector<int> Ids) {
  for (int Id : Ids)
    co_await sleep_for(Id);
}

task<void> conditional_await(std::vector<int> Ids) {
  for (int Id : Ids)
    if (Id > 0)
      co_await fetch(Id);
}

// The same database, changed by every iteration.
task<void> same_object(Db &D, std::vector<int> Keys) {
  for (int K : Keys)
    co_await D.write(K);
}

// The same buffer, written by every iteration.
task<void> shared_buffer(std::vector<int> Ids) {
  std::string Buf;
  for (int Id : Ids)
    co_await read_into(Id, Buf);
}

task<void> grows_container(std::vector<int> Ids) {
  for (std::size_t I = 0; I < Ids.size(); ++I) {
    co_await fetch(Ids[I]);
    Ids.push_back(1);
  }
}

task<void> index_moved_in_body(std::vector<int> Ids) {
  for (std::size_t I = 0; I < Ids.size(); ++I) {
    co_await fetch(Ids[I]);
    I += 2;
  }
}

task<void> awaits_existing(std::vector<task<int>> Tasks) {
  for (task<int> &T : Tasks)
    co_await T;
  for (task<int> &T : Tasks)
    co_await std::move(T);
}

task<void> combined(std::vector<int> Ids) {
  for (int Id : Ids)
    co_await cppcoro::when_all(fetch(Id), fetch(Id + 1));
}

task<void> await_in_condition(std::vector<int> Ids) {
  for (std::size_t I = 0; I < co_await fetch(Ids.size()); ++I)
    (void)I;
}

task<void> do_loop(int N) {
  int I = 0;
  do
    co_await fetch(I);
  while (++I < N);
}

task<void> side_effect_in_loop(std::vector<int> Ids) {
  for (int Id : Ids)
    co_await fetch(Id), co_await a();
}
