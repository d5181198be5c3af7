// RUN: %check_clang_tidy -std=c++20-or-later %s async-swallowed-cancellation %t -- -- -I %inputs

// Handlers that swallow the cancellation of an await inside a loop that
// nothing else ends, with cppcoro's task and folly's Task (whose cancelled
// operations throw cppcoro::operation_cancelled and folly::OperationCancelled),
// and the look-alikes that stay quiet: handlers that rethrow, leave, await
// again or test for cancellation; an earlier handler for the cancellation
// class; loops over a range, loops whose condition changes or can be changed
// elsewhere; handlers outside the loop; other awaits of the loop that let
// the cancellation out.

#include <cppcoro/operation_cancelled.hpp>
#include <cppcoro/task.hpp>
#include <folly/OperationCancelled.h>
#include <folly/coro/Task.h>
#include <chrono>
#include <exception>
#include <new>
#include <vector>

cppcoro::task<int> fetch();
cppcoro::task<int> fetchItem(int Item);
cppcoro::task<void> tick();
cppcoro::task<void> backoff();
void log(const char *);
void handle(int);
[[noreturn]] void fatal(const char *);

namespace cppcoro_shapes {

cppcoro::task<void> pollForever() {
  for (;;) {
    try {
      handle(co_await fetch());
    } catch (...) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'fetch'; the loop cannot be stopped; rethrow 'cppcoro::operation_cancelled' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:14: note: the cancellation of 'fetch' is thrown here
      log("fetch failed");
    }
  }
}

cppcoro::task<void> whileTrue() {
  while (true) {
    try {
      int Value = co_await fetch();
      handle(Value);
    } catch (const std::exception &E) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'fetch'; the loop cannot be stopped; rethrow 'cppcoro::operation_cancelled' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-4]]:19: note: the cancellation of 'fetch' is thrown here
      log(E.what());
    }
  }
}

// The condition reads a local that nothing changes: the loop does not end.
cppcoro::task<void> unchangedFlag() {
  bool Running = true;
  while (Running) {
    try {
      co_await tick();
    } catch (const cppcoro::operation_cancelled &) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'tick'; the loop cannot be stopped; rethrow 'cppcoro::operation_cancelled' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:7: note: the cancellation of 'tick' is thrown here
    }
  }
}

// Retry until it works: the break after the await is skipped when the
// await throws, so a cancelled connection is retried at once, forever.
cppcoro::task<void> retryUntilConnected() {
  int Failures = 0;
  for (;;) {
    try {
      co_await fetch();
      break;
    } catch (...) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'fetch'; the loop cannot be stopped; rethrow 'cppcoro::operation_cancelled' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-4]]:7: note: the cancellation of 'fetch' is thrown here
      ++Failures;
      continue;
    }
  }
}

// Look-alike of the shapes below: a handler for another class first does
// not change what the second one swallows.
cppcoro::task<void> otherClassFirst() {
  for (;;) {
    try {
      co_await tick();
    } catch (const std::bad_alloc &) {
      co_return;
    } catch (...) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'tick'; the loop cannot be stopped; rethrow 'cppcoro::operation_cancelled' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-5]]:7: note: the cancellation of 'tick' is thrown here
    }
  }
}

// Quiet: the cancellation class is caught first and rethrown.
cppcoro::task<void> rethrowsCancellationFirst() {
  for (;;) {
    try {
      co_await tick();
    } catch (const cppcoro::operation_cancelled &) {
      throw;
    } catch (...) {
      log("tick failed");
    }
  }
}

// Quiet: the handler rethrows.
cppcoro::task<void> rethrows() {
  for (;;) {
    try {
      co_await tick();
    } catch (...) {
      log("tick failed");
      throw;
    }
  }
}

// Quiet: the handler leaves the loop, or the coroutine, or the process.
cppcoro::task<void> leaves(int Mode) {
  for (;;) {
    try {
      co_await tick();
    } catch (...) {
      if (Mode == 0)
        break;
      if (Mode == 1)
        co_return;
      fatal("tick failed");
    }
  }
}

// Quiet: the handler tests for cancellation.
cppcoro::task<void> testsToken(cppcoro::cancellation_token Token) {
  for (;;) {
    try {
      co_await tick();
    } catch (const std::exception &E) {
      if (!Token.is_cancellation_requested())
        log(E.what());
    }
  }
}

// Quiet: after a failure the loop awaits again (a handler cannot co_await),
// which throws the cancellation out of the loop.
cppcoro::task<void> backsOff() {
  for (;;) {
    bool Failed = false;
    try {
      co_await fetch();
    } catch (...) {
      Failed = true;
    }
    if (Failed)
      co_await backoff();
  }
}

