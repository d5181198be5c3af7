// Health checks: connect to every upstream of the routing table and count
// the ones that fail.
//
// Shows async-unbounded-fan-out: a loop over input of unknown size that
// starts a coroutine per element, next to a fixed pool of workers that
// bounds how many probes are in flight.

#include "relay/relay.hpp"

#include <boost/asio/experimental/channel.hpp>

#include <memory>

namespace relay {

namespace {

using ProbeQueue = asio::experimental::channel<void(boost::system::error_code,
                                                    Upstream)>;

asio::awaitable<void> probe(Upstream where, Stats &stats) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [resolve_error, endpoints] = co_await resolver.async_resolve(
      where.host, where.port, asio::as_tuple(asio::use_awaitable));
  tcp::socket socket(executor);
  if (!resolve_error) {
    auto [connect_error, endpoint] = co_await asio::async_connect(
        socket, endpoints, asio::as_tuple(asio::use_awaitable));
    if (!connect_error)
      co_return;
  }
  ++stats.failed_connects;
}

asio::awaitable<void> probe_worker(std::shared_ptr<ProbeQueue> queue,
                                   Stats &stats) {
  for (;;) {
    auto [error, where] =
        co_await queue->async_receive(asio::as_tuple(asio::use_awaitable));
    if (error)
      co_return; // closed and drained
    co_await probe(std::move(where), stats);
  }
}

} // namespace

asio::awaitable<void> probe_all(const RoutingTable &routes, Stats &stats) {
  auto executor = co_await asio::this_coro::executor;
  for (const auto &[name, where] : routes)
    // async-tidy (unbounded-fan-out): one probe per route, all started at once:
    // a routing table of ten thousand routes opens ten thousand connections
    // together.
    asio::co_spawn(executor, probe(where, stats), asio::detached);
}

// fine: ProbeWorkers workers take the routes from one queue, so at most
// that many probes are in flight, however long the table is.
asio::awaitable<void> probe_all_bounded(const RoutingTable &routes,
                                        Stats &stats) {
  constexpr int ProbeWorkers = 8;
  auto executor = co_await asio::this_coro::executor;
  auto queue = std::make_shared<ProbeQueue>(executor, ProbeWorkers);
  for (int i = 0; i < ProbeWorkers; ++i)
    asio::co_spawn(executor, probe_worker(queue, stats), asio::detached);
  for (const auto &[name, where] : routes)
    co_await queue->async_send(boost::system::error_code{}, where,
                               asio::use_awaitable);
  queue->close();
}

} // namespace relay
