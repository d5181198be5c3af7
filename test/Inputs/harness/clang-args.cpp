// Compiles only with -DFROM_CLANG_ARGS: shows which arguments reach clang.
#ifndef FROM_CLANG_ARGS
#error FROM_CLANG_ARGS is not defined
#endif
