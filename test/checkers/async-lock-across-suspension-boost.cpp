// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-lock-across-suspension %t

// Real Boost.Asio: a session that guards its state with a std::mutex while
// it awaits a timer or a socket, and the shapes that release the lock before
// suspending, or serialise with a strand instead of a mutex.

#include <boost/asio.hpp>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace asio = boost::asio;
using asio::ip::tcp;

class Session {
public:
  explicit Session(tcp::socket Socket)
      : socket_(std::move(Socket)), timer_(socket_.get_executor()) {}

  asio::awaitable<void> writeAll() {
    std::lock_guard guard(queue_mutex_);
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'guard' holds 'queue_mutex_' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
    while (!queue_.empty()) {
      co_await asio::async_write(socket_, asio::buffer(queue_.front()),
                                 asio::use_awaitable);
      // CHECK-NOTES: :[[@LINE-2]]:7: note: 'queue_mutex_' is still held at this co_await
      queue_.pop_front();
    }
  }

  // Quiet: takes one message under the lock, writes it without.
  asio::awaitable<void> writeEach() {
    for (;;) {
      std::string Message;
      {
        std::lock_guard guard(queue_mutex_);
        if (queue_.empty())
          co_return;
        Message = std::move(queue_.front());
        queue_.pop_front();
      }
      co_await asio::async_write(socket_, asio::buffer(Message),
                                 asio::use_awaitable);
    }
  }

  asio::awaitable<void> tick() {
    queue_mutex_.lock();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'queue_mutex_' is locked across a co_await; unlock it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
    timer_.expires_after(std::chrono::seconds(1));
    auto [Error] =
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    // CHECK-NOTES: :[[@LINE-1]]:9: note: 'queue_mutex_' is still held at this co_await
    if (!Error)
      queue_.clear();
    queue_mutex_.unlock();
  }

  // Quiet: unlocked before the timer is awaited.
  asio::awaitable<void> tickUnlocked() {
    queue_mutex_.lock();
    std::size_t Pending = queue_.size();
    queue_mutex_.unlock();
    timer_.expires_after(std::chrono::milliseconds(Pending));
    co_await timer_.async_wait(asio::use_awaitable);
  }

  asio::awaitable<std::size_t> readUnderSharedLock() {
    std::shared_lock reader(state_mutex_);
    // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'reader' holds 'state_mutex_' across a co_await; release it before suspending, or use a coroutine-aware mutex [async-lock-across-suspension]
    char Data[64];
    std::size_t N = co_await socket_.async_read_some(asio::buffer(Data),
                                                     asio::use_awaitable);
    // CHECK-NOTES: :[[@LINE-2]]:21: note: 'state_mutex_' is still held at this co_await
    co_return N;
  }

  // Quiet: the unique_lock is released on the only path that awaits.
  asio::awaitable<void> flushIfIdle() {
    std::unique_lock lock(queue_mutex_);
    if (queue_.empty())
      co_return;
    std::string Message = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    co_await asio::async_write(socket_, asio::buffer(Message),
                               asio::use_awaitable);
  }

  // Quiet: a strand, not a mutex, serialises the work; dispatching to it
  // holds no lock.
  asio::awaitable<void> onStrand(asio::strand<asio::any_io_executor> Strand) {
    co_await asio::post(Strand, asio::use_awaitable);
    queue_.clear();
  }

private:
  tcp::socket socket_;
  asio::steady_timer timer_;
  std::mutex queue_mutex_;
  std::shared_mutex state_mutex_;
  std::deque<std::string> queue_;
};

// Quiet: the handler that locks is a plain completion handler.
void postUnderLock(asio::io_context &Context, std::mutex &Mutex, int &Count) {
  asio::post(Context, [&] {
    std::lock_guard guard(Mutex);
    ++Count;
  });
}
