// CHECK-FIXES matches the fixed file, full lines unless
// -match-partial-fixes; CHECK-FIXES-WRONG expects a fix that is not made.
int *P = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: use nullptr [modernize-use-nullptr]
// CHECK-FIXES: int *P = nullptr;
// CHECK-MESSAGES-WRONG: :[[@LINE-3]]:10: warning: use nullptr [modernize-use-nullptr]
// CHECK-FIXES-WRONG: int *P = NULL;
// CHECK-MESSAGES-PARTIAL: :[[@LINE-5]]:10: warning: use nullptr [modernize-use-nullptr]
// CHECK-FIXES-PARTIAL: P = nullptr
