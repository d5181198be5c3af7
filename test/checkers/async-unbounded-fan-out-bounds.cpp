// RUN: %check_clang_tidy -std=c++20-or-later %s async-unbounded-fan-out %t -- -- -I %inputs

// What bounds a fan-out without a bound in the loop's own condition, and what
// starts no work at all; next to each silenced shape, the look-alike that
// must still be reported:
//  - a trip count known at compile time (however large, through constexpr
//    and const locals, template constants, sizeof), a pool sized by
//    hardware_concurrency(), a window `j < std::min(n, i + K)`, a local
//    container filled by a fixed number of statements, a parameter that
//    every call passes as a constant;
//  - calls that hand out a task that exists (std::move, an accessor);
//  - combinators, which start the tasks they were handed;
//  - tasks that acquire a limiter first.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>

#include <algorithm>
#include <atomic>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <map>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

struct Item {
  int Id;
};

cppcoro::task<int> fetch(Item);
folly::coro::Task<int> fetchFolly(Item);
acme::Job<int> fetchAcme(Item);
acme::Job<void> serve(int Port);
acme::Detached fire(Item);

template <typename Range> acme::Job<void> whenAll(Range);
cppcoro::task<void> resumeHandle(std::coroutine_handle<>);

struct AsyncScope {
  template <typename Awaitable> void spawn(Awaitable &&);
};

struct AsyncSemaphore {
  acme::Gate acquire();
  void release();
};

//===--- Trip counts known at compile time ---===//

void literalCount(AsyncScope &Scope) {
  for (int I = 0; I < 20000; ++I)
    Scope.spawn(fetch(Item{I}));
}

cppcoro::task<void> constexprCount() {
  constexpr std::size_t TaskCount = 1024;
  std::vector<cppcoro::task<int>> Tasks;
  for (std::size_t I = 0; I < TaskCount; ++I)
    Tasks.push_back(fetch(Item{int(I)}));
  co_await cppcoro::when_all(std::move(Tasks));
}

acme::Job<void> constLocalCount() {
  const std::size_t Count{100};
  std::vector<acme::Job<int>> Jobs;
  for (std::size_t I = 1; I <= Count; ++I)
    Jobs.push_back(fetchAcme(Item{int(I)}));
  co_await whenAll(std::move(Jobs));
}

// Never written after its initialization: as good as const.
void readOnlyLocalCount(AsyncScope &Scope) {
  std::size_t Count = 5000;
  for (std::size_t I = 0; I < Count; ++I)
    Scope.spawn(fetch(Item{int(I)}));
}

template <std::size_t N> void templateCount(AsyncScope &Scope) {
  for (std::size_t I = 0; I < N; ++I)
    Scope.spawn(fetch(Item{int(I)}));
}
template void templateCount<4096>(AsyncScope &);

struct Packet {
  char Bytes[512];
};
void sizeofCount(AsyncScope &Scope) {
  for (std::size_t I = 0; I < sizeof(Packet); ++I)
    Scope.spawn(fetch(Item{int(I)}));
}

// Look-alikes: a count read from a parameter, a local that is written again.
void parameterCount(AsyncScope &Scope, std::size_t N) {
  for (std::size_t I = 0; I < N; ++I)
    Scope.spawn(fetch(Item{int(I)}));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop up to 'N' starts a task with 'spawn' in every iteration with no bound on how many run at once
}

void rewrittenLocalCount(AsyncScope &Scope, const std::vector<Item> &Items) {
  std::size_t Count = 16;
  Count = Items.size();
  for (std::size_t I = 0; I < Count; ++I)
    Scope.spawn(fetch(Items[I]));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop up to 'Count' starts a task with 'spawn' in every iteration
}

//===--- A parameter that every call passes as a constant ---===//

