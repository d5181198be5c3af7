//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "SwallowedCancellationCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "utils/AsyncTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::async {

static constexpr llvm::StringLiteral DefaultCancellationExceptions =
    "::folly::OperationCancelled;::cppcoro::operation_cancelled;"
    "::boost::system::system_error;::asio::system_error";

SwallowedCancellationCheck::SwallowedCancellationCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CancellationExceptionsOption(
          Options.get("CancellationExceptions", DefaultCancellationExceptions)
              .str()) {
  std::vector<std::string> Names;
  for (StringRef N :
       tidy::utils::options::parseStringList(CancellationExceptionsOption))
    Names.push_back(N.str());
  Types.configure(std::move(Names));
}

void SwallowedCancellationCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CancellationExceptions", CancellationExceptionsOption);
}

void SwallowedCancellationCheck::registerMatchers(MatchFinder *Finder) {
  // Coroutine bodies, of functions and lambdas alike: a few nodes, rather
  // than every function declaration of the unit.
  Finder->addMatcher(
      coroutineBodyStmt(unless(isExpansionInSystemHeader())).bind("body"),
      this);
}

void SwallowedCancellationCheck::onStartOfTranslationUnit() {
  Reported.clear();
}

// How to let the cancellation through, after the class the handler catches.
static std::string hint(const CXXRecordDecl *Caught) {
  // An exception that carries an error code (system_error): its code says
  // whether the operation was cancelled.
  if (!Caught || utils::findMember(Caught, "code"))
    return "leave the loop when the error is operation_aborted";
  return "rethrow '" + utils::plainQualifiedName(*Caught) +
         "' or leave the loop";
}

void SwallowedCancellationCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Coro = Result.Nodes.getNodeAs<CoroutineBodyStmt>("body");
  const FunctionDecl *FD = Coro ? utils::coroutineOf(*Coro) : nullptr;
  if (!FD || FD->isDependentContext() || !Coro->getBody())
    return;
  ASTContext &Ctx = *Result.Context;
  Types.setContext(Ctx);
  for (const utils::SwallowedCancellation &Found :
       utils::findSwallowedCancellations(*Coro->getBody(), Ctx, Types)) {
    if (Found.Loc.isInvalid() || !Reported.insert(Found.Loc).second)
      continue;
    std::string Awaited = utils::awaitedName(*Found.Await, Ctx);
    switch (Found.Form) {
    case utils::SwallowedCancellation::Handler:
      diag(Found.Loc, "this handler swallows the cancellation of '%0'; the "
                      "loop cannot be stopped; %1")
          << Awaited << hint(Found.Caught);
      diag(Found.Await->getBeginLoc(),
           "the cancellation of '%0' is thrown here", DiagnosticIDs::Note)
          << Awaited;
      break;
    case utils::SwallowedCancellation::ContinueOnError:
      diag(Found.Loc, "this 'continue' swallows the cancellation of '%0'; the "
                      "loop cannot be stopped; %1")
          << Awaited << hint(nullptr);
      diag(Found.Await->getBeginLoc(), "'%0' reports its cancellation here",
           DiagnosticIDs::Note)
          << Awaited;
      break;
    case utils::SwallowedCancellation::IgnoredError:
      diag(Found.Loc, "the error of '%0' is ignored, which swallows its "
                      "cancellation; the loop cannot be stopped; %1")
          << Awaited << hint(nullptr);
      break;
    }
  }
}

} // namespace clang::tidy::async
