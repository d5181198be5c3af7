// RUN: %check_clang_tidy -std=c++20-or-later %s async-unbounded-fan-out %t

// std::async, std::thread and std::jthread: only a handle that outlives the
// iteration (detached, or kept in a container) lets them pile up. A future
// of std::async and a jthread wait when they are destroyed, so a discarded
// or local one is sequential, however it looks.

#include <array>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <queue>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

int fetch(const std::string &Url);
void serve(int Socket);
void run(std::queue<std::string> &Queue);
void work(int Id);

struct Acceptor {
  int accept();
};

//===--- Fan-out ---===//

void asyncKept(const std::vector<std::string> &Urls) {
  std::vector<std::future<int>> Futures;
  for (const std::string &Url : Urls)
    Futures.push_back(std::async(std::launch::async, fetch, Url));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: loop over 'Urls' starts a task with 'std::async' in every iteration with no bound on how many run at once; bound the concurrency with a semaphore, a windowed join or a fixed pool of workers pulling from a queue [async-unbounded-fan-out]
  for (std::future<int> &F : Futures)
    F.get();
}

void asyncDefaultPolicy(const std::vector<std::string> &Urls) {
  std::vector<std::future<int>> Futures;
  for (std::size_t I = 0; I < Urls.size(); ++I)
    Futures.emplace_back(std::async(fetch, Urls[I]));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: loop over 'Urls' starts a task with 'std::async' in every iteration
}

void asyncIntoMap(const std::vector<std::string> &Urls) {
  std::map<std::string, std::future<int>> Results;
  for (const std::string &Url : Urls)
    Results[Url] = std::async(std::launch::async | std::launch::deferred, fetch, Url);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: loop over 'Urls' starts a task with 'std::async' in every iteration
}

void threadDetached(const std::vector<std::string> &Urls) {
  for (const std::string &Url : Urls)
    std::thread(fetch, Url).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop over 'Urls' starts a thread in every iteration
}

void threadEmplaced(const std::vector<std::string> &Urls) {
  std::vector<std::thread> Threads;
  for (const std::string &Url : Urls)
    Threads.emplace_back(fetch, Url);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: loop over 'Urls' starts a thread in every iteration
  for (std::thread &T : Threads)
    T.join();
}

void threadMovedIn(const std::vector<std::string> &Urls) {
  std::vector<std::thread> Threads;
  for (std::size_t I = 0, N = Urls.size(); I != N; ++I) {
    std::thread T(fetch, Urls[I]);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: loop over 'Urls' starts a thread in every iteration
    Threads.push_back(std::move(T));
  }
  for (std::thread &T : Threads)
    T.join();
}

void iterators(const std::vector<std::string> &Urls) {
  for (auto It = Urls.begin(); It != Urls.end(); ++It)
    std::thread(fetch, *It).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop over 'Urls' starts a thread in every iteration
}

void jthreadKept(const std::vector<std::string> &Urls) {
  std::vector<std::jthread> Threads;
  for (const std::string &Url : Urls)
    Threads.push_back(std::jthread(fetch, Url));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: loop over 'Urls' starts a thread in every iteration
}

void drainQueue(std::queue<int> &Jobs) {
  while (!Jobs.empty()) {
    int Job = Jobs.front();
    Jobs.pop();
    std::thread T(work, Job);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: loop while '!Jobs.empty()' starts a thread in every iteration
    T.detach();
  }
}

//===--- Waited for in the same iteration ---===//

void joinedEachTime(const std::vector<std::string> &Urls) {
  for (const std::string &Url : Urls) {
    std::thread T(fetch, Url);
    T.join();
  }
}

void futureWaited(const std::vector<std::string> &Urls) {
  int Sum = 0;
  for (const std::string &Url : Urls)
    Sum += std::async(std::launch::async, fetch, Url).get();
  for (const std::string &Url : Urls) {
    std::future<int> F = std::async(std::launch::async, fetch, Url);
    F.wait();
    Sum += F.get();
  }
}

