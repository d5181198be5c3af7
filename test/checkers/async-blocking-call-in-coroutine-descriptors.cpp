// RUN: %check_clang_tidy -std=c++20-or-later %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// Descriptor I/O that cannot block is not reported: on a descriptor awaited
// for readiness, made non-blocking (also by a helper or a constructor), with
// MSG_DONTWAIT, with its would-block outcome handled, or a connect of a
// datagram socket. Each shape has a look-alike that still blocks.

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

using namespace std::chrono_literals;

enum class PollOp { Read, Write };

// An event loop whose poll suspends until the descriptor is ready.
struct Reactor {
  acme::Job<int> poll(int Fd, PollOp Op);
};

// ---- Awaited readiness -----------------------------------------------------

cppcoro::task<long> read_after_poll(Reactor &R, int Fd, char *Buf) {
  co_await R.poll(Fd, PollOp::Read);
  co_return ::read(Fd, Buf, 16);
}

// The fast path before the poll: the descriptor is driven by the event loop.
folly::coro::Task<long> try_then_poll(Reactor &R, int Fd, char *Buf) {
  long N = ::recv(Fd, Buf, 16, 0);
  if (N < 0) {
    co_await R.poll(Fd, PollOp::Read);
    N = ::recv(Fd, Buf, 16, 0);
  }
  co_return N;
}

acme::Job<long> polls_another(Reactor &R, int Polled, int Other, char *Buf) {
  co_await R.poll(Polled, PollOp::Read);
  co_return ::read(Other, Buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'read' in coroutine 'polls_another'; use the asynchronous socket operation and co_await it [async-blocking-call-in-coroutine]
}

acme::Job<long> awaits_a_timer(acme::Scheduler &S, int Fd, char *Buf) {
  co_await S.sleep_for(10ms);
  co_return ::read(Fd, Buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'read' in coroutine 'awaits_a_timer'
}

// A class that polls its member descriptor through a helper of its own and
// reads it through another (libcoro's tcp::client shape).
class Connection {
public:
  cppcoro::task<long> read_some(char *Buf) {
    if (Ready) {
      long N = recv_now(Buf);
      if (N >= 0)
        co_return N;
      Ready = false;
    }
    co_await poll(PollOp::Read);
    Ready = true;
    co_return recv_now(Buf);
  }

private:
  acme::Job<int> poll(PollOp Op) { return Loop->poll(Fd, Op); }
  long recv_now(char *Buf) { return ::recv(Fd, Buf, 16, 0); }

  Reactor *Loop = nullptr;
  int Fd = -1;
  bool Ready = false;
};

// Nobody polls this one's descriptor.
class BlockingConnection {
public:
  cppcoro::task<long> read_some(char *Buf) { co_return recv_now(Buf); }
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: call to 'BlockingConnection::recv_now' in coroutine 'read_some' blocks in 'recv'
  // CHECK-MESSAGES: :[[@LINE+4]]:37: note: 'BlockingConnection::recv_now' blocks in 'recv' here

private:
  acme::Job<int> poll_other(PollOp Op) { return Loop->poll(Other, Op); }
  long recv_now(char *Buf) { return ::recv(Fd, Buf, 16, 0); }

  Reactor *Loop = nullptr;
  int Fd = -1;
  int Other = -1;
};

// ---- MSG_DONTWAIT ----------------------------------------------------------

cppcoro::task<> drains(int Fd, char *Buf) {
  ::recv(Fd, Buf, 16, MSG_DONTWAIT);
  ::recv(Fd, Buf, 16, MSG_PEEK | MSG_DONTWAIT);
  ::sendto(Fd, Buf, 16, MSG_DONTWAIT, nullptr, 0);
  ::recv(Fd, Buf, 16, MSG_PEEK);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'drains'
  co_return;
}

// ---- Non-blocking descriptors ----------------------------------------------

cppcoro::task<> created_nonblocking(int Listen, char *Buf) {
  int Fd = ::accept4(Listen, nullptr, nullptr, SOCK_NONBLOCK);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'accept4' in coroutine 'created_nonblocking'
  ::read(Fd, Buf, 16);
  int S = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ::connect(S, nullptr, 0);
  int B = ::socket(AF_INET, SOCK_STREAM, 0);
  ::connect(B, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'connect' in coroutine 'created_nonblocking'
  co_return;
}

void make_nonblocking(int Fd) {
  int Flags = fcntl(Fd, F_GETFL, 0);
  fcntl(Fd, F_SETFL, Flags | O_NONBLOCK);
}

void make_blocking(int Fd) {
  int Flags = fcntl(Fd, F_GETFL, 0);
  Flags &= ~O_NONBLOCK;
  fcntl(Fd, F_SETFL, Flags);
}

folly::coro::Task<void> helper_sets_mode(int Fd, int Other, char *Buf) {
  make_nonblocking(Fd);
  ::read(Fd, Buf, 16);
  make_blocking(Other);
  ::read(Other, Buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'helper_sets_mode'
  co_return;
}

acme::Job<void> ioctl_mode(int Fd, int Other, char *Buf) {
  int On = 1;
  ioctl(Fd, FIONBIO, &On);
  ::write(Fd, Buf, 16);
  ::write(Other, Buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write' in coroutine 'ioctl_mode'
  co_return;
}

// The constructor makes the member non-blocking; the coroutine is another
// member function.
class Peer {
public:
  explicit Peer(int Fd) : Fd(Fd) {
    fcntl(this->Fd, F_SETFL, fcntl(this->Fd, F_GETFL, 0) | O_NONBLOCK);
  }
  acme::Job<long> send_now(const char *Buf) {
    co_return ::send(Fd, Buf, 16, 0);
  }
  acme::Job<long> send_log(const char *Buf) {
    co_return ::send(Log, Buf, 16, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'send' in coroutine 'send_log'
  }

private:
  int Fd;
  int Log = 2;
};

// ---- Would-block handled ---------------------------------------------------

cppcoro::task<long> handles_eagain(acme::Scheduler &S, int Fd, char *Buf) {
  for (;;) {
    long N = ::read(Fd, Buf, 16);
    if (N >= 0)
      co_return N;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      co_return -1;
    co_await S.sleep_for(1ms);
  }
}

cppcoro::task<long> handles_eintr(int Fd, char *Buf) {
  long N;
  do {
    N = ::read(Fd, Buf, 16);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'read' in coroutine 'handles_eintr'
  } while (N < 0 && errno == EINTR);
  co_return N;
}

folly::coro::Task<int> connect_in_progress(int Fd, acme::Scheduler &S) {
  if (::connect(Fd, nullptr, 0) < 0 && errno == EINPROGRESS)
    co_await S.sleep_for(1ms);
  co_return 0;
}

// The check after the second call speaks for the second call only.
cppcoro::task<> two_calls(int A, int B, char *Buf) {
  ::read(A, Buf, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'two_calls'
  if (::read(B, Buf, 1) < 0) {
    switch (errno) {
    case EAGAIN:
      break;
    default:
      break;
    }
  }
  co_return;
}

// ---- Datagram sockets ------------------------------------------------------

cppcoro::task<> udp_connect(char *Buf) {
  int U = ::socket(AF_INET, SOCK_DGRAM, 0);
  ::connect(U, nullptr, 0);
  ::send(U, Buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'send' in coroutine 'udp_connect'
  int T = ::socket(AF_INET, SOCK_STREAM, 0);
  ::connect(T, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'connect' in coroutine 'udp_connect'
  co_return;
}
