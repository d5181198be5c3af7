// RUN: %check_clang_tidy -std=c++20-or-later %s async-sequential-awaits %t -- -- -I %inputs

// Straight-line runs of independent awaits, in the three task shapes of the
// mocks (cppcoro's task, folly's Task, acme's Job), and the look-alikes that
// must stay quiet: data and control dependences, ordering operations, shared
// objects and everything whose effects are unknown.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <memory>
#include <string>

using cppcoro::task;

task<int> fetch(int Id);
task<int> fetch_name(const std::string &Name);
task<void> a();
task<void> b();
task<void> c();
task<void> sleep_for(int Ms);
task<void> fill(std::string &Out);
task<void> show(const std::string &S);
task<void> fill_ptr(int *P);
task<void> read_ptr(const int *P);
task<std::string> produce();
void log(const char *Message);

struct Conn {
  int Id = 0;
};
task<void> handle(std::shared_ptr<Conn> C);
task<void> audit(std::shared_ptr<Conn> C);

struct Db {
  task<void> write(int K);
  task<int> read(int K) const;
  task<int> get(int K) const;
  task<void> stop();
  task<void> close();
};

// ---------------------------------------------------------------- positives

task<int> two_fetches(int X, int Y) {
  int A = co_await fetch(X);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions run one after the other; start them together with when_all [async-sequential-awaits]
  int B = co_await fetch(Y);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: independent co_await 2 of 2 is here
  co_return A + B;
}

// Results dropped: each await is kept for its effects, which may order
// the next one (`co_await rebuild(); co_await publish();`).
task<void> two_statements() {
  co_await a();
  co_await b();
}

// Declarations, assignments and the operand of co_return are members.
task<int> three_shapes(int X, int Y, int Z) {
  int A = 0;
  A = co_await fetch(X);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 3 independent co_await expressions run one after the other; start them together with when_all
  auto B = co_await fetch(Y);
  // CHECK-NOTES: :[[@LINE-1]]:12: note: independent co_await 2 of 3 is here
  co_return co_await fetch(Z);
  // CHECK-NOTES: :[[@LINE-1]]:13: note: independent co_await 3 of 3 is here
}

// Const member functions of the same object only read it.
task<int> const_calls(const Db &D, int K, int L) {
  int R = co_await D.read(K);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions
  int S = co_await D.get(L);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: independent co_await 2 of 2 is here
  co_return R + S;
}

// The second await needs the first; the third does not need the second, so
// those two form a run of their own.
task<int> chain_then_run(int X, int Y) {
  int A = co_await fetch(X);
  int B = co_await fetch(A);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions
  int C = co_await fetch(Y);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: independent co_await 2 of 2 is here
  co_return B + C;
}

// A declaration that computes nothing from the run's results may sit in
// between.
task<int> inert_between(int X, int Y) {
  int A = co_await fetch(X);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions
  int Next = Y + 1;
  int B = co_await fetch(Next);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: independent co_await 2 of 2 is here
  co_return A + B;
}

// Passing a string by const reference, twice, only reads it.
task<int> shared_const_reference(std::string Name) {
  int Shown = co_await fetch_name(Name);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 2 independent co_await expressions
  int Fetched = co_await fetch_name(Name);
  // CHECK-NOTES: :[[@LINE-1]]:17: note: independent co_await 2 of 2 is here
  co_return Shown + Fetched;
}

// The same awaits with their results dropped.
task<void> shared_const_reference_dropped(std::string Name) {
  co_await show(Name);
  co_await fetch_name(Name);
}

class Service {
public:
  // Reading two members of *this from a const member function.
  task<int> totals() const {
    int A = co_await fetch(First);
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 2 independent co_await expressions
    int B = co_await fetch(Second);
    // CHECK-NOTES: :[[@LINE-1]]:13: note: independent co_await 2 of 2 is here
    co_return A + B;
  }

  task<void> refresh();
  task<void> reload();
  // Both may change *this.
  task<void> restart() {
    co_await refresh();
    co_await reload();
  }

  // The second reads the member the first assigned.
  task<int> cached() {
    First = co_await fetch(1);
    co_return co_await fetch(First);
  }

private:
  int First = 1;
  int Second = 2;
};

acme::Job<int> job_fetch(int Id);
acme::Job<int> acme_run(int X, int Y) {
  int A = co_await job_fetch(X);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions run one after the other; start them together with when_all
  int B = co_await job_fetch(Y);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: independent co_await 2 of 2 is here
  co_return A + B;
}

