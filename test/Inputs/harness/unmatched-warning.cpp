// Two warnings, one expected: the other must fail the test.
int *First = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: use nullptr [modernize-use-nullptr]
int *Second = 0;
