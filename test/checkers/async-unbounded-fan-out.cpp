// RUN: %check_clang_tidy -std=c++20-or-later %s async-unbounded-fan-out %t -- -- -I %inputs

// The three task shapes of the mock libraries (cppcoro's nested promise and
// member operator co_await, folly's free operator co_await, acme's
// coroutine_traits promise): lazy tasks collected in a loop and joined whole,
// and the calls that start a coroutine at once.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <queue>
#include <semaphore>
#include <vector>

struct Item {
  int Id;
};

cppcoro::task<int> fetch(Item);
folly::coro::Task<int> fetchFolly(Item);
acme::Job<int> fetchAcme(Item);
acme::Detached fire(Item);
cppcoro::task<void> worker(std::queue<Item> &);
cppcoro::task<void> workerWithId(std::queue<Item> &, unsigned);

// A join of acme jobs, with and without a concurrency limit.
template <typename Range> acme::Job<void> whenAll(Range);
template <typename Range> acme::Job<void> whenAll(Range, std::size_t);

// A scope that starts what it is given at once and keeps it alive, like
// cppcoro::async_scope or exec::async_scope.
struct AsyncScope {
  template <typename Awaitable> void spawn(Awaitable &&);
};

// A counting semaphore that suspends instead of blocking.
struct AsyncSemaphore {
  acme::Gate acquire();
  void release();
};

cppcoro::task<int> fetchLimited(AsyncSemaphore &Sem, Item I) {
  co_await Sem.acquire();
  int R = co_await fetch(I);
  Sem.release();
  co_return R;
}

//===--- Lazy tasks collected in a loop, started all at once by a join ---===//

