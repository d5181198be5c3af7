// Announcements: a message for the log, written a little later, once the
// relay has settled.
//
// Shows async-dangling-reference: a coroutine spawned detached that keeps a
// reference to a local of the function that started it, next to the same
// coroutine given a copy of its own.

#include "relay/relay.hpp"

#include <iostream>

namespace relay {

namespace {

asio::awaitable<void> announce_later(const std::string &text,
                                     std::chrono::seconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
  std::clog << "relay: " << text << "\n";
}

asio::awaitable<void> announce_copy_later(std::string text,
                                          std::chrono::seconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
  std::clog << "relay: " << text << "\n";
}

} // namespace

void announce_listening(asio::any_io_executor executor, const Config &cfg) {
  std::string text = "listening on " + cfg.listen_address;
  // async-tidy (dangling-reference): the coroutine only reads 'text' after its
  // timer fires, long after announce_listening has returned and destroyed it.
  asio::co_spawn(executor, announce_later(text, cfg.idle_timeout),
                 asio::detached);
}

// fine: the coroutine takes the text by value, into its own frame.
void announce_routes(asio::any_io_executor executor,
                     const RoutingTable &routes) {
  std::string text = std::to_string(routes.size()) + " routes";
  asio::co_spawn(executor, announce_copy_later(text, std::chrono::seconds(1)),
                 asio::detached);
}

} // namespace relay
