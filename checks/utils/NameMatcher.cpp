//===----------------------------------------------------------------------===//
//
// Matches functions against lists of qualified names and regexes.
//
//===----------------------------------------------------------------------===//

#include "NameMatcher.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::async::utils {

std::vector<llvm::Regex>
compilePatterns(llvm::ArrayRef<llvm::StringRef> Specs) {
  std::vector<llvm::Regex> Result;
  for (llvm::StringRef Spec : Specs) {
    Spec = Spec.trim();
    Spec.consume_front("::");
    if (Spec.empty())
      continue;
    llvm::Regex RE(("^(" + Spec + ")$").str());
    std::string Error;
    if (RE.isValid(Error))
      Result.push_back(std::move(RE));
  }
  return Result;
}

static bool isRegex(llvm::StringRef Name) {
  // A qualified name never contains these, so there is no need for a
  // separate syntax to ask for a regex.
  return Name.find_first_of("^$.*+?()[]{}|\\") != llvm::StringRef::npos;
}

void NameMatcher::addSpec(llvm::StringRef Spec, llvm::StringRef DefaultHint) {
  Spec = Spec.trim();
  if (Spec.empty())
    return;
  auto [Name, Hint] = Spec.split('=');
  Name = Name.trim();
  Hint = Hint.trim();
  if (Hint.empty())
    Hint = DefaultHint;
  if (!isRegex(Name)) {
    addName(Name, Hint);
    return;
  }
  auto RE = std::make_unique<llvm::Regex>(("^(" + Name + ")$").str());
  // An invalid regex is dropped rather than matching everything.
  std::string Error;
  if (!RE->isValid(Error))
    return;
  Patterns.emplace_back(std::move(RE), Entry{Name.str(), Hint.str(), false});
}

void NameMatcher::addSpecs(llvm::ArrayRef<llvm::StringRef> Specs,
                           llvm::StringRef DefaultHint) {
  for (llvm::StringRef Spec : Specs)
    addSpec(Spec, DefaultHint);
}

void NameMatcher::addName(llvm::StringRef Name, llvm::StringRef Hint,
                          bool ExternCOnly) {
  Name.consume_front("::");
  Exact.try_emplace(Name, Entry{Name.str(), Hint.str(), ExternCOnly});
}

void NameMatcher::addAnyNamespace(llvm::StringRef Name, llvm::StringRef Hint) {
  AnyNamespace.try_emplace(Name, Entry{Name.str(), Hint.str(), false});
}

const NameMatcher::Entry *
NameMatcher::match(const FunctionDecl &FD, llvm::ArrayRef<std::string> Names,
                   llvm::StringRef FreeName) const {
  for (const std::string &Name : Names) {
    auto It = Exact.find(Name);
    if (It == Exact.end())
      continue;
    if (It->second.ExternCOnly && !FD.isExternC())
      continue;
    return &It->second;
  }
  if (!FreeName.empty()) {
    auto It = AnyNamespace.find(FreeName);
    if (It != AnyNamespace.end())
      return &It->second;
  }
  for (const auto &[RE, E] : Patterns)
    for (const std::string &Name : Names)
      if (RE->match(Name))
        return &E;
  return nullptr;
}

} // namespace clang::tidy::async::utils