cppcoro::task<void> collectCppcoro(std::vector<Item> Items) {
  std::vector<cppcoro::task<int>> Tasks;
  for (const Item &I : Items)
    Tasks.push_back(fetch(I));
  co_await cppcoro::when_all(std::move(Tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'when_all' starts every task in 'Tasks' at once, and 'Tasks' is filled by the loop over 'Items' with no bound; join with a windowed or bounded combinator, or limit the tasks with a semaphore [async-unbounded-fan-out]
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: task added to 'Tasks' in every iteration here
}

folly::coro::Task<void> collectFolly(std::vector<Item> Items) {
  std::vector<folly::coro::Task<int>> Tasks;
  for (std::size_t I = 0; I < Items.size(); ++I)
    Tasks.emplace_back(fetchFolly(Items[I]));
  co_await folly::coro::collectAllRange(std::move(Tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'collectAllRange' starts every task in 'Tasks' at once, and 'Tasks' is filled by the loop over 'Items' with no bound
}

acme::Job<void> collectAcme(std::queue<Item> Queue) {
  std::vector<acme::Job<int>> Jobs;
  while (!Queue.empty()) {
    Item Next = Queue.front();
    Queue.pop();
    Jobs.push_back(fetchAcme(Next));
  }
  co_await whenAll(std::move(Jobs));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'whenAll' starts every task in 'Jobs' at once, and 'Jobs' is filled by the loop while '!Queue.empty()' with no bound
}

// Pacing the loop that collects lazy tasks does not help: they start at the
// join.
cppcoro::task<void> collectWhileReceiving(acme::Gate &More, std::vector<Item> Items) {
  std::vector<cppcoro::task<int>> Tasks;
  for (const Item &I : Items) {
    co_await More;
    Tasks.push_back(fetch(I));
  }
  co_await cppcoro::when_all(std::move(Tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'when_all' starts every task in 'Tasks' at once
}

//===--- Calls that start a coroutine at once, in the loop ---===//

cppcoro::task<void> spawnEach(AsyncScope &Scope, std::vector<Item> Items) {
  for (const Item &I : Items)
    Scope.spawn(fetch(I));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop over 'Items' starts a task with 'spawn' in every iteration with no bound on how many run at once; bound the concurrency with a semaphore, a windowed join or a fixed pool of workers pulling from a queue [async-unbounded-fan-out]
  co_return;
}

void startEach(std::vector<Item> Items) {
  for (const Item &I : Items)
    fetchFolly(I).scheduleOn(&folly::InlineExecutor::instance()).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:66: warning: loop over 'Items' starts a task with 'start' in every iteration
}

void fireEach(std::vector<Item> Items) {
  for (const Item &I : Items)
    fire(I);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop over 'Items' starts the eager coroutine 'fire' in every iteration
}

// A compile-time trip count does not grow with the input: a bound, however
// large (MaxConstantFanOut can set a limit, see the -options test).
void spawnMany(AsyncScope &Scope) {
  for (int I = 0; I < 1000; ++I)
    Scope.spawn(fetch(Item{I}));
}

// Loops in a lambda outside any function body, in a member initializer and
// in a function template instantiated here: each body is walked on its own.
auto SpawnAll = [](AsyncScope &Scope, std::vector<Item> Items) {
  for (const Item &I : Items)
    Scope.spawn(fetch(I));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop over 'Items' starts a task with 'spawn' in every iteration
};

struct Dispatcher {
  AsyncScope Scope;
  std::vector<Item> Items;
  int Started = [this] {
    for (const Item &I : Items)
      Scope.spawn(fetch(I));
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: loop over 'Items' starts a task with 'spawn' in every iteration
    return 0;
  }();
};

template <typename Range> void spawnRange(AsyncScope &Scope, Range Items) {
  for (const auto &I : Items)
    Scope.spawn(fetch(I));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop over 'Items' starts a task with 'spawn' in every iteration
}
template void spawnRange(AsyncScope &, std::vector<Item>);

//===--- Bounded: small constant loops ---===//

void smallCounted(AsyncScope &Scope) {
  for (int I = 0; I < 8; ++I)
    Scope.spawn(fetch(Item{I}));
  for (int I = 64; I > 0; --I)
    Scope.spawn(fetch(Item{I}));
}

void smallRanges(AsyncScope &Scope, const std::array<Item, 4> &Four,
                 Item (&Three)[3]) {
  for (const Item &I : Four)
    Scope.spawn(fetch(I));
  for (const Item &I : Three)
    Scope.spawn(fetch(I));
  for (int Id : {1, 2, 3})
    Scope.spawn(fetch(Item{Id}));
}

cppcoro::task<void> smallCollected() {
  std::vector<cppcoro::task<int>> Tasks;
  for (int I = 0; I < 16; ++I)
    Tasks.push_back(fetch(Item{I}));
  co_await cppcoro::when_all(std::move(Tasks));
}

//===--- Paced: every iteration waits ---===//

cppcoro::task<void> awaitEach(std::vector<Item> Items) {
  for (const Item &I : Items)
    co_await fetch(I);
}

cppcoro::task<void> pacedByGate(AsyncScope &Scope, acme::Gate &Ready,
                                std::vector<Item> Items) {
  for (const Item &I : Items) {
    co_await Ready;
    Scope.spawn(fetch(I));
  }
}

void limitedBySemaphore(AsyncScope &Scope, std::counting_semaphore<8> &Sem,
                        std::vector<Item> Items) {
  for (const Item &I : Items) {
    Sem.acquire();
    Scope.spawn(fetch(I));
  }
}

// Each spawned coroutine acquires the limiter before it does its work.
void limitedInside(AsyncScope &Scope, AsyncSemaphore &Sem,
                   std::vector<Item> Items) {
  for (const Item &I : Items)
    Scope.spawn(fetchLimited(Sem, I));
  for (const Item &I : Items)
    Scope.spawn([&Sem, I]() -> cppcoro::task<int> {
      co_await Sem.acquire();
      co_return co_await fetch(I);
    }());
}

void waitedForEach(std::vector<Item> Items) {
  for (const Item &I : Items)
    std::move(fetchFolly(I).scheduleOn(&folly::InlineExecutor::instance()).start()).get();
}

// An event loop runs until told to stop: it waits for its input somewhere.
cppcoro::task<void> eventLoop(AsyncScope &Scope, std::atomic<bool> &Running,
                              std::queue<Item> &Inbox) {
  while (Running) {
    Item Next = Inbox.front();
    Scope.spawn(fetch(Next));
  }
  for (;;) {
    Item Next = Inbox.front();
    Scope.spawn(fetch(Next));
  }
}

//===--- Bounded joins ---===//

folly::coro::Task<void> windowed(std::vector<Item> Items) {
  std::vector<folly::coro::Task<int>> Tasks;
  for (const Item &I : Items)
    Tasks.push_back(fetchFolly(I));
  co_await folly::coro::collectAllWindowed(std::move(Tasks), 8);
}

acme::Job<void> joinWithLimit(std::vector<Item> Items) {
  std::vector<acme::Job<int>> Jobs;
  for (const Item &I : Items)
    Jobs.push_back(fetchAcme(I));
  co_await whenAll(std::move(Jobs), 16);
}

// Joined in batches of 32 inside the loop, and the rest after it.
cppcoro::task<void> batched(std::vector<Item> Items) {
  std::vector<cppcoro::task<int>> Tasks;
  for (const Item &I : Items) {
    Tasks.push_back(fetch(I));
    if (Tasks.size() == 32)
      co_await cppcoro::when_all(std::exchange(Tasks, {}));
  }
  co_await cppcoro::when_all(std::move(Tasks));
}

//===--- Look-alikes ---===//

// Identical workers pulling from one queue: the fixed pool the message asks
// for, however many there are.
cppcoro::task<void> workerPool(AsyncScope &Scope, std::queue<Item> &Queue,
                               int N, unsigned ThreadCount) {
  for (int I = 0; I < N; ++I)
    Scope.spawn(worker(Queue));
  for (unsigned I = 0; I < ThreadCount; ++I)
    Scope.spawn(workerWithId(Queue, I));
  std::vector<cppcoro::task<void>> Workers;
  for (int I = 0; I < N; ++I)
    Workers.push_back(worker(Queue));
  co_await cppcoro::when_all(std::move(Workers));
}

// The spawn runs when the callback is called, not in the loop.
void deferredSpawn(AsyncScope &Scope, std::vector<Item> Items,
                   std::vector<void (*)()> &Later) {
  for (const Item &I : Items) {
    auto Callback = [&Scope, I] { Scope.spawn(fetch(I)); };
    (void)Callback;
  }
}

// Lazy tasks collected but never joined here, or joined before the loop.
cppcoro::task<void> notJoined(std::vector<Item> Items,
                              std::vector<cppcoro::task<int>> &Out) {
  std::vector<cppcoro::task<int>> Tasks;
  co_await cppcoro::when_all(std::move(Tasks));
  for (const Item &I : Items)
    Tasks.push_back(fetch(I));
  Out = std::move(Tasks);
}

// A function with spawn in its name that is given no task.
void spawnProcess(const char *);
void spawnNoTask(std::vector<const char *> Commands) {
  for (const char *Command : Commands)
    spawnProcess(Command);
}

// A do-while(false) runs once.
#define SPAWN_ONE(Scope, I) do { (Scope).spawn(fetch(I)); } while (false)
void macroOnce(AsyncScope &Scope, Item I) { SPAWN_ONE(Scope, I); }

// Spawned for each command-line argument: the operator decides.
AsyncScope GlobalScope;
int main(int argc, char **argv) {
  for (int I = 1; I < argc; ++I)
    GlobalScope.spawn(fetch(Item{I}));
  return 0;
}
