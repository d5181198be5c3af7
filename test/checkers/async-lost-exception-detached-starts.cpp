// RUN: %check_clang_tidy -std=c++20 %s async-lost-exception %t -- -- -I %inputs

// Three more ways of starting a coroutine so that nobody sees it fail:
//  1. a function of the project that is given the task and starts it
//     detached (spawned with a token that discards the exception, a dropped
//     start() future, a fire-and-forget wrapper coroutine);
//  2. a dropped eager task whose promise stores the exception;
//  3. a promise whose unhandled_exception is empty while its coroutines
//     hand a result to whoever waits for them.
// Tasks of cppcoro, folly and an in-house library (acme), and a small
// Asio-shaped library.

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <cstdio>
#include <exception>
#include <functional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace mini {

template <typename T = void> class awaitable {
public:
  struct promise_type {
    awaitable get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { Failure = std::current_exception(); }
    std::exception_ptr Failure;
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {
    if (Failure)
      std::rethrow_exception(Failure);
  }
  std::exception_ptr Failure;
};

template <typename Token, typename Signature> class async_result;
class detached_t {};
inline constexpr detached_t detached;
struct ignore_all {
  template <typename... Args> void operator()(Args...) {}
};
template <typename Signature> class async_result<detached_t, Signature> {
public:
  typedef ignore_all completion_handler_type;
};
struct io_context {};
template <typename Task, typename Token>
void co_spawn(io_context &Context, Task &&T, Token &&Tok) {}

} // namespace mini

// A fire-and-forget coroutine type whose promise forgets what it is given.
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};

mini::awaitable<void> failing(int Fd) {
  if (Fd < 0)
    throw std::invalid_argument("fd");
  co_return;
}
mini::awaitable<void> quiet(int Fd) { co_return; }
cppcoro::task<void> fetch(int Key) {
  if (Key < 0)
    throw std::out_of_range("key");
  co_return;
}
cppcoro::task<void> fetchSafe(int Key) { co_return; }
folly::coro::Task<void> load(int Key) {
  if (Key < 0)
    throw std::domain_error("key");
  co_return;
}
acme::Job<void> job(int Key) {
  if (Key < 0)
    throw std::length_error("key");
  co_return;
}

mini::io_context Context;
folly::Executor *Pool;

// 1. Functions that start the task they are given detached.
void spawn_detached(mini::awaitable<void> Task) {
  mini::co_spawn(Context, std::move(Task), mini::detached);
}
void spawnJob(acme::Job<void> &&Task) {
  mini::co_spawn(Context, std::move(Task), mini::detached);
}
void startDetached(folly::coro::Task<void> Task) {
  std::move(Task).scheduleOn(Pool).start();
}
fire_and_forget drive(cppcoro::task<void> Task) { co_await Task; }
void launch(cppcoro::task<void> Task) { drive(std::move(Task)); }
// Hands the task on to one that drops it.
void spawnLater(mini::awaitable<void> Task) {
  spawn_detached(std::move(Task));
}
// Wraps the task in an immediately invoked lambda coroutine.
void launchLambda(cppcoro::task<void> Task) {
  [](cppcoro::task<void> T) -> fire_and_forget {
    co_await std::move(T);
  }(std::move(Task));
}

// Look-alikes that let the failure out.
struct Scope {
  void add(cppcoro::task<void> Task) { Tasks.push_back(std::move(Task)); }
  cppcoro::task<void> join();
  std::vector<cppcoro::task<void>> Tasks;
};
void addToScope(Scope &S, cppcoro::task<void> Task) { S.add(std::move(Task)); }
template <typename Handler>
void spawnWith(mini::awaitable<void> Task, Handler H) {
  mini::co_spawn(Context, std::move(Task), std::move(H));
}
fire_and_forget guarded(cppcoro::task<void> Task) {
  try {
    co_await Task;
  } catch (...) {
    std::puts("background task failed");
  }
}
void launchGuarded(cppcoro::task<void> Task) { guarded(std::move(Task)); }
acme::Detached terminating(cppcoro::task<void> Task) { co_await Task; }
void launchTerminating(cppcoro::task<void> Task) {
  terminating(std::move(Task));
}
folly::SemiFuture<folly::Unit> startKept(folly::coro::Task<void> Task) {
  return std::move(Task).scheduleOn(Pool).start();
}
void spawnShared(mini::awaitable<void> &Task) {
  mini::co_spawn(Context, std::move(Task), mini::detached);
}
void spawnElsewhere(mini::awaitable<void> Task);
// Spawns some other coroutine, not the one it is given.
void spawnOther(mini::awaitable<void> Task) {
  mini::co_spawn(Context, quiet(1), mini::detached);
}