// The destructor of std::async's future waits: each of these runs alone.
void asyncDropped(const std::vector<std::string> &Urls) {
  for (const std::string &Url : Urls)
    (void)std::async(std::launch::async, fetch, Url);
  for (const std::string &Url : Urls)
    std::future<int> Unused = std::async(std::launch::async, fetch, Url);
}

// So does a jthread's.
void jthreadLocal(const std::vector<std::string> &Urls) {
  for (const std::string &Url : Urls)
    std::jthread J(fetch, Url);
  std::jthread Current;
  for (const std::string &Url : Urls)
    Current = std::jthread(fetch, Url);
}

// Deferred work runs in get(), on the calling thread.
void deferred(const std::vector<std::string> &Urls) {
  std::vector<std::future<int>> Futures;
  for (const std::string &Url : Urls)
    Futures.push_back(std::async(std::launch::deferred, fetch, Url));
}

//===--- Limited or paced ---===//

// At most eight at a time: the oldest is waited for first.
void slidingWindow(const std::vector<std::string> &Urls) {
  std::deque<std::future<int>> Window;
  for (const std::string &Url : Urls) {
    if (Window.size() == 8) {
      Window.front().get();
      Window.pop_front();
    }
    Window.push_back(std::async(std::launch::async, fetch, Url));
  }
}

void semaphore(const std::vector<std::string> &Urls,
               std::counting_semaphore<16> &Slots) {
  for (const std::string &Url : Urls) {
    Slots.acquire();
    std::thread([&Slots, Url] {
      fetch(Url);
      Slots.release();
    }).detach();
  }
}

void conditionVariable(const std::vector<std::string> &Urls,
                       std::mutex &M, std::condition_variable &CV,
                       int &Active) {
  for (const std::string &Url : Urls) {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [&] { return Active < 8; });
    ++Active;
    std::thread(fetch, Url).detach();
  }
}

// Thread per connection, paced by accept: one thread per client that
// arrives, not all of them at once.
void acceptLoop(Acceptor &A) {
  for (;;) {
    int Socket = A.accept();
    std::thread(serve, Socket).detach();
  }
}
void acceptWhile(Acceptor &A) {
  while (int Socket = A.accept())
    std::thread(serve, Socket).detach();
}

//===--- Pools and small loops ---===//

void pools(std::queue<std::string> &Queue, int ThreadCount, int N) {
  std::vector<std::thread> Pool;
  for (unsigned I = 0; I < std::thread::hardware_concurrency(); ++I)
    Pool.emplace_back([&Queue] { run(Queue); });
  for (int I = 0; I < ThreadCount; ++I)
    Pool.emplace_back(work, I);
  // Identical workers, however many.
  for (int I = 0; I < N; ++I)
    Pool.emplace_back(run, std::ref(Queue));
  for (std::thread &T : Pool)
    T.join();
}

void small(const std::array<std::string, 3> &Mirrors,
           const std::vector<std::string> &Urls) {
  std::vector<std::thread> Threads;
  for (const std::string &Mirror : Mirrors)
    Threads.emplace_back(fetch, Mirror);
  for (int I = 0; I < 4; ++I)
    Threads.emplace_back(fetch, Urls[I]);
  for (std::thread &T : Threads)
    T.join();
}

// A thread started when the callback runs, not in the loop.
void callbacks(const std::vector<std::string> &Urls,
               std::vector<std::function<void()>> &Later) {
  for (const std::string &Url : Urls)
    Later.push_back([Url] { std::thread(fetch, Url).detach(); });
}

// Only the first iteration starts anything.
std::future<int> first(const std::vector<std::string> &Urls) {
  for (const std::string &Url : Urls)
    if (!Url.empty())
      return std::async(std::launch::async, fetch, Url);
  return {};
}
