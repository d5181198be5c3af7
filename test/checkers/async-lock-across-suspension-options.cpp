// RUN: %check_clang_tidy -check-suffix=DEFAULT -std=c++20 %s async-lock-across-suspension %t -- -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=SET -std=c++20 %s async-lock-across-suspension %t -- \
// RUN:   -config='{CheckOptions: {async-lock-across-suspension.LockTypes: "acme::Ticket;^acme::Scoped.*$", async-lock-across-suspension.AllowedLockTypes: "::acme::FastSpin;[invalid"}}' \
// RUN:   -- -I %inputs

// LockTypes: types structure cannot decide (a lockable whose lock() returns
// something awaitable-looking, a guard whose constructor is defined in
// another file). AllowedLockTypes: locks that are never reported.

#include <acme/job.h>
#include <mutex>

acme::Job<int> compute(int Key);
void use(int);

namespace acme {
// lock() returns a ticket that happens to have the await_* members, but
// it blocks: only the configuration can tell.
struct Ticket {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  Ticket lock();
  void unlock();
};

class FastSpin {
public:
  void lock();
  void unlock();
};

// Its constructor is defined in another file.
class ScopedHold {
public:
  explicit ScopedHold(std::mutex &M);
  ~ScopedHold();

private:
  std::mutex &M;
};
} // namespace acme

acme::Ticket ticket;
acme::FastSpin fast;
std::mutex table_mutex;

acme::Job<void> ticketLock(int Key) {
  ticket.lock();
  // CHECK-NOTES-SET: :[[@LINE-1]]:3: warning: 'ticket' is locked across a co_await; unlock it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await compute(Key));
  // CHECK-NOTES-SET: :[[@LINE-1]]:7: note: 'ticket' is still held at this co_await
  ticket.unlock();
}

acme::Job<void> scopedHold(int Key) {
  acme::ScopedHold hold(table_mutex);
  // CHECK-NOTES-SET: :[[@LINE-1]]:20: warning: 'hold' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await compute(Key));
  // CHECK-NOTES-SET: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
}

acme::Job<void> fastSpin(int Key) {
  fast.lock();
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'fast' is locked across a co_await; unlock it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await compute(Key));
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:7: note: 'fast' is still held at this co_await
  fast.unlock();
}

acme::Job<void> fastSpinGuard(int Key) {
  std::lock_guard guard(fast);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:19: warning: 'guard' holds 'fast' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await compute(Key));
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:7: note: 'fast' is still held at this co_await
}

// Reported with and without options.
acme::Job<void> stdMutex(int Key) {
  std::lock_guard guard(table_mutex);
  // CHECK-NOTES-SET: :[[@LINE-1]]:19: warning: 'guard' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  // CHECK-NOTES-DEFAULT: :[[@LINE-2]]:19: warning: 'guard' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await compute(Key));
  // CHECK-NOTES-SET: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
  // CHECK-NOTES-DEFAULT: :[[@LINE-2]]:7: note: 'table_mutex' is still held at this co_await
}