// Inline: each translation unit that calls it sees its body, so a call with
// a count of unknown size is judged where it is made.
inline std::vector<cppcoro::task<int>> makeTasks(std::size_t Count,
                                                 AsyncScope &Scope) {
  std::vector<cppcoro::task<int>> Tasks;
  for (std::size_t I = 0; I < Count; ++I)
    Scope.spawn(fetch(Item{int(I)}));
  return Tasks;
}
void callsWithConstants(AsyncScope &Scope) {
  makeTasks(1024, Scope);
  makeTasks(64, Scope);
}

// A template: each instantiation is judged with the calls it has.
template <typename T> void spawnEach(AsyncScope &Scope, std::size_t Count) {
  for (std::size_t I = 0; I < Count; ++I)
    Scope.spawn(fetch(Item{int(I)}));
}
void callsTemplate(AsyncScope &Scope) { spawnEach<int>(Scope, 512); }

template <typename T> void spawnEachToo(AsyncScope &Scope, std::size_t Count) {
  for (std::size_t I = 0; I < Count; ++I)
    Scope.spawn(fetch(Item{int(I)}));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop up to 'Count' starts a task with 'spawn' in every iteration
}
void callsTemplateWithSize(AsyncScope &Scope, const std::vector<Item> &Items) {
  spawnEachToo<int>(Scope, Items.size());
}

// Look-alikes: called once with a size read at run time; a function other
// translation units may call with anything.
inline void spawnUpTo(std::size_t Count, AsyncScope &Scope) {
  for (std::size_t I = 0; I < Count; ++I)
    Scope.spawn(fetch(Item{int(I)}));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop up to 'Count' starts a task with 'spawn' in every iteration
}
void callsWithSize(AsyncScope &Scope, const std::vector<Item> &Items) {
  spawnUpTo(8, Scope);
  spawnUpTo(Items.size(), Scope);
}

void spawnExternal(std::size_t Count, AsyncScope &Scope) {
  for (std::size_t I = 0; I < Count; ++I)
    Scope.spawn(fetch(Item{int(I)}));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop up to 'Count' starts a task with 'spawn' in every iteration
}
void callsExternal(AsyncScope &Scope) { spawnExternal(16, Scope); }

//===--- A pool sized by the machine ---===//

acme::Job<void> servePerCore() {
  const std::size_t Count = std::thread::hardware_concurrency();
  std::vector<acme::Job<void>> Servers;
  for (std::size_t I = 0; I < Count; ++I)
    Servers.push_back(serve(int(8000 + I)));
  co_await whenAll(std::move(Servers));
}

void twoPerCore(AsyncScope &Scope) {
  unsigned Cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned Slots = Cores * 2;
  for (unsigned I = 0; I < Slots; ++I)
    Scope.spawn(fetch(Item{int(I)}));
}

// Look-alike: named like a count of cores, sized by the input.
void notPerCore(AsyncScope &Scope, const std::vector<Item> &Items) {
  unsigned Count = std::thread::hardware_concurrency();
  Count = unsigned(Items.size());
  for (unsigned I = 0; I < Count; ++I)
    Scope.spawn(fetch(Items[I]));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop up to 'Count' starts a task with 'spawn' in every iteration
}

//===--- Long-lived services, one per configured entry ---===//

// Runs until its scheduler stops it, paced by what it waits for.
acme::Job<void> serveForever(int Port, acme::Scheduler &Sched) {
  for (;;)
    co_await Sched.sleep_for(std::chrono::milliseconds(Port));
}

acme::Job<void> startServers(std::vector<int> Ports, acme::Scheduler &Sched) {
  std::vector<acme::Job<void>> Servers;
  for (int Port : Ports)
    Servers.push_back(serveForever(Port, Sched));
  co_await whenAll(std::move(Servers));
}

// Look-alike: a job per entry that does its work once and ends.
acme::Job<void> serveOnce(int Port, acme::Scheduler &Sched) {
  co_await Sched.sleep_for(std::chrono::milliseconds(Port));
}

