// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// Executor hops: after `co_await` of a hop onto an executor, the coroutine
// runs on the executor it chose, and blocking there is what the move was for
// (the C++ form of run_in_executor). The hop lasts until a hop onto another
// executor. A hop that is not awaited does nothing, and code before the hop,
// after the statement list that holds it, or in a lambda only defined there
// still runs where the coroutine was.

#include <chrono>
#include <coroutine>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

#include "acme/job.h"
#include "cppcoro/task.hpp"

// An in-house executor library, spelled like none of the well-known ones.
namespace house {
class Pool {
public:
  template <typename Fn> void post(Fn &&F) { F(); }
};

struct PoolHop {
  Pool &Target;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    Target.post([H] { H.resume(); });
  }
  void await_resume() const noexcept {}
};
inline PoolHop resume_on(std::shared_ptr<Pool> P) { return {*P}; }
inline PoolHop resume_on(Pool &P) { return {P}; }

// An awaited operation that takes an executor and data: not a hop.
struct Copied {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
};
inline Copied copy_on(Pool &, std::string Data) { (void)Data; return {}; }
// An awaited operation with a result: not a hop either.
struct Counted {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const noexcept { return 1; }
};
inline Counted count_on(Pool &) { return {}; }

// A tag that asks the promise to start the coroutine on the executor that
// follows it, as concurrencpp's executor_tag does.
struct OnPool {};

// Started coroutines get the executor from their parameters and schedule
// their own start on it.
struct Started {
  struct promise_type {
    Pool &Home;
    template <typename... Rest>
    promise_type(OnPool, Pool &P, Rest &&...) : Home(P) {}
    template <typename... Rest>
    promise_type(OnPool, std::shared_ptr<Pool> P, Rest &&...) : Home(*P) {}
    Started get_return_object() noexcept { return {}; }
    PoolHop initial_suspend() noexcept { return {Home}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};

// Look-alike: the promise keeps the executor but starts inline.
struct Inline {
  struct promise_type {
    Pool &Home;
    template <typename... Rest>
    promise_type(OnPool, Pool &P, Rest &&...) : Home(P) {}
    Inline get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};
} // namespace house

void read_config() { std::ifstream In("config.ini"); }

// --- cppcoro's static_thread_pool: `co_await pool.schedule()` -------------

cppcoro::task<void> after_schedule(cppcoro::static_thread_pool &Pool) {
  ::usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'after_schedule'
  co_await Pool.schedule();
  ::usleep(10);
  read_config();
}

cppcoro::task<void> schedule_in_branch(cppcoro::static_thread_pool &Pool,
                                       bool Offload) {
  if (Offload) {
    co_await Pool.schedule();
    ::usleep(10);
  }
  // Only one branch moved.
  ::usleep(20);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'schedule_in_branch'
}

cppcoro::task<void> schedule_in_loop(cppcoro::static_thread_pool &Pool) {
  for (int I = 0; I < 3; ++I) {
    // The first round runs before the hop.
    ::usleep(10);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' in coroutine 'schedule_in_loop'
    co_await Pool.schedule();
  }
}

cppcoro::task<void> lambda_after_schedule(cppcoro::static_thread_pool &Pool) {
  co_await Pool.schedule();
  // Defined here, run wherever it is awaited.
  auto Later = []() -> cppcoro::task<void> {
    ::usleep(10);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' in a coroutine lambda
    co_return;
  };
  co_await Later();
}

// --- an in-house executor: `co_await resume_on(executor)` -----------------

acme::Job<void> replace_in_file(std::shared_ptr<house::Pool> Background,
                                std::shared_ptr<house::Pool> Cpu) {
  co_await house::resume_on(Background);
  std::ifstream In("data.txt");
  read_config();

  co_await house::resume_on(Cpu);
  // Back on the CPU pool: the hop back ends the region.
  std::ofstream Out("data.txt");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ofstream' in coroutine 'replace_in_file'

  // Not awaited: the hop does nothing, the write stays on the CPU pool.
  house::resume_on(Background);
  Out.write("x", 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::basic_ofstream::write' in coroutine 'replace_in_file'

  co_await house::resume_on(Background);
  // On the first executor again.
  Out.flush();
}

acme::Job<void> not_hops(house::Pool &P) {
  co_await house::copy_on(P, "payload");
  ::usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'not_hops'
  int N = co_await house::count_on(P);
  ::usleep(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'not_hops'
  co_await acme::Scheduler{}.sleep_for(std::chrono::milliseconds(1));
  ::usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'not_hops'
}

template <typename T>
acme::Job<T> hop_in_template(house::Pool &P, T Value) {
  co_await house::resume_on(P);
  ::usleep(10);
  co_return Value;
}
template acme::Job<int> hop_in_template(house::Pool &, int);

// --- a promise that starts the coroutine on an executor parameter ---------

house::Started started_on_pool(house::OnPool, house::Pool &P) {
  ::usleep(10);
  co_return;
}

house::Started started_on_shared_pool(house::OnPool,
                                      std::shared_ptr<house::Pool> P) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}

// A bridge that runs the function it is given on the executor it is given,
// as an executor's submit() does.
template <typename Fn>
house::Started run_bridge(house::OnPool, house::Pool &P, Fn F) {
  F();
  co_return;
}
void submit_to(house::Pool &P) {
  run_bridge(house::OnPool{}, P, [] { ::usleep(10); });
}

house::Started started_then_back(house::OnPool, house::Pool &P,
                                 house::Pool &Cpu) {
  ::usleep(10);
  co_await house::resume_on(Cpu);
  ::usleep(20);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'started_then_back'
}

house::Inline starts_inline(house::OnPool, house::Pool &P) {
  co_await std::suspend_always{};
  ::usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'starts_inline'
  co_return;
}
