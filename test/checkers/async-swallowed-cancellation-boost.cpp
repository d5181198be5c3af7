// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-swallowed-cancellation %t

// Real Boost.Asio: read, accept and timer loops that swallow the
// cancellation of their await (a handler for system_error or
// std::exception, an error code that is ignored or only continued on), and
// the shapes that let it through: testing for operation_aborted, leaving on
// an error, a try around the whole loop, a loop over a range, an object
// that nothing else can close, a timer whose wait is cancelled to wake it.

#include <boost/asio.hpp>
#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

void log(const char *);
void handle(std::size_t);
void serve(tcp::socket);

class Session {
public:
  explicit Session(tcp::socket Socket)
      : socket_(std::move(Socket)), timer_(socket_.get_executor()),
        acceptor_(socket_.get_executor()) {}

  asio::awaitable<void> reader() {
    for (;;) {
      try {
        std::size_t N = co_await socket_.async_read_some(
            asio::buffer(data_), asio::use_awaitable);
        handle(N);
      } catch (const boost::system::system_error &E) {
        // CHECK-NOTES: :[[@LINE-1]]:9: warning: this handler swallows the cancellation of 'socket_.async_read_some'; the loop cannot be stopped; leave the loop when the error is operation_aborted [async-swallowed-cancellation]
        // CHECK-NOTES: :[[@LINE-5]]:25: note: the cancellation of 'socket_.async_read_some' is thrown here
        log(E.what());
      }
    }
  }

  // Quiet: the handler tests for operation_aborted and leaves.
  asio::awaitable<void> readerLeavesOnAbort() {
    for (;;) {
      try {
        std::size_t N = co_await socket_.async_read_some(
            asio::buffer(data_), asio::use_awaitable);
        handle(N);
      } catch (const boost::system::system_error &E) {
        if (E.code() == asio::error::operation_aborted)
          co_return;
        log(E.what());
      }
    }
  }

  // Quiet: the try is around the loop (the chat server's reader).
  asio::awaitable<void> readerStopsOnError() {
    try {
      for (;;) {
        std::size_t N = co_await socket_.async_read_some(
            asio::buffer(data_), asio::use_awaitable);
        handle(N);
      }
    } catch (const std::exception &) {
      socket_.close();
    }
  }

  asio::awaitable<void> readerContinues() {
    for (;;) {
      auto [Error, N] = co_await socket_.async_read_some(
          asio::buffer(data_), asio::as_tuple(asio::use_awaitable));
      if (Error)
        continue;
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: this 'continue' swallows the cancellation of 'socket_.async_read_some'; the loop cannot be stopped; leave the loop when the error is operation_aborted [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-5]]:25: note: 'socket_.async_read_some' reports its cancellation here
      handle(N);
    }
  }

  // Quiet: the error ends the loop.
  asio::awaitable<void> readerBreaks() {
    for (;;) {
      auto [Error, N] = co_await socket_.async_read_some(
          asio::buffer(data_), asio::as_tuple(asio::use_awaitable));
      if (Error)
        break;
      handle(N);
    }
  }

  // Quiet: operation_aborted leaves, other errors are retried.
  asio::awaitable<void> readerRetriesOtherErrors() {
    for (;;) {
      auto [Error, N] = co_await socket_.async_read_some(
          asio::buffer(data_), asio::as_tuple(asio::use_awaitable));
      if (Error == asio::error::operation_aborted)
        co_return;
      if (Error)
        continue;
      handle(N);
    }
  }

  // Quiet: the read of nothing (what an error gives) ends the loop.
  asio::awaitable<void> readerEndsOnEmptyRead() {
    for (;;) {
      auto [Error, N] = co_await socket_.async_read_some(
          asio::buffer(data_), asio::as_tuple(asio::use_awaitable));
      if (N == 0)
        break;
      handle(N);
    }
  }

  asio::awaitable<void> acceptAll() {
    boost::system::error_code Error;
    for (;;) {
      tcp::socket Peer(acceptor_.get_executor());
      co_await acceptor_.async_accept(
          Peer, asio::redirect_error(asio::use_awaitable, Error));
      // CHECK-NOTES: :[[@LINE-2]]:7: warning: the error of 'acceptor_.async_accept' is ignored, which swallows its cancellation; the loop cannot be stopped; leave the loop when the error is operation_aborted [async-swallowed-cancellation]
      serve(std::move(Peer));
    }
  }

  // Quiet: the error is thrown.
  asio::awaitable<void> acceptThrows() {
    boost::system::error_code Error;
    for (;;) {
      tcp::socket Peer(acceptor_.get_executor());
      co_await acceptor_.async_accept(
          Peer, asio::redirect_error(asio::use_awaitable, Error));
      if (Error)
        throw boost::system::system_error(Error);
      serve(std::move(Peer));
    }
  }

  // Quiet: a timer cannot be closed; cancelling its wait wakes the writer
  // (the chat server's idiom), which waits again.
  asio::awaitable<void> writer() {
    for (;;) {
      boost::system::error_code Error;
      timer_.expires_at(asio::steady_timer::time_point::max());
      co_await timer_.async_wait(
          asio::redirect_error(asio::use_awaitable, Error));
      log("woken");
    }
  }

  // Quiet: the loop ends when the socket is closed.
  asio::awaitable<void> writerWhileOpen() {
    while (socket_.is_open()) {
      try {
        co_await asio::async_write(socket_, asio::buffer(data_),
                                   asio::use_awaitable);
      } catch (const std::exception &) {
        log("write failed");
      }
    }
  }

