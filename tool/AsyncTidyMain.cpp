//===----------------------------------------------------------------------===//
//
// async-tidy: clang-tidy's own driver with the async module linked in, so
// every upstream check, option, --fix, .clang-tidy lookup and NOLINT works
// unchanged.
//
//===----------------------------------------------------------------------===//

#include "ResourceDir.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include <string>
#include <vector>

namespace clang::tidy {
// NOLINTNEXTLINE(readability-identifier-naming)
extern volatile int AsyncModuleAnchorSource;
} // namespace clang::tidy

int main(int Argc, char **Argv) {
  (void)clang::tidy::AsyncModuleAnchorSource;
  std::string ResourceDir =
      async_tidy::resourceDirToInject(Argc, Argv, (void *)&main);
  if (ResourceDir.empty())
    return clang::tidy::clangTidyMain(Argc, const_cast<const char **>(Argv));

  // Goes before the user's arguments so that a -resource-dir in the
  // compilation database still wins.
  std::string Extra = "--extra-arg-before=-resource-dir=" + ResourceDir;
  std::vector<const char *> Args(Argv, Argv + Argc);
  Args.insert(Args.begin() + 1, Extra.c_str());
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()),
                                    Args.data());
}
