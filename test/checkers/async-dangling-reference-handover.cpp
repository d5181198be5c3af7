// RUN: %check_clang_tidy -std=c++20-or-later %s async-dangling-reference %t -- -- -I %inputs

// Tasks handed on, by value or as an rvalue, to what keeps them and runs them
// later: a start (folly's scheduleOn(ex).start()), the binding to an
// executor (scheduleOn, co_withExecutor), a combinator (collectAll, when_all,
// an in-house one) whose result is stored. The temporaries of the call are
// gone at the end of the full-expression; the task is not. The look-alikes:
// the same calls awaited or waited on in the full-expression, named locals
// that outlive the result, a started task whose uses all come before its
// first suspension (the start runs it that far at once).

#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>
#include <folly/futures/Future.h>
#include <future>
#include <string>

acme::Gate gate;
std::string global_name = "global";

folly::coro::Task<int> measure(const std::string &S) { co_return S.size(); }
folly::coro::Task<int> measureLater(const std::string &S) {
  co_await gate;
  co_return S.size();
}
cppcoro::task<std::size_t> length(const std::string &S) { co_return S.size(); }
acme::Job<int> size(const std::string &S) { co_return S.size(); }
acme::Job<int> sizeLater(const std::string &S) {
  co_await gate;
  co_return S.size();
}

// An in-house combinator: keeps both jobs in its frame, awaits them in turn.
template <typename A, typename B>
acme::Job<int> bothOf(acme::Job<A> X, acme::Job<B> Y) {
  int Total = co_await X;
  co_return Total + co_await Y;
}
// An in-house launcher: runs the job on a pool, the future gives its result.
std::future<int> launch(acme::Job<int> J);
// Folly's newer spelling of scheduleOn.
template <typename T>
folly::coro::TaskWithExecutor<T>
co_withExecutor(folly::Executor::KeepAlive<> Ex, folly::coro::Task<T> Task) {
  return std::move(Task).scheduleOn(Ex);
}
// Looks at a task without keeping it.
folly::coro::Task<int> inspect(const folly::coro::Task<int> &T);

//===--- Started: the body runs to its first suspension at once ---===//

int startedAndKept(folly::Executor *Ex) {
  auto F = measureLater(std::string("abc")).scheduleOn(Ex).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the temporary bound to parameter 'S' of 'measureLater' is destroyed at the end of the full-expression, but the lazy task, which uses it, is started by 'start' [async-dangling-reference]
  // CHECK-MESSAGES: :[[@LINE-31]]:13: note: used here, after the coroutine has suspended
  return std::move(F).get();
}

void startedAndDropped(folly::Executor *Ex) {
  measureLater(std::string("abc")).scheduleOn(Ex).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the temporary bound to parameter 'S' of 'measureLater' is destroyed at the end of the full-expression, but the lazy task, which uses it, is started by 'start' [async-dangling-reference]
}

int launchedAndKept() {
  auto F = launch(sizeLater(std::string("abc")));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: the temporary bound to parameter 'S' of 'sizeLater' is destroyed at the end of the full-expression, but the lazy task, which uses it, is handed to 'launch', whose result is stored [async-dangling-reference]
  return F.get();
}

void detachedStart(folly::Executor *Ex) {
  std::string Local = "local";
  measureLater(Local).scheduleOn(Ex).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: local 'Local' bound to parameter 'S' of 'measureLater' is destroyed when 'detachedStart' returns, but the lazy task, which uses it, is started by 'start' [async-dangling-reference]
}

void detachedStoredStart(folly::Executor *Ex) {
  std::string Local = "local";
  auto T = measureLater(Local).scheduleOn(Ex);
  std::move(T).start();
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: local 'Local' bound to parameter 'S' of 'measureLater' is destroyed when 'detachedStoredStart' returns, but the lazy task, which uses it, is started by 'start' [async-dangling-reference]
}

//===--- Bound or combined, kept, and awaited later: every use dangles ---===//

folly::coro::Task<int> boundAndAwaitedLater(folly::Executor *Ex) {
  auto T = measure(std::string("abc")).scheduleOn(Ex);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the temporary bound to parameter 'S' of 'measure' is destroyed at the end of the full-expression, but the lazy task, which uses it, is handed to 'scheduleOn', whose result is stored [async-dangling-reference]
  co_return co_await std::move(T);
}

folly::coro::Task<int> withExecutorLater(folly::Executor *Ex) {
  auto T = co_withExecutor(Ex, measure(std::string("abc")));
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: the temporary bound to parameter 'S' of 'measure' is destroyed at the end of the full-expression, but the lazy task, which uses it, is handed to 'co_withExecutor', whose result is stored [async-dangling-reference]
  co_return co_await std::move(T);
}

