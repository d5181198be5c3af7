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

// A handler catches the classes derived from its type only: the
// range_error is caught, the logic_error escapes.
awaitable<void> narrowOk(int Limit) {
  try {
    if (Limit > 100)
      throw std::range_error("too large");
  } catch (const std::runtime_error &) {
  }
  co_return;
}

awaitable<void> narrow(int Limit) {
  co_await narrowOk(Limit);
  try {
    if (Limit < 0)
      throw std::logic_error("negative limit");
  } catch (const std::runtime_error &) {
  }
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
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'echo' can fail and 'detached' discards its exception; pass a handler that rethrows it, '[](std::exception_ptr e) { if (e) std::rethrow_exception(e); }', or catch inside the coroutine [async-lost-exception]
  // CHECK-NOTES: :[[@LINE-76]]:21: note: awaiting 'async_read_some' can throw here

  asio::co_spawn(Context, guardedEcho(tcp::socket(Context)), detached);
  asio::co_spawn(Context, silentEcho(tcp::socket(Context)), detached);

  asio::co_spawn(Context, narrowOk(1), detached);
  asio::co_spawn(Context, narrow(1), detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'narrow' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-41]]:7: note: an exception of type 'std::logic_error' is thrown here

  asio::co_spawn(Context, relay(tcp::socket(Context)), detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'relay' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-36]]:5: note: awaiting 'async_read_some' can throw here

  asio::co_spawn(Context, counter(), detached);

  // A handler that takes the exception and never looks at it.
  asio::co_spawn(Context, echo(tcp::socket(Context)),
                 [](std::exception_ptr) {});
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: coroutine 'echo' can fail and the completion handler discards its exception
  // CHECK-NOTES: :[[@LINE-96]]:21: note: awaiting 'async_read_some' can throw here
  asio::co_spawn(Context, compute(), [](std::exception_ptr E, int) {});
  asio::co_spawn(Context, echo(tcp::socket(Context)),
                 [](std::exception_ptr Unused) {});
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: coroutine 'echo' can fail and the completion handler discards its exception
  // CHECK-NOTES: :[[@LINE-101]]:21: note: awaiting 'async_read_some' can throw here
  asio::co_spawn(Context, echo(tcp::socket(Context)), [](auto...) {});
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'echo' can fail and the completion handler discards its exception
  // CHECK-NOTES: :[[@LINE-104]]:21: note: awaiting 'async_read_some' can throw here

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
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'echo' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-127]]:21: note: awaiting 'async_read_some' can throw here

  // A lambda coroutine.
  asio::co_spawn(
      Context,
      [&]() -> awaitable<void> {
        co_await compute();
        throw std::runtime_error("boom");
      },
      detached);
  // CHECK-NOTES: :[[@LINE-7]]:3: warning: the lambda coroutine can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-4]]:9: note: an exception of type 'std::runtime_error' is thrown here
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

// The errors come back as values (as_tuple, redirect_error): nothing is
// thrown, and awaiting this coroutine cannot fail either.
awaitable<void> probe(tcp::socket &Socket) {
  char Data[64];
  auto [Error, N] = co_await Socket.async_read_some(
      asio::buffer(Data), asio::as_tuple(use_awaitable));
  boost::system::error_code Ec;
  co_await Socket.async_read_some(asio::buffer(Data),
                                  asio::redirect_error(use_awaitable, Ec));
  (void)Error;
  (void)N;
}

awaitable<void> probeTwice(tcp::socket &Socket) {
  co_await probe(Socket);
  co_await probe(Socket);
}

// The same, but the last read is awaited with a token that throws.
awaitable<void> probeThenRead(tcp::socket &Socket) {
  co_await probe(Socket);
  char Data[64];
  co_await Socket.async_read_some(asio::buffer(Data), use_awaitable);
}

