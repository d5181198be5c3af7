// RUN: %check_clang_tidy -std=c++20-or-later %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// Blocking calls on a path that only ends the process or throws, and calls
// that only run in the child of a fork(), stall no executor worth a finding;
// helpers are followed only through the paths of theirs that return. Each
// silenced shape sits next to a look-alike that still blocks.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

using namespace std::chrono_literals;

// ---- Fatal paths --------------------------------------------------------------

// Prints a stack trace by running a debugger, and returns.
void print_stack_trace() {
  if (FILE *P = popen("gdb -batch -p 1 -ex bt", "r"))
    pclose(P);
}

[[noreturn]] void die(const char *Why);

// A logging temporary that ends the process when it is destroyed.
struct FatalMessage {
  [[noreturn]] ~FatalMessage();
  FatalMessage &operator<<(const char *Text);
};

enum Level { Info, Fatal };

// Every log line goes through here; only a fatal one prints a trace, right
// before exiting.
void log_line(Level L, const char *Message) {
  if (L == Fatal) {
    print_stack_trace();
    std::exit(1);
  }
}

// The same, but the trace is also printed on a path that returns.
void log_line_and_trace(Level L, const char *Message) {
  if (L == Fatal) {
    print_stack_trace();
    std::exit(1);
  }
  print_stack_trace();
}

// Never returns, without saying so.
void trace_and_abort() {
  print_stack_trace();
  std::abort();
}

// Exits on one path only.
void trace_and_maybe_exit(bool Exit) {
  print_stack_trace();
  if (Exit)
    std::exit(2);
}

cppcoro::task<int> logs(int N) {
  log_line(Info, "starting");
  log_line(Fatal, "cannot start");
  log_line_and_trace(Info, "starting");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'log_line_and_trace' in coroutine 'logs' blocks in 'popen'; wait for the child process asynchronously [async-blocking-call-in-coroutine]
  // CHECK-MESSAGES: :[[@LINE-21]]:3: note: 'log_line_and_trace' calls 'print_stack_trace'
  // CHECK-MESSAGES: :[[@LINE-51]]:17: note: 'print_stack_trace' blocks in 'popen' here
  if (N < 0) trace_and_abort();
  trace_and_maybe_exit(N > 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'trace_and_maybe_exit' in coroutine 'logs' blocks in 'popen'
  co_return N;
}

folly::coro::Task<int> fails(int N) {
  if (N < 0) {
    std::this_thread::sleep_for(10ms);
    throw std::invalid_argument("negative");
  }
  if (N == 0) {
    std::this_thread::sleep_for(10ms);
    die("zero");
  }
  if (N == 3) {
    std::this_thread::sleep_for(10ms);
    FatalMessage() << "three";
  }
  if (N == 1) {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'fails'
    co_return 1;
  }
  if (N == 2) {
    // Only one of the branches after it ends the process.
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'fails'
    if (N > 1)
      std::abort();
  }
  co_return N;
}

acme::Job<void> serves_forever() {
  // A loop that never ends is no fatal path.
  for (;;) {
    std::this_thread::sleep_for(1s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'serves_forever'
    co_await std::suspend_always{};
  }
}

acme::Job<void> fatal_in_a_loop(int Tries) {
  for (int I = 0; I < Tries; ++I) {
    if (I > 100) {
      std::this_thread::sleep_for(1s);
      std::abort();
    }
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'fatal_in_a_loop'
    co_await std::suspend_always{};
  }
}

// ---- Forked children ------------------------------------------------------------

cppcoro::task<int> spawns(const char *Path) {
  pid_t Pid = fork();
  if (Pid == 0) {
    // The child waits for its own grandchild; no executor runs here.
    waitpid(-1, nullptr, 0);
    execl(Path, Path, nullptr);
  }
  int Status = 0;
  waitpid(Pid, &Status, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitpid' in coroutine 'spawns'
  co_return Status;
}

folly::coro::Task<int> spawns_in_else(const char *Path) {
  pid_t Pid;
  Pid = fork();
  if (Pid) {
    int Status = 0;
    waitpid(Pid, &Status, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'waitpid' in coroutine 'spawns_in_else'
    co_return Status;
  } else {
    sleep(1);
    execl(Path, Path, nullptr);
  }
  co_return 0;
}

acme::Job<int> forks_directly(int Other) {
  if (fork() == 0) {
    sleep(1);
    execl("/bin/true", "true", nullptr);
  }
  // A zero that did not come from fork().
  if (Other == 0)
    sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' in coroutine 'forks_directly'
  pid_t Pid = fork();
  if (Pid != 0)
    sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' in coroutine 'forks_directly'
  co_return 0;
}

// A helper that forks: the child's blocking does not count, the parent's
// does.
void run_in_child(const char *Path) {
  if (fork() == 0) {
    sleep(1);
    execl(Path, Path, nullptr);
  }
}
int run_and_wait(const char *Path) {
  pid_t Pid = fork();
  if (Pid == 0)
    execl(Path, Path, nullptr);
  int Status = 0;
  waitpid(Pid, &Status, 0);
  return Status;
}

cppcoro::task<void> uses_fork_helpers() {
  run_in_child("/bin/true");
  run_and_wait("/bin/true");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'run_and_wait' in coroutine 'uses_fork_helpers' blocks in 'waitpid'
  // CHECK-MESSAGES: :[[@LINE-8]]:3: note: 'run_and_wait' blocks in 'waitpid' here
  co_return;
}

// A helper that never returns, without being declared so, ends the path of
// its callers too; one that returns on some path does not.
void fail_hard(const char *Why) {
  log_line(Fatal, Why);
  std::abort();
}

folly::coro::Task<int> fails_through_helpers(int N) {
  if (N < 0) {
    std::this_thread::sleep_for(10ms);
    trace_and_abort();
  }
  if (N == 0) {
    std::this_thread::sleep_for(10ms);
    fail_hard("zero");
  }
  if (N == 1) {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'fails_through_helpers'
    trace_and_maybe_exit(true);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'trace_and_maybe_exit' in coroutine 'fails_through_helpers' blocks in 'popen'
  }
  co_return N;
}
