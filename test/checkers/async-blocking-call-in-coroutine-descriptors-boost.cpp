// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t

// Real Boost.Asio: a synchronous operation on a socket awaited for
// readiness (async_wait(wait_read)), made non-blocking (non_blocking(true)),
// or whose would_block error is handled does not block, and connecting a
// datagram socket only records its peer. The composed asio::write still
// waits for the whole transfer.

#include <boost/asio.hpp>

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

asio::awaitable<void> waits_then_reads(tcp::socket Socket) {
  char Data[64];
  co_await Socket.async_wait(tcp::socket::wait_read, asio::use_awaitable);
  std::size_t N = Socket.read_some(asio::buffer(Data));
  asio::write(Socket, asio::buffer(Data, N));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::write' in coroutine 'waits_then_reads'
  Socket.wait(tcp::socket::wait_write);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_socket::wait' in coroutine 'waits_then_reads'
}

asio::awaitable<void> waits_on_another(tcp::socket Socket, tcp::socket Other) {
  char Data[64];
  co_await Other.async_wait(tcp::socket::wait_read, asio::use_awaitable);
  Socket.read_some(asio::buffer(Data));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_stream_socket::read_some' in coroutine 'waits_on_another'
}

asio::awaitable<void> nonblocking_mode(tcp::socket Socket, tcp::socket Other) {
  char Data[64];
  boost::system::error_code Ec;
  Socket.non_blocking(true);
  Socket.read_some(asio::buffer(Data), Ec);
  Other.non_blocking(false);
  Other.read_some(asio::buffer(Data), Ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'boost::asio::basic_stream_socket::read_some' in coroutine 'nonblocking_mode'
  co_return;
}

asio::awaitable<void> handles_would_block(tcp::socket Socket) {
  char Data[64];
  boost::system::error_code Ec;
  Socket.read_some(asio::buffer(Data), Ec);
  if (Ec == asio::error::would_block)
    co_return;
  Socket.write_some(asio::buffer(Data, 1));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_stream_socket::write_some' in coroutine 'handles_would_block'
}

asio::awaitable<void> datagram(udp::socket Socket, udp::endpoint Peer,
                               tcp::socket Stream, tcp::endpoint Server) {
  Socket.connect(Peer);
  Socket.send(asio::buffer("x", 1));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_datagram_socket::send' in coroutine 'datagram'
  Stream.connect(Server);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_socket::connect' in coroutine 'datagram'
  co_return;
}
