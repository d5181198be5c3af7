// The status page: asks the primary and the backup upstream for their
// status line and reports both.
//
// Shows async-sequential-awaits: two independent requests awaited one after
// the other, next to the same two run together.

#include "relay/relay.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

#include <string>

namespace relay {

using namespace asio::experimental::awaitable_operators;

namespace {

asio::awaitable<std::string> fetch_status(Upstream where) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket socket(executor);
  co_await asio::async_connect(
      socket,
      co_await resolver.async_resolve(where.host, where.port,
                                      asio::use_awaitable),
      asio::use_awaitable);
  co_await asio::async_write(socket, asio::buffer("status\n", 7),
                             asio::use_awaitable);
  std::string line;
  co_await asio::async_read_until(socket, asio::dynamic_buffer(line), '\n',
                                  asio::use_awaitable);
  co_return line;
}

} // namespace

asio::awaitable<std::string> status_report(const Upstream &primary,
                                           const Upstream &backup) {
  // async-tidy (sequential-awaits): the backup is asked only after the primary
  // answered, although neither request needs the other's answer; the page takes
  // the sum of the two round trips.
  std::string first = co_await fetch_status(primary);
  std::string second = co_await fetch_status(backup);
  co_return "primary: " + first + "backup: " + second;
}

// fine: both requests run together; the page takes the longer of the two.
asio::awaitable<std::string> status_report_together(const Upstream &primary,
                                                    const Upstream &backup) {
  auto [first, second] =
      co_await (fetch_status(primary) && fetch_status(backup));
  co_return "primary: " + first + "backup: " + second;
}

} // namespace relay
