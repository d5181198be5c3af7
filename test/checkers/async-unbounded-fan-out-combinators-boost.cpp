// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-unbounded-fan-out %t

// Real Boost.Asio: the ranged make_parallel_group starts every operation of
// its vector at once. Any deferred operation (`async_wait(asio::deferred)`,
// `async_read_some(..., asio::deferred)`), not only a deferred co_spawn, is
// work described for the group to start. Quiet: a group of a fixed number
// of operations, a vector of a size known at compile time, and operations
// awaited one by one.

#include <boost/asio.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <array>
#include <chrono>
#include <memory>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;

//===--- Fan-out ---===//

asio::awaitable<void>
waitAll(std::vector<std::unique_ptr<asio::steady_timer>> &Timers) {
  using Op = decltype(Timers.front()->async_wait(asio::deferred));
  std::vector<Op> Ops;
  for (auto &Timer : Timers)
    Ops.push_back(Timer->async_wait(asio::deferred));
  co_await asio::experimental::make_parallel_group(std::move(Ops))
      .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: 'make_parallel_group' starts every task in 'Ops' at once, and 'Ops' is filled by the loop over 'Timers' with no bound; join with a windowed or bounded combinator, or limit the tasks with a semaphore [async-unbounded-fan-out]
  // CHECK-MESSAGES: :[[@LINE-4]]:9: note: task added to 'Ops' in every iteration here
}

asio::awaitable<void> readAll(std::vector<tcp::socket> &Sockets,
                              std::vector<std::array<char, 512>> &Buffers) {
  using Op = decltype(Sockets.front().async_read_some(
      asio::buffer(Buffers.front()), asio::deferred));
  std::vector<Op> Ops;
  for (std::size_t I = 0; I < Sockets.size(); ++I)
    Ops.push_back(
        Sockets[I].async_read_some(asio::buffer(Buffers[I]), asio::deferred));
  co_await asio::experimental::make_parallel_group(std::move(Ops))
      .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: 'make_parallel_group' starts every task in 'Ops' at once, and 'Ops' is filled by the loop over 'Sockets' with no bound
}

//===--- Quiet ---===//

// A fixed number of operations.
asio::awaitable<void> waitTwo(asio::steady_timer &A, asio::steady_timer &B) {
  co_await asio::experimental::make_parallel_group(
      A.async_wait(asio::deferred), B.async_wait(asio::deferred))
      .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
}

// A vector filled from an array of a size known at compile time.
asio::awaitable<void> waitFixed(std::array<asio::steady_timer *, 3> Timers) {
  using Op = decltype(Timers[0]->async_wait(asio::deferred));
  std::vector<Op> Ops;
  for (asio::steady_timer *Timer : Timers)
    Ops.push_back(Timer->async_wait(asio::deferred));
  co_await asio::experimental::make_parallel_group(std::move(Ops))
      .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
}

// One by one.
asio::awaitable<void>
waitInTurn(std::vector<std::unique_ptr<asio::steady_timer>> &Timers) {
  for (auto &Timer : Timers)
    co_await Timer->async_wait(asio::use_awaitable);
}

// Operations collected in a loop that are never grouped here.
void collectOnly(std::vector<std::unique_ptr<asio::steady_timer>> &Timers) {
  using Op = decltype(Timers.front()->async_wait(asio::deferred));
  std::vector<Op> Ops;
  for (auto &Timer : Timers)
    Ops.push_back(Timer->async_wait(asio::deferred));
}