void useSpawners(Scope &S, mini::awaitable<void> &Kept) {
  spawn_detached(failing(-1));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'failing' can fail and 'spawn_detached' starts it detached, discarding its exception; give 'spawn_detached' a way to report the failure (a handler, a future), or catch inside the coroutine [async-lost-exception]
  // CHECK-NOTES: :[[@LINE-59]]:3: note: 'spawn_detached' starts the task here, where nobody sees its exception
  // CHECK-NOTES: :[[@LINE-86]]:5: note: an exception of type 'std::invalid_argument' is thrown here
  spawnJob(job(-1));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'job' can fail and 'spawnJob' starts it detached
  // CHECK-NOTES: :[[@LINE-60]]:3: note: 'spawnJob' starts the task here
  // CHECK-NOTES: :[[@LINE-73]]:5: note: an exception of type 'std::length_error' is thrown here
  startDetached(load(-1));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'load' can fail and 'startDetached' starts it detached
  // CHECK-NOTES: :[[@LINE-61]]:3: note: 'startDetached' starts the task here
  // CHECK-NOTES: :[[@LINE-82]]:5: note: an exception of type 'std::domain_error' is thrown here
  launch(fetch(-1));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'fetch' can fail and 'launch' starts it detached
  // CHECK-NOTES: :[[@LINE-62]]:41: note: 'launch' starts the task here
  // CHECK-NOTES: :[[@LINE-92]]:5: note: an exception of type 'std::out_of_range' is thrown here
  spawnLater(failing(-2));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'failing' can fail and 'spawnLater' starts it detached
  // CHECK-NOTES: :[[@LINE-63]]:3: note: 'spawnLater' starts the task here
  // CHECK-NOTES: :[[@LINE-102]]:5: note: an exception of type 'std::invalid_argument' is thrown here
  launchLambda(fetch(-2));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'fetch' can fail and 'launchLambda' starts it detached
  // CHECK-NOTES: :[[@LINE-63]]:3: note: 'launchLambda' starts the task here
  // CHECK-NOTES: :[[@LINE-100]]:5: note: an exception of type 'std::out_of_range' is thrown here

  // Quiet: the body cannot fail, the task is kept, joined, handled,
  // caught in the wrapper, or the function is not visible.
  spawn_detached(quiet(1));
  launch(fetchSafe(1));
  addToScope(S, fetch(-3));
  spawnWith(failing(-3), [](std::exception_ptr E) {
    if (E)
      std::rethrow_exception(E);
  });
  launchGuarded(fetch(-4));
  launchTerminating(fetch(-5));
  auto Future = startKept(load(-2));
  spawnShared(Kept);
  spawnElsewhere(failing(-4));
  spawnOther(failing(-5));
}

