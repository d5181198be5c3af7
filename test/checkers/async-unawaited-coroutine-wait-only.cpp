// RUN: %check_clang_tidy -std=c++20-or-later %s async-unawaited-coroutine %t -- -- -I %inputs

// Operations whose only effect is to wait (a hop onto an executor, a sleep
// or a timer, acquiring a lock or permits): dropped or stored and never
// awaited, lazy or eager, the code after them neither moves, nor waits, nor
// holds anything. And `std::ignore = task();`, which discards a task as a
// cast to void does.

#include <chrono>
#include <coroutine>
#include <string>
#include <tuple>
#include <utility>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"
#include "folly/futures/Future.h"

using namespace std::chrono_literals;

cppcoro::task<int> fetch();
folly::coro::Task<int> load();
acme::Job<int> compute();
acme::Detached detach();
int plain();

// An in-house library: an executor, an awaitable hop, an eager task type,
// a semaphore.
namespace house {
class Pool {
public:
  template <typename F> void execute(F &&Work);
};

struct Hop {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};
Hop switch_to(Pool &P);

// Starts at once; awaiting it waits for its end.
struct Started {
  struct promise_type {
    Started get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};

// Eager, with a value.
struct Measured {
  struct promise_type {
    Measured get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const noexcept { return 0; }
};

Started delay(std::chrono::milliseconds D);
Started notify(int User);
Started ping(const std::string &Host, std::chrono::seconds Timeout);
Measured measure(std::chrono::seconds Window);
acme::Detached sleep_detached(std::chrono::milliseconds D);
void consume(Started S);

class Semaphore {
public:
  Hop acquire(int Units = 1);
  bool try_acquire(int Units = 1);
  void release(int Units = 1);
};

class Limiter {
public:
  Started acquire();
  void release();
};

// Has a release, but more than one operation that waits for nothing: it
// is no lock.
class Connection {
public:
  Started flush();
  Started close();
  void release();
};
} // namespace house

// ---- std::ignore --------------------------------------------------------

cppcoro::task<> ignored_in_a_coroutine() {
  std::ignore = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'fetch' returns a lazy task that is discarded; its body never runs [async-unawaited-coroutine]
  std::ignore = load();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'load' returns a lazy task that is discarded; its body never runs
  std::ignore = compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'compute' returns a lazy task that is discarded; its body never runs
  // Negatives: not a task, already awaited, eager and not wait-only.
  std::ignore = plain();
  std::ignore = co_await fetch();
  std::ignore = house::notify(1);
  std::ignore = detach();
  co_return;
}

void ignored_in_a_plain_function() {
  std::ignore = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'fetch' returns a lazy task that is discarded; its body never runs
  std::ignore = plain();
}

// ---- Lazy tasks dropped in plain functions ------------------------------

struct Widget {
  Widget() { load(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'load' returns a lazy task that is discarded; its body never runs
  ~Widget() { compute(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'compute' returns a lazy task that is discarded; its body never runs
};

template <typename T> struct Holder {
  void refresh() { fetch(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'fetch' returns a lazy task that is discarded; its body never runs
};
template struct Holder<int>;

void plain_function_look_alikes() {
  // An eager task whose promise owns it, and one that is no wait.
  detach();
  house::notify(2);
  // Handed on.
  cppcoro::sync_wait(fetch());
  acme::runBlocking(compute());
}

// ---- Executor hops --------------------------------------------------------

cppcoro::task<> hops(cppcoro::static_thread_pool &pool, house::Pool &workers) {
  pool.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'schedule' returns an awaitable that is discarded; the code after it does not run on 'pool'
  house::switch_to(workers);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'switch_to' returns an awaitable that is discarded; the code after it does not run on 'workers'
  auto hop = house::switch_to(workers);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: awaitable 'hop' is never awaited; the code after it does not run on 'workers'
  std::ignore = pool.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'schedule' returns an awaitable that is discarded; the code after it does not run on 'pool'
  // Negatives: awaited, stored and awaited later.
  co_await pool.schedule();
  co_await house::switch_to(workers);
  auto later = house::switch_to(workers);
  co_await later;
}

// ---- Sleeps and timers ----------------------------------------------------

folly::coro::Task<void> timers(acme::Scheduler &scheduler) {
  folly::coro::sleep(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' returns a lazy task that is discarded; nothing waits for the timer
  folly::futures::sleep(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' returns a future that is discarded; nothing waits for the timer
  scheduler.sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep_for' returns a lazy task that is discarded; nothing waits for the timer
  house::delay(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'delay' returns an eager task that is discarded; nothing waits for the timer
  auto pause = house::delay(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: eager task 'pause' is never awaited; nothing waits for the timer
  auto backoff = folly::futures::sleep(1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: future 'backoff' is never awaited; nothing waits for the timer
  auto nap = folly::coro::sleep(1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 'nap' is never awaited; nothing waits for the timer

  // Negatives: awaited, stored and awaited later, waited for, handed on,
  // given more than a duration, producing a value, not awaitable.
  co_await folly::coro::sleep(1ms);
  auto stored = house::delay(2ms);
  co_await stored;
  auto future = folly::futures::sleep(3ms);
  std::move(future).get();
  house::consume(house::delay(4ms));
  house::ping("example.org", 1s);
  house::measure(1s);
  house::sleep_detached(1ms);
  auto window = house::measure(2s);
}

// Coroutines of the project: one that only waits is a wait; one that
// works (a test or a handler given an executor or a period) is not.
house::Started pause_for(std::chrono::milliseconds D) { co_await house::delay(D); }
house::Started work_on(house::Pool &P) {
  co_await house::switch_to(P);
  plain();
}
house::Started poll_every(std::chrono::seconds Period) {
  co_await house::delay(Period);
  plain();
}

void project_coroutines(house::Pool &workers) {
  pause_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pause_for' returns an eager task that is discarded; nothing waits for the timer
  work_on(workers);
  poll_every(1s);
}

void timers_in_a_plain_function() {
  house::delay(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'delay' returns an eager task that is discarded; nothing waits for the timer
  folly::futures::sleep(5ms).wait();
}

// ---- Locks and permits ----------------------------------------------------

acme::Job<void> acquisitions(cppcoro::async_mutex &mutex, house::Semaphore &sem,
                             house::Limiter &limiter, house::Connection &conn) {
  mutex.lock_async();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'lock_async' returns an awaitable that is discarded; the code after it runs without acquiring it
  sem.acquire(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acquire' returns an awaitable that is discarded; the code after it runs without acquiring it
  limiter.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'acquire' returns an eager task that is discarded; the code after it runs without acquiring it
  auto permit = limiter.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: eager task 'permit' is never awaited; the code after it runs without acquiring it

  // Negatives: awaited, tried, a connection's eager operations.
  co_await mutex.lock_async();
  co_await sem.acquire();
  (void)sem.try_acquire();
  auto held = limiter.acquire();
  co_await held;
  conn.flush();
  conn.close();
  co_return;
}
