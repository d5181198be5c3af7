// The passing counterpart of missing-note.cpp; CHECK-MESSAGES may leave the
// note out.
#include <string>
#include <utility>

void sink(std::string);

void f() {
  std::string S;
  sink(std::move(S));
  (void)S.size();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'S' used after it was moved [bugprone-use-after-move]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: move occurred here
  // CHECK-MESSAGES-NO-NOTES: :[[@LINE-3]]:9: warning: 'S' used after it was moved [bugprone-use-after-move]
}