// Look-alike: a break inside the handler that leaves only an inner loop.
cppcoro::task<void> breaksInnerLoop(std::vector<int> Items) {
  for (;;) {
    try {
      co_await tick();
    } catch (...) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'tick'; the loop cannot be stopped; rethrow 'cppcoro::operation_cancelled' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:7: note: the cancellation of 'tick' is thrown here
      for (int Item : Items)
        if (Item == 0)
          break;
    }
  }
}

// Quiet: another await of the loop, outside any handler, lets the
// cancellation out.
cppcoro::task<void> tickOutsideTheTry() {
  for (;;) {
    co_await tick();
    try {
      co_await fetch();
    } catch (...) {
      log("fetch failed");
    }
  }
}

// Quiet: the loop ends on a flag tested outside the handler.
cppcoro::task<void> flagOutsideTheTry(const bool &Stop) {
  for (;;) {
    if (Stop)
      co_return;
    try {
      co_await fetch();
    } catch (...) {
      log("fetch failed");
    }
  }
}

// Quiet: a finite loop over a range isolates each item's failure.
cppcoro::task<void> eachItem(std::vector<int> Items) {
  for (int Item : Items) {
    try {
      co_await fetchItem(Item);
    } catch (...) {
      log("item failed");
    }
  }
  for (std::size_t I = 0; I < Items.size(); ++I) {
    try {
      co_await fetchItem(Items[I]);
    } catch (...) {
      log("item failed");
    }
  }
}

// Quiet: the handler is outside the loop.
cppcoro::task<void> handlerOutsideTheLoop() {
  try {
    for (;;)
      handle(co_await fetch());
  } catch (...) {
    log("stopped");
  }
}

// Quiet: the flag changes in the handler, or may be changed elsewhere.
class Poller {
public:
  cppcoro::task<void> run() {
    while (!Stopped) {
      try {
        co_await tick();
      } catch (...) {
        log("tick failed");
      }
    }
  }
  cppcoro::task<void> runLocal() {
    bool Done = false;
    while (!Done) {
      try {
        co_await tick();
      } catch (...) {
        Done = true;
      }
    }
  }
  void stop() { Stopped = true; }

private:
  bool Stopped = false;
};

// Quiet: the handler does not catch the cancellation class.
cppcoro::task<void> onlyBadAlloc() {
  for (;;) {
    try {
      co_await tick();
    } catch (const std::bad_alloc &) {
      log("out of memory");
    }
  }
}

// Quiet: no await in the try block.
cppcoro::task<void> noAwaitInTry() {
  for (;;) {
    int Value = co_await fetch();
    try {
      handle(Value);
    } catch (...) {
      log("handle failed");
    }
  }
}

// Quiet: not a coroutine.
void plainLoop() {
  for (;;) {
    try {
      handle(1);
    } catch (...) {
    }
  }
}

} // namespace cppcoro_shapes

namespace folly_shapes {

using namespace std::chrono_literals;
folly::coro::Task<int> query();

folly::coro::Task<void> refresher() {
  for (;;) {
    try {
      co_await folly::coro::sleep(1s);
      handle(co_await query());
    } catch (const std::exception &E) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'folly::coro::sleep'; the loop cannot be stopped; rethrow 'folly::OperationCancelled' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-4]]:7: note: the cancellation of 'folly::coro::sleep' is thrown here
      log(E.what());
    }
  }
}

// Quiet: OperationCancelled is caught first and rethrown.
folly::coro::Task<void> refresherRethrows() {
  for (;;) {
    try {
      co_await folly::coro::sleep(1s);
      handle(co_await query());
    } catch (const folly::OperationCancelled &) {
      throw;
    } catch (const std::exception &E) {
      log(E.what());
    }
  }
}

// Quiet: the handler asks the coroutine's token.
folly::coro::Task<void> refresherAsksToken() {
  auto Token = co_await folly::coro::co_current_cancellation_token;
  for (;;) {
    try {
      handle(co_await query());
    } catch (...) {
      if (Token.isCancellationRequested())
        co_return;
      log("query failed");
    }
  }
}

// Look-alike: a `continue` does not leave the loop.
folly::coro::Task<void> refresherContinues(bool Verbose) {
  while (1) {
    try {
      handle(co_await query());
    } catch (const folly::OperationCancelled &) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'query'; the loop cannot be stopped; rethrow 'folly::OperationCancelled' or leave the loop [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:14: note: the cancellation of 'query' is thrown here
      if (Verbose)
        log("cancelled");
      continue;
    }
  }
}

// Quiet: a lambda's handler is the lambda's, and its loop ends.
folly::coro::Task<void> inLambda() {
  auto Each = [](std::vector<int> Items) -> folly::coro::Task<void> {
    for (int Item : Items) {
      try {
        handle(co_await query());
      } catch (...) {
        log("failed");
      }
      (void)Item;
    }
  };
  co_await Each({1, 2});
}

} // namespace folly_shapes
