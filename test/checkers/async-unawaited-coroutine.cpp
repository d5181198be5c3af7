// RUN: %check_clang_tidy -std=c++20-or-later %s async-unawaited-coroutine %t -- --fix-notes -- -I %inputs
// The fixed file still compiles:
// RUN: %async_tidy --checks='-*,async-unawaited-coroutine' %t.cpp -- -std=c++20 -I %inputs

#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "acme/job.h"
#include "cppcoro/generator.hpp"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

cppcoro::task<int> fetch();
cppcoro::task<int> refetch();
cppcoro::task<> store(int);
folly::coro::Task<int> load();
acme::Job<int> compute();
acme::Detached detach();
acme::Gate &gate();
acme::Gate new_gate();
acme::NotAwaitable probe();
cppcoro::generator<int> numbers();
void consume(cppcoro::task<int>);
int plain();

struct Service {
  cppcoro::task<int> refresh();
  virtual folly::coro::Task<int> run() = 0;
  static acme::Job<int> make();
  virtual ~Service() = default;
};

// ---- Discarded calls in a coroutine: a warning and a co_await fix ----------

cppcoro::task<> free_functions() {
  fetch();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fetch' returns a lazy task that is discarded; its body never runs [async-unawaited-coroutine]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await fetch();
  load();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'load' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await load();
  compute();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'compute' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await compute();
  co_return;
}

folly::coro::Task<void> members(Service &svc, Service *ptr) {
  svc.refresh();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'refresh' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await svc.refresh();
  ptr->run();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'run' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await ptr->run();
  Service::make();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'make' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await Service::make();
  co_return;
}

acme::Job<void> lambdas_and_indirect_calls() {
  []() -> cppcoro::task<> { co_return; }();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the lambda returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await []() -> cppcoro::task<> { co_return; }();
  auto later = [](int n) -> folly::coro::Task<int> { co_return n; };
  later(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the lambda returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await later(1);
  std::function<cppcoro::task<int>()> callback = fetch;
  callback();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the call returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await callback();
  cppcoro::task<int> (*pointer)() = &refetch;
  pointer();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the call returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await pointer();
  co_return;
}

// The other discarded-value positions: casts to void, commas, statement
// bodies, case labels.
cppcoro::task<> other_positions(bool flag, int n) {
  (void)fetch();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'fetch' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:9: note: insert 'co_await '
  // CHECK-FIXES: (void)co_await fetch();
  static_cast<void>(load());
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'load' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:21: note: insert 'co_await '
  // CHECK-FIXES: static_cast<void>(co_await load());
  refetch(), compute();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'refetch' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-NOTES: :[[@LINE-3]]:14: warning: 'compute' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-4]]:14: note: insert 'co_await '
  // CHECK-FIXES: co_await refetch(), co_await compute();
  int x = (store(1), 2);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'store' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:12: note: insert 'co_await '
  // CHECK-FIXES: int x = (co_await store(1), 2);
  if (flag)
    store(x);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'store' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:5: note: insert 'co_await '
  // CHECK-FIXES: co_await store(x);
  for (int i = 0; i < n; store(i), ++i) {
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: 'store' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:26: note: insert 'co_await '
  // CHECK-FIXES: for (int i = 0; i < n; co_await store(i), ++i) {
  }
  switch (n) {
  case 1:
    store(n + 1);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'store' returns a lazy task that is discarded
    // CHECK-NOTES: :[[@LINE-2]]:5: note: insert 'co_await '
    // CHECK-FIXES: co_await store(n + 1);
    break;
  }
  // One arm of ?: cannot be awaited alone: no fix.
  flag ? fetch() : refetch();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'fetch' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:20: warning: 'refetch' returns a lazy task that is discarded
  // CHECK-FIXES: flag ? fetch() : refetch();
  co_return;
}

// ---- Plain awaitables -------------------------------------------------------

cppcoro::task<> awaitables(cppcoro::static_thread_pool &pool,
                           cppcoro::async_mutex &mutex,
                           folly::coro::Task<int> task) {
  pool.schedule();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'schedule' returns an awaitable that is discarded; the code after it does not run on 'pool'
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await pool.schedule();
  mutex.lock_async();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'lock_async' returns an awaitable that is discarded; the code after it runs without acquiring it
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await mutex.lock_async();
  mutex.unlock();
  new_gate();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'new_gate' returns an awaitable that is discarded; the operation never starts
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await new_gate();
  std::move(task).scheduleOn(&folly::InlineExecutor::instance());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'scheduleOn' returns an awaitable that is discarded; the operation never starts
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await std::move(task).scheduleOn(&folly::InlineExecutor::instance());
  co_return;
}

// ---- Where co_await would not compile: a warning only -----------------------

cppcoro::task<> in_handler() {
  try {
    co_await fetch();
  } catch (...) {
    fetch();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'fetch' returns a lazy task that is discarded
  }
}

