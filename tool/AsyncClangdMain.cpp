//===----------------------------------------------------------------------===//
//
// async-clangd: clangd's own main with the async module linked in, so an
// editor pointed at it shows async-* diagnostics live.
//
//===----------------------------------------------------------------------===//

#include "ClangdUserConfig.h"
#include "ResourceDir.h"
#include <string>
#include <vector>

namespace clang {
namespace clangd {
// Debian does not ship clangd's headers; this is the entry point of
// libclangdMain.a.
int clangdMain(int Argc, char *Argv[]);
} // namespace clangd
namespace tidy {
// NOLINTNEXTLINE(readability-identifier-naming)
extern volatile int AsyncModuleAnchorSource;
} // namespace tidy
} // namespace clang

int main(int Argc, char **Argv) {
  (void)clang::tidy::AsyncModuleAnchorSource;
  // The async-* checks run with no configuration (see DefaultChecks.cpp and
  // ClangdUserConfig.h).
  async_tidy::ClangdUserConfig UserConfig;
  std::string ResourceDir =
      async_tidy::resourceDirToInject(Argc, Argv, (void *)&main);
  if (ResourceDir.empty())
    return clang::clangd::clangdMain(Argc, Argv);

  std::string Flag = "--resource-dir=" + ResourceDir;
  std::vector<char *> Args(Argv, Argv + Argc);
  Args.insert(Args.begin() + 1, Flag.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
