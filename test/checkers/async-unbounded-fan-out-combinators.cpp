// RUN: %check_clang_tidy -std=c++20-or-later %s async-unbounded-fan-out %t -- -- -I %inputs

// Combinators handed a whole range start the work of every element at once:
// a range and a callable making a task of each element (acme::spreadOver,
// shaped like seastar's parallel_for_each), a range of tasks made by a view
// (folly's collectAllRange over std::views::transform), and a join found by
// its shape over a container of tasks a loop filled. Next to each, the
// look-alikes that stay quiet: forms with a limit or a window, combinators
// that await in turn, ranges of a size known at compile time, joins of a
// fixed number of tasks, work or callables handed in by the caller, tasks
// that acquire a limiter first.

#include <acme/combinators.h>
#include <acme/job.h>
#include <cppcoro/task.hpp>
#include <folly/coro/Task.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <ranges>
#include <string>
#include <utility>
#include <vector>

struct Item {
  int Id;
};

cppcoro::task<int> fetch(Item);
folly::coro::Task<int> fetchFolly(Item);
acme::Job<void> store(Item);

struct AsyncSemaphore {
  acme::Gate acquire();
  void release();
};

//===--- A callable per element, all started at once ---===//

acme::Job<void> spreadLambda(std::vector<Item> Items) {
  co_await acme::spreadOver(Items, [](const Item &I) -> acme::Job<void> {
    co_await store(I);
  });
  // CHECK-MESSAGES: :[[@LINE-3]]:12: warning: 'spreadOver' starts a task for every element of 'Items' at once with no bound on how many run; use a form that takes a concurrency limit, or limit the tasks with a semaphore [async-unbounded-fan-out]
}

// A plain function whose callable makes a cppcoro task.
acme::Job<void> spreadFunction(const std::vector<Item> &Items) {
  co_await acme::spreadOver(Items, fetch);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'spreadOver' starts a task for every element of 'Items' at once
}

// A forwarding wrapper is quiet itself (its range and callable come from its
// caller), and is a combinator of the same shape where it is called.
template <typename Fn>
acme::Job<void> eachItem(std::vector<Item> Items, Fn Make) {
  co_await acme::spreadOver(Items, Make);
}
acme::Job<void> callsWrapper(std::vector<Item> Items) {
  co_await eachItem(Items, fetchFolly);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'eachItem' starts a task for every element of 'Items' at once
}

//===--- A range of tasks made by a view ---===//

folly::coro::Task<void> collectView(std::vector<Item> Items) {
  co_await folly::coro::collectAllRange(Items |
                                        std::views::transform(fetchFolly));
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: 'collectAllRange' starts a task for every element of 'Items' at once with no bound on how many run
}

folly::coro::Task<void> collectTransformCall(std::vector<Item> Items) {
  co_await folly::coro::collectAllRange(std::views::transform(
      Items, [](const Item &I) { return fetchFolly(I); }));
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: 'collectAllRange' starts a task for every element of 'Items' at once
}

// The view kept in a local first.
folly::coro::Task<void> collectLocalView(std::vector<Item> Items) {
  auto Pages = Items | std::views::transform(fetchFolly);
  co_await folly::coro::collectAllRange(Pages);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'collectAllRange' starts a task for every element of 'Items' at once
}

//===--- A join found by its shape, over tasks a loop collected ---===//

acme::Job<void> settleCollected(std::vector<Item> Items) {
  std::vector<acme::Job<void>> Jobs;
  for (const Item &I : Items)
    Jobs.push_back(store(I));
  co_await acme::settleEvery(std::move(Jobs));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'settleEvery' starts every task in 'Jobs' at once, and 'Jobs' is filled by the loop over 'Items' with no bound
  // CHECK-MESSAGES: :[[@LINE-3]]:10: note: task added to 'Jobs' in every iteration here
}

//===--- Quiet: a limit or a window ---===//

acme::Job<void> spreadAtMost(std::vector<Item> Items) {
  co_await acme::spreadOverAtMost(Items, 8, fetch);
}

folly::coro::Task<void> collectWindowed(std::vector<Item> Items) {
  co_await folly::coro::collectAllWindowed(
      Items | std::views::transform(fetchFolly), 16);
}

//===--- Quiet: combinators that take the elements in turn ---===//

acme::Job<void> visitEach(std::vector<Item> Items) {
  co_await acme::visitInTurn(Items, store);
}

acme::Job<void> settleOneByOne(std::vector<Item> Items) {
  std::vector<acme::Job<void>> Jobs;
  for (const Item &I : Items)
    Jobs.push_back(store(I));
  co_await acme::settleInTurn(std::move(Jobs));
}

//===--- Quiet: ranges of a size known at compile time ---===//

acme::Job<void> spreadFixed(const std::array<Item, 4> &Four, Item (&Three)[3],
                            Item A, Item B) {
  co_await acme::spreadOver(Four, fetch);
  co_await acme::spreadOver(Three, fetch);
  co_await acme::spreadOver(std::vector<Item>{A, B}, fetch);
  std::vector<Item> Table;
  Table.push_back(A);
  Table.push_back(B);
  co_await acme::spreadOver(Table, fetch);
}

folly::coro::Task<void> collectFixedView(const std::array<Item, 2> &Pair) {
  co_await folly::coro::collectAllRange(Pair |
                                        std::views::transform(fetchFolly));
}

// Look-alike: a table that a loop over the input fills.
acme::Job<void> spreadFilledTable(const std::vector<Item> &Items, Item A) {
  std::vector<Item> Table;
  Table.push_back(A);
  for (const Item &I : Items)
    Table.push_back(I);
  co_await acme::spreadOver(Table, fetch);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'spreadOver' starts a task for every element of 'Table' at once
}

//===--- Quiet: joins of a fixed number of tasks ---===//

folly::coro::Task<void> collectTwo(Item A, Item B) {
  co_await folly::coro::collectAll(fetchFolly(A), fetchFolly(B));
}

cppcoro::task<void> whenAllTwo(Item A, Item B) {
  co_await cppcoro::when_all(fetch(A), fetch(B));
}

//===--- Quiet: work handed in, wrapped each ---===//

folly::coro::Task<int> unwrap(folly::coro::Task<int> &T);
template <typename Range>
folly::coro::Task<void> collectWrapped(Range Tasks) {
  co_await folly::coro::collectAllRange(Tasks | std::views::transform(unwrap));
}
template folly::coro::Task<void>
collectWrapped(std::vector<folly::coro::Task<int>>);

//===--- Quiet: tasks that acquire a limiter first ---===//

acme::Job<void> spreadLimited(std::vector<Item> Items, AsyncSemaphore &Sem) {
  co_await acme::spreadOver(Items, [&Sem](const Item &I) -> acme::Job<void> {
    co_await Sem.acquire();
    co_await store(I);
    Sem.release();
  });
}

//===--- Quiet: shapes that are no combinator of tasks ---===//

// A callable that does not take the elements: a retry around one download,
// whose first argument is a string (a range of characters).
acme::Job<void> retry(std::string Url, acme::Job<void> (*Attempt)(int));
acme::Job<void> attempt(int);
acme::Job<void> retryOne(std::string Url) { co_await retry(Url, attempt); }

// The standard algorithms run the callable in turn and return no task.
void forEachStd(std::vector<Item> Items) {
  std::ranges::for_each(Items, [](const Item &I) { (void)I; });
}

// A callable per element whose combinator returns nothing to await.
template <typename Range, typename Fn> void visitNow(Range &&, Fn);
void visitsNow(std::vector<Item> Items) { visitNow(Items, store); }
