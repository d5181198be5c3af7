//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What bounds a loop's trip count, looked at further than its own condition:
// the initializer of a local that is never written again, a template
// constant, a window `j < std::min(n, i + K)` that starts at `i`, a local
// container that only a fixed number of statements fill, and a parameter
// that every call in the translation unit passes as a constant.
//
// A bound found here is known when the program is compiled: it does not grow
// with the input, however large it is.
//
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_UTILS_LOOPBOUNDS_H
#define ASYNC_TIDY_UTILS_LOOPBOUNDS_H

#include "LocalParentMap.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::async::utils {

/// The value of \p E when it is an integer constant expression.
std::optional<llvm::APSInt> constantValue(const Expr *E, const ASTContext &Ctx);

/// The value \p E stands for: its own constant, or through a local variable
/// that is never written after its initialization (`const size_t n = 100;`
/// or `size_t n = 100;` only ever read), the initializer's.
std::optional<llvm::APSInt>
constantThroughLocals(const Expr *E, const ASTContext &Ctx,
                      const LocalParentMap &Parents);

/// The initializer of the local variable \p E names, when that variable is
/// never written after it; null otherwise.
const Expr *unmodifiedLocalInit(const Expr *E, const LocalParentMap &Parents);

/// Whether \p E, in a template, depends only on template arguments and
/// constants (`N`, `sizeof(T)`, `std::tuple_size_v<T>`): it is a
/// compile-time constant in every instantiation.
bool isTemplateConstant(const Expr &E);

/// Whether \p E is computed from `std::thread::hardware_concurrency()`,
/// directly or through unmodified locals: the size of a pool, not of data.
bool fromHardwareConcurrency(const Expr &E, const LocalParentMap &Parents);

/// The trip count of a window, `for (j = S; j < std::min(n, S + K); ++j)`
/// (or `j < S + K`): at most K when K is a constant.
std::optional<uint64_t> windowTripCount(const Expr &Bound, const Expr &Start,
                                        const ASTContext &Ctx,
                                        const LocalParentMap &Parents);

/// The expression a for loop's counter \p Counter starts from: its
/// initializer in the loop's init, or the value assigned there.
const Expr *counterStart(const ValueDecl &Counter, const ForStmt &For);

/// The most elements the local container \p Container can hold when it is
/// built empty, from a braced list or with a constant count, and after that
/// only grown by push or emplace calls that are not inside a loop or a
/// lambda (each adds one); any other write, a move, a non-const reference or
/// a pointer to it makes the size unknown. \p Reader, when given, is a
/// reference to it that only reads its elements (the range handed to a
/// combinator), left out of that judgement.
std::optional<uint64_t> fixedContainerSize(const VarDecl &Container,
                                           const ASTContext &Ctx,
                                           const LocalParentMap &Parents,
                                           const Expr *Reader = nullptr);

/// Whether \p F is a template pattern (a function template, or a member of
/// a class template) with instantiations in the translation unit: the loops
/// of its body are judged in them, with the calls each one has.
bool isInstantiatedPattern(const FunctionDecl &F);

/// The largest value \p Parm is given, when every call of its function in
/// the translation unit passes it a compile-time constant, there is at least
/// one call, the function is never named other than to call it, the
/// parameter is only read, and every translation unit that calls the
/// function also sees its body (it is inline, a template or one of its
/// instantiations, a member of a class template, or has internal linkage),
/// so that a call with a value of unknown size is judged where it is made.
/// Cached per function and parameter; the calls and references of every
/// function are indexed in one walk of the translation unit, made when the
/// first question is asked.
class CallSiteConstants {
public:
  std::optional<uint64_t> largestAtEveryCall(const ParmVarDecl &Parm,
                                             ASTContext &Ctx,
                                             const LocalParentMap &Parents);
  void clear() {
    Cache.clear();
    Uses.clear();
    Indexed = false;
  }

  /// Where a function is named: the calls made to it, and every expression
  /// naming it (the callees of those calls included).
  struct FunctionUses {
    llvm::SmallVector<const CallExpr *, 2> Calls;
    llvm::SmallVector<const Expr *, 2> Names;
  };

private:
  void index(ASTContext &Ctx);

  // Per function and parameter index.
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>,
                 std::optional<uint64_t>>
      Cache;
  // Per canonical function declaration.
  llvm::DenseMap<const FunctionDecl *, FunctionUses> Uses;
  bool Indexed = false;
};

} // namespace clang::tidy::async::utils

#endif // ASYNC_TIDY_UTILS_LOOPBOUNDS_H
