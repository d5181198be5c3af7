// RUN: %check_clang_tidy -std=c++20 %s async-blocking-call-in-coroutine %t -- -- -I %inputs

// A synchronous member of a class that also offers the operation
// asynchronously: the class's own API says which one a coroutine should
// use. Reported only when the twin's signature shows it is asynchronous (it
// returns something to co_await, or takes a completion handler and returns
// void), and the synchronous member returns nothing to co_await and takes
// no handler of its own.

#include <functional>
#include <string>

#include "acme/job.h"
#include "cppcoro/task.hpp"
#include "folly/coro/Task.h"

namespace net {
struct Response {
  int Status = 200;
};

class HttpClient {
public:
  Response get(const std::string &Url);
  cppcoro::task<Response> async_get(const std::string &Url);
  // A callback of its own: no synchronous operation.
  void get(const std::string &Url, std::function<void(Response)> Done);
  // A handler wrapper whose specialization is never instantiated.
  void put(const std::string &Url, std::function<void(int)> Done);
  cppcoro::task<void> async_put(const std::string &Url);
  void head(const std::string &Url);
};

class Channel {
public:
  std::size_t send(const std::string &Message);
  template <typename Handler>
  void async_send(const std::string &Message, Handler &&Done);
  bool connected() const;
};

// camelCase twins of an in-house library.
class Store {
public:
  std::string load(int Key);
  acme::Job<std::string> loadAsync(int Key);
};

// Look-alikes: no twin, a twin that returns a plain value, a twin in
// another class.
class Cache {
public:
  int get(int Key);
};
class Legacy {
public:
  int fetch(int Key);
  int async_fetch(int Key);
};
class Other {
public:
  cppcoro::task<int> async_fetch(int Key);
};
} // namespace net

cppcoro::task<int> fetches(net::HttpClient &Client, const std::string &Url) {
  net::Response R = co_await Client.async_get(Url);
  net::Response S = Client.get(Url);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: blocking call to 'net::HttpClient::get' in coroutine 'fetches'; use the asynchronous 'async_get' and co_await it [async-blocking-call-in-coroutine]
  Client.get(Url, [](net::Response) {});
  Client.put(Url, [](int) {});
  Client.head(Url);
  co_return R.Status + S.Status;
}

folly::coro::Task<void> sends(net::Channel &C, net::Channel *P) {
  C.send("hello");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'net::Channel::send' in coroutine 'sends'; use the asynchronous 'async_send' and co_await it
  P->send("bye");
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'net::Channel::send' in coroutine 'sends'
  (void)C.connected();
  co_return;
}

acme::Job<std::string> loads(net::Store &S) {
  std::string V = S.load(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'net::Store::load' in coroutine 'loads'; use the asynchronous 'loadAsync' and co_await it
  co_return V + co_await S.loadAsync(2);
}

cppcoro::task<int> look_alikes(net::Cache &C, net::Legacy &L, net::Other &O) {
  int V = C.get(1) + L.fetch(2) + co_await O.async_fetch(3);
  co_return V;
}

// Outside a coroutine the synchronous member is the one to use.
int plain(net::HttpClient &Client, net::Channel &C) {
  return Client.get("x").Status + static_cast<int>(C.send("y"));
}
