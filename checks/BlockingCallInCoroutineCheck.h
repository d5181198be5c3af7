#pragma once
#include "clang-tidy/ClangTidyCheck.h"
namespace clang::tidy::async {
class BlockingCallInCoroutineCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
};
}
