// RUN: %check_clang_tidy -std=c++20-or-later %s async-sequential-awaits %t -- -- -I %inputs

// What is not a member of a run: awaits kept only for their effects (results
// dropped, void operations, executor hops), operations that cannot be moved
// into a combinator, and operations that never suspend. Next to each, a run
// of kept results that is still reported.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <coroutine>

using cppcoro::task;

struct User {};
struct Posts {};
task<User> get_user(int Id);
task<Posts> get_posts(int Id);
task<int> fetch(int Id);
task<void> rebuild();
task<void> publish();

// An executor hop whose name says nothing: the coroutine resumes on Ctx.
struct Context {};
struct Hop {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
Hop enter(Context &Ctx);
Hop leave(Context &Home);

// ------------------------------------------------------------- kept results

task<int> canonical(int Id) {
  User U = co_await get_user(Id);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 2 independent co_await expressions run one after the other; start them together with when_all [async-sequential-awaits]
  Posts P = co_await get_posts(Id);
  (void)U;
  (void)P;
  co_return 0;
}

// After a hop, the run that follows is reported on its own.
task<int> run_after_hop(Context &Ctx, int X, int Y) {
  co_await enter(Ctx);
  int A = co_await fetch(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions
  int B = co_await fetch(Y);
  co_return A + B;
}

acme::Job<int> job_fetch(int Id);
acme::Job<void> job_store();
acme::Job<int> acme_kept(int X, int Y) {
  co_await job_store();
  int A = co_await job_fetch(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions
  int B = co_await job_fetch(Y);
  co_return A + B;
}

folly::coro::Task<int> folly_fetch(int Id);
folly::coro::Task<void> folly_flush_cache();
folly::coro::Task<int> folly_kept(int X, int Y) {
  int A = 0;
  A = co_await folly_fetch(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 2 independent co_await expressions run one after the other; start them together with folly::coro::collectAll
  co_return co_await folly_fetch(Y);
}

// ---------------------------------------------------- awaits kept for effects

task<void> side_effects() {
  co_await rebuild();
  co_await publish();
}

task<void> results_dropped(int X, int Y) {
  co_await fetch(X);
  co_await fetch(Y);
  (void)co_await fetch(X + 1);
  (void)co_await fetch(Y + 1);
}

// A dropped await between kept ones keeps them apart.
task<int> effect_between(int X, int Y) {
  int A = co_await fetch(X);
  co_await rebuild();
  int B = co_await fetch(Y);
  co_return A + B;
}

folly::coro::Task<int> folly_effect_between(int X, int Y) {
  int A = co_await folly_fetch(X);
  co_await folly_flush_cache();
  int B = co_await folly_fetch(Y);
  co_return A + B;
}

// Executor hops: what follows runs elsewhere.
task<int> hop_between(Context &Ctx, Context &Home, int X, int Y) {
  int A = co_await fetch(X);
  co_await enter(Ctx);
  int B = co_await fetch(Y);
  co_await leave(Home);
  co_return A + B;
}

// ------------------------------------------ operations no combinator can take

// An in-house task that must be awaited where it is created (like folly's
// now_task): it cannot be moved into when_all.
template <typename T> class now_job {
public:
  struct promise_type {
    now_job get_return_object() noexcept { return now_job{}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) noexcept {}
    void unhandled_exception() noexcept {}
  };
  now_job(now_job &&) = delete;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T{}; }

private:
  now_job() = default;
};
now_job<int> fetch_now(int Id);

task<int> immovable(int X, int Y, int Z) {
  int A = co_await fetch_now(X);
  int B = co_await fetch_now(Y);
  // One immovable operation splits the movable ones.
  int C = co_await fetch(X);
  int D = co_await fetch_now(Z);
  int E = co_await fetch(Y);
  co_return A + B + C + D + E;
}

// Awaiters over a value that is already there never suspend.
template <typename T> struct ready {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return Value; }
  T Value;
};
ready<int> cached(int Id);

// The same shape, which does suspend.
template <typename T> struct pending {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T{}; }
};
pending<int> remote(int Id);

// A class whose operator co_await hands out a never-suspending awaiter.
struct Snapshot {
  ready<int> operator co_await() const { return {0}; }
};
Snapshot snapshot(int Id);

task<int> never_suspends(int X, int Y) {
  int A = co_await cached(X);
  int B = co_await cached(Y);
  int C = co_await snapshot(X);
  int D = co_await snapshot(Y);
  co_return A + B + C + D;
}

task<int> suspends(int X, int Y) {
  int A = co_await remote(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 2 independent co_await expressions
  int B = co_await remote(Y);
  co_return A + B;
}
