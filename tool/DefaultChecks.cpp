//===----------------------------------------------------------------------===//
//
// The default checks of async-tidy and async-clangd: `async-*`.
//
// clang-tidy's driver starts every configuration from
// "clang-diagnostic-*,clang-analyzer-*" and appends the Checks of each
// .clang-tidy and of --checks after it; every ClangTidyContext then merges
// its options on top of ClangTidyOptions::getDefaults(), which collects each
// registered module's getModuleOptions(). This module registers no checks;
// its options put `async-*` first in that list, in both LLVM 19 and 22,
// without replacing the driver. A configuration that names checks is
// appended after it and so still wins: `-*` (or `-async-*`) turns the
// default off, exactly as it turns off clang-analyzer-* in clang-tidy.
//
// Linked into the two executables only: the plugin leaves the host
// clang-tidy's defaults alone.
//
//===----------------------------------------------------------------------===//

// The registry's header differs between LLVM 19 and 22.
#include "../checks/utils/Compat.h"
#include "clang-tidy/ClangTidyOptions.h"

namespace clang::tidy {
namespace async {
namespace {

class AsyncDefaultsModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &) override {}
  ClangTidyOptions getModuleOptions() override {
    ClangTidyOptions Options;
    Options.Checks = "async-*";
    return Options;
  }
};

} // namespace
} // namespace async

static ClangTidyModuleRegistry::Add<async::AsyncDefaultsModule>
    Defaults("async-defaults", "Enables the async-* checks by default.");

} // namespace clang::tidy