folly::coro::Task<int> collectedLater() {
  auto All = folly::coro::collectAll(measure(std::string("a")),
                                     measure(global_name));
  // CHECK-MESSAGES: :[[@LINE-2]]:38: warning: the temporary bound to parameter 'S' of 'measure' is destroyed at the end of the full-expression, but the lazy task, which uses it, is handed to 'collectAll', whose result is stored [async-dangling-reference]
  auto [A, B] = co_await std::move(All);
  co_return A + B;
}

cppcoro::task<std::size_t> whenAllLater() {
  auto All = cppcoro::when_all(length(std::string("a")), length(global_name));
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: the temporary bound to parameter 'S' of 'length' is destroyed at the end of the full-expression, but the lazy task, which uses it, is handed to 'when_all', whose result is stored [async-dangling-reference]
  auto [A, B] = co_await All;
  co_return A + B;
}

acme::Job<int> bothLater() {
  auto Both = bothOf(size(std::string("a")), size(global_name));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the temporary bound to parameter 'S' of 'size' is destroyed at the end of the full-expression, but the lazy task, which uses it, is handed to 'bothOf', whose result is stored [async-dangling-reference]
  co_return co_await Both;
}

folly::coro::Task<int> boundLambda(folly::Executor *Ex, std::string Name) {
  auto T = [Name]() -> folly::coro::Task<int> { co_return Name.size(); }()
               .scheduleOn(Ex);
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: the captures of this coroutine lambda are destroyed with the lambda at the end of the full-expression, but its lazy task, which uses them, is handed to 'scheduleOn', whose result is stored [async-dangling-reference]
  co_return co_await std::move(T);
}

folly::coro::TaskWithExecutor<int> returnedBound(folly::Executor *Ex) {
  std::string Local = "local";
  return measure(Local).scheduleOn(Ex);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: local 'Local' bound to parameter 'S' of 'measure' is destroyed when 'returnedBound' returns, but the lazy task, which uses it, is handed to 'scheduleOn', whose result is returned [async-dangling-reference]
}

//===--- ... and what stays quiet ---===//

folly::coro::Task<int> awaitedInFullExpression(folly::Executor *Ex) {
  int N = co_await measure(std::string("abc")).scheduleOn(Ex);
  N += co_await co_withExecutor(Ex, measure(std::string("abc")));
  auto [A, B] = co_await folly::coro::collectAll(measure(std::string("a")),
                                                 measure(std::string("b")));
  co_return N + A + B;
}

acme::Job<int> combinedInFullExpression() {
  co_return co_await bothOf(size(std::string("a")), size(std::string("b")));
}

int waitedInFullExpression(folly::Executor *Ex) {
  int N = measureLater(std::string("abc")).scheduleOn(Ex).start().get();
  return N + folly::coro::blockingWait(
                 measureLater(std::string("abc")).scheduleOn(Ex));
}

// The start runs the body up to its first suspension inside the
// full-expression: a body that is done with the reference by then is safe.
int startedUsesBeforeSuspension(folly::Executor *Ex) {
  auto F = measure(std::string("abc")).scheduleOn(Ex).start();
  return std::move(F).get();
}

int joinedInScope(folly::Executor *Ex) {
  std::string Local = "local";
  auto F = measureLater(Local).scheduleOn(Ex).start();
  return std::move(F).get();
}

void waitedInScope(folly::Executor *Ex) {
  std::string Local = "local";
  auto T = measureLater(Local).scheduleOn(Ex);
  auto F = std::move(T).start();
  F.wait();
}

int launchedLocal() {
  std::string Local = "local";
  auto F = launch(sizeLater(Local));
  return F.get();
}

folly::coro::Task<int> namedInCombinator() {
  std::string A = "a", B = "b";
  auto All = folly::coro::collectAll(measure(A), measure(B));
  auto [X, Y] = co_await std::move(All);
  co_return X + Y;
}

folly::coro::Task<int> boundGlobal(folly::Executor *Ex) {
  auto T = measure(global_name).scheduleOn(Ex);
  co_return co_await std::move(T);
}

void neverRuns(folly::Executor *Ex) {
  // Bound but never started or awaited, combined and never used again: the
  // bodies never run (async-unawaited-coroutine reports them).
  measure(std::string("abc")).scheduleOn(Ex);
  auto All = folly::coro::collectAll(measure(std::string("a")));
}

folly::coro::Task<int> lookedAtOnly() {
  // A task given by lvalue reference is not kept.
  auto T = inspect(measure(std::string("abc")));
  co_return co_await std::move(T);
}
