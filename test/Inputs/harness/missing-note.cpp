// CHECK-NOTES requires every note: the "move occurred here" one is missing.
#include <string>
#include <utility>

void sink(std::string);

void f() {
  std::string S;
  sink(std::move(S));
  (void)S.size();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'S' used after it was moved [bugprone-use-after-move]
}
