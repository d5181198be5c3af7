// RUN: %check_clang_tidy -std=c++20-or-later %s async-lock-across-suspension %t -- -- -I %inputs

// Blocking locks held while a coroutine suspends, in the three task shapes
// of the mocks (cppcoro's task, folly's Task, acme's Job), and the
// look-alikes that must stay quiet: locks released (on every path) before
// the await, coroutine-aware mutexes, locks in lambdas defined in the
// coroutine, awaits that never suspend.

#include <acme/job.h>
#include <cppcoro/generator.hpp>
#include <cppcoro/task.hpp>
#include <folly/coro/Mutex.h>
#include <folly/coro/Task.h>
#include <condition_variable>
#include <coroutine>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>

cppcoro::task<int> fetch(int Key);
folly::coro::Task<int> load(int Key);
acme::Job<int> compute(int Key);
bool ready();
void use(int);

std::mutex table_mutex;
std::shared_mutex config_mutex;
std::map<int, int> table;
pthread_mutex_t legacy_mutex = PTHREAD_MUTEX_INITIALIZER;

//===--- RAII guards: the await in an assignment, an initialiser, a
//===--- condition, a co_return operand, a co_yield ---===//

cppcoro::task<void> guardAcrossAssignment(int Key) {
  std::lock_guard<std::mutex> guard(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'guard' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  table[Key] = co_await fetch(Key);
  // CHECK-NOTES: :[[@LINE-1]]:16: note: 'table_mutex' is still held at this co_await
}

folly::coro::Task<int> scopedAcrossInitialiser(int Key) {
  std::scoped_lock lock(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'lock' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  int Value = co_await load(Key);
  // CHECK-NOTES: :[[@LINE-1]]:15: note: 'table_mutex' is still held at this co_await
  co_return Value + table[Key];
}

acme::Job<int> uniqueAcrossConditions(int Key) {
  std::unique_lock lock(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'lock' holds 'table_mutex' across a co_await and 1 more suspension point; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  if (co_await compute(Key) > 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
    table[Key] = 1;
  co_return co_await compute(Key + 1);
}

cppcoro::task<int> sharedAcrossReturn(int Key) {
  std::shared_lock reader(config_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'reader' holds 'config_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  co_return co_await fetch(Key);
  // CHECK-NOTES: :[[@LINE-1]]:13: note: 'config_mutex' is still held at this co_await
}

cppcoro::generator<int> yieldUnderLock() {
  std::lock_guard guard(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'guard' holds 'table_mutex' across a co_yield; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  for (auto &[K, V] : table)
    co_yield V;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'table_mutex' is still held at this co_yield
}

// Quiet: the guard's scope ends before the await.
cppcoro::task<void> guardScopeEnds(int Key) {
  {
    std::lock_guard<std::mutex> guard(table_mutex);
    table[Key] = 0;
  }
  table[Key] = co_await fetch(Key);
}

// Quiet: the lock is taken after the last suspension.
folly::coro::Task<void> lockAfterAwait(int Key) {
  int Value = co_await load(Key);
  std::lock_guard guard(table_mutex);
  table[Key] = Value;
}

//===--- Manual lock()/unlock() and explicit releases ---===//

cppcoro::task<void> manualLock(int Key) {
  table_mutex.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'table_mutex' is locked across a co_await; unlock it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  table[Key] = co_await fetch(Key);
  // CHECK-NOTES: :[[@LINE-1]]:16: note: 'table_mutex' is still held at this co_await
  table_mutex.unlock();
}

// Quiet: unlocked before the await.
cppcoro::task<void> manualUnlockFirst(int Key) {
  table_mutex.lock();
  int Old = table[Key];
  table_mutex.unlock();
  use(co_await fetch(Old));
}

// Quiet: the guard is unlocked explicitly before the await.
folly::coro::Task<void> guardUnlockedFirst(int Key) {
  std::unique_lock lock(table_mutex);
  int Old = table[Key];
  lock.unlock();
  use(co_await load(Old));
}

// Released on one branch only: still held on the other.
acme::Job<void> releasedOnOneBranch(int Key) {
  table_mutex.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'table_mutex' is locked across a co_await; unlock it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  if (ready())
    table_mutex.unlock();
  use(co_await compute(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
}

// Quiet: released on every branch.
acme::Job<void> releasedOnEveryBranch(int Key) {
  table_mutex.lock();
  if (ready()) {
    table[Key] = 1;
    table_mutex.unlock();
  } else {
    table_mutex.unlock();
  }
  use(co_await compute(Key));
}

// A guard unlocked on one branch only.
cppcoro::task<void> guardUnlockedOnOneBranch(int Key) {
  std::unique_lock lock(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'lock' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  if (table[Key] == 0)
    lock.unlock();
  use(co_await fetch(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
}

// Quiet: the lock is handed to someone else before the await.
void handOff(std::unique_lock<std::mutex> Lock);
cppcoro::task<void> guardMovedAway(int Key) {
  std::unique_lock lock(table_mutex);
  handOff(std::move(lock));
  use(co_await fetch(Key));
}

//===--- defer_lock, adopt_lock, try_lock, try_to_lock ---===//

// Quiet: deferred and not locked before the await.
folly::coro::Task<void> deferredNotLocked(int Key) {
  std::unique_lock lock(table_mutex, std::defer_lock);
  use(co_await load(Key));
  lock.lock();
  table[Key] = 1;
}

folly::coro::Task<void> deferredThenLocked(int Key) {
  std::unique_lock lock(table_mutex, std::defer_lock);
  lock.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lock' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await load(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
}

cppcoro::task<void> adopted(int Key) {
  table_mutex.lock();
  std::lock_guard guard(table_mutex, std::adopt_lock);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'guard' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await fetch(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
}

// Quiet: adopted, and the guard's scope ends first.
cppcoro::task<void> adoptedScopeEnds(int Key) {
  table_mutex.lock();
  {
    std::lock_guard guard(table_mutex, std::adopt_lock);
    table[Key] = 1;
  }
  use(co_await fetch(Key));
}

acme::Job<void> tryLockSucceeded(int Key) {
  if (table_mutex.try_lock()) {
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'table_mutex' is locked across a co_await; unlock it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
    use(co_await compute(Key));
    // CHECK-NOTES: :[[@LINE-1]]:9: note: 'table_mutex' is still held at this co_await
    table_mutex.unlock();
  }
}

// Quiet: the await is on the path where try_lock failed.
acme::Job<void> tryLockFailed(int Key) {
  if (!table_mutex.try_lock()) {
    use(co_await compute(Key));
    co_return;
  }
  table[Key] = 1;
  table_mutex.unlock();
}

folly::coro::Task<void> tryToLockOwned(int Key) {
  std::unique_lock lock(table_mutex, std::try_to_lock);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'lock' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  if (lock.owns_lock())
    use(co_await load(Key));
  // CHECK-NOTES: :[[@LINE-1]]:9: note: 'table_mutex' is still held at this co_await
}

// Quiet: try_to_lock, awaited only where it did not get the lock.
folly::coro::Task<void> tryToLockNotOwned(int Key) {
  std::unique_lock lock(table_mutex, std::try_to_lock);
  if (!lock)
    use(co_await load(Key));
}

//===--- pthread ---===//

cppcoro::task<void> pthreadLock(int Key) {
  pthread_mutex_lock(&legacy_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'legacy_mutex' is locked across a co_await; unlock it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await fetch(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'legacy_mutex' is still held at this co_await
  pthread_mutex_unlock(&legacy_mutex);
}

// Quiet: unlocked before the await.
cppcoro::task<void> pthreadUnlockFirst(int Key) {
  pthread_mutex_lock(&legacy_mutex);
  table[Key] = 1;
  pthread_mutex_unlock(&legacy_mutex);
  use(co_await fetch(Key));
}

//===--- Members, lambdas, templates, several suspensions ---===//

class Cache {
public:
  folly::coro::Task<int> get(int Key) {
    std::lock_guard guard(mutex_);
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'guard' holds 'mutex_' across a co_await and 1 more suspension point; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
    int A = co_await load(Key);
    // CHECK-NOTES: :[[@LINE-1]]:13: note: 'mutex_' is still held at this co_await
    int B = co_await load(Key + 1);
    co_return A + B + entries_[Key];
  }
  // Quiet: the lambda that locks is not the coroutine, and it is only
  // defined here.
  folly::coro::Task<int> refresh(int Key) {
    auto Store = [this](int K, int V) {
      std::lock_guard guard(mutex_);
      entries_[K] = V;
    };
    Store(Key, co_await load(Key));
    co_return 0;
  }

private:
  std::mutex mutex_;
  std::map<int, int> entries_;
};

auto LambdaCoroutine = [](int Key) -> cppcoro::task<int> {
  std::lock_guard guard(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'guard' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  co_return co_await fetch(Key);
  // CHECK-NOTES: :[[@LINE-1]]:13: note: 'table_mutex' is still held at this co_await
};

template <typename T> cppcoro::task<T> templated(T Key) {
  std::lock_guard guard(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'guard' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  co_return co_await fetch(Key);
  // CHECK-NOTES: :[[@LINE-1]]:13: note: 'table_mutex' is still held at this co_await
}
template cppcoro::task<int> templated(int);
template cppcoro::task<long> templated(long);

// Quiet: a local class's member function that locks is no coroutine.
cppcoro::task<void> localClass(int Key) {
  struct Writer {
    void write(int K) {
      std::lock_guard guard(table_mutex);
      table[K] = 1;
    }
  };
  Writer{}.write(co_await fetch(Key));
}

// Quiet: not a coroutine.
int plainFunction(int Key) {
  std::lock_guard guard(table_mutex);
  return table[Key];
}

//===--- Coroutine-aware mutexes, awaits that do not suspend ---===//

cppcoro::async_mutex async_table_mutex;
folly::coro::Mutex folly_mutex;

// Quiet: cppcoro's async_mutex suspends instead of blocking.
cppcoro::task<void> cppcoroAsyncMutex(int Key) {
  auto lock = co_await async_table_mutex.scoped_lock_async();
  table[Key] = co_await fetch(Key);
}

// Quiet: folly's coro::Mutex, also adopted by a std::unique_lock.
folly::coro::Task<void> follyCoroMutex(int Key) {
  auto lock = co_await folly_mutex.co_scoped_lock();
  use(co_await load(Key));
  co_await folly_mutex.co_lock();
  std::unique_lock<folly::coro::Mutex> adopted(folly_mutex, std::adopt_lock);
  use(co_await load(Key));
}

// Quiet: std::suspend_never does not suspend.
cppcoro::task<void> neverSuspends(int Key) {
  std::lock_guard guard(table_mutex);
  co_await std::suspend_never{};
  table[Key] = 1;
}

// Quiet: weak_ptr::lock() locks no mutex.
cppcoro::task<void> weakLock(std::weak_ptr<int> Weak) {
  auto Strong = Weak.lock();
  use(co_await fetch(*Strong));
}

//===--- In-house types: a lockable and a guard recognised by structure
//===--- (acme's Job) ---===//

namespace acme {
class SpinLock {
public:
  void lock();
  void unlock();
  bool try_lock();
};

class Hold {
public:
  explicit Hold(SpinLock &L) : Lock(L) { Lock.lock(); }
  ~Hold() { Lock.unlock(); }

private:
  SpinLock &Lock;
};

// A guard that is not constructed locked.
class Deferred {
public:
  explicit Deferred(SpinLock &L) : Lock(&L) {}
  void lock() { Lock->lock(); }
  void unlock() { Lock->unlock(); }

private:
  SpinLock *Lock;
};

// A mutex whose lock() is awaited: coroutine-aware.
class AsyncLock {
public:
  Gate &lock();
  void unlock();
};
} // namespace acme

acme::SpinLock spin;
acme::AsyncLock async_lock;

acme::Job<void> inHouseGuard(int Key) {
  acme::Hold hold(spin);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'hold' holds 'spin' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await compute(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'spin' is still held at this co_await
}

acme::Job<void> inHouseManual(int Key) {
  spin.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'spin' is locked across a co_await; unlock it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  use(co_await compute(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'spin' is still held at this co_await
  spin.unlock();
}

// Quiet: the in-house guard's scope ends before the await.
acme::Job<void> inHouseGuardScopeEnds(int Key) {
  {
    acme::Hold hold(spin);
    table[Key] = 1;
  }
  use(co_await compute(Key));
}

// Quiet: the in-house guard does not lock in its constructor.
acme::Job<void> inHouseNotLocking(int Key) {
  acme::Deferred deferred(spin);
  use(co_await compute(Key));
}

// Quiet: the in-house lock() is awaited.
acme::Job<void> inHouseAsyncLock(int Key) {
  co_await async_lock.lock();
  use(co_await compute(Key));
  async_lock.unlock();
}

//===--- Guards handed to a function by non-const reference ---===//

// An awaiter that takes the caller's lock and releases it once the caller
// is queued, as async locks built on a std::mutex do.
class QueueAwaiter {
public:
  QueueAwaiter(std::unique_lock<std::mutex> &Lock) : Lock(std::move(Lock)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    Waiters.push_back(H);
    auto Release = std::move(Lock);
  }
  void await_resume() const noexcept {}

private:
  std::unique_lock<std::mutex> Lock;
  std::deque<std::coroutine_handle<>> Waiters;
};

// Quiet: the awaiter takes the lock over before the coroutine suspends.
cppcoro::task<void> lockHandedToAwaiter(bool &Locked) {
  while (true) {
    std::unique_lock<std::mutex> lock(table_mutex);
    if (!Locked) {
      Locked = true;
      lock.unlock();
      break;
    }
    co_await QueueAwaiter(lock);
  }
}

void inspect(const std::unique_lock<std::mutex> &Lock);
std::condition_variable table_changed;

// Still reported: a const reference cannot release the lock, and
// condition_variable::wait returns with the lock held again.
cppcoro::task<void> lockInspected(int Key) {
  std::unique_lock<std::mutex> lock(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: 'lock' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  inspect(lock);
  use(co_await fetch(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
}

cppcoro::task<void> lockWaitedOn(int Key) {
  std::unique_lock<std::mutex> lock(table_mutex);
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: 'lock' holds 'table_mutex' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
  table_changed.wait(lock, [&] { return table[Key] != 0; });
  use(co_await fetch(Key));
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'table_mutex' is still held at this co_await
}
