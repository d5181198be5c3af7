// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-dangling-reference %t

// Real Boost.Asio: co_spawn with detached starts a coroutine that outlives
// the full-expression and, with nobody waiting for it, the function that
// spawned it. A temporary, a local or a `[&]` capture handed to it is gone
// before it runs; awaiting the spawn, passing by value, or running the
// io_context the coroutine runs on keeps them alive.

#include <boost/asio.hpp>
#include <memory>
#include <string>

namespace asio = boost::asio;

void use(std::size_t);

asio::awaitable<void> greet(const std::string &Name) {
  asio::steady_timer Timer(co_await asio::this_coro::executor);
  co_await Timer.async_wait(asio::use_awaitable);
  use(Name.size());
}

asio::awaitable<void> greetCopy(std::string Name) {
  asio::steady_timer Timer(co_await asio::this_coro::executor);
  co_await Timer.async_wait(asio::use_awaitable);
  use(Name.size());
}

void spawnTemporary(asio::any_io_executor Ex) {
  asio::co_spawn(Ex, greet(std::string("temporary")), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the temporary bound to parameter 'Name' of 'greet' is destroyed at the end of the full-expression, but the lazy task, which uses it, is spawned detached [async-dangling-reference]
}

void spawnLocal(asio::any_io_executor Ex) {
  std::string Name = "local";
  asio::co_spawn(Ex, greet(Name), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: local 'Name' bound to parameter 'Name' of 'greet' is destroyed when 'spawnLocal' returns, but the lazy task, which uses it, is spawned detached [async-dangling-reference]
}

void spawnReferenceCapture(asio::io_context &Io) {
  std::string Name = "local";
  asio::co_spawn(
      Io,
      [&]() -> asio::awaitable<void> {
        // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: coroutine lambda spawned detached refers to local 'Name' of 'spawnReferenceCapture' by reference, which is destroyed when 'spawnReferenceCapture' returns, before the coroutine is done with it [async-dangling-reference]
        asio::steady_timer Timer(co_await asio::this_coro::executor);
        co_await Timer.async_wait(asio::use_awaitable);
        use(Name.size());
      },
      asio::detached);
}

void spawnInvokedLambda(asio::any_io_executor Ex, std::string Name) {
  asio::co_spawn(
      Ex,
      [Name]() -> asio::awaitable<void> {
        // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the captures of this coroutine lambda are destroyed with the lambda at the end of the full-expression, but its lazy task, which uses them, is spawned detached [async-dangling-reference]
        co_await asio::post(asio::use_awaitable);
        use(Name.size());
      }(),
      asio::detached);
}

//===--- What stays quiet ---===//

asio::awaitable<void> awaitedSpawn() {
  auto Ex = co_await asio::this_coro::executor;
  co_await asio::co_spawn(Ex, greet(std::string("temporary")),
                          asio::use_awaitable);
  co_await greet(std::string("temporary"));
}

void spawnByValue(asio::any_io_executor Ex) {
  std::string Name = "local";
  asio::co_spawn(Ex, greetCopy(Name), asio::detached);
  asio::co_spawn(Ex, greetCopy(std::string("temporary")), asio::detached);
}

void spawnCopyingCapture(asio::any_io_executor Ex, std::string Name) {
  // co_spawn keeps the lambda object, and its copies, until it is done.
  asio::co_spawn(
      Ex,
      [Name]() -> asio::awaitable<void> {
        co_await asio::post(asio::use_awaitable);
        use(Name.size());
      },
      asio::detached);
}

asio::awaitable<void> acceptLoop(asio::ip::tcp::acceptor Acceptor) {
  // The loop only ends by an exception: its locals live as long as it runs.
  std::string Banner = "hello";
  for (;;) {
    asio::ip::tcp::socket Client =
        co_await Acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(Acceptor.get_executor(), greet(Banner), asio::detached);
  }
}

asio::awaitable<void> acceptSome(asio::ip::tcp::acceptor Acceptor, int N) {
  // ... but one that can end returns before its sessions are done.
  std::string Banner = "hello";
  for (int I = 0; I < N; ++I) {
    asio::ip::tcp::socket Client =
        co_await Acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(Acceptor.get_executor(), greet(Banner), asio::detached);
    // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: local 'Banner' bound to parameter 'Name' of 'greet' is destroyed when 'acceptSome' returns, but the lazy task, which uses it, is spawned detached [async-dangling-reference]
  }
}

int main() {
  // The io_context runs the coroutine to the end before main's locals go.
  asio::io_context Io;
  std::string Name = "main";
  asio::co_spawn(
      Io,
      [&]() -> asio::awaitable<void> {
        co_await asio::post(asio::use_awaitable);
        use(Name.size());
      },
      asio::detached);
  asio::co_spawn(Io, greet(Name), asio::detached);
  Io.run();
}

class Server : public std::enable_shared_from_this<Server> {
public:
  void start(asio::any_io_executor Ex) {
    asio::co_spawn(Ex, run(shared_from_this()), asio::detached);
  }

private:
  asio::awaitable<void> run(std::shared_ptr<Server> Self) {
    co_await asio::post(asio::use_awaitable);
    use(Self->Name.size());
  }
  std::string Name;
};

// co_spawn with use_future hands the coroutine on and gives back a future:
// the coroutine runs on the executor, after the full-expression.
void spawnTemporaryForFuture(asio::any_io_executor Ex) {
  auto Done = asio::co_spawn(Ex, greet(std::string("temporary")),
                             asio::use_future);
  // CHECK-MESSAGES: :[[@LINE-2]]:34: warning: the temporary bound to parameter 'Name' of 'greet' is destroyed at the end of the full-expression, but the lazy task, which uses it, is handed to 'co_spawn', whose result is stored [async-dangling-reference]
  Done.get();
}

void spawnLocalForFuture(asio::any_io_executor Ex) {
  // The caller keeps the future, and waits on it while the local lives.
  std::string Name = "local";
  auto Done = asio::co_spawn(Ex, greet(Name), asio::use_future);
  auto Copied = asio::co_spawn(Ex, greetCopy(std::string("copied")),
                               asio::use_future);
  Done.get();
  Copied.get();
}

asio::awaitable<void> spawnAwaitedInFullExpression() {
  auto Ex = co_await asio::this_coro::executor;
  co_await asio::co_spawn(Ex, greet(std::string("temporary")),
                          asio::use_awaitable);
}
