// RUN: %check_clang_tidy -std=c++20-or-later %s async-unbounded-fan-out %t -- -- -I %inputs

// A callable submitted to an executor once per element, from a plain
// function: each submission runs whatever happens to the result it hands
// back. Three executor shapes: concurrencpp's (submit returning an eager,
// awaitable result<T>, post returning nothing), a classic thread pool
// (enqueue returning a std::future), and acme's in-house one (run returning
// a future-like Ticket). Quiet: bounded loops, a semaphore in the loop,
// results drained in the loop, continuations of one piece of work, the same
// worker submitted N times, and calls whose first argument is no callable.

#include <acme/job.h>

#include <array>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <future>
#include <memory>
#include <semaphore>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace conc {
// An eager result, as concurrencpp's: its coroutine runs at the call, and it
// can be waited for or awaited.
template <typename T> class result {
public:
  struct promise_type {
    result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
  T get();
  void wait();
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return get(); }
};

class executor {
public:
  template <typename F, typename... A>
  result<std::invoke_result_t<F, A...>> submit(F &&Callable, A &&...Args) {
    return {};
  }
  template <typename F, typename... A> void post(F &&Callable, A &&...Args) {}
};
} // namespace conc

class ThreadPool {
public:
  template <typename F, typename... A>
  std::future<std::invoke_result_t<F, A...>> enqueue(F &&Callable,
                                                     A &&...Args) {
    return {};
  }
};

namespace acme {
template <typename T> struct Ticket {
  T get();
  void wait();
};
struct Crew {
  template <typename F> Ticket<std::invoke_result_t<F>> run(F &&Callable) {
    return {};
  }
  // Looks like a submission, but takes a key first.
  template <typename F>
  Ticket<int> cached(const std::string &Key, F &&Compute) {
    return {};
  }
};
} // namespace acme

int countWords(const std::string &Line);
void work(std::vector<std::string> &Queue);

//===--- Fan-out ---===//

void countAll(std::shared_ptr<conc::executor> Executor,
              const std::vector<std::string> &Lines) {
  std::vector<conc::result<int>> Out;
  for (auto &L : Lines)
    Out.push_back(Executor->submit([&L] { return countWords(L); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: loop over 'Lines' starts a task with 'submit' in every iteration with no bound on how many run at once; bound the concurrency with a semaphore, a windowed join or a fixed pool of workers pulling from a queue [async-unbounded-fan-out]
}

void enqueueAll(ThreadPool &Pool, const std::vector<std::string> &Lines) {
  std::vector<std::future<int>> Futures;
  for (std::size_t I = 0; I < Lines.size(); ++I)
    Futures.push_back(Pool.enqueue(countWords, Lines[I]));
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: loop over 'Lines' starts a task with 'enqueue' in every iteration
}

// The result dropped: the work runs all the same.
void runAll(acme::Crew &Crew, const std::vector<std::string> &Lines) {
  for (const std::string &L : Lines)
    Crew.run([L] { return countWords(L); });
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: loop over 'Lines' starts a task with 'run' in every iteration
}

//===--- Quiet: bounded loops ---===//

void countFixed(conc::executor &Executor,
                const std::array<std::string, 4> &Lines) {
  std::vector<conc::result<int>> Out;
  for (auto &L : Lines)
    Out.push_back(Executor.submit([&L] { return countWords(L); }));
  for (int I = 0; I < 8; ++I)
    Out.push_back(Executor.submit([I] { return I; }));
}

// A stress test: a count scaled by the size of the pool, not by the input.
struct PoolInfo {
  static unsigned workers();
};
void stress(conc::executor &Executor) {
  const unsigned WorkerCount = PoolInfo::workers();
  const unsigned TaskCount = WorkerCount * 10000;
  std::vector<conc::result<unsigned>> Out(TaskCount);
  for (unsigned I = 0; I < TaskCount; ++I)
    Out[I] = Executor.submit([I] { return I; });
}

// Look-alike: a count read from the input through a local.
void countLocal(conc::executor &Executor,
                const std::vector<std::string> &Lines) {
  const std::size_t Count = Lines.size();
  std::vector<conc::result<int>> Out(Count);
  for (std::size_t I = 0; I < Count; ++I)
    Out[I] = Executor.submit([&Lines, I] { return countWords(Lines[I]); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: loop up to 'Count' starts a task with 'submit' in every iteration
}

//===--- Quiet: a limit in the loop, results drained in the loop ---===//

void countLimited(conc::executor &Executor, std::counting_semaphore<8> &Slots,
                  const std::vector<std::string> &Lines) {
  std::vector<conc::result<int>> Out;
  for (auto &L : Lines) {
    Slots.acquire();
    Out.push_back(Executor.submit([&L, &Slots] {
      int N = countWords(L);
      Slots.release();
      return N;
    }));
  }
}

void countInTurn(ThreadPool &Pool, const std::vector<std::string> &Lines,
                 int &Total) {
  for (auto &L : Lines)
    Total += Pool.enqueue(countWords, L).get();
  std::vector<std::future<int>> Window;
  for (auto &L : Lines) {
    Window.push_back(Pool.enqueue(countWords, L));
    if (Window.size() == 8) {
      for (auto &F : Window)
        Total += F.get();
      Window.clear();
    }
  }
}

//===--- Quiet: not a submission per element ---===//

// N identical workers pulling from one queue: the fixed pool.
void workers(acme::Crew &Crew, std::vector<std::string> &Queue, int N) {
  for (int I = 0; I < N; ++I)
    Crew.run([&Queue] {
      work(Queue);
      return 0;
    });
}

// A continuation of one piece of work each, not a new submission.
template <typename T> struct Chain {
  template <typename F> std::future<int> then(F &&) { return {}; }
  T get();
  void wait();
};
void continueEach(std::vector<Chain<int>> &Chains) {
  for (auto &C : Chains)
    C.then([](int V) { return V + 1; });
}

// The first argument is a key, not a callable.
void cachedEach(acme::Crew &Crew, const std::vector<std::string> &Keys) {
  for (const std::string &K : Keys)
    Crew.cached(K, [&K] { return countWords(K); });
}

// post hands back nothing: the executor queues the callable for its threads.
void postEach(conc::executor &Executor, const std::vector<std::string> &Lines,
              std::vector<int> &Counts) {
  for (auto &L : Lines)
    Executor.post([&L, &Counts] { Counts.push_back(countWords(L)); });
}