// 2. Dropped eager tasks whose promise keeps the exception.
template <typename T = void> class eager_task {
public:
  struct promise_type {
    eager_task get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { Error = std::current_exception(); }
    std::exception_ptr Error;
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
// Keeps the exception in a member of a member.
template <typename T = void> class eager_result {
public:
  struct state {
    void set_exception(std::exception_ptr E) { Error = E; }
    std::exception_ptr Error;
  };
  struct promise_type {
    eager_result get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {
      State.set_exception(std::current_exception());
    }
    state State;
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
// Eager, but its promise logs the failure.
template <typename T = void> class logged_task {
public:
  struct promise_type {
    logged_task get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {
      std::puts("eager task failed");
    }
  };
};

eager_task<> refresh(int Key) {
  if (Key < 0)
    throw std::runtime_error("key");
  co_return;
}
eager_result<> publish(int Key) {
  if (Key < 0)
    throw std::overflow_error("key");
  co_return;
}
eager_task<> tick() { co_return; }
logged_task<> report(int Key) {
  if (Key < 0)
    throw std::runtime_error("key");
  co_return;
}
eager_task<> guardedRefresh(int Key) {
  try {
    if (Key < 0)
      throw std::runtime_error("key");
  } catch (const std::exception &) {
  }
  co_return;
}

void dropEager() {
  refresh(-1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'refresh' can fail and its eager task is discarded, with the exception its promise stores; keep the task and await it or read its result, or catch inside the coroutine [async-lost-exception]
  // CHECK-NOTES: :[[@LINE-26]]:5: note: an exception of type 'std::runtime_error' is thrown here
  (void)publish(-1);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: coroutine 'publish' can fail and its eager task is discarded
  // CHECK-NOTES: :[[@LINE-24]]:5: note: an exception of type 'std::overflow_error' is thrown here

  // Quiet: the body cannot fail or catches, the task is kept, the promise
  // logs, the task is lazy (async-unawaited-coroutine's).
  tick();
  guardedRefresh(-1);
  auto Kept = refresh(-2);
  report(-1);
  fetch(-6);
  acme::Detached{};
}

// 3. Promises whose unhandled_exception is empty.
template <typename T> class value_task {
public:
  struct promise_type {
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: promise type 'promise_type' loses every exception of its coroutines: its 'unhandled_exception' is empty, while its coroutines hand a result to whoever waits for them; store 'std::current_exception()' and rethrow it where the result is read [async-lost-exception]
    value_task get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T V) { Value = std::move(V); }
    void unhandled_exception() noexcept {}
    // CHECK-NOTES: :[[@LINE-1]]:10: note: 'unhandled_exception' is defined here
    T Value;
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return {}; }
};
value_task<int> answer() { co_return 42; }
value_task<long> bigAnswer() { co_return 42; }

class void_job;
struct void_job_promise {
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: promise type 'void_job_promise' loses every exception of its coroutines
  void_job get_return_object() noexcept;
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() noexcept {}
  void unhandled_exception();
};
void void_job_promise::unhandled_exception() {}
// CHECK-NOTES: :[[@LINE-1]]:24: note: 'unhandled_exception' is defined here
class void_job {
public:
  using promise_type = void_job_promise;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
void_job void_job_promise::get_return_object() noexcept { return {}; }

// Quiet: nothing is handed to anyone (a type that declares it has no
// result, a self-deleting task that only exposes its handle, a detector
// whose return object records whether the body ran), or the promise stores
// or ends the program.
struct no_result {};
struct no_result_promise {
  no_result get_return_object() const noexcept { return {}; }
  std::suspend_never initial_suspend() const noexcept { return {}; }
  std::suspend_never final_suspend() const noexcept { return {}; }
  void unhandled_exception() const noexcept {}
  void return_void() const noexcept {}
};
template <typename... Args>
struct std::coroutine_traits<no_result, Args...> {
  using promise_type = no_result_promise;
};

class self_deleting;
class self_deleting_promise {
public:
  self_deleting get_return_object();
  std::suspend_always initial_suspend() { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() noexcept {}
  void unhandled_exception();
};
void self_deleting_promise::unhandled_exception() {}
class self_deleting {
public:
  using promise_type = self_deleting_promise;
  explicit self_deleting(self_deleting_promise &P) : Promise(&P) {}
  std::coroutine_handle<self_deleting_promise> handle() {
    return std::coroutine_handle<self_deleting_promise>::from_promise(
        *Promise);
  }
  bool resume() {
    auto H = handle();
    if (!H.done())
      H.resume();
    return !H.done();
  }

private:
  self_deleting_promise *Promise;
};
self_deleting self_deleting_promise::get_return_object() {
  return self_deleting{*this};
}

struct detector {
  struct promise_type {
    struct return_object {
      return_object(promise_type &P) noexcept : Promise(&P) {
        P.Object = this;
      }
      promise_type *Promise;
      bool BodyRan = false;
    };
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void unhandled_exception() {}
    return_object get_return_object() noexcept { return {*this}; }
    void return_void() {
      if (Object)
        Object->BodyRan = true;
    }
    return_object *Object = nullptr;
  };
};

// A test's promise whose coroutines give back their own handle.
struct handle_tag {};
struct handle_promise {
  std::coroutine_handle<> get_return_object() noexcept {
    return std::coroutine_handle<handle_promise>::from_promise(*this);
  }
  std::suspend_always initial_suspend() const noexcept { return {}; }
  std::suspend_never final_suspend() const noexcept { return {}; }
  void unhandled_exception() const noexcept {}
  void return_void() const noexcept {}
};
template <typename... Args>
struct std::coroutine_traits<std::coroutine_handle<>, handle_tag, Args...> {
  using promise_type = handle_promise;
};
std::coroutine_handle<> handleCoroutine(handle_tag) { co_return; }

template <typename T> class stored_task {
public:
  struct promise_type {
    stored_task get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T V) {}
    void unhandled_exception() noexcept { Error = std::current_exception(); }
    std::exception_ptr Error;
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return {}; }
};
template <typename T> class fatal_task {
public:
  struct promise_type {
    fatal_task get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T V) {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  T await_resume() { return {}; }
};
