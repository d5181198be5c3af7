// RUN: %check_clang_tidy -check-suffix=LIST -std=c++20 %s async-blocking-call-in-coroutine %t -- \
// RUN:   -config='{CheckOptions: {async-blocking-call-in-coroutine.BlockingFunctions: "db::Connection::query_sync=co_await db::Connection::query instead;^legacy::.*_blocking$", async-blocking-call-in-coroutine.AllowedFunctions: "std::this_thread::sleep_for;warm_cache"}}' \
// RUN:   -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=DIRECT -std=c++20 %s async-blocking-call-in-coroutine %t -- \
// RUN:   -config='{CheckOptions: {async-blocking-call-in-coroutine.Transitive: false}}' \
// RUN:   -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=DEPTH -std=c++20 %s async-blocking-call-in-coroutine %t -- \
// RUN:   -config='{CheckOptions: {async-blocking-call-in-coroutine.MaxCallDepth: 1}}' \
// RUN:   -- -I %inputs

#include <chrono>
#include <thread>
#include <unistd.h>

#include "cppcoro/task.hpp"

namespace db {
struct Connection {
  int query_sync(const char *Sql) { return Sql != nullptr; }
};
} // namespace db
namespace legacy {
int fetch_blocking(int Key) { return Key; }
int fetch_async_ready(int Key) { return Key; }
} // namespace legacy

void nap() { ::usleep(100); }
void warm_cache() { ::usleep(100); }
void outer() { nap(); }

cppcoro::task<int> handler(db::Connection &C) {
  int Rows = C.query_sync("select 1");
  // CHECK-MESSAGES-LIST: :[[@LINE-1]]:16: warning: blocking call to 'db::Connection::query_sync' in coroutine 'handler'; co_await db::Connection::query instead [async-blocking-call-in-coroutine]
  Rows += legacy::fetch_blocking(1);
  // CHECK-MESSAGES-LIST: :[[@LINE-1]]:11: warning: blocking call to 'legacy::fetch_blocking' in coroutine 'handler'; use an asynchronous alternative and co_await it
  Rows += legacy::fetch_async_ready(1);

  // Allowed by name, so neither reported nor followed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES-DIRECT: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-DEPTH: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  warm_cache();
  // CHECK-MESSAGES-DEPTH: :[[@LINE-1]]:3: warning: call to 'warm_cache' in coroutine 'handler' blocks in 'usleep'

  // One level deep is within MaxCallDepth 1, two levels are not.
  nap();
  // CHECK-MESSAGES-LIST: :[[@LINE-1]]:3: warning: call to 'nap' in coroutine 'handler' blocks in 'usleep'
  // CHECK-MESSAGES-DEPTH: :[[@LINE-2]]:3: warning: call to 'nap' in coroutine 'handler' blocks in 'usleep'
  outer();
  // CHECK-MESSAGES-LIST: :[[@LINE-1]]:3: warning: call to 'outer' in coroutine 'handler' blocks in 'usleep'
  co_return Rows;
}
