//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "utils/FileSystemIO.h"
#include "utils/AsyncTypes.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::async::utils {

// The operational functions of <filesystem> that query or change the file
// system through the path they are given.
constexpr llvm::StringLiteral PathOperations[] = {"canonical",
                                                  "weakly_canonical",
                                                  "copy",
                                                  "copy_file",
                                                  "copy_symlink",
                                                  "create_directory",
                                                  "create_directories",
                                                  "create_hard_link",
                                                  "create_symlink",
                                                  "create_directory_symlink",
                                                  "equivalent",
                                                  "exists",
                                                  "file_size",
                                                  "hard_link_count",
                                                  "last_write_time",
                                                  "permissions",
                                                  "read_symlink",
                                                  "remove",
                                                  "remove_all",
                                                  "rename",
                                                  "resize_file",
                                                  "space",
                                                  "status",
                                                  "symlink_status",
                                                  "is_block_file",
                                                  "is_character_file",
                                                  "is_directory",
                                                  "is_empty",
                                                  "is_fifo",
                                                  "is_other",
                                                  "is_regular_file",
                                                  "is_socket",
                                                  "is_symlink"};

constexpr llvm::StringLiteral DirectoryIterators[] = {
    "directory_iterator", "recursive_directory_iterator"};

// Members of std::basic_streambuf that move characters through the buffer,
// and so through the file behind a file buffer.
constexpr llvm::StringLiteral BufferTransfers[] = {
    "sgetn", "sgetc",   "sbumpc",  "snextc",   "sputn",
    "sputc", "pubsync", "sungetc", "sputbackc"};

constexpr llvm::StringLiteral StreamIterators[] = {
    "istreambuf_iterator", "istream_iterator", "ostreambuf_iterator"};

static bool isStdNamed(const CXXRecordDecl *RD, llvm::StringRef Name) {
  return RD && RD->isInStdNamespace() && RD->getIdentifier() &&
         RD->getName() == Name;
}

template <typename Pred>
static bool derivesFrom(const CXXRecordDecl *RD, Pred &&Is,
                        unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return false;
  if (Is(RD))
    return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &Base : RD->getDefinition()->bases())
    if (derivesFrom(recordForType(Base.getType()), Is, Depth + 1))
      return true;
  return false;
}

bool isFileBuffer(const CXXRecordDecl *RD) {
  return derivesFrom(RD, [](const CXXRecordDecl *R) {
    return isStdNamed(R, "basic_filebuf");
  });
}

static bool isStream(const CXXRecordDecl *RD) {
  return derivesFrom(RD, [](const CXXRecordDecl *R) {
    return isStdNamed(R, "basic_istream") || isStdNamed(R, "basic_ostream");
  });
}

static bool holdsFileBuffer(const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (!RD || Depth > 8 || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const FieldDecl *Field : RD->fields())
    if (isFileBuffer(recordForType(Field->getType())))
      return true;
  // rdbuf() of the stream's own class; std::basic_ios::rdbuf returns a
  // plain std::basic_streambuf pointer and proves nothing.
  for (const CXXMethodDecl *Method : RD->methods())
    if (Method->getIdentifier() && Method->getName() == "rdbuf" &&
        Method->getReturnType()->isPointerType() &&
        isFileBuffer(recordForType(Method->getReturnType()->getPointeeType())))
      return true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (holdsFileBuffer(recordForType(Base.getType()), Depth + 1))
      return true;
  return false;
}

bool isFileStream(QualType T) {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD = recordForType(T.getNonReferenceType());
  return RD && isStream(RD) && holdsFileBuffer(RD);
}

// The type an argument has before the conversions that bind it (a derived
// stream to `std::istream &`, a `filebuf *` to `streambuf *`).
static QualType sourceType(const Expr *E) {
  return E ? E->IgnoreParenImpCasts()->getType() : QualType();
}

static bool isFileTarget(QualType T) {
  if (T.isNull())
    return false;
  if (T->isPointerType())
    return isFileBuffer(recordForType(T->getPointeeType()));
  return isFileStream(T) || isFileBuffer(recordForType(T));
}

static bool takesPath(const FunctionDecl &FD) {
  for (const ParmVarDecl *Param : FD.parameters()) {
    const CXXRecordDecl *RD =
        recordForType(Param->getType().getNonReferenceType());
    if (RD && RD->getIdentifier() && RD->getName() == "path" &&
        plainQualifiedName(*RD) == "std::filesystem::path")
      return true;
  }
  return false;
}

std::optional<std::string> fileSystemOperation(const Expr &Call,
                                               const FunctionDecl &Callee) {
  if (const auto *Ctor = llvm::dyn_cast<CXXConstructorDecl>(&Callee)) {
    const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(&Call);
    const CXXRecordDecl *Class = Ctor->getParent();
    if (!Construct || Construct->getNumArgs() == 0 ||
        Ctor->isCopyOrMoveConstructor() || !Class->getIdentifier())
      return std::nullopt;
    llvm::StringRef Name = Class->getName();
    std::string Qualified = plainQualifiedName(*Class);
    // Opening a directory reads its first entry.
    if (llvm::is_contained(DirectoryIterators, Name) &&
        Qualified == ("std::filesystem::" + Name).str() && takesPath(*Ctor))
      return Qualified;
    if (llvm::is_contained(StreamIterators, Name) &&
        Class->isInStdNamespace() &&
        isFileTarget(sourceType(Construct->getArg(0))))
      return Qualified;
    return std::nullopt;
  }

  if (const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&Callee)) {
    const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call);
    if (!Member || !Method->getIdentifier() ||
        !llvm::is_contained(BufferTransfers, Method->getName()))
      return std::nullopt;
    QualType Object = sourceType(Member->getImplicitObjectArgument());
    if (!Object.isNull() && Object->isPointerType())
      Object = Object->getPointeeType();
    const CXXRecordDecl *RD = recordForType(Object);
    if (!isFileBuffer(RD))
      return std::nullopt;
    return "std::basic_filebuf::" + Method->getName().str();
  }

  if (!Callee.getIdentifier() ||
      !llvm::is_contained(PathOperations, Callee.getName()) ||
      !takesPath(Callee))
    return std::nullopt;
  std::string Name = plainQualifiedName(Callee);
  if (!llvm::StringRef(Name).starts_with("std::filesystem::"))
    return std::nullopt;
  return Name;
}

} // namespace clang::tidy::async::utils
