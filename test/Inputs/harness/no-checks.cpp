// No CHECK lines: the test passes only if clang-tidy reports nothing.
int *P = 0;
