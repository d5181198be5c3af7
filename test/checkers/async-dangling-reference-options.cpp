// RUN: %check_clang_tidy -check-suffix=DEFAULT -std=c++20 %s async-dangling-reference %t -- -- -I %inputs
// RUN: %check_clang_tidy -check-suffix=SET -std=c++20 %s async-dangling-reference %t -- \
// RUN:   -config='{CheckOptions: {async-dangling-reference.SpawnFunctions: "acme::launch;[invalid", async-dangling-reference.SafeSpawnFunctions: "::acme::spawnCopying"}}' \
// RUN:   -- -I %inputs

// SpawnFunctions: functions that start a task and return before it is done,
// which structure cannot tell from one that waits for it. SafeSpawnFunctions:
// spawns that keep what the task refers to alive, or wait for it.

#include <acme/job.h>
#include <string>

namespace acme {
// Starts the job on a pool and returns at once.
void launch(Job<void> J);
// Copies the job's arguments into storage of its own first.
void spawnCopying(Job<void> J);
} // namespace acme

acme::Gate gate;
void use(std::size_t);

acme::Job<void> report(const std::string &Line) {
  co_await gate;
  use(Line.size());
}

void launchTemporary() {
  acme::launch(report(std::string("line")));
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:16: warning: the temporary bound to parameter 'Line' of 'report' is destroyed at the end of the full-expression, but the lazy task, which uses it, is spawned detached [async-dangling-reference]
}

void launchLocal() {
  std::string Line = "line";
  acme::launch(report(Line));
  // CHECK-MESSAGES-SET: :[[@LINE-1]]:16: warning: local 'Line' bound to parameter 'Line' of 'report' is destroyed when 'launchLocal' returns, but the lazy task, which uses it, is spawned detached [async-dangling-reference]
}

void spawnCopyingTemporary() {
  acme::spawnCopying(report(std::string("line")));
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:22: warning: the temporary bound to parameter 'Line' of 'report' is destroyed at the end of the full-expression, but the lazy task, which uses it, is spawned detached [async-dangling-reference]
}

void launchAndUseAfter() {
  // Neither configuration: the caller goes on using what it lent.
  std::string Line = "line";
  acme::launch(report(Line));
  use(Line.size());
}