private:
  tcp::socket socket_;
  asio::steady_timer timer_;
  tcp::acceptor acceptor_;
  std::array<char, 1024> data_{};
};

asio::awaitable<void> heartbeat(asio::steady_timer &Timer) {
  while (true) {
    try {
      Timer.expires_after(1s);
      co_await Timer.async_wait(asio::use_awaitable);
      log("beat");
    } catch (const std::exception &E) {
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: this handler swallows the cancellation of 'Timer.async_wait'; the loop cannot be stopped; leave the loop when the error is operation_aborted [async-swallowed-cancellation]
      // CHECK-NOTES: :[[@LINE-4]]:7: note: the cancellation of 'Timer.async_wait' is thrown here
      std::printf("heartbeat: %s\n", E.what());
    }
  }
}

// Quiet: after a failure the loop waits before the next try (a handler
// cannot co_await); that wait throws the cancellation out of the loop.
asio::awaitable<void> reconnect(tcp::socket &Socket, tcp::endpoint Peer) {
  asio::steady_timer Pause(Socket.get_executor());
  for (;;) {
    try {
      co_await Socket.async_connect(Peer, asio::use_awaitable);
      co_return;
    } catch (const std::exception &) {
      log("connect failed");
    }
    Pause.expires_after(1s);
    co_await Pause.async_wait(asio::use_awaitable);
  }
}

// Quiet: each endpoint's failure is isolated in a loop over a range.
asio::awaitable<void> probeAll(tcp::socket &Socket,
                               std::vector<tcp::endpoint> Peers) {
  for (const tcp::endpoint &Peer : Peers) {
    try {
      co_await Socket.async_connect(Peer, asio::use_awaitable);
      Socket.close();
    } catch (const std::exception &) {
      log("unreachable");
    }
  }
}

// Quiet: the socket is this coroutine's own; nothing else can close or
// cancel it.
asio::awaitable<void> ownSocket(tcp::socket Socket) {
  std::array<char, 512> Data;
  for (;;) {
    auto [Error, N] = co_await Socket.async_read_some(
        asio::buffer(Data), asio::as_tuple(asio::use_awaitable));
    if (Error)
      continue;
    handle(N);
  }
}

// Quiet: the handler catches only another class.
asio::awaitable<void> onlyBadAlloc(asio::steady_timer &Timer) {
  for (;;) {
    try {
      co_await Timer.async_wait(asio::use_awaitable);
    } catch (const std::bad_alloc &) {
      log("out of memory");
    }
  }
}
