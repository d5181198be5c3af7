// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-sequential-awaits %t

// Real Boost.Asio: awaits of the coroutine's own state, executor hops and
// sends into channels are kept for their effects, never members of a run;
// the kept results around them are reported when nothing separates them.

#include <boost/asio.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <string>

namespace asio = boost::asio;
using asio::use_awaitable;

asio::awaitable<std::size_t> download(std::string Path);
using Channel = asio::experimental::channel<void(boost::system::error_code, int)>;

asio::awaitable<std::size_t> state_then_run() {
  co_await asio::this_coro::reset_cancellation_state(
      asio::enable_total_cancellation());
  std::size_t A = co_await download("/a");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 2 independent co_await expressions run one after the other; start them together with boost::asio::experimental::make_parallel_group or the awaitable operator && [async-sequential-awaits]
  std::size_t B = co_await download("/b");
  co_return A + B;
}

asio::awaitable<std::size_t> state_between() {
  std::size_t A = co_await download("/a");
  co_await asio::this_coro::throw_if_cancelled(true);
  std::size_t B = co_await download("/b");
  co_return A + B;
}

asio::awaitable<std::size_t> hop_between(asio::any_io_executor Pool) {
  std::size_t A = co_await download("/a");
  co_await asio::dispatch(asio::bind_executor(Pool, use_awaitable));
  std::size_t B = co_await download("/b");
  co_return A + B;
}

// Sends into buffered channels: nothing comes back, and each send may well
// complete at once.
asio::awaitable<void> sends(Channel &Left, Channel &Right) {
  co_await Left.async_send(boost::system::error_code{}, 1, use_awaitable);
  co_await Right.async_send(boost::system::error_code{}, 2, use_awaitable);
}

// Dropped results of real reads: kept for their effect on the buffers.
asio::awaitable<void> dropped_reads(asio::ip::tcp::socket &Left,
                                    asio::ip::tcp::socket &Right) {
  char L[64], R[64];
  co_await Left.async_read_some(asio::buffer(L), use_awaitable);
  co_await Right.async_read_some(asio::buffer(R), use_awaitable);
}
