// Without options everything below is reported; each option lets one kind
// through.
// RUN: %check_clang_tidy -std=c++20 -check-suffix=DEFAULT %s async-unawaited-coroutine %t -- -- -I %inputs
// RUN: %check_clang_tidy -std=c++20 -check-suffix=CONFIGURED %s async-unawaited-coroutine %t -- \
// RUN:   -config='{CheckOptions: { \
// RUN:     async-unawaited-coroutine.AllowedTypes: "acme::Job;.*::shared_task;app::Background;app::Detachable", \
// RUN:     async-unawaited-coroutine.AllowedFunctions: "app::spawn_later;app::Service::warm_up;app::prefetch_.*", \
// RUN:     async-unawaited-coroutine.AllowCastToVoid: true}}' \
// RUN:   -- -I %inputs
//
// The options are read back under the keys they were given with.
// RUN: %async_tidy --config='{CheckOptions: { \
// RUN:     async-unawaited-coroutine.AllowedTypes: "acme::Job;.*::shared_task", \
// RUN:     async-unawaited-coroutine.AllowedFunctions: "app::spawn_later", \
// RUN:     async-unawaited-coroutine.AllowCastToVoid: true}}' \
// RUN:   '--checks=-*,async-unawaited-coroutine' --dump-config \
// RUN:   | FileCheck %s --check-prefix=DUMP
// DUMP: async-unawaited-coroutine.AllowCastToVoid: 'true'
// DUMP: async-unawaited-coroutine.AllowedFunctions: 'app::spawn_later'
// DUMP: async-unawaited-coroutine.AllowedTypes: 'acme::Job;.*::shared_task'
//
// RUN: %async_tidy --config='{}' '--checks=-*,async-unawaited-coroutine' \
// RUN:   --dump-config | FileCheck %s --check-prefix=DUMP-DEFAULT
// DUMP-DEFAULT: async-unawaited-coroutine.AllowCastToVoid: 'false'
// DUMP-DEFAULT: async-unawaited-coroutine.AllowedFunctions: ''
// DUMP-DEFAULT: async-unawaited-coroutine.AllowedTypes: ''

#include "acme/job.h"
#include "cppcoro/task.hpp"

namespace app {

cppcoro::task<int> fetch();
acme::Job<int> compute();
cppcoro::shared_task<int> shared() { co_return 1; }
cppcoro::task<> spawn_later();
cppcoro::task<> prefetch_users();
cppcoro::task<> prefetch_orders();
cppcoro::task<> prefetch();

// A project's own name for a task it drops on purpose.
using Background = cppcoro::task<>;
Background heartbeat();
template <typename T> using Detachable = cppcoro::task<T>;
Detachable<int> detachable();

struct Service {
  cppcoro::task<> warm_up();
  cppcoro::task<> refresh();
};

struct Derived : Service {};

} // namespace app

cppcoro::task<> allowed_types() {
  app::compute();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'compute' returns a lazy task that is discarded; its body never runs [async-unawaited-coroutine]
  app::shared();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'shared' returns a lazy task that is discarded
  app::heartbeat();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'heartbeat' returns a lazy task that is discarded
  app::detachable();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'detachable' returns a lazy task that is discarded
  auto job = app::compute();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:8: warning: lazy task 'job' is never awaited; its body never runs
  app::Background beat = app::heartbeat();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:19: warning: lazy task 'beat' is never awaited
  // The alias is allowed, not the type behind it.
  app::fetch();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'fetch' returns a lazy task that is discarded
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-2]]:3: warning: 'fetch' returns a lazy task that is discarded
  co_return;
}

cppcoro::task<> allowed_functions(app::Service &service, app::Derived &derived) {
  app::spawn_later();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'spawn_later' returns a lazy task that is discarded
  app::prefetch_users();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'prefetch_users' returns a lazy task that is discarded
  app::prefetch_orders();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'prefetch_orders' returns a lazy task that is discarded
  service.warm_up();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'warm_up' returns a lazy task that is discarded
  derived.warm_up();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'warm_up' returns a lazy task that is discarded
  auto later = app::spawn_later();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:8: warning: lazy task 'later' is never awaited
  // Not matched by the regex as a whole.
  app::prefetch();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'prefetch' returns a lazy task that is discarded
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-2]]:3: warning: 'prefetch' returns a lazy task that is discarded
  service.refresh();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'refresh' returns a lazy task that is discarded
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-2]]:3: warning: 'refresh' returns a lazy task that is discarded
  co_return;
}

cppcoro::task<> cast_to_void() {
  (void)app::fetch();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:9: warning: 'fetch' returns a lazy task that is discarded
  static_cast<void>(app::fetch());
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:21: warning: 'fetch' returns a lazy task that is discarded
  int kept = (void(app::fetch()), 1);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:20: warning: 'fetch' returns a lazy task that is discarded
  // A cast is not a comma: the left operand is still dropped silently.
  (void)(app::fetch(), 0);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:10: warning: 'fetch' returns a lazy task that is discarded
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-2]]:10: warning: 'fetch' returns a lazy task that is discarded
  co_return;
}
