//===----------------------------------------------------------------------===//
//
// The clang-tidy plugin users load (AsyncTidyPlugin.so). It has no LLVM
// symbols of its own: it checks that the host clang-tidy is of the LLVM
// major the checks were built for, then loads the checks (AsyncTidyChecks.so
// beside it).
//
// Loaded straight into the clang-tidy of another major, the checks either
// fail to resolve their LLVM symbols (and the host goes on with a bare
// "undefined symbol") or register into a registry nobody reads (and the run
// exits 0 and reports nothing). Neither tells the user what is wrong.
//
//===----------------------------------------------------------------------===//

#include "llvm/Config/llvm-config.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <string>
#include <unistd.h>

namespace {
struct HostLLVM {
  int Major = 0;
  std::string Path;
};
} // namespace

// Recognises libLLVM.so.<major>[.<minor>] and libLLVM-<major>.so.
static int majorFromLibraryName(const char *Path) {
  const char *Base = std::strrchr(Path, '/');
  Base = Base ? Base + 1 : Path;
  if (std::strncmp(Base, "libLLVM.so.", 11) == 0)
    return std::atoi(Base + 11);
  if (std::strncmp(Base, "libLLVM-", 8) == 0)
    return std::atoi(Base + 8);
  return 0;
}

static int findHostLLVM(dl_phdr_info *Info, size_t, void *Data) {
  auto *Host = static_cast<HostLLVM *>(Data);
  if (!Info->dlpi_name || Host->Major)
    return 0;
  if (int Major = majorFromLibraryName(Info->dlpi_name)) {
    Host->Major = Major;
    Host->Path = Info->dlpi_name;
  }
  return 0;
}

[[noreturn]] static void fail(const std::string &Message) {
  std::fprintf(stderr, "error: %s\n", Message.c_str());
  std::fflush(stderr);
  // The host would carry on without our checks and report success.
  _exit(1);
}

namespace {
struct PluginLoader {
  PluginLoader() {
    HostLLVM Host;
    dl_iterate_phdr(findHostLLVM, &Host);
    // A statically linked host has no libLLVM to look at; the load below
    // then decides.
    if (Host.Major && Host.Major != LLVM_VERSION_MAJOR)
      fail("the async-tidy plugin was built for LLVM " +
           std::to_string(LLVM_VERSION_MAJOR) +
           " but is loaded into a clang-tidy of LLVM " +
           std::to_string(Host.Major) + " (" + Host.Path + "); use clang-tidy-" +
           std::to_string(LLVM_VERSION_MAJOR) +
           ", or rebuild the plugin with -DASYNC_TIDY_LLVM=" +
           std::to_string(Host.Major));

    Dl_info Self;
    if (!dladdr(reinterpret_cast<void *>(&findHostLLVM), &Self) ||
        !Self.dli_fname)
      fail("the async-tidy plugin cannot tell where it was loaded from");
    std::string Checks = Self.dli_fname;
    std::string::size_type Slash = Checks.rfind('/');
    Checks = (Slash == std::string::npos ? std::string()
                                         : Checks.substr(0, Slash + 1)) +
             "AsyncTidyChecks.so";
    // RTLD_NOW: an unresolved symbol is reported here, with its name, and
    // not later as a crash. RTLD_GLOBAL: as the host loads plugins.
    if (!dlopen(Checks.c_str(), RTLD_NOW | RTLD_GLOBAL))
      fail("the async-tidy plugin cannot load its checks: " +
           std::string(dlerror()));
  }
};

const PluginLoader Loader;
} // namespace
