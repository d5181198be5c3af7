// Client sessions: read the route name, connect upstream, copy both ways.

#include "relay/relay.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

#include <array>
#include <string_view>
#include <thread>

namespace relay {

using namespace asio::experimental::awaitable_operators;

namespace {

constexpr std::string_view Greeting = "relay ready\n";
constexpr std::string_view UnknownRoute = "error: unknown route\n";
constexpr std::string_view Goodbye = "relay closing\n";

asio::awaitable<void> send_greeting(tcp::socket &client) {
  // async-tidy (blocking-call-in-coroutine): asio::write() is the synchronous
  // free function; the coroutine's thread waits until the kernel takes every
  // byte.
  asio::write(client, asio::buffer(Greeting));
  co_return;
}

asio::awaitable<void> send_line(tcp::socket &client, std::string_view text) {
  // fine: the awaitable form.
  co_await asio::async_write(client, asio::buffer(text), asio::use_awaitable);
}

// Reads up to the first '\n'; whatever follows it is left in `rest`.
asio::awaitable<std::string> read_route_name(tcp::socket &client,
                                             std::string &rest) {
  std::array<char, 256> chunk;
  std::string line;
  for (;;) {
    // async-tidy (blocking-call-in-coroutine): socket.read_some() blocks until
    // the client sends something, however slow it is; async_read_some is the
    // coroutine form.
    std::size_t n = client.read_some(asio::buffer(chunk));
    line.append(chunk.data(), n);
    if (auto eol = line.find('\n'); eol != std::string::npos) {
      rest = line.substr(eol + 1);
      line.resize(eol);
      co_return line;
    }
    if (line.size() > 128)
      throw std::runtime_error("route name too long");
  }
}

// fine: every wait is a co_await.
asio::awaitable<void> pump(tcp::socket &from, tcp::socket &to,
                           std::atomic<std::uint64_t> &counter) {
  std::array<char, 16 * 1024> buffer;
  for (;;) {
    auto [error, n] = co_await from.async_read_some(
        asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
    if (error)
      break;
    co_await asio::async_write(to, asio::buffer(buffer.data(), n),
                               asio::use_awaitable);
    counter += n;
  }
  boost::system::error_code ignored;
  to.shutdown(tcp::socket::shutdown_send, ignored);
}

// fine: a timer, awaited.
asio::awaitable<void> idle_deadline(std::chrono::seconds timeout) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(timeout);
  co_await timer.async_wait(asio::use_awaitable);
}

} // namespace

asio::awaitable<void> serve_client(tcp::socket client, const Config &cfg,
                                   const RoutingTable &routes, Stats &stats) {
  ++stats.total_sessions;
  if (++stats.live_sessions > cfg.soft_session_limit) {
    // async-tidy (blocking-call-in-coroutine): sleeping here stalls every
    // session on this io_context, not just the new one.
    std::this_thread::sleep_for(cfg.throttle_delay);
  }

  co_await send_greeting(client);
  std::string early_bytes;
  std::string name = co_await read_route_name(client, early_bytes);
  auto route = routes.find(name);
  if (route == routes.end()) {
    co_await send_line(client, UnknownRoute);
    --stats.live_sessions;
    co_return;
  }

  tcp::socket upstream = co_await connect_upstream(route->second, cfg, stats);
  if (!early_bytes.empty())
    co_await asio::async_write(upstream, asio::buffer(early_bytes),
                               asio::use_awaitable);

  // Ends when the client goes quiet for idle_timeout, or when both
  // directions have reached end of file.
  co_await ((pump(client, upstream, stats.bytes_up) &&
             pump(upstream, client, stats.bytes_down)) ||
            idle_deadline(cfg.idle_timeout));

  // async-tidy (unawaited-coroutine): asio::awaitable is lazy; without a
  // co_await this goodbye is never sent.
  auto goodbye = send_line(client, Goodbye);
  --stats.live_sessions;
}

asio::awaitable<void> accept_loop(tcp::acceptor acceptor, const Config &cfg,
                                  Stats &stats, asio::thread_pool &blocking) {
  const RoutingTable routes = co_await load_routes(blocking, cfg.routes_file);
  for (;;) {
    // fine: the awaitable accept.
    tcp::socket client = co_await acceptor.async_accept(asio::use_awaitable);
    // async-tidy (lost-exception): a session that fails (the client hangs
    // up while it is read, the upstream cannot be resolved) ends without a
    // trace: asio::detached drops the exception, nobody logs it, and
    // live_sessions is never decremented.
    asio::co_spawn(acceptor.get_executor(),
                   serve_client(std::move(client), cfg, routes, stats),
                   asio::detached);
  }
}

} // namespace relay
