// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// get(), wait() and wait_for() on an eager task or future that can also be
// co_awaited (concurrencpp's result, a WinRT-style IAsyncOperation, folly's
// SemiFuture): its work is already running, and the getter waits for it.
// Quiet when the same function shows it complete, on lazy tasks (nothing
// runs them until awaited) and outside coroutines.

#include <chrono>
#include <coroutine>
#include <exception>
#include <utility>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"
#include "folly/futures/Future.h"

using namespace std::chrono_literals;

// An in-house eager result: starts at the call, can be awaited, and has
// blocking getters beside a state query.
namespace works {
enum class Status { idle, value, exception };

template <typename T> class Result {
public:
  struct promise_type {
    Result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return T{}; }

  Status status() const { return Status::value; }
  T get() { return T{}; }
  void wait() {}
  template <typename R, typename P>
  Status wait_for(std::chrono::duration<R, P>) {
    return Status::value;
  }
};

Result<int> compute(int N) { co_return N; }

// A lazy task with a get() of its own: nothing runs until it is awaited.
template <typename T> class Deferred {
public:
  struct promise_type {
    Deferred get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return T{}; }
  T get() { return T{}; }
  void wait() {}
};

Deferred<int> later(int N) { co_return N; }
} // namespace works

// WinRT's shape: the promise comes from a coroutine_traits specialization,
// the operation is eager, and it has get() and wait_for() but no wait().
namespace winrtish {
enum class AsyncStatus { Started, Completed };
template <typename T> struct IAsyncOperation {
  T get() const { return T{}; }
  AsyncStatus wait_for(std::chrono::milliseconds) const {
    return AsyncStatus::Completed;
  }
  AsyncStatus Status() const { return AsyncStatus::Completed; }
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T{}; }
};
template <typename T> struct OperationPromise {
  IAsyncOperation<T> get_return_object() { return {}; }
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_value(T) {}
  void unhandled_exception() { std::terminate(); }
};
} // namespace winrtish
template <typename T, typename... Args>
struct std::coroutine_traits<winrtish::IAsyncOperation<T>, Args...> {
  using promise_type = winrtish::OperationPromise<T>;
};
namespace winrtish {
IAsyncOperation<int> ReadAsync() { co_return 1; }
} // namespace winrtish

cppcoro::task<int> waits_for_eager() {
  works::Result<int> R = works::compute(1);
  int V = R.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'works::Result::get' in coroutine 'waits_for_eager'; co_await an asynchronous result instead of waiting for it [async-blocking-call-in-coroutine]
  works::Result<int> S = works::compute(2);
  S.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'works::Result::wait' in coroutine 'waits_for_eager'
  S.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'works::Result::wait_for' in coroutine 'waits_for_eager'
  co_return V + works::compute(3).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: blocking call to 'works::Result::get' in coroutine 'waits_for_eager'
}

acme::Job<int> waits_for_operation() {
  auto Op = winrtish::ReadAsync();
  int V = Op.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'winrtish::IAsyncOperation::get' in coroutine 'waits_for_operation'
  auto Other = winrtish::ReadAsync();
  Other.wait_for(std::chrono::milliseconds(5));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'winrtish::IAsyncOperation::wait_for' in coroutine 'waits_for_operation'
  co_return V;
}

folly::coro::Task<int> waits_for_semi(folly::SemiFuture<int> F) {
  co_return std::move(F).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: blocking call to 'folly::SemiFuture::get' in coroutine 'waits_for_semi'
}

// Quiet: the result is known complete, the task is lazy, the wait only
// polls.
cppcoro::task<int> complete_results() {
  works::Result<int> R = works::compute(1);
  co_await R;
  int V = R.get();
  works::Result<int> S = works::compute(2);
  if (S.status() == works::Status::value)
    V += S.get();
  auto Op = winrtish::ReadAsync();
  co_await Op;
  V += Op.get();
  works::Result<int> P = works::compute(3);
  P.wait_for(0ms);
  co_return V;
}

cppcoro::task<int> lazy_getters() {
  works::Deferred<int> D = works::later(1);
  int V = D.get();
  D.wait();
  co_return V + co_await works::later(2);
}

// Outside a coroutine, waiting is what a caller does.
int plain_caller() {
  int V = works::compute(1).get();
  V += winrtish::ReadAsync().get();
  return V;
}

// A look-alike that is no future: get() without wait() or wait_for().
struct Handle {
  int get() const { return 1; }
};
cppcoro::task<int> not_a_future(Handle H) { co_return H.get(); }