acme::Job<void> startOnce(std::vector<int> Ports, acme::Scheduler &Sched) {
  std::vector<acme::Job<void>> Servers;
  for (int Port : Ports)
    Servers.push_back(serveOnce(Port, Sched));
  co_await whenAll(std::move(Servers));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'whenAll' starts every task in 'Servers' at once, and 'Servers' is filled by the loop over 'Ports' with no bound
  // CHECK-MESSAGES: :[[@LINE-3]]:13: note: task added to 'Servers' in every iteration here
}

//===--- Windows, each awaited before the next ---===//

constexpr std::size_t Window = 16;

cppcoro::task<void> windowedJoins(std::vector<Item> Items) {
  for (std::size_t I = 0; I < Items.size(); I += Window) {
    std::vector<cppcoro::task<int>> Batch;
    for (std::size_t J = I; J < std::min(Items.size(), I + Window); ++J)
      Batch.push_back(fetch(Items[J]));
    co_await cppcoro::when_all(std::move(Batch));
  }
}

acme::Job<void> windowedSpawns(AsyncScope &Scope, std::vector<Item> Items,
                               acme::Scheduler &Sched) {
  for (std::size_t I = 0; I < Items.size(); I += Window) {
    for (std::size_t J = I; J < std::min(I + Window, Items.size()); ++J)
      Scope.spawn(fetch(Items[J]));
    co_await Sched.sleep_for(std::chrono::milliseconds(10));
  }
}

// Look-alikes: windows that nothing waits for between them; a window whose
// width is read at run time.
void windowsNotAwaited(AsyncScope &Scope, const std::vector<Item> &Items) {
  for (std::size_t I = 0; I < Items.size(); I += Window)
    for (std::size_t J = I; J < std::min(Items.size(), I + Window); ++J)
      Scope.spawn(fetch(Items[J]));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: loop over 'Items' starts a task with 'spawn' in every iteration
}

cppcoro::task<void> windowOfParameterWidth(std::vector<Item> Items,
                                           std::size_t Width) {
  std::vector<cppcoro::task<int>> Batch;
  for (std::size_t J = 0; J < std::min(Items.size(), Width); ++J)
    Batch.push_back(fetch(Items[J]));
  co_await cppcoro::when_all(std::move(Batch));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'when_all' starts every task in 'Batch' at once, and 'Batch' is filled by the loop up to 'std::min(Items.size(), Width)' with no bound
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: task added to 'Batch' in every iteration here
}

//===--- Containers filled by a fixed number of statements ---===//

void handWrittenTable(AsyncScope &Scope) {
  std::vector<Item> Cases;
  Cases.push_back(Item{1});
  Cases.emplace_back(Item{2});
  Cases.push_back(Item{3});
  for (const Item &C : Cases)
    Scope.spawn(fetch(C));
}

void bracedTable(AsyncScope &Scope) {
  std::vector<Item> Cases{Item{1}, Item{2}, Item{3}, Item{4}};
  Cases.reserve(8);
  for (auto &C : Cases)
    Scope.spawn(fetch(C));
}

// Indexing a vector keeps its size.
void indexedTable(AsyncScope &Scope, const std::vector<Item> &Items) {
  std::vector<Item> Cases(3);
  for (std::size_t I = 0; I < Items.size() && I < 3; ++I)
    Cases[I] = Items[I];
  for (const Item &C : Cases)
    Scope.spawn(fetch(C));
}

// Look-alikes: a map that indexing grows, a table that a loop over the input
// fills, and one handed to a function that may fill it.
void mapTable(AsyncScope &Scope, const std::vector<Item> &Items) {
  std::map<int, Item> Cases;
  for (const Item &I : Items)
    Cases[I.Id] = I;
  for (const auto &[Id, C] : Cases)
    Scope.spawn(fetch(C));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop over 'Cases' starts a task with 'spawn' in every iteration
}

