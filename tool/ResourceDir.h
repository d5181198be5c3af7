//===----------------------------------------------------------------------===//
//
// async-tidy and async-clangd live outside the LLVM tree, so the resource
// directory that clang derives from the executable's path
// (<bin>/../lib/clang/<major>) does not exist next to them. Without it every
// parse misses the builtin headers (<stddef.h>, <stdarg.h>, ...).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_RESOURCEDIR_H
#define ASYNC_TIDY_TOOL_RESOURCEDIR_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <string>

namespace async_tidy {

/// Returns the resource directory to pass to clang, or an empty string when
/// the one clang derives from \p Executable exists or the user gave one.
inline std::string resourceDirToInject(int Argc, char **Argv, void *MainAddr) {
  for (int I = 1; I < Argc; ++I)
    if (llvm::StringRef(Argv[I]).contains("resource-dir"))
      return "";
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv[0], MainAddr);
  llvm::SmallString<256> Derived(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(Derived, "lib", "clang",
                          std::to_string(LLVM_VERSION_MAJOR), "include");
  if (llvm::sys::fs::is_directory(Derived))
    return "";
  return ASYNC_TIDY_RESOURCE_DIR;
}

} // namespace async_tidy

#endif // ASYNC_TIDY_TOOL_RESOURCEDIR_H