void probeAll(asio::io_context &Context, tcp::socket &Socket) {
  asio::co_spawn(Context, probe(Socket), detached);
  asio::co_spawn(Context, probeTwice(Socket), detached);
  asio::co_spawn(Context, probeThenRead(Socket), detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'probeThenRead' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-8]]:3: note: awaiting 'async_read_some' can throw here
}

// Accept errors come back as values; the back-off timer's wait fails only
// when it is cancelled.
awaitable<void> acceptLoop(tcp::acceptor &Acceptor) {
  for (;;) {
    auto [E, Client] =
        co_await Acceptor.async_accept(asio::as_tuple(use_awaitable));
    if (!E)
      continue;
    asio::steady_timer Timer(co_await asio::this_coro::executor);
    Timer.expires_after(std::chrono::milliseconds(100));
    co_await Timer.async_wait(use_awaitable);
  }
}

// The same loop, but the accepted socket is read with a token that throws.
awaitable<void> acceptAndRead(tcp::acceptor &Acceptor) {
  for (;;) {
    auto [E, Client] =
        co_await Acceptor.async_accept(asio::as_tuple(use_awaitable));
    if (E) {
      asio::steady_timer Timer(co_await asio::this_coro::executor);
      Timer.expires_after(std::chrono::milliseconds(100));
      co_await Timer.async_wait(use_awaitable);
      continue;
    }
    char Data[64];
    co_await Client.async_read_some(asio::buffer(Data), use_awaitable);
  }
}

void acceptAll(asio::io_context &Context, tcp::acceptor &Acceptor) {
  asio::co_spawn(Context, acceptLoop(Acceptor), detached);
  asio::co_spawn(Context, acceptAndRead(Acceptor), detached);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'acceptAndRead' can fail and 'detached' discards its exception
  // CHECK-NOTES: :[[@LINE-8]]:5: note: awaiting 'async_read_some' can throw here
}

// Functions of the project that spawn the task they are given: one with
// `detached`, one with a handler that looks at the exception, one that
// spawns through a wrapper coroutine that catches.
void spawnDetached(asio::io_context &Context, awaitable<void> Task) {
  asio::co_spawn(Context, std::move(Task), detached);
}
void spawnReported(asio::io_context &Context, awaitable<void> Task) {
  asio::co_spawn(Context, std::move(Task), [](std::exception_ptr E) {
    if (E)
      std::rethrow_exception(E);
  });
}
awaitable<void> logFailure(awaitable<void> Task) {
  try {
    co_await std::move(Task);
  } catch (const std::exception &E) {
    std::printf("task failed: %s\n", E.what());
  }
}
awaitable<void> passOn(awaitable<void> Task) { co_await std::move(Task); }
void spawnLogged(asio::io_context &Context, awaitable<void> Task) {
  asio::co_spawn(Context, logFailure(std::move(Task)), detached);
}
void spawnPassed(asio::io_context &Context, awaitable<void> Task) {
  asio::co_spawn(Context, passOn(std::move(Task)), detached);
}

void spawnThrough(asio::io_context &Context) {
  spawnDetached(Context, echo(tcp::socket(Context)));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'echo' can fail and 'spawnDetached' starts it detached, discarding its exception; give 'spawnDetached' a way to report the failure (a handler, a future), or catch inside the coroutine [async-lost-exception]
  // CHECK-NOTES: :[[@LINE-26]]:3: note: 'spawnDetached' starts the task here, where nobody sees its exception
  // CHECK-NOTES: :[[@LINE-261]]:21: note: awaiting 'async_read_some' can throw here
  spawnPassed(Context, echo(tcp::socket(Context)));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: coroutine 'echo' can fail and 'spawnPassed' starts it detached
  // CHECK-NOTES: :[[@LINE-10]]:3: note: 'spawnPassed' starts the task here
  // CHECK-NOTES: :[[@LINE-265]]:21: note: awaiting 'async_read_some' can throw here
  spawnReported(Context, echo(tcp::socket(Context)));
  spawnLogged(Context, echo(tcp::socket(Context)));
  spawnDetached(Context, counter());
}
