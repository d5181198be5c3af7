// A compile error fails the test unless -expect-clang-tidy-error is given;
// then it is a message like any other.
int *P = nullptr
// CHECK-MESSAGES: :[[@LINE-1]]:17: error: expected ';' after top level declarator [clang-diagnostic-error]
