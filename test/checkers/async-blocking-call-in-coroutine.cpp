// RUN: %check_clang_tidy -std=c++20-or-later %s async-blocking-call-in-coroutine %t -- -- -I %inputs

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <future>
#include <latch>
#include <mutex>
#include <semaphore>
#include <string>
#include <thread>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"
#include "folly/futures/Future.h"

using namespace std::chrono_literals;

// ---- The catalogue, in the three task shapes -------------------------------

cppcoro::task<int> sleeps_directly() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleeps_directly'; co_await an asynchronous timer instead [async-blocking-call-in-coroutine]
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until' in coroutine 'sleeps_directly'
  ::usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'sleeps_directly'
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'sleeps_directly'
  co_return 1;
}

folly::coro::Task<int> waits_for_futures(std::future<int> F,
                                         std::shared_future<int> S,
                                         folly::Future<int> FF) {
  F.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::future::wait' in coroutine 'waits_for_futures'; co_await an asynchronous result instead of waiting for it
  F.wait_for(5s);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::future::wait_for'
  int A = S.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'std::shared_future::get'
  int B = std::move(FF).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: blocking call to 'folly::Future::get'
  co_return A + B + F.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: blocking call to 'std::future::get'
}

acme::Job<void> synchronises(std::mutex &M, std::condition_variable &CV,
                             std::counting_semaphore<4> &Sem,
                             std::binary_semaphore &Bin, std::latch &L,
                             std::thread &T, std::atomic<bool> &Flag) {
  std::unique_lock Lock(M);
  CV.wait(Lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait' in coroutine 'synchronises'; co_await an asynchronous event or channel instead
  CV.wait_for(Lock, 1s, [] { return true; });
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait_for'
  Lock.unlock();
  Sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::counting_semaphore::acquire'
  Bin.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::counting_semaphore::acquire'
  L.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::latch::wait'
  T.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::thread::join' in coroutine 'synchronises'; co_await a completion signal instead of joining the thread
  Flag.wait(false);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::atomic::wait'
  co_return;
}

cppcoro::task<> does_posix_io(int Fd, char *Buf) {
  ::read(Fd, Buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'does_posix_io'; use the asynchronous socket operation and co_await it
  recv(Fd, Buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  accept(Fd, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'accept'
  waitpid(-1, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitpid' in coroutine 'does_posix_io'; wait for the child process asynchronously
  std::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'system'
  co_return;
}

folly::coro::Task<std::string> does_file_io(const char *Path) {
  std::FILE *F = std::fopen(Path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'fopen' in coroutine 'does_file_io'; run file I/O on a thread pool and co_await its completion
  char Buf[64];
  std::fgets(Buf, sizeof Buf, F);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fgets'
  std::ifstream In(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream' in coroutine 'does_file_io'
  std::string Line;
  std::getline(In, Line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline'
  In >> Line;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_ifstream::operator>>'
  co_return Line;
}

// sync_wait and blockingWait run a whole event loop, in any namespace, as
// functions or as function objects.
cppcoro::task<int> answer() { co_return 42; }
folly::coro::Task<int> folly_answer() { co_return 42; }

cppcoro::task<int> waits_synchronously() {
  int A = cppcoro::sync_wait(answer());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'cppcoro::sync_wait' in coroutine 'waits_synchronously'; co_await the task instead of waiting for it synchronously
  int B = folly::coro::blockingWait(folly_answer());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'folly::coro::blockingWait'
  co_return A + B;
}

// ---- Coroutine lambdas ------------------------------------------------------

void spawn_lambdas() {
  auto L = []() -> cppcoro::task<> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in a coroutine lambda; co_await an asynchronous timer instead
    co_return;
  };
  (void)L;
}

// ---- Transitive: through helpers defined in this translation unit ----------

void backoff(int Attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(10 * Attempt));
}
void retry_pause(int Attempt) {
  if (Attempt > 0)
    backoff(Attempt);
}

cppcoro::task<> reconnect() {
  for (int Attempt = 0; Attempt < 3; ++Attempt)
    retry_pause(Attempt);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'retry_pause' in coroutine 'reconnect' blocks in 'std::this_thread::sleep_for'; co_await an asynchronous timer instead [async-blocking-call-in-coroutine]
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'retry_pause' calls 'backoff'
  // CHECK-MESSAGES: :[[@LINE-12]]:3: note: 'backoff' blocks in 'std::this_thread::sleep_for' here
  co_return;
}

// Mutual recursion terminates and still finds the blocking member.
int odd(int N);
int even(int N) { return N == 0 ? 1 : odd(N - 1); }
int odd(int N) {
  if (N == 7)
    ::sleep(1);
  return N == 0 ? 0 : even(N - 1);
}
struct Client {
  void flush() { (void)even(4); }
};

folly::coro::Task<void> uses_client(Client &C) {
  C.flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'Client::flush' in coroutine 'uses_client' blocks in 'sleep'
  // CHECK-MESSAGES: :[[@LINE-6]]:24: note: 'Client::flush' calls 'even'
  // CHECK-MESSAGES: :[[@LINE-14]]:39: note: 'even' calls 'odd'
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: 'odd' blocks in 'sleep' here
  co_return;
}

// Immediately invoked lambdas and templates run in the coroutine too.
template <typename F> void call_now(F Fn) { Fn(); }

acme::Job<void> runs_inline(std::future<void> Done) {
  [&] { Done.wait(); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to lambda in coroutine 'runs_inline' blocks in 'std::future::wait'
  call_now([] { std::this_thread::sleep_for(1ms); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'call_now' in coroutine 'runs_inline' blocks in 'std::this_thread::sleep_for'
  co_return;
}

// The in-house runBlocking blocks through std::atomic::wait in its header.
acme::Job<int> small_job() { co_return 1; }
acme::Job<int> runs_blocking() {
  co_return acme::runBlocking(small_job());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: call to 'runBlocking' in coroutine 'runs_blocking' blocks in 'std::atomic::wait'
}

// A template coroutine is reported once, not once per instantiation.
template <typename T> cppcoro::task<T> delayed(T Value) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'delayed'
  co_return Value;
}
template cppcoro::task<int> delayed(int);
template cppcoro::task<long> delayed(long);

// ---- Not flagged ------------------------------------------------------------

// Non-coroutines may block.
void plain_function(std::future<int> &F) {
  std::this_thread::sleep_for(1ms);
  F.wait();
  retry_pause(1);
}

// A thread body or a stored callback runs elsewhere, not in the coroutine.
cppcoro::task<> starts_threads(std::vector<std::thread> &Workers) {
  Workers.emplace_back([] { std::this_thread::sleep_for(1s); });
  std::thread T([] { backoff(1); });
  T.detach();
  auto Later = [] { ::sleep(1); };
  std::jthread J([Later] { Later(); });
  J.detach();
  co_return;
}

// Asynchronous namesakes: members of unrelated classes that return
// something to co_await.
acme::Job<void> uses_async_namesakes(acme::Scheduler &S) {
  co_await S.sleep_for(std::chrono::milliseconds(5));
  co_await folly::coro::sleep(std::chrono::milliseconds(5));
  co_return;
}

// A user's own functions that share a POSIX name are not POSIX.
namespace net {
int read(int Fd) { return Fd; }
} // namespace net
struct Pipe {
  int write(int V) { return V; }
  void wait() {}
  void join() {}
};
cppcoro::task<int> uses_namesakes(Pipe &P) {
  P.wait();
  P.join();
  co_return net::read(3) + P.write(4);
}

// Polling a future with a zero timeout does not block.
folly::coro::Task<bool> polls(std::future<int> &F) {
  bool A = F.wait_for(0s) == std::future_status::ready;
  bool B = F.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  bool C = F.wait_for(std::chrono::milliseconds::zero()) ==
           std::future_status::ready;
  bool D = F.wait_for(std::chrono::seconds{}) == std::future_status::ready;
  co_return A && B && C && D;
}

// A file stream that is only checked, or only named, does not block.
cppcoro::task<bool> stream_state(std::ifstream &In) {
  std::ifstream Unopened;
  co_return In.is_open() && In.good() && !Unopened.is_open();
}

// A shared_ptr's get and an optional's value are not futures.
cppcoro::task<int> look_alike_get(std::shared_ptr<int> P) {
  co_return *P.get();
}

// Helpers that do not block stay quiet, however deep.
int pure(int X) { return X + 1; }
int deeper(int X) { return pure(pure(X)); }
acme::Job<int> calls_pure() { co_return deeper(1); }

// Virtual calls may run any override.
struct Backend {
  virtual ~Backend() = default;
  virtual void commit() { ::sleep(1); }
};
cppcoro::task<> commits(Backend &B) {
  B.commit();
  co_return;
}

// Awaiting another coroutine that blocks is reported in that coroutine.
cppcoro::task<> awaits_blocking_coroutine() {
  co_await reconnect();
  co_return;
}
