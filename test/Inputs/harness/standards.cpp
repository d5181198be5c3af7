// Reports the standard it is compiled with, to show which ones ran.
#if __cplusplus > 202002L
int *Cxx23 = 0;
#else
int *Cxx20 = 0;
#endif
// CHECK-MESSAGES: warning: use nullptr [modernize-use-nullptr]
