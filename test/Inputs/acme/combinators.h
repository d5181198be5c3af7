//===- acme/combinators.h - acme's range combinators ------------*- C++ -*-===//
//
// In-house combinators over whole ranges, for the async-tidy tests, named
// the way nobody else names them, so that a check can only tell them by
// their shape:
//  - spreadOver(range, fn) starts a job per element, all at once, and
//    awaits them all (seastar's parallel_for_each);
//  - spreadOverAtMost(range, limit, fn) keeps at most `limit` in flight;
//  - visitInTurn(range, fn) awaits each element's job before the next;
//  - settleEvery(range_of_jobs) awaits a range of jobs, started together;
//  - settleInTurn(range_of_jobs) awaits them one by one.
// (Here every one of them runs the jobs in turn; what matters is the shape.)
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TEST_INPUTS_ACME_COMBINATORS_H
#define ASYNC_TIDY_TEST_INPUTS_ACME_COMBINATORS_H

#include <acme/job.h>

#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace acme {

template <typename Range, typename Fn>
Job<void> spreadOver(Range &&Elements, Fn Make) {
  std::vector<decltype(Make(*std::begin(Elements)))> Started;
  for (auto &&Element : Elements)
    Started.push_back(Make(Element));
  for (auto &J : Started)
    co_await std::move(J);
}

template <typename Range, typename Fn>
Job<void> spreadOverAtMost(Range &&Elements, std::size_t Limit, Fn Make) {
  (void)Limit;
  for (auto &&Element : Elements)
    co_await Make(Element);
}

template <typename Range, typename Fn>
Job<void> visitInTurn(Range &&Elements, Fn Make) {
  for (auto &&Element : Elements)
    co_await Make(Element);
}

template <typename Range> Job<void> settleEvery(Range Jobs);

template <typename Range> Job<void> settleInTurn(Range Jobs) {
  for (auto &&J : Jobs)
    co_await std::move(J);
}

} // namespace acme

#endif // ASYNC_TIDY_TEST_INPUTS_ACME_COMBINATORS_H
