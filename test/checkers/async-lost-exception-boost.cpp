// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-lost-exception %t

// Real Boost.Asio: coroutines spawned with `detached`, or with a handler
// that ignores the std::exception_ptr, whose bodies can throw; and the
// shapes where the failure is seen: a body that catches everything, a
// handler that rethrows or keeps the exception, the use_awaitable,
// use_future and deferred tokens, a body with nothing that can throw.

#include <boost/asio.hpp>
#include <atomic>
#include <cstdio>
#include <exception>
#include <stdexcept>

namespace asio = boost::asio;
using asio::awaitable;
using asio::detached;
using asio::use_awaitable;
using asio::ip::tcp;

awaitable<void> echo(tcp::socket Socket) {
  char Data[1024];
  for (;;) {
    std::size_t N = co_await Socket.async_read_some(asio::buffer(Data),
                                                    use_awaitable);
    co_await asio::async_write(Socket, asio::buffer(Data, N), use_awaitable);
  }
}

awaitable<void> guardedEcho(tcp::socket Socket) {
  try {
    char Data[1024];
    for (;;) {
      std::size_t N = co_await Socket.async_read_some(asio::buffer(Data),
                                                      use_awaitable);
      co_await asio::async_write(Socket, asio::buffer(Data, N),
                                 use_awaitable);
    }
  } catch (std::exception &E) {
    std::printf("echo Exception: %s\n", E.what());
  }
}

awaitable<void> silentEcho(tcp::socket Socket) {
  try {
    char Data[64];
    co_await Socket.async_read_some(asio::buffer(Data), use_awaitable);
  } catch (...) {
  }
}

// Catches only the socket's errors: a logic_error thrown after still
// escapes.
awaitable<void> narrow(tcp::socket Socket, int Limit) {
  try {
    char Data[64];
    co_await Socket.async_read_some(asio::buffer(Data), use_awaitable);
  } catch (const boost::system::system_error &) {
  }
  if (Limit < 0)
    throw std::logic_error("negative limit");
}

// Logs, then throws again: the try protects nothing.
awaitable<void> relay(tcp::socket Socket) {
  try {
    char Data[64];
    co_await Socket.async_read_some(asio::buffer(Data), use_awaitable);
  } catch (const std::exception &E) {
    std::printf("%s\n", E.what());
    throw;
  }
}

std::atomic<int> Ticks;
int bump() { return ++Ticks; }

// Only the executor is awaited (noexcept) and a helper of this file that
// cannot throw is called.
awaitable<void> counter() {
  auto Executor = co_await asio::this_coro::executor;
  (void)Executor;
  bump();
}

awaitable<int> compute() { co_return 42; }
awaitable<void> external(tcp::socket Socket);

void start(asio::io_context &Context, tcp::socket Socket) {
  asio::co_spawn(Context, echo(std::move(Socket)), detached);
  // CHECK-NOTES: :[[@LINE-1]]:52: warning: coroutine 'echo' can fail and 'detached' discards its exception; pass a handler that rethrows it, '[](std::exception_ptr e) { if (e) std::rethrow_exception(e); }', or catch inside the coroutine [async-lost-exception]
  // CHECK-NOTES: :[[@LINE-68]]:20: note: awaiting 'async_read_some' can throw here

  asio::co_spawn(Context, guardedEcho(tcp::socket(Context)), detached);
  asio::co_spawn(Context, silentEcho(tcp::socket(Context)), detached);

  asio::co_spawn(Context, narrow(tcp::socket(Context), 1), detached);
  // CHECK-NOTES: :[[@LINE-1]]:60: warning: coroutine 'narrow' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-44]]:5: note: an exception of type 'std::logic_error' is thrown here

  asio::co_spawn(Context, relay(tcp::socket(Context)), detached);
  // CHECK-NOTES: :[[@LINE-1]]:56: warning: coroutine 'relay' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-40]]:5: note: awaiting 'async_read_some' can throw here

  asio::co_spawn(Context, counter(), detached);

  // A handler that takes the exception and never looks at it.
  asio::co_spawn(Context, echo(tcp::socket(Context)),
                 [](std::exception_ptr) {});
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: coroutine 'echo' can fail and the completion handler discards its exception
  // CHECK-NOTES: :[[@LINE-84]]:20: note: awaiting 'async_read_some' can throw here
  asio::co_spawn(Context, compute(), [](std::exception_ptr E, int) {});
  asio::co_spawn(Context, echo(tcp::socket(Context)), [](auto...) {});
  // CHECK-NOTES: :[[@LINE-1]]:55: warning: coroutine 'echo' can fail and the completion handler discards its exception
  // CHECK-NOTES: :[[@LINE-88]]:20: note: awaiting 'async_read_some' can throw here

  // Handlers that see the failure.
  asio::co_spawn(Context, echo(tcp::socket(Context)),
                 [](std::exception_ptr E) {
                   if (E)
                     std::rethrow_exception(E);
                 });
  std::exception_ptr Failure;
  asio::co_spawn(Context, echo(tcp::socket(Context)),
                 [&Failure](std::exception_ptr E) { Failure = E; });

  // Tokens that hand the exception on.
  auto Future =
      asio::co_spawn(Context, echo(tcp::socket(Context)), asio::use_future);
  auto Deferred =
      asio::co_spawn(Context, echo(tcp::socket(Context)), asio::deferred);
  (void)Deferred;

  // A task kept in a variable first.
  auto Session = echo(tcp::socket(Context));
  asio::co_spawn(Context, std::move(Session), detached);
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: coroutine 'echo' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-104]]:20: note: awaiting 'async_read_some' can throw here

  // A lambda coroutine.
  asio::co_spawn(
      Context,
      [&]() -> awaitable<void> {
        co_await compute();
        throw std::runtime_error("boom");
      },
      detached);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: the lambda coroutine can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-5]]:9: note: awaiting 'compute' can throw here
  asio::co_spawn(
      Context,
      [&]() -> awaitable<void> {
        try {
          co_await compute();
        } catch (...) {
          std::puts("failed");
        }
      },
      detached);

  // Not visible here: not reported by default.
  asio::co_spawn(Context, external(tcp::socket(Context)), detached);
}

// Awaited in place: the exception comes out of the co_await.
awaitable<void> parent(tcp::socket Socket) {
  auto Executor = co_await asio::this_coro::executor;
  co_await asio::co_spawn(Executor, echo(std::move(Socket)), use_awaitable);
}
