// Upstream latency: a table of the last round trip to each upstream, shared
// by the sessions of every thread of the pool, and the probe that refreshes
// one entry.
//
// Shows async-lock-across-suspension: a std::mutex held while the probe
// waits for the network, next to the same update with the lock taken only
// around the table.

#include "relay/relay.hpp"

#include <chrono>
#include <mutex>
#include <string>

namespace relay {

struct LatencyTable {
  std::mutex mutex;
  std::map<std::string, std::chrono::milliseconds> last;
};

asio::awaitable<std::chrono::milliseconds> round_trip(const Upstream &where) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket socket(executor);
  auto start = std::chrono::steady_clock::now();
  co_await asio::async_connect(
      socket,
      co_await resolver.async_resolve(where.host, where.port,
                                      asio::use_awaitable),
      asio::use_awaitable);
  co_return std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
}

asio::awaitable<void> refresh_latency(LatencyTable &table,
                                      const std::string &name,
                                      const Upstream &where) {
  // async-tidy (lock-across-suspension): every other thread that reads the
  // table waits for this whole round trip, and the coroutine may resume on
  // another thread of the pool and unlock a mutex that thread does not own.
  std::lock_guard<std::mutex> guard(table.mutex);
  table.last[name] = co_await round_trip(where);
}

// fine: the round trip runs unlocked; the lock is held only for the store.
asio::awaitable<void> refresh_latency_unlocked(LatencyTable &table,
                                               const std::string &name,
                                               const Upstream &where) {
  std::chrono::milliseconds measured = co_await round_trip(where);
  std::lock_guard<std::mutex> guard(table.mutex);
  table.last[name] = measured;
}

} // namespace relay
