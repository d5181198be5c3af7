//===----------------------------------------------------------------------===//
//
// clangd runs a clang-tidy check only if its table of measured checks calls
// it fast (Diagnostics.ClangTidy.FastCheckFilter: Strict, the default), and
// async-* are not in that table: with no configuration, an editor on
// async-clangd would show none of them. clangd reads one user configuration,
// <user config directory>/clangd/config.yaml, and has no flag to add another.
// So async-clangd gives clangd a private XDG_CONFIG_HOME whose
// clangd/config.yaml holds a fragment with FastCheckFilter: Loose, followed
// by the user's own config.yaml: later fragments win, so a user who sets
// FastCheckFilter keeps it, and project .clangd files win over both.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_CLANGDUSERCONFIG_H
#define ASYNC_TIDY_TOOL_CLANGDUSERCONFIG_H

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <string>

namespace async_tidy {

class ClangdUserConfig {
public:
  /// Sets XDG_CONFIG_HOME to a private directory (nothing changes when that
  /// fails: clangd then runs on the user's configuration alone).
  ClangdUserConfig() {
    llvm::SmallString<256> UserDir;
    std::string UserConfig;
    if (llvm::sys::path::user_config_directory(UserDir)) {
      llvm::sys::path::append(UserDir, "clangd", "config.yaml");
      if (auto Buffer = llvm::MemoryBuffer::getFile(UserDir))
        UserConfig = (*Buffer)->getBuffer().str();
    }
    if (llvm::sys::fs::createUniqueDirectory("async-clangd", Dir))
      return;
    llvm::SmallString<256> ConfigDir(Dir);
    llvm::sys::path::append(ConfigDir, "clangd");
    llvm::SmallString<256> File(ConfigDir);
    llvm::sys::path::append(File, "config.yaml");
    std::error_code EC = llvm::sys::fs::create_directory(ConfigDir);
    if (!EC) {
      llvm::raw_fd_ostream OS(File, EC);
      if (!EC) {
        OS << "# async-clangd: the async-* checks are not in clangd's table "
              "of fast checks\n"
           << "Diagnostics:\n  ClangTidy:\n    FastCheckFilter: Loose\n";
        if (!UserConfig.empty())
          OS << "---\n# " << UserDir << "\n" << UserConfig << "\n";
      }
    }
    if (EC || setenv("XDG_CONFIG_HOME", Dir.c_str(), 1) != 0) {
      llvm::sys::fs::remove_directories(Dir);
      Dir.clear();
    }
  }
  ~ClangdUserConfig() {
    if (!Dir.empty())
      llvm::sys::fs::remove_directories(Dir);
  }
  ClangdUserConfig(const ClangdUserConfig &) = delete;
  ClangdUserConfig &operator=(const ClangdUserConfig &) = delete;

private:
  llvm::SmallString<256> Dir;
};

} // namespace async_tidy

#endif // ASYNC_TIDY_TOOL_CLANGDUSERCONFIG_H