cppcoro::generator<int> in_generator() {
  // A generator cannot co_await.
  fetch();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fetch' returns a lazy task that is discarded
  co_yield 1;
}

cppcoro::task<> generators() {
  // Not awaitable: nothing to insert, but its body never runs either.
  numbers();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'numbers' returns a lazy coroutine that is discarded; its body never runs
  co_return;
}

#define RUN_TASK(x) x
#define FETCH_ALL() fetch()

cppcoro::task<> in_macros() {
  RUN_TASK(fetch());
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fetch' returns a lazy task that is discarded
  // CHECK-NOTES: :{{[0-9]+}}:21: note: expanded from macro 'RUN_TASK'
  // CHECK-FIXES: RUN_TASK(fetch());
  FETCH_ALL();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fetch' returns a lazy task that is discarded
  // CHECK-NOTES: :{{[0-9]+}}:21: note: expanded from macro 'FETCH_ALL'
  // CHECK-FIXES: FETCH_ALL();
  co_return;
}

// ---- Outside coroutines: the task never runs either, and there is no fix ---

// Returns a task but is no coroutine: co_await would make it one.
cppcoro::task<int> not_a_coroutine() {
  fetch();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fetch' returns a lazy task that is discarded
  // CHECK-FIXES: {{^}}  fetch();{{$}}
  return refetch();
}

int main() {
  fetch();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fetch' returns a lazy task that is discarded; its body never runs
  // CHECK-FIXES: {{^}}  fetch();
  auto on_click = [] { load(); };
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'load' returns a lazy task that is discarded
  auto coro = []() -> cppcoro::task<> {
    // The innermost function is a coroutine: fixed.
    refetch();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'refetch' returns a lazy task that is discarded
    // CHECK-NOTES: :[[@LINE-2]]:5: note: insert 'co_await '
    // CHECK-FIXES: co_await refetch();
    co_return;
  };
  cppcoro::sync_wait(coro());
  on_click();
  return 0;
}

// ---- Templates and aliases --------------------------------------------------

template <typename T> cppcoro::task<T> produce();
using IntTask = cppcoro::task<int>;
template <typename T> using Lazy = folly::coro::Task<T>;
IntTask aliased();
Lazy<int> alias_template();

// The type is known in the template itself: reported once, with a fix.
template <typename T> cppcoro::task<> known_in_template(T value) {
  refetch();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'refetch' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: {{^}}  co_await refetch();{{$}}
  produce<T>();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'produce' returns a lazy task that is discarded
  // CHECK-FIXES: {{^}}  produce<T>();{{$}}
  co_return;
}

struct TaskMaker {
  static cppcoro::task<> make();
};
struct VoidMaker {
  static void make();
};

// Known only in an instantiation: reported, but an edit of the template
// could break the other instantiations.
template <typename M> cppcoro::task<> dependent_call() {
  M::make();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'make' returns a lazy task that is discarded
  // CHECK-FIXES: M::make();
  co_return;
}

template <typename F> void call_and_drop(F f) {
  f();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the lambda returns a lazy task that is discarded
}

cppcoro::task<> templates_and_aliases() {
  co_await known_in_template(1);
  co_await known_in_template(2.0);
  co_await dependent_call<TaskMaker>();
  co_await dependent_call<VoidMaker>();
  call_and_drop([] {});
  call_and_drop([]() -> cppcoro::task<> { co_return; });
  produce<long>();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'produce' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await produce<long>();
  aliased();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'aliased' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await aliased();
  alias_template();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'alias_template' returns a lazy task that is discarded
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await alias_template();
}

// ---- Task variables that are never used -------------------------------------

cppcoro::task<> unused_variables() {
  auto never = fetch();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy task 'never' is never awaited; its body never runs [async-unawaited-coroutine]
  auto _ = compute();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy task '_' is never awaited; its body never runs
  IntTask spelled = aliased();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: lazy task 'spelled' is never awaited
  [[maybe_unused]] folly::coro::Task<int> marked = load();
  // CHECK-NOTES: :[[@LINE-1]]:43: warning: lazy task 'marked' is never awaited
  auto source = fetch();
  auto sink = std::move(source);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy task 'sink' is never awaited
  auto numbers_later = numbers();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy coroutine 'numbers_later' is never used; its body never runs
  co_return;
}

void unused_in_plain_function() {
  auto t = load();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy task 't' is never awaited
}

template <typename M> void unused_in_template() {
  auto made = M::make();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy task 'made' is never awaited
}
template void unused_in_template<TaskMaker>();

// ==== Negatives ==============================================================

cppcoro::task<int> forwards() { return fetch(); }
folly::coro::Task<int> forwards_coroutine() { co_return co_await load(); }

