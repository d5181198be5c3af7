// REQUIRES: boost
// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t

// Real Boost.Asio: a POSIX stream descriptor has read_some and wait next to
// async_read_some and async_wait (which take a completion token), so the
// synchronous forms are reported with the asynchronous name. Members with
// no asynchronous twin (cancel, close, is_open) are not.

#include <boost/asio.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace asio = boost::asio;

asio::awaitable<std::size_t> pipe_reader(asio::posix::stream_descriptor &In) {
  char Data[256];
  std::size_t N = In.read_some(asio::buffer(Data));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking call to 'boost::asio::posix::basic_stream_descriptor::read_some' in coroutine 'pipe_reader'; use the asynchronous 'async_read_some' and co_await it [async-blocking-call-in-coroutine]
  N += co_await In.async_read_some(asio::buffer(Data), asio::use_awaitable);
  if (In.is_open())
    In.cancel();
  In.close();
  co_return N;
}

asio::awaitable<void> waiter(asio::posix::stream_descriptor &Events) {
  Events.wait(asio::posix::descriptor_base::wait_read);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::posix::basic_stream_descriptor::wait' in coroutine 'waiter'; use the asynchronous 'async_wait' and co_await it
  co_return;
}

// A descriptor whose readiness is awaited: one read_some then completes at
// once (see "Descriptors that cannot block").
asio::awaitable<std::size_t> ready_reader(asio::posix::stream_descriptor &Ready) {
  char Data[256];
  co_await Ready.async_wait(asio::posix::descriptor_base::wait_read,
                            asio::use_awaitable);
  co_return Ready.read_some(asio::buffer(Data));
}

std::size_t plain_reader(asio::posix::stream_descriptor &In) {
  char Data[256];
  return In.read_some(asio::buffer(Data));
}
