//===----------------------------------------------------------------------===//
//
// The only place that knows which LLVM major async-tidy is built against.
// Every `#if LLVM_VERSION_MAJOR` of the project lives here.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_COMPAT_H
#define ASYNC_TIDY_UTILS_COMPAT_H

#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR >= 22
// LLVM 22 moved the registry into ClangTidyModule.h and made the old header
// emit a #warning.
#include "clang-tidy/ClangTidyModule.h"
#else
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

#endif // ASYNC_TIDY_UTILS_COMPAT_H