void fillFrom(std::vector<Item> &Into);
void tableFilledInLoop(AsyncScope &Scope, const std::vector<Item> &Items) {
  std::vector<Item> Cases;
  Cases.push_back(Item{0});
  for (const Item &I : Items)
    Cases.push_back(I);
  for (const Item &C : Cases)
    Scope.spawn(fetch(C));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop over 'Cases' starts a task with 'spawn' in every iteration
}

void tableFilledElsewhere(AsyncScope &Scope) {
  std::vector<Item> Cases;
  Cases.push_back(Item{0});
  fillFrom(Cases);
  for (const Item &C : Cases)
    Scope.spawn(fetch(C));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop over 'Cases' starts a task with 'spawn' in every iteration
}

//===--- Calls that hand out a task that exists ---===//

// An eager task, as concurrencpp's result<T>: the coroutine runs at the call.
struct Result {
  struct promise_type {
    Result get_return_object() { return Result(); }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() { std::terminate(); }
  };
  struct State {};
  Result() = default;
  explicit Result(std::shared_ptr<State> S) : Shared(std::move(S)) {}
  std::shared_ptr<State> Shared;
};

// The producer side of a Result that nobody computes: get_result() hands out
// the consumer side it holds.
class ResultPromise {
public:
  Result get_result() { return Result(std::move(Consumer)); }

private:
  std::shared_ptr<Result::State> Consumer;
};

Result compute(int);
void consume(Result);

// A pool whose submit() starts a coroutine per call.
struct Pool {
  Result submit(int Value) { return compute(Value); }
};

void promisesHandOut(std::vector<ResultPromise> Promises) {
  std::vector<Result> Results;
  for (auto &P : Promises)
    Results.emplace_back(P.get_result());
}

void movesOut(std::vector<Result> Results) {
  for (std::size_t I = 0; I < Results.size(); ++I)
    consume(std::move(Results[I]));
}

// Look-alikes: calls that start a coroutine each.
void computesEach(const std::vector<int> &Values) {
  std::vector<Result> Results;
  for (int V : Values)
    Results.emplace_back(compute(V));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: loop over 'Values' starts the eager coroutine 'compute' in every iteration
}

// Hands out its member, but only after starting a coroutine into it.
class Restarter {
public:
  Result restart(int Value) {
    Current = compute(Value);
    return Current;
  }

private:
  Result Current;
};

void restartsEach(Restarter &R, const std::vector<int> &Values) {
  for (int V : Values)
    consume(R.restart(V));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: loop over 'Values' starts the eager coroutine 'restart' in every iteration
}

void submitsEach(Pool &P, const std::vector<int> &Values) {
  for (std::size_t I = 0; I < Values.size(); ++I)
    consume(P.submit(Values[I]));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: loop over 'Values' starts the eager coroutine 'submit' in every iteration
}

//===--- Combinators: the tasks were handed to them ---===//

// A range of tasks given as a parameter, started each.
void startAll(AsyncScope &Scope, std::vector<cppcoro::task<int>> Tasks) {
  for (auto &T : Tasks)
    Scope.spawn(std::move(T));
}

// An awaitable that holds the tasks it was built with, as when_all_ready's.
class AllStarted {
public:
  explicit AllStarted(std::vector<folly::coro::Task<int>> Tasks)
      : Tasks(std::move(Tasks)) {}
  void start(folly::Executor::KeepAlive<> Ex) {
    for (auto &T : Tasks)
      std::move(T).scheduleOn(Ex).start();
  }

private:
  std::vector<folly::coro::Task<int>> Tasks;
};

// Each awaitable of the range wrapped into a task of its own, all joined: a
// race or a when_any.
template <typename A> acme::Job<void> notifyFirst(A Awaitable);
template <typename Range> acme::Job<void> firstOf(Range Awaitables) {
  std::vector<acme::Job<void>> Jobs;
  for (auto &&A : Awaitables)
    Jobs.push_back(notifyFirst(std::move(A)));
  co_await whenAll(std::move(Jobs));
}
template acme::Job<void> firstOf(std::vector<acme::Job<int>>);