struct Holder {
  explicit Holder(cppcoro::task<int> t) : task(std::move(t)) {}
  void reset() { task = fetch(); }
  cppcoro::task<int> task;
};

cppcoro::task<> used(Holder &holder, std::vector<cppcoro::task<int>> &tasks,
                     std::optional<cppcoro::task<int>> &slot) {
  // Awaited, in every shape.
  co_await fetch();
  int v = co_await load();
  co_await compute();
  co_await (v ? fetch() : refetch());
  co_await []() -> cppcoro::task<> { co_return; }();
  co_await cppcoro::when_all(fetch(), refetch());
  co_await ({ store(v); });
  // Passed on: to a function, a constructor, a container, a member.
  consume(fetch());
  Holder other(fetch());
  Holder{refetch()}.reset();
  tasks.push_back(fetch());
  tasks.emplace_back(refetch()); // returns a reference: no new task
  slot.emplace(fetch());         // likewise
  holder.task = fetch();         // operator= returns a reference
  // A reference to a task that lives elsewhere.
  tasks.front();
  std::move(tasks.back());
  // Unevaluated.
  using Fetched = decltype(fetch());
  using Probed = decltype((void)fetch(), 0);
  static_assert(sizeof(fetch()) > 0);
  static_assert(sizeof(fetch(), 'c') == 1);
  static_assert(!noexcept((void)fetch()));
  static_assert(requires { (void)fetch(); });
}

// Eager, self-owning coroutine types are meant to be dropped.
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};
fire_and_forget background() { co_await fetch(); }

// Laziness that cannot be told (await_ready is not a constant).
struct maybe_lazy {
  struct awaiter {
    bool await_ready() const noexcept { return ready; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
    bool ready;
  };
  struct promise_type {
    maybe_lazy get_return_object() noexcept { return {}; }
    awaiter initial_suspend() noexcept { return {true}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};
maybe_lazy unknown() { co_return; }

// Look-alikes: not awaitable, not coroutine types.
struct half_awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
};
half_awaiter half();
struct fake_promise {
  using promise_type = int;
};
fake_promise fake();

// Copies of a shared task share its body: dropping one loses nothing while
// the cache's copy is awaited. A new shared task is still reported.
struct Cache {
  cppcoro::shared_task<int> lookup() const { return entry; }
  cppcoro::shared_task<int> entry;
};
cppcoro::shared_task<int> make_shared_entry() { co_return 1; }

cppcoro::task<> shared_tasks(Cache &cache) {
  cache.lookup();
  auto copy = cache.lookup();
  auto another = cache.entry;
  make_shared_entry();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'make_shared_entry' returns a lazy task that is discarded; its body never runs
  // CHECK-NOTES: :[[@LINE-2]]:3: note: insert 'co_await '
  // CHECK-FIXES: co_await make_shared_entry();
  auto fresh = make_shared_entry();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy task 'fresh' is never awaited
  co_await cache.lookup();
}

// A future that can be awaited is already running: `start()` detaches.
void detached_start() {
  load().scheduleOn(&folly::InlineExecutor::instance()).start();
  auto future = load().scheduleOn(&folly::InlineExecutor::instance()).start();
}

void look_alikes() {
  detach();
  background();
  unknown();
  probe();
  half();
  fake();
  gate();
  plain();
  (void)plain();
}

// Passed, returned, stored or moved into a variable that is used.
cppcoro::task<> used_variables(std::vector<cppcoro::task<int>> &tasks,
                               Holder &holder) {
  auto awaited = fetch();
  co_await std::move(awaited);
  auto passed = fetch();
  consume(std::move(passed));
  auto stored = fetch();
  tasks.push_back(std::move(stored));
  auto member = fetch();
  holder.task = std::move(member);
  auto first = load();
  auto second = std::move(first);
  co_await std::move(second);
  auto captured = fetch();
  auto continuation = [t = std::move(captured)]() mutable -> cppcoro::task<int> {
    co_return co_await std::move(t);
  };
  co_await continuation();
  auto job = compute();
  acme::runBlocking(std::move(job));
  // Default-constructed: no body to lose.
  cppcoro::task<> empty;
  cppcoro::task<int> braced{};
  // References and loop variables name tasks owned elsewhere.
  auto &front = tasks.front();
  for (auto &each : tasks) {
  }
  // Not lazy.
  auto eager = background();
  auto unknown_laziness = unknown();
  auto gate_copy = half();
}

cppcoro::task<int> returned() {
  auto t = fetch();
  return t;
}

template <typename M> cppcoro::task<> used_in_discarded_branch() {
  auto t = M::make();
  if constexpr (sizeof(M) == 0)
    co_await std::move(t);
  co_return;
}

cppcoro::task<> instantiate() {
  co_await used_in_discarded_branch<TaskMaker>();
  auto handler = [](cppcoro::task<int> t) { return t; };
  co_await handler(fetch());
}
