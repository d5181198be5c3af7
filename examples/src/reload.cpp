// Route reloading: a coroutine that rereads the routing table every thirty
// seconds until the relay shuts down, which it does by cancelling the
// coroutine (the wait then throws operation_aborted).
//
// Shows async-swallowed-cancellation: a handler that logs every error of the
// loop, the cancellation too, so the loop goes round again and shutdown
// never ends it; next to the same loop that leaves on operation_aborted.

#include "relay/relay.hpp"

#include <chrono>
#include <cstdio>
#include <exception>

namespace relay {

RoutingTable read_routes_file(const std::string &path);

asio::awaitable<void> reload_routes(asio::steady_timer &timer,
                                    RoutingTable &routes, std::string path) {
  for (;;) {
    try {
      timer.expires_after(std::chrono::seconds(30));
      co_await timer.async_wait(asio::use_awaitable);
      routes = read_routes_file(path);
    }
    // async-tidy (swallowed-cancellation): the cancellation of the wait is
    // logged and the loop waits again: shutdown cannot stop it.
    catch (const std::exception &e) {
      std::fprintf(stderr, "reload: %s\n", e.what());
    }
  }
}

// fine: a cancelled wait ends the coroutine; other errors are logged.
asio::awaitable<void> reload_routes_until_cancelled(asio::steady_timer &timer,
                                                    RoutingTable &routes,
                                                    std::string path) {
  for (;;) {
    try {
      timer.expires_after(std::chrono::seconds(30));
      co_await timer.async_wait(asio::use_awaitable);
      routes = read_routes_file(path);
    } catch (const boost::system::system_error &e) {
      if (e.code() == asio::error::operation_aborted)
        co_return;
      std::fprintf(stderr, "reload: %s\n", e.what());
    } catch (const std::exception &e) {
      std::fprintf(stderr, "reload: %s\n", e.what());
    }
  }
}

} // namespace relay
