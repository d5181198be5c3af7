// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-sequential-awaits %t

// Real Boost.Asio: operations on distinct objects are independent; reads and
// writes of one socket, timers, channels, thread switches and the
// combinators Asio already has are not.

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <string>
#include <vector>

namespace asio = boost::asio;
using asio::use_awaitable;
using asio::ip::tcp;

asio::awaitable<std::size_t> download(std::string Path);

// An asynchronous stream of accepted sockets for `for co_await`: begin()
// and ++ suspend until the next client connects.
class AcceptStream {
public:
  class iterator {
  public:
    tcp::socket operator*();
    asio::awaitable<void> operator++();
    bool operator==(const iterator &) const noexcept;
  };
  explicit AcceptStream(tcp::acceptor &);
  asio::awaitable<iterator> begin();
  iterator end();
};

// ---------------------------------------------------------------- positives

asio::awaitable<void> two_sockets(tcp::socket &Left, tcp::socket &Right) {
  char L[64], R[64];
  std::size_t NL = co_await Left.async_read_some(asio::buffer(L), use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 2 independent co_await expressions run one after the other; start them together with boost::asio::experimental::make_parallel_group or the awaitable operator && [async-sequential-awaits]
  std::size_t NR = co_await Right.async_read_some(asio::buffer(R), use_awaitable);
  (void)NL;
  (void)NR;
}

asio::awaitable<std::size_t> two_downloads() {
  std::size_t A = co_await download("/a");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 2 independent co_await expressions run one after the other; start them together with boost::asio::experimental::make_parallel_group or the awaitable operator &&
  std::size_t B = co_await download("/b");
  co_return A + B;
}

// Each operation reports into its own error code.
asio::awaitable<void> own_error_codes(tcp::socket &Left, tcp::socket &Right) {
  char L[64], R[64];
  boost::system::error_code EL, ER;
  std::size_t NL = co_await Left.async_read_some(
      asio::buffer(L), asio::redirect_error(use_awaitable, EL));
  // CHECK-MESSAGES: :[[@LINE-2]]:20: warning: 2 independent co_await expressions
  std::size_t NR = co_await Right.async_read_some(
      asio::buffer(R), asio::redirect_error(use_awaitable, ER));
  (void)NL;
  (void)NR;
}

asio::awaitable<std::size_t> all_paths(std::vector<std::string> Paths) {
  std::size_t Total = 0;
  for (const std::string &Path : Paths)
    Total += co_await download(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: co_await in a loop runs one independent operation per iteration, each after the previous one finished; run them concurrently with boost::asio::experimental::make_parallel_group, with a bound on how many are in flight [async-sequential-awaits]
  co_return Total;
}

// The stream takes the next client only after this one read its greeting.
asio::awaitable<void> greet_each(tcp::acceptor &Acceptor) {
  for co_await (tcp::socket Socket : AcceptStream(Acceptor))
    co_await asio::async_write(Socket, asio::buffer("hi\r\n", 4), use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: co_await in a 'for co_await' loop holds up the stream: the next element is taken only after this operation finished; start a task per element with boost::asio::co_spawn, with a bound on how many are in flight [async-sequential-awaits]
}

// ---------------------------------------------------------------- negatives

// The echo: the write sends what the read received, on the same socket.
asio::awaitable<void> echo(tcp::socket Socket) {
  char Data[1024];
  for (;;) {
    std::size_t N =
        co_await Socket.async_read_some(asio::buffer(Data), use_awaitable);
    co_await asio::async_write(Socket, asio::buffer(Data, N), use_awaitable);
  }
}

asio::awaitable<void> same_buffer(tcp::socket &Left, tcp::socket &Right) {
  char Data[64];
  co_await Left.async_read_some(asio::buffer(Data), use_awaitable);
  co_await Right.async_read_some(asio::buffer(Data), use_awaitable);
}

asio::awaitable<void> shared_error_code(tcp::socket &Left,
                                        tcp::socket &Right) {
  char L[64], R[64];
  boost::system::error_code Ec;
  co_await Left.async_read_some(asio::buffer(L),
                                asio::redirect_error(use_awaitable, Ec));
  co_await Right.async_read_some(asio::buffer(R),
                                 asio::redirect_error(use_awaitable, Ec));
}

asio::awaitable<void> resolve_then_connect(tcp::resolver &Resolver,
                                           tcp::socket &Socket) {
  auto Endpoints =
      co_await Resolver.async_resolve("example.com", "80", use_awaitable);
  co_await asio::async_connect(Socket, Endpoints, use_awaitable);
}

asio::awaitable<void> after_timer(asio::steady_timer &Timer) {
  co_await Timer.async_wait(use_awaitable);
  co_await download("/a");
  co_await download("/b");
}

asio::awaitable<void> after_post() {
  auto Executor = co_await asio::this_coro::executor;
  co_await asio::post(Executor, use_awaitable);
  co_await download("/a");
  co_await download("/b");
}

asio::awaitable<void> channel(
    asio::experimental::channel<void(boost::system::error_code, int)> &In,
    asio::experimental::channel<void(boost::system::error_code, int)> &Out) {
  int Value = co_await In.async_receive(use_awaitable);
  co_await Out.async_send(boost::system::error_code{}, 1, use_awaitable);
  (void)Value;
}

asio::awaitable<void> operators() {
  using namespace asio::experimental::awaitable_operators;
  co_await (download("/a") && download("/b"));
  co_await (download("/c") || download("/d"));
}

asio::awaitable<void> parallel_group(tcp::socket &Left, tcp::socket &Right) {
  char L[64], R[64];
  auto [Order, E1, N1, E2, N2] =
      co_await asio::experimental::make_parallel_group(
          Left.async_read_some(asio::buffer(L), asio::deferred),
          Right.async_read_some(asio::buffer(R), asio::deferred))
          .async_wait(asio::experimental::wait_for_all(), use_awaitable);
  co_await download("/a");
}

asio::awaitable<void> spawned(asio::any_io_executor Executor) {
  co_await asio::co_spawn(Executor, download("/a"), use_awaitable);
  co_await asio::co_spawn(Executor, download("/b"), use_awaitable);
}

asio::awaitable<void> accept_loop(tcp::acceptor &Acceptor) {
  for (;;) {
    tcp::socket Socket = co_await Acceptor.async_accept(use_awaitable);
    Socket.close();
  }
}

asio::awaitable<void> broadcast_one_buffer(std::vector<tcp::socket> &Sockets,
                                           std::string Message) {
  // asio::buffer(Message) takes the string by non-const reference.
  for (tcp::socket &Socket : Sockets)
    co_await asio::async_write(Socket, asio::buffer(Message), use_awaitable);
}

// Every element of the stream is forwarded to the same socket: the writes
// must stay in order.
asio::awaitable<void> forward_each(tcp::acceptor &Acceptor, tcp::socket &Log) {
  for co_await (tcp::socket Socket : AcceptStream(Acceptor))
    co_await asio::async_write(Log, asio::buffer("client\n", 7), use_awaitable);
}

// What the previous element's operation returned feeds the next one.
asio::awaitable<void> count_each(tcp::acceptor &Acceptor) {
  std::size_t Total = 0;
  for co_await (tcp::socket Socket : AcceptStream(Acceptor))
    Total += co_await asio::async_write(Socket, asio::buffer(&Total, sizeof Total),
                                        use_awaitable);
}
