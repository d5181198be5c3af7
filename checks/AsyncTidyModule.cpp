//===----------------------------------------------------------------------===//
//
// The async-tidy module: every async-* check, registered in sorted order.
//
//===----------------------------------------------------------------------===//

#include "BlockingCallInCoroutineCheck.h"
#include "DanglingReferenceCheck.h"
#include "LockAcrossSuspensionCheck.h"
#include "LostExceptionCheck.h"
#include "SequentialAwaitsCheck.h"
#include "SwallowedCancellationCheck.h"
#include "UnawaitedCoroutineCheck.h"
#include "UnboundedFanOutCheck.h"
#include "utils/Compat.h"

namespace clang::tidy {
namespace async {
namespace {

class AsyncModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<BlockingCallInCoroutineCheck>(
        "async-blocking-call-in-coroutine");
    CheckFactories.registerCheck<DanglingReferenceCheck>(
        "async-dangling-reference");
    CheckFactories.registerCheck<LockAcrossSuspensionCheck>(
        "async-lock-across-suspension");
    CheckFactories.registerCheck<LostExceptionCheck>("async-lost-exception");
    CheckFactories.registerCheck<SequentialAwaitsCheck>(
        "async-sequential-awaits");
    CheckFactories.registerCheck<SwallowedCancellationCheck>(
        "async-swallowed-cancellation");
    CheckFactories.registerCheck<UnawaitedCoroutineCheck>(
        "async-unawaited-coroutine");
    CheckFactories.registerCheck<UnboundedFanOutCheck>(
        "async-unbounded-fan-out");
  }
};

} // namespace
} // namespace async

static ClangTidyModuleRegistry::Add<async::AsyncModule>
    X("async-module", "Adds checks for misuse of coroutines, futures and "
                      "threads.");

// Referenced from the async-tidy and async-clangd mains so that the linker
// keeps this module when it is linked in statically.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int AsyncModuleAnchorSource = 0;

} // namespace clang::tidy
