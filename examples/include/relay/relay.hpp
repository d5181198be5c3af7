// relay: a small TCP relay built on Boost.Asio C++20 coroutines.
//
// A client connects, names a route on its first line ("orders\n"), and the
// relay connects it to that route's upstream and copies bytes both ways until
// either side closes.
//
// This is the demo project that scripts/lint-example.sh runs async-tidy on.
// The code reads like a real service on purpose; some of its coroutines block
// the io_context thread, one drops a task it meant to await, one starts a
// coroutine per route with no bound, and one awaits two independent requests
// one after the other. Every such line is marked with a comment
// `// async-tidy (<check without the async- prefix>): why`, just above it;
// the code marked `// fine:` beside it does the same thing right and must
// stay quiet. Each check has at least one marked finding (health.cpp and
// status.cpp each show one check; a new check gets a file of its own).

#pragma once

#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace relay {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Upstream {
  std::string host;
  std::string port;
};

// Route name -> upstream, loaded from a "name host port" text file.
using RoutingTable = std::map<std::string, Upstream>;

struct Config {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 7000;
  std::string routes_file = "routes.txt";
  int connect_attempts = 4;
  // Above this many live sessions new clients are slowed down.
  std::uint64_t soft_session_limit = 512;
  std::chrono::milliseconds throttle_delay{20};
  std::chrono::seconds idle_timeout{60};
};

struct Stats {
  std::atomic<std::uint64_t> live_sessions{0};
  std::atomic<std::uint64_t> total_sessions{0};
  std::atomic<std::uint64_t> bytes_up{0};
  std::atomic<std::uint64_t> bytes_down{0};
  std::atomic<std::uint64_t> failed_connects{0};
};

// session.cpp
asio::awaitable<void> accept_loop(tcp::acceptor acceptor, const Config &cfg,
                                  Stats &stats, asio::thread_pool &blocking);
asio::awaitable<void> serve_client(tcp::socket client, const Config &cfg,
                                   const RoutingTable &routes, Stats &stats);

// upstream.cpp
RoutingTable read_routes_file(const std::string &path);
asio::awaitable<RoutingTable> load_routes(asio::thread_pool &blocking,
                                          std::string path);
asio::awaitable<tcp::socket> connect_upstream(const Upstream &where,
                                              const Config &cfg, Stats &stats);
asio::awaitable<void> reconnect_delay(int attempt);
// Blocking back-off for the synchronous admin tools; never from a coroutine.
void backoff(int attempt);

// health.cpp
asio::awaitable<void> probe_all(const RoutingTable &routes, Stats &stats);
asio::awaitable<void> probe_all_bounded(const RoutingTable &routes,
                                        Stats &stats);

// status.cpp
asio::awaitable<std::string> status_report(const Upstream &primary,
                                           const Upstream &backup);
asio::awaitable<std::string> status_report_together(const Upstream &primary,
                                                    const Upstream &backup);

} // namespace relay