folly::coro::Task<int> folly_fetch(int Id);
folly::coro::Task<int> folly_run(int X, int Y) {
  int A = co_await folly_fetch(X);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions run one after the other; start them together with folly::coro::collectAll [async-sequential-awaits]
  int B = co_await folly_fetch(Y);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: independent co_await 2 of 2 is here
  co_return A + B;
}

// Reported once, not once per instantiation.
template <typename T> task<int> generic(T X, T Y) {
  int A = co_await fetch(X);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions
  int B = co_await fetch(Y);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: independent co_await 2 of 2 is here
  co_return A + B;
}
template task<int> generic<int>(int, int);
template task<int> generic<short>(short, short);

// A coroutine lambda is analysed like any coroutine.
auto Lambda = [](int X, int Y) -> task<int> {
  int A = co_await fetch(X);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions
  int B = co_await fetch(Y);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: independent co_await 2 of 2 is here
  co_return A + B;
};

// ---------------------------------------------------------------- negatives

task<int> data_dependent(int X) {
  int A = co_await fetch(X);
  int B = co_await fetch(A);
  co_return B;
}

task<int> dependent_through_declaration(int X) {
  int A = co_await fetch(X);
  int Next = A + 1;
  co_return co_await fetch(Next);
}

task<void> control_dependent(int X) {
  co_await a();
  if (X < 0)
    co_return;
  co_await b();
}

task<void> different_branches(bool Flag) {
  if (Flag)
    co_await a();
  else
    co_await b();
}

task<void> one_await() { co_await a(); }

// Nothing after a sleep is reported.
task<void> after_sleep() {
  co_await sleep_for(10);
  co_await a();
  co_await b();
}

task<void> under_lock(cppcoro::async_mutex &Mutex) {
  auto Lock = co_await Mutex.scoped_lock_async();
  co_await a();
  co_await b();
}

task<void> on_pool(cppcoro::static_thread_pool &Pool) {
  co_await Pool.schedule();
  co_await a();
}

acme::Job<void> acme_sleep(acme::Scheduler &Sched) {
  co_await Sched.sleep_for(std::chrono::milliseconds(5));
  co_await job_fetch(1);
}

folly::coro::Task<void> folly_sleep() {
  co_await folly::coro::sleep(folly::HighResDuration(1));
  co_await folly_fetch(1);
}

// Steps of a lifecycle keep their order.
task<void> shutdown(Db &Primary, Db &Replica) {
  co_await Primary.stop();
  co_await Replica.close();
}

task<int> same_object(Db &D, int K) {
  co_await D.write(K);
  int R = co_await D.read(K);
  co_return R;
}

task<void> same_non_const_reference(std::string &Buf) {
  co_await fill(Buf);
  co_await show(Buf);
}

task<void> same_pointer(int Value) {
  co_await fill_ptr(&Value);
  co_await read_ptr(&Value);
}

// A shared_ptr copied into both hands out the same object.
task<void> same_shared_pointer(std::shared_ptr<Conn> C) {
  co_await handle(C);
  co_await audit(C);
}

task<int> write_after_write(int X, int Y) {
  int R = co_await fetch(X);
  R = co_await fetch(Y);
  co_return R;
}

task<void> write_after_read(std::string S) {
  co_await show(S);
  S = co_await produce();
}

task<void> side_effect_between() {
  co_await a();
  log("between");
  co_await b();
}

task<void> awaiting_existing_tasks() {
  task<void> First = a();
  task<void> Second = b();
  co_await First;
  co_await Second;
}

task<void> awaiting_moved_tasks(task<void> First, task<void> Second) {
  co_await std::move(First);
  co_await std::move(Second);
}

task<void> already_combined() {
  co_await cppcoro::when_all(a(), b());
  co_await cppcoro::when_all(c(), a());
}

folly::coro::Task<void> folly_combined() {
  co_await folly::coro::collectAll(folly_fetch(1), folly_fetch(2));
  co_await folly::coro::collectAll(folly_fetch(3), folly_fetch(4));
}

task<void> capturing_lambda(int X) {
  co_await [&]() -> task<void> { X = co_await fetch(X); }();
  co_await fetch(X);
}

task<void> nested_await(int X) {
  co_await fetch(co_await fetch(X));
  co_await b();
}

#define AWAIT(E) co_await E
task<void> in_macro() {
  AWAIT(a());
  AWAIT(b());
}

task<void> labelled(int X) {
  switch (X) {
  case 0:
    co_await a();
    co_await b();
    break;
  }
}

task<void> invalidate_between(int X) {
  int Y = X;
  co_await fetch(Y);
  ++Y;
  co_await fetch(Y);
}
