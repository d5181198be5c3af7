// RUN: %check_clang_tidy -std=c++20-or-later %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// A backoff step (spin with a CPU hint, then sleep, no loop of its own
// around the sleep) called inside a loop that retries an atomic
// read-modify-write is the contention backoff of a lock-free update or a
// spin lock: like a mutex acquisition, it is not reported. The same step
// in a loop that waits for a flag (an event), a sleep with no spinning,
// and the step called outside a retry loop still are.

#include <atomic>
#include <chrono>
#include <thread>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

using namespace std::chrono_literals;

class Backoff {
public:
  void wait() {
    if (Spins < 4096) {
      ++Spins;
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
  }

private:
  unsigned Spins = 0;
};

class SpinLock {
public:
  void lock() {
    Backoff B;
    while (Locked.exchange(true, std::memory_order_acquire))
      B.wait();
  }
  void unlock() { Locked.store(false, std::memory_order_release); }

private:
  std::atomic<bool> Locked{false};
};

struct Node {
  Node *Next = nullptr;
};

class Stack {
public:
  void push(Node *N) {
    Backoff B;
    N->Next = Head.load();
    while (!cas(N->Next, N))
      B.wait();
  }

private:
  bool cas(Node *&Expected, Node *Desired) {
    return Head.compare_exchange_weak(Expected, Desired);
  }
  std::atomic<Node *> Head{nullptr};
};

cppcoro::task<> lock_free(Stack &S, SpinLock &L, Node *N) {
  S.push(N);
  L.lock();
  L.unlock();
  co_return;
}

folly::coro::Task<int> retries_itself(std::atomic<int> &Counter) {
  Backoff B;
  int Old = Counter.load();
  while (!Counter.compare_exchange_weak(Old, Old + 1))
    B.wait();
  co_return Old;
}

// Waiting for a flag that another thread sets is waiting for an event.
class Event {
public:
  void wait() {
    Backoff B;
    while (!Set.load(std::memory_order_acquire))
      B.wait();
  }

private:
  std::atomic<bool> Set{false};
};

acme::Job<void> waits_for_event(Event &E) {
  E.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'Event::wait' in coroutine 'waits_for_event' blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-10]]:9: note: 'Event::wait' calls 'Backoff::wait'
  // CHECK-MESSAGES: :[[@LINE-73]]:7: note: 'Backoff::wait' blocks in 'std::this_thread::sleep_for' here
  co_return;
}

// No spinning: the sleep is the whole wait.
class SleepyLock {
public:
  void lock() {
    while (Locked.exchange(true))
      pause();
  }

private:
  void pause() { std::this_thread::sleep_for(1ms); }
  std::atomic<bool> Locked{false};
};

cppcoro::task<> sleepy(SleepyLock &L, Backoff &B) {
  L.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'SleepyLock::lock' in coroutine 'sleepy' blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-11]]:7: note: 'SleepyLock::lock' calls 'SleepyLock::pause'
  // CHECK-MESSAGES: :[[@LINE-8]]:18: note: 'SleepyLock::pause' blocks in 'std::this_thread::sleep_for' here
  B.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'Backoff::wait' in coroutine 'sleepy' blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-97]]:7: note: 'Backoff::wait' blocks in 'std::this_thread::sleep_for' here
  co_return;
}

// A helper that loops around its own sleep polls for an event: no step.
class PollingBackoff {
public:
  void wait(std::atomic<bool> &Ready) {
    unsigned N = 0;
    while (!Ready.load()) {
      if (++N < 100)
        std::this_thread::yield();
      else
        std::this_thread::sleep_for(1ms);
    }
  }
};

acme::Job<void> polls(std::atomic<int> &Counter, std::atomic<bool> &Ready) {
  PollingBackoff P;
  int Old = Counter.load();
  while (!Counter.compare_exchange_weak(Old, Old + 1))
    P.wait(Ready);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: call to 'PollingBackoff::wait' in coroutine 'polls' blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-11]]:9: note: 'PollingBackoff::wait' blocks in 'std::this_thread::sleep_for' here
  co_return;
}
