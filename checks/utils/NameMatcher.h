//===----------------------------------------------------------------------===//
//
// Matches functions against user-configurable lists of qualified names and
// regular expressions, each optionally carrying a hint (`name=hint`).
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_NAMEMATCHER_H
#define ASYNC_TIDY_UTILS_NAMEMATCHER_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Regex.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::async::utils {

/// The `;`-separated entries of a name option, each a regular expression
/// matched against a whole qualified name (a leading `::` is dropped). An
/// empty entry is skipped and an invalid one dropped rather than matching
/// everything.
std::vector<llvm::Regex> compilePatterns(llvm::ArrayRef<llvm::StringRef> Specs);

class NameMatcher {
public:
  struct Entry {
    std::string Name;
    std::string Hint;
    // Only C library functions: a user's own `read` is not POSIX read.
    bool ExternCOnly = false;
  };

  /// Adds one option entry, `name` or `name=hint`. A name containing a
  /// regular expression metacharacter is a regex matched against the whole
  /// qualified name; otherwise it is a qualified name, with or without a
  /// leading `::`.
  void addSpec(llvm::StringRef Spec, llvm::StringRef DefaultHint);
  void addSpecs(llvm::ArrayRef<llvm::StringRef> Specs,
                llvm::StringRef DefaultHint);
  /// Adds a qualified name.
  void addName(llvm::StringRef Name, llvm::StringRef Hint,
               bool ExternCOnly = false);
  /// Adds a free function name that matches in any namespace.
  void addAnyNamespace(llvm::StringRef Name, llvm::StringRef Hint);

  /// Returns the first entry matching \p FD under any of \p Names (the
  /// callee's qualified names, such as the declaring and the called class).
  /// \p FreeName is the unqualified name of a free function or of a
  /// function object called like one, empty for members.
  const Entry *match(const FunctionDecl &FD, llvm::ArrayRef<std::string> Names,
                     llvm::StringRef FreeName = {}) const;

  bool empty() const {
    return Exact.empty() && AnyNamespace.empty() && Patterns.empty();
  }

private:
  llvm::StringMap<Entry> Exact;
  llvm::StringMap<Entry> AnyNamespace;
  std::vector<std::pair<std::unique_ptr<llvm::Regex>, Entry>> Patterns;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_NAMEMATCHER_H