// A local made from the given range, then started.
template <typename Range>
std::vector<folly::coro::Task<void>> wrapEach(Range &Awaitables);
void startWrapped(folly::Executor::KeepAlive<> Ex,
                  std::vector<folly::coro::Task<int>> Awaitables) {
  auto Wrapped = wrapEach(Awaitables);
  for (auto &&T : Wrapped)
    std::move(T).scheduleOn(Ex).start();
}

// The waiters of an event, suspended coroutines on an intrusive list, each
// resumed by a task of its own.
struct Waiter {
  std::coroutine_handle<> Handle;
  Waiter *Next = nullptr;
};
class Event {
public:
  void notifyAll(AsyncScope &Scope) {
    Waiter *W = Head.exchange(nullptr);
    while (W != nullptr) {
      Waiter *Next = W->Next;
      Scope.spawn(resume(W));
      W = Next;
    }
  }

private:
  cppcoro::task<void> resume(Waiter *W);
  std::atomic<Waiter *> Head{nullptr};
};

// Suspended coroutines handed in by their handles.
void resumeAll(AsyncScope &Scope,
               std::vector<std::coroutine_handle<>> Handles) {
  for (std::coroutine_handle<> H : Handles)
    Scope.spawn(resumeHandle(H));
}

// Look-alikes: tasks made here from the input and then started; items (not
// tasks) handed in; a list of plain nodes.
std::vector<folly::coro::Task<int>> makeFrom(const std::vector<Item> &Items);
void startMade(folly::Executor::KeepAlive<> Ex, std::vector<Item> Items) {
  std::vector<folly::coro::Task<int>> Tasks;
  for (const Item &I : Items)
    Tasks.push_back(fetchFolly(I));
  for (auto &T : Tasks)
    std::move(T).scheduleOn(Ex).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: loop over 'Tasks' starts a task with 'start' in every iteration
}

void startMadeFromItems(folly::Executor::KeepAlive<> Ex,
                        std::vector<Item> Items) {
  auto Tasks = makeFrom(Items);
  for (auto &T : Tasks)
    std::move(T).scheduleOn(Ex).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: loop over 'Tasks' starts a task with 'start' in every iteration
}

struct Node {
  Item Value;
  Node *Next = nullptr;
};
void spawnList(AsyncScope &Scope, Node *Head) {
  for (Node *N = Head; N != nullptr; N = N->Next)
    Scope.spawn(fetch(N->Value));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: loop up to 'nullptr' starts a task with 'spawn' in every iteration
}

//===--- Tasks that acquire a limiter first ---===//

// The work is bounded by the semaphore; the frames are not.
cppcoro::task<void> joinLimited(std::vector<Item> Items, AsyncSemaphore &Sem) {
  auto Limited = [](AsyncSemaphore &Sem, Item I) -> cppcoro::task<int> {
    co_await Sem.acquire();
    int R = co_await fetch(I);
    Sem.release();
    co_return R;
  };
  std::vector<cppcoro::task<int>> Tasks;
  for (const Item &I : Items)
    Tasks.push_back(Limited(Sem, I));
  co_await cppcoro::when_all(std::move(Tasks));
}

// Look-alike: the same join without the semaphore.
cppcoro::task<void> joinUnlimited(std::vector<Item> Items) {
  auto Unlimited = [](Item I) -> cppcoro::task<int> {
    int R = co_await fetch(I);
    co_return R;
  };
  std::vector<cppcoro::task<int>> Tasks;
  for (const Item &I : Items)
    Tasks.push_back(Unlimited(I));
  co_await cppcoro::when_all(std::move(Tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'when_all' starts every task in 'Tasks' at once, and 'Tasks' is filled by the loop over 'Items' with no bound
  // CHECK-MESSAGES: :[[@LINE-3]]:11: note: task added to 'Tasks' in every iteration here
}
