//===----------------------------------------------------------------------===//
//
// Linked into the clang-tidy plugin only. A plugin built for one LLVM major
// and loaded into the clang-tidy of another registers its checks into a
// registry nobody reads: the run exits 0 and reports nothing. Refuse loudly
// instead.
//
//===----------------------------------------------------------------------===//

#include "llvm/Config/llvm-config.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <link.h>
#include <unistd.h>

namespace {

struct HostLLVM {
  int Major = 0;
  char Path[512] = {};
};

// Recognises libLLVM.so.<major>[.<minor>] and libLLVM-<major>.so.
int majorFromLibraryName(const char *Path) {
  const char *Base = std::strrchr(Path, '/');
  Base = Base ? Base + 1 : Path;
  if (std::strncmp(Base, "libLLVM.so.", 11) == 0)
    return std::atoi(Base + 11);
  if (std::strncmp(Base, "libLLVM-", 8) == 0)
    return std::atoi(Base + 8);
  return 0;
}

int findHostLLVM(dl_phdr_info *Info, size_t, void *Data) {
  auto *Host = static_cast<HostLLVM *>(Data);
  if (!Info->dlpi_name || Host->Major)
    return 0;
  if (int Major = majorFromLibraryName(Info->dlpi_name)) {
    Host->Major = Major;
    std::snprintf(Host->Path, sizeof(Host->Path), "%s", Info->dlpi_name);
  }
  return 0;
}

struct VersionGuard {
  VersionGuard() {
    HostLLVM Host;
    dl_iterate_phdr(findHostLLVM, &Host);
    // A statically linked host has no libLLVM to look at; nothing to compare.
    if (!Host.Major || Host.Major == LLVM_VERSION_MAJOR)
      return;
    std::fprintf(stderr,
                 "error: the async-tidy plugin was built for LLVM %d but is "
                 "loaded into a clang-tidy of LLVM %d (%s); use "
                 "clang-tidy-%d, or rebuild the plugin with "
                 "-DASYNC_TIDY_LLVM=%d\n",
                 LLVM_VERSION_MAJOR, Host.Major, Host.Path,
                 LLVM_VERSION_MAJOR, Host.Major);
    std::fflush(stderr);
    // Exit before our registry entries run against the wrong ABI.
    _exit(1);
  }
};

const VersionGuard Guard;

} // namespace
