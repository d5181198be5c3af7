//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/BlockingResults.h"

namespace clang::tidy::async::utils {

bool hasBlockingGetters(const CXXRecordDecl *RD) {
  if (!RD || !llvm::isa_and_nonnull<CXXMethodDecl>(findMember(RD, "get")))
    return false;
  return llvm::isa_and_nonnull<CXXMethodDecl>(findMember(RD, "wait")) ||
         llvm::isa_and_nonnull<CXXMethodDecl>(findMember(RD, "wait_for"));
}

bool isBlockingResultType(QualType T, AwaitableClassifier &Classifier) {
  if (!hasBlockingGetters(recordForType(T)))
    return false;
  switch (Classifier.classify(T)) {
  case AwaitableKind::None:
  case AwaitableKind::Awaitable:
  case AwaitableKind::EagerTask:
    return true;
  case AwaitableKind::LazyTask:
  case AwaitableKind::UnknownTask:
    return false;
  }
  return false;
}

} // namespace clang::tidy::async::utils
