//===----------------------------------------------------------------------===//
//
// Part of async-tidy, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "BlockingCallInCoroutineCheck.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "utils/AsyncTwins.h"
#include "utils/BlockingResults.h"
#include "utils/EvaluatedCodeVisitor.h"
#include "utils/FileSystemIO.h"
#include "utils/StreamTargets.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <deque>

using namespace clang::ast_matchers;

namespace clang::tidy::async {

namespace {
constexpr llvm::StringLiteral SleepHint =
    "co_await an asynchronous timer instead";
constexpr llvm::StringLiteral FutureHint =
    "co_await an asynchronous result instead of waiting for it";
constexpr llvm::StringLiteral JoinHint =
    "co_await a completion signal instead of joining the thread";
constexpr llvm::StringLiteral ConditionHint =
    "co_await an asynchronous event or channel instead";
constexpr llvm::StringLiteral SemaphoreHint =
    "co_await an asynchronous semaphore or latch instead";
constexpr llvm::StringLiteral SocketHint =
    "use the asynchronous socket operation and co_await it";
constexpr llvm::StringLiteral FileHint =
    "run file I/O on a thread pool and co_await its completion";
constexpr llvm::StringLiteral ProcessHint =
    "wait for the child process asynchronously";
constexpr llvm::StringLiteral SyncWaitHint =
    "co_await the task instead of waiting for it synchronously";
constexpr llvm::StringLiteral AsioHint =
    "use the async_* operation with a coroutine completion token and "
    "co_await it";
constexpr llvm::StringLiteral RunHint =
    "do not run the event loop from inside a coroutine";
constexpr llvm::StringLiteral UserHint =
    "use an asynchronous alternative and co_await it";

const utils::NameMatcher::Entry FileStreamEntry{"file stream", FileHint.str()};
const utils::NameMatcher::Entry FileSystemEntry{"file system", FileHint.str()};
const utils::NameMatcher::Entry FutureLikeEntry{"future", FutureHint.str()};

struct BuiltinEntry {
  llvm::StringLiteral Name;
  llvm::StringLiteral Hint;
};

// Synchronous operations of Boost.Asio and of standalone Asio, listed once
// without their top namespace.
constexpr BuiltinEntry AsioEntries[] = {
    {"read", AsioHint},
    {"read_at", AsioHint},
    {"read_until", AsioHint},
    {"write", AsioHint},
    {"write_at", AsioHint},
    {"connect", AsioHint},
    {"basic_socket::connect", AsioHint},
    {"basic_stream_socket::read_some", AsioHint},
    {"basic_stream_socket::write_some", AsioHint},
    {"basic_stream_socket::receive", AsioHint},
    {"basic_stream_socket::send", AsioHint},
    {"basic_datagram_socket::receive", AsioHint},
    {"basic_datagram_socket::receive_from", AsioHint},
    {"basic_datagram_socket::send", AsioHint},
    {"basic_datagram_socket::send_to", AsioHint},
    {"basic_raw_socket::receive_from", AsioHint},
    {"basic_raw_socket::send_to", AsioHint},
    {"basic_seq_packet_socket::receive", AsioHint},
    {"basic_seq_packet_socket::send", AsioHint},
    {"basic_socket_acceptor::accept", AsioHint},
    {"basic_socket_acceptor::wait", AsioHint},
    {"basic_socket::wait", AsioHint},
    {"ip::basic_resolver::resolve", AsioHint},
    {"basic_waitable_timer::wait", SleepHint},
    {"basic_deadline_timer::wait", SleepHint},
    {"basic_signal_set::wait", AsioHint},
    {"basic_serial_port::read_some", AsioHint},
    {"basic_serial_port::write_some", AsioHint},
    {"basic_stream_file::read_some", AsioHint},
    {"basic_stream_file::write_some", AsioHint},
    {"ssl::stream::handshake", AsioHint},
    {"ssl::stream::read_some", AsioHint},
    {"ssl::stream::write_some", AsioHint},
    {"ssl::stream::shutdown", AsioHint},
    {"io_context::run", RunHint},
    {"io_context::run_one", RunHint},
    {"io_context::run_for", RunHint},
    {"io_context::run_until", RunHint},
    {"thread_pool::join", JoinHint},
    {"thread_pool::wait", JoinHint},
};

constexpr BuiltinEntry StdEntries[] = {
    {"std::this_thread::sleep_for", SleepHint},
    {"std::this_thread::sleep_until", SleepHint},
    {"std::future::get", FutureHint},
    {"std::future::wait", FutureHint},
    {"std::future::wait_for", FutureHint},
    {"std::future::wait_until", FutureHint},
    {"std::shared_future::get", FutureHint},
    {"std::shared_future::wait", FutureHint},
    {"std::shared_future::wait_for", FutureHint},
    {"std::shared_future::wait_until", FutureHint},
    {"std::thread::join", JoinHint},
    {"std::jthread::join", JoinHint},
    {"std::condition_variable::wait", ConditionHint},
    {"std::condition_variable::wait_for", ConditionHint},
    {"std::condition_variable::wait_until", ConditionHint},
    {"std::condition_variable_any::wait", ConditionHint},
    {"std::condition_variable_any::wait_for", ConditionHint},
    {"std::condition_variable_any::wait_until", ConditionHint},
    {"std::counting_semaphore::acquire", SemaphoreHint},
    {"std::binary_semaphore::acquire", SemaphoreHint},
    {"std::latch::wait", SemaphoreHint},
    {"std::latch::arrive_and_wait", SemaphoreHint},
    {"std::barrier::arrive_and_wait", SemaphoreHint},
    {"std::barrier::wait", SemaphoreHint},
    {"std::getline", FileHint},
    {"std::atomic::wait", ConditionHint},
    {"std::atomic_flag::wait", ConditionHint},
    {"std::atomic_ref::wait", ConditionHint},
};

// C and POSIX functions; only their extern "C" declarations match.
constexpr BuiltinEntry CEntries[] = {
    {"sleep", SleepHint},       {"usleep", SleepHint},
    {"nanosleep", SleepHint},   {"clock_nanosleep", SleepHint},
    {"read", SocketHint},       {"write", SocketHint},
    {"pread", FileHint},        {"pwrite", FileHint},
    {"recv", SocketHint},       {"send", SocketHint},
    {"recvfrom", SocketHint},   {"sendto", SocketHint},
    {"recvmsg", SocketHint},    {"sendmsg", SocketHint},
    {"accept", SocketHint},     {"accept4", SocketHint},
    {"connect", SocketHint},    {"poll", SocketHint},
    {"ppoll", SocketHint},      {"select", SocketHint},
    {"pselect", SocketHint},    {"epoll_wait", SocketHint},
    {"epoll_pwait", SocketHint}, {"getaddrinfo", SocketHint},
    {"gethostbyname", SocketHint}, {"wait", ProcessHint},
    {"waitpid", ProcessHint},   {"waitid", ProcessHint},
    {"system", ProcessHint},    {"popen", ProcessHint},
    {"pclose", ProcessHint},    {"fopen", FileHint},
    {"fread", FileHint},        {"fwrite", FileHint},
    {"fgets", FileHint},        {"fgetc", FileHint},
    {"getc", FileHint},         {"getchar", FileHint},
    {"gets", FileHint},         {"scanf", FileHint},
    {"fscanf", FileHint},       {"fflush", FileHint},
    {"fsync", FileHint},        {"fdatasync", FileHint},
    {"flock", FileHint},        {"pthread_join", JoinHint},
    {"pthread_cond_wait", ConditionHint},
    {"pthread_cond_timedwait", ConditionHint},
    {"sem_wait", SemaphoreHint}, {"sem_timedwait", SemaphoreHint},
};

// Whichever namespace they come from (cppcoro, folly::coro, stdexec,
// libunifex, an in-house library), these run an event loop until a task
// completes.
constexpr BuiltinEntry AnyNamespaceEntries[] = {
    {"sync_wait", SyncWaitHint},
    {"sync_wait_with_variant", SyncWaitHint},
    {"blockingWait", SyncWaitHint},
    {"blocking_wait", SyncWaitHint},
};

// Stream members that wait for the file system; `is_open` and the state
// queries do not.
constexpr llvm::StringLiteral FileStreamOperations[] = {
    "open",  "read",   "readsome", "getline",    "get",        "peek",
    "ignore", "write", "put",      "flush",      "operator>>", "operator<<"};

constexpr llvm::StringLiteral FutureOperations[] = {"get", "wait", "wait_for",
                                                    "wait_until"};
} // namespace

// `0s` and `0ms` of <chrono> are literal operator templates over the digits.
static bool isZeroLiteral(const UserDefinedLiteral &UDL) {
  switch (UDL.getLiteralOperatorKind()) {
  case UserDefinedLiteral::LOK_Integer:
  case UserDefinedLiteral::LOK_Floating: {
    const Expr *Cooked = UDL.getCookedLiteral();
    if (const auto *I = llvm::dyn_cast_or_null<IntegerLiteral>(Cooked))
      return I->getValue().isZero();
    if (const auto *F = llvm::dyn_cast_or_null<FloatingLiteral>(Cooked))
      return F->getValue().isZero();
    return false;
  }
  case UserDefinedLiteral::LOK_Template: {
    const FunctionDecl *Operator = UDL.getDirectCallee();
    const TemplateArgumentList *Args =
        Operator ? Operator->getTemplateSpecializationArgs() : nullptr;
    if (!Args || Args->size() != 1 ||
        Args->get(0).getKind() != TemplateArgument::Pack)
      return false;
    for (const TemplateArgument &Digit : Args->get(0).pack_elements())
      if (Digit.getKind() != TemplateArgument::Integral ||
          Digit.getAsIntegral() != '0')
        return false;
    return true;
  }
  default:
    return false;
  }
}

// `wait_for(0s)` polls; only a zero duration spelled in the source counts.
static bool isZeroDuration(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Temp = llvm::dyn_cast<MaterializeTemporaryExpr>(E))
    return isZeroDuration(Temp->getSubExpr());
  if (const auto *Bind = llvm::dyn_cast<CXXBindTemporaryExpr>(E))
    return isZeroDuration(Bind->getSubExpr());
  if (const auto *Lit = llvm::dyn_cast<IntegerLiteral>(E))
    return Lit->getValue().isZero();
  if (const auto *UDL = llvm::dyn_cast<UserDefinedLiteral>(E))
    return isZeroLiteral(*UDL);
  if (const auto *Cast = llvm::dyn_cast<CXXFunctionalCastExpr>(E))
    return isZeroDuration(Cast->getSubExpr());
  if (const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(E)) {
    // `seconds{}` value-initialises to zero; a copy of a zero is zero.
    if (Construct->getNumArgs() == 0)
      return llvm::isa<CXXTemporaryObjectExpr>(Construct) ||
             Construct->isListInitialization();
    return Construct->getNumArgs() == 1 && isZeroDuration(Construct->getArg(0));
  }
  if (const auto *Init = llvm::dyn_cast<InitListExpr>(E))
    return Init->getNumInits() == 0 ||
           (Init->getNumInits() == 1 && isZeroDuration(Init->getInit(0)));
  if (const auto *Call = llvm::dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      return Callee->getIdentifier() && Callee->getName() == "zero";
  return false;
}

namespace {
// Collects the calls a function makes itself. Lambdas and local classes are
// only defined here, and run wherever they are called, which is followed
// through their call operators instead.
class CallCollector : public utils::EvaluatedCodeVisitor<CallCollector> {
public:
  explicit CallCollector(
      std::vector<BlockingCallInCoroutineCheck::CallSite> &Out)
      : Out(Out) {}

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    for (Expr *Init : Lambda->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      Out.push_back({Call, Callee});
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (const CXXConstructorDecl *Ctor = Construct->getConstructor())
      Out.push_back({Construct, Ctor});
    return true;
  }

private:
  std::vector<BlockingCallInCoroutineCheck::CallSite> &Out;
};
} // namespace

static const Expr *objectOf(const Expr &Call) {
  if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(&Call))
    return Member->getImplicitObjectArgument();
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Call))
    return Op->getNumArgs() > 0 ? Op->getArg(0) : nullptr;
  if (const auto *C = llvm::dyn_cast<CallExpr>(&Call))
    return C->getNumArgs() > 0 ? C->getArg(0) : nullptr;
  return nullptr;
}

static QualType objectType(const Expr *Object) {
  if (!Object)
    return {};
  // Look through the derived-to-base conversion of an inherited member.
  QualType T = Object->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T;
}

static std::string describe(const FunctionDecl &FD) {
  if (const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&FD)) {
    if (Method->getParent()->isLambda())
      return "lambda";
    if (Method->getParent()->getIdentifier())
      return "'" + Method->getParent()->getName().str() +
             "::" + FD.getNameAsString() + "'";
  }
  return "'" + FD.getNameAsString() + "'";
}

// How much a maintainer cares about a blocking call, for picking the one a
// message names when a helper blocks in several ways: file I/O is short,
// sleeps and transfers take a while, and waiting for other work (a future,
// a thread, a condition, a task run to completion) takes as long as that
// work does.
static unsigned severity(const utils::NameMatcher::Entry &E) {
  if (E.Hint == FileHint)
    return 1;
  if (E.Hint == FutureHint || E.Hint == JoinHint || E.Hint == ConditionHint ||
      E.Hint == SemaphoreHint || E.Hint == SyncWaitHint || E.Hint == RunHint ||
      E.Hint == ProcessHint)
    return 3;
  return 2;
}
constexpr unsigned MaxSeverity = 3;

static bool isLambdaOperator(const FunctionDecl &FD) {
  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&FD);
  return Method && Method->getParent()->isLambda();
}

static const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def)
    return nullptr;
  // A virtual call may run any override, so the body at hand proves
  // nothing about what the call does.
  if (const auto *Method = llvm::dyn_cast<CXXMethodDecl>(Def))
    if (Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
        !Method->getParent()->hasAttr<FinalAttr>())
      return nullptr;
  return Def;
}

BlockingCallInCoroutineCheck::BlockingCallInCoroutineCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      BlockingFunctionsOption(tidy::utils::options::parseStringList(
          Options.get("BlockingFunctions", ""))),
      AllowedFunctionsOption(tidy::utils::options::parseStringList(
          Options.get("AllowedFunctions", ""))),
      Transitive(Options.get("Transitive", true)),
      MaxCallDepth(Options.get("MaxCallDepth", 8U)),
      CheckTests(Options.get("CheckTests", false)) {
  for (const BuiltinEntry &E : StdEntries)
    Catalogue.addName(E.Name, E.Hint);
  for (const BuiltinEntry &E : CEntries)
    Catalogue.addName(E.Name, E.Hint, /*ExternCOnly=*/true);
  for (const BuiltinEntry &E : AnyNamespaceEntries)
    Catalogue.addAnyNamespace(E.Name, E.Hint);
  for (llvm::StringRef Namespace : {"boost::asio::", "asio::"})
    for (const BuiltinEntry &E : AsioEntries)
      Catalogue.addName((Namespace + E.Name).str(), E.Hint);
  Catalogue.addSpecs(BlockingFunctionsOption, UserHint);
  Allowed.addSpecs(AllowedFunctionsOption, "");
}

void BlockingCallInCoroutineCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BlockingFunctions",
                tidy::utils::options::serializeStringList(BlockingFunctionsOption));
  Options.store(Opts, "AllowedFunctions",
                tidy::utils::options::serializeStringList(AllowedFunctionsOption));
  Options.store(Opts, "Transitive", Transitive);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "CheckTests", CheckTests);
}

void BlockingCallInCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  // Helpers in system headers are judged by the catalogue alone: following
  // a library's internals finds the non-blocking uses of blocking system
  // calls behind its asynchronous operations.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
}

void BlockingCallInCoroutineCheck::check(
    const MatchFinder::MatchResult &Result) {
  const FunctionDecl *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    FD = Lambda->getCallOperator();
  if (FD && !FD->isInvalidDecl() && FD->getBody())
    Functions.insert(FD);
  Classifier.setContext(Result.Context);
  Descriptors.setContext(Result.Context);
  Backoff.setContext(Result.Context);
  Where.setContext(Result.Context);
  Ready.setContext(Result.Context);
  Fatal.setContext(Result.Context);
}

void BlockingCallInCoroutineCheck::onStartOfTranslationUnit() {
  Classifier.reset(nullptr);
  Where.reset(nullptr);
}

const FunctionDecl *
BlockingCallInCoroutineCheck::followedDefinition(const FunctionDecl *Callee) {
  const FunctionDecl *Def = definitionOf(Callee);
  if (!Def || !Def->getIdentifier())
    return Def;
  std::string Name = utils::plainQualifiedName(*Def);
  return Allowed.match(*Def, Name) ? nullptr : Def;
}

std::optional<BlockingCallInCoroutineCheck::Blocking>
BlockingCallInCoroutineCheck::blockingCall(const Expr &Call,
                                           const FunctionDecl &Callee) {
  if (Call.containsErrors() || Callee.isInvalidDecl())
    return std::nullopt;
  // Whatever its name, a call that returns something to co_await starts an
  // asynchronous operation (`scheduler.sleep_for(1s)` returning a task).
  if (Classifier.classify(Callee.getReturnType()) !=
      utils::AwaitableKind::None)
    return std::nullopt;

  const auto *Method = llvm::dyn_cast<CXXMethodDecl>(&Callee);
  const Expr *Object = Method && !llvm::isa<CXXConstructorDecl>(Method)
                           ? objectOf(Call)
                           : nullptr;
  QualType ObjectType = objectType(Object);
  const CXXRecordDecl *ObjectRecord = utils::recordForType(ObjectType);

  // The static type of the object names the call as the user wrote it
  // (`std::future::wait`, not libstdc++'s `std::__basic_future::wait`).
  llvm::SmallVector<std::string, 3> Names;
  llvm::StringRef FreeName;
  // Niebloids and customisation point objects (folly's `blockingWait`,
  // stdexec's `sync_wait`) are variables called like functions; they go by
  // the variable's name.
  if (const auto *Op = llvm::dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0) {
    if (const auto *Ref = llvm::dyn_cast<DeclRefExpr>(
            Op->getArg(0)->IgnoreParenImpCasts());
        Ref && llvm::isa<VarDecl>(Ref->getDecl()) &&
        Ref->getDecl()->getIdentifier()) {
      Names.push_back(utils::plainQualifiedName(*Ref->getDecl()));
      FreeName = Ref->getDecl()->getName();
      Object = nullptr;
      ObjectRecord = nullptr;
    }
  }
  if (ObjectRecord && Callee.getIdentifier())
    Names.push_back(utils::plainQualifiedName(*ObjectRecord) +
                    "::" + Callee.getName().str());
  Names.push_back(utils::plainQualifiedName(Callee));
  if (!Method && Callee.getIdentifier())
    FreeName = Callee.getName();

  if (Allowed.match(Callee, Names))
    return std::nullopt;

  const auto *AsCall = llvm::dyn_cast<CallExpr>(&Call);
  bool IsWaitFor = Callee.getIdentifier() && Callee.getName() == "wait_for";
  if (IsWaitFor && AsCall && AsCall->getNumArgs() > 0 &&
      isZeroDuration(AsCall->getArg(0)))
    return std::nullopt;

  if (const utils::NameMatcher::Entry *E =
          Catalogue.match(Callee, Names, FreeName)) {
    if (Descriptors.cannotBlock(Call, Callee) ||
        utils::isStreamCallWithoutFileIO(Call, Callee))
      return std::nullopt;
    std::string Shown = Names.front();
    if (llvm::is_contained(Names, E->Name))
      Shown = E->Name;
    return Blocking{E, Shown};
  }

  // File streams block when they open or transfer, whether through a
  // member, an operator or std::getline.
  if (const auto *Ctor = llvm::dyn_cast<CXXConstructorDecl>(&Callee)) {
    const auto *Construct = llvm::dyn_cast<CXXConstructExpr>(&Call);
    if (Construct && Construct->getNumArgs() > 0 &&
        !Ctor->isCopyOrMoveConstructor() &&
        utils::isFileStream(Construct->getType()))
      return Blocking{&FileStreamEntry,
                      utils::plainQualifiedName(*Ctor->getParent())};
    if (std::optional<std::string> FS =
            utils::fileSystemOperation(Call, Callee))
      return Blocking{&FileSystemEntry, *FS};
    return std::nullopt;
  }
  const Expr *StreamArg = Object ? Object : objectOf(Call);
  if (StreamArg && utils::isFileStream(objectType(StreamArg))) {
    std::string Operation = Callee.getNameAsString();
    if (llvm::is_contained(FileStreamOperations, Operation))
      return Blocking{&FileStreamEntry,
                      utils::plainQualifiedName(
                          *utils::recordForType(objectType(StreamArg))) +
                          "::" + Operation};
  }

  if (std::optional<std::string> FS = utils::fileSystemOperation(Call, Callee))
    return Blocking{&FileSystemEntry, *FS};

  // Futures of any library and eager tasks: something with blocking `get`
  // and `wait` or `wait_for` members that is no lazy task (boost::future,
  // folly::SemiFuture, concurrencpp::result, which may also be awaitable).
  if (Method && ObjectRecord && Callee.getIdentifier() &&
      llvm::is_contained(FutureOperations, Callee.getName()) &&
      utils::isBlockingResultType(ObjectType, Classifier))
    return Blocking{&FutureLikeEntry, Names.front()};

  // A synchronous member next to its asynchronous twin on the same class.
  if (Method && ObjectRecord && !Method->isStatic()) {
    std::optional<std::string> Twin =
        utils::asyncTwinOf(ObjectRecord, *Method, [this](QualType T) {
          return Classifier.classify(T) != utils::AwaitableKind::None;
        });
    if (Twin && !Descriptors.cannotBlock(Call, Callee)) {
      auto It = TwinEntries.try_emplace(*Twin).first;
      if (It->second.Name.empty())
        It->second = utils::NameMatcher::Entry{
            *Twin, "use the asynchronous '" + *Twin + "' and co_await it"};
      return Blocking{&It->second, Names.front()};
    }
  }
  return std::nullopt;
}

std::optional<unsigned>
BlockingCallInCoroutineCheck::siteCondition(const FunctionDecl &FD,
                                            const CallSite &Site,
                                            unsigned Condition) {
  // A call on the way to exit() or to a throw, or in a forked child, stalls
  // no executor that matters.
  if (Fatal.isFatal(FD, *Site.Call))
    return std::nullopt;
  const Expr *Future = nullptr;
  if (Condition == Always) {
    // A member of a future (an awaitable one too, such as a task library's
    // result type) blocks on the future it is called on.
    if (const auto *Member = llvm::dyn_cast<CXXMemberCallExpr>(Site.Call)) {
      const Expr *Object = Member->getImplicitObjectArgument();
      if (utils::hasBlockingGetters(utils::recordForType(objectType(Object))))
        Future = Object;
    }
  } else {
    // The callee blocks unless the future passed as its parameter is
    // complete.
    unsigned Index = Condition;
    llvm::ArrayRef<const Expr *> Args;
    if (const auto *Call = llvm::dyn_cast<CallExpr>(Site.Call)) {
      Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
      // An operator that is a member takes its object as the first
      // argument.
      if (llvm::isa<CXXOperatorCallExpr>(Call) &&
          llvm::isa<CXXMethodDecl>(Site.Callee))
        ++Index;
    } else if (const auto *Construct =
                   llvm::dyn_cast<CXXConstructExpr>(Site.Call)) {
      Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
    }
    if (Index < Args.size() && !llvm::isa<CXXDefaultArgExpr>(Args[Index]))
      Future = Args[Index];
  }
  if (!Future)
    return Always;
  utils::ReadyState::State State = Ready.stateAt(FD, *Future, *Site.Call);
  switch (State.K) {
  case utils::ReadyState::Kind::Ready:
    return std::nullopt;
  case utils::ReadyState::Kind::Parameter:
    return State.Param;
  case utils::ReadyState::Kind::Unknown:
    return Always;
  }
  return Always;
}

void BlockingCallInCoroutineCheck::collectCalls(const FunctionDecl &FD) {
  if (Calls.count(&FD))
    return;
  std::vector<CallSite> Sites;
  CallCollector Collector(Sites);
  if (const CoroutineBodyStmt *Coro = utils::getCoroutineBody(FD)) {
    Collector.TraverseStmt(Coro->getBody());
  } else {
    if (const auto *Ctor = llvm::dyn_cast<CXXConstructorDecl>(&FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten())
          Collector.TraverseStmt(Init->getInit());
    Collector.TraverseStmt(FD.getBody());
  }
  Calls[&FD] = std::move(Sites);
}

void BlockingCallInCoroutineCheck::computeSummaries() {
  // Only coroutines, functions that are async by signature, and what they
  // call can be reported or lead to a report: the calls of the other
  // functions are not collected, and they get no summary.
  llvm::DenseSet<const FunctionDecl *> Reached;
  llvm::SmallVector<const FunctionDecl *, 32> Work;
  for (const FunctionDecl *FD : Functions)
    if (utils::isCoroutine(*FD) || isAsyncBySignature(*FD)) {
      Reached.insert(FD);
      Work.push_back(FD);
    }
  while (!Work.empty()) {
    const FunctionDecl *FD = Work.pop_back_val();
    collectCalls(*FD);
    if (!Transitive)
      continue;
    for (const CallSite &Site : Calls[FD])
      if (const FunctionDecl *Def = followedDefinition(Site.Callee);
          Def && Functions.count(Def) && Reached.insert(Def).second)
        Work.push_back(Def);
  }
  if (!Transitive)
    return;
  // In the order the functions were matched, so that ties between chains
  // are broken as they would be over every function.
  std::vector<const FunctionDecl *> Order;
  for (const FunctionDecl *FD : Functions)
    if (Reached.count(FD))
      Order.push_back(FD);

  // Breadth-first from the functions that block themselves, up through
  // their callers: every function gets its shortest chain, each edge is
  // looked at once per condition, and cycles end by construction.
  llvm::DenseMap<const FunctionDecl *, std::vector<std::pair<const FunctionDecl *, CallSite>>>
      Callers;
  // A function's own blocking calls, each with its condition and severity.
  struct Seed {
    SummaryKey Key;
    CallSite Site;
    Blocking B;
    unsigned Severity;
  };
  std::vector<Seed> Seeds;
  for (const FunctionDecl *FD : Order) {
    // An eager coroutine blocks its caller, as a function does, in the part
    // that runs before it first suspends.
    bool Coroutine = utils::isCoroutine(*FD);
    if (Coroutine && !Where.startsInCaller(*FD))
      continue;
    for (const CallSite &Site : Calls[FD]) {
      if (Coroutine && !Where.runsInCaller(*FD, *Site.Call))
        continue;
      if (std::optional<Blocking> B = blockingCall(*Site.Call, *Site.Callee)) {
        if (std::optional<unsigned> Condition =
                siteCondition(*FD, Site, Always))
          Seeds.push_back({{FD, *Condition}, Site, *B, severity(*B->Entry)});
        continue;
      }
      const FunctionDecl *Def = followedDefinition(Site.Callee);
      if (Def && Def != FD && Functions.count(Def) &&
          (!utils::isCoroutine(*Def) || Where.startsInCaller(*Def)) &&
          !Backoff.isContentionBackoff(*FD, *Site.Call, *Def))
        Callers[Def].emplace_back(FD, Site);
    }
  }
  // One breadth-first pass per severity, the most serious first: a
  // function that blocks in several ways is summarised by its most serious
  // blocking, and among those by the shortest chain.
  for (unsigned Level = MaxSeverity; Level > 0; --Level) {
    std::deque<SummaryKey> Queue;
    for (const Seed &Sd : Seeds)
      if (Sd.Severity == Level && !Summaries.count(Sd.Key)) {
        Summary S{Sd.Site, Sd.B.Entry, Sd.B.Name, {}, 1};
        S.Severity = Level;
        Summaries[Sd.Key] = S;
        Queue.push_back(Sd.Key);
      }
    while (!Queue.empty()) {
      SummaryKey Callee = Queue.front();
      Queue.pop_front();
      unsigned Depth = Summaries[Callee].Depth;
      if (Depth >= MaxCallDepth)
        continue;
      for (const auto &[Caller, Site] : Callers[Callee.first]) {
        std::optional<unsigned> Condition =
            siteCondition(*Caller, Site, Callee.second);
        if (!Condition || Summaries.count({Caller, *Condition}))
          continue;
        Summary S;
        S.Next = Site;
        S.Depth = Depth + 1;
        S.NextParam = Callee.second;
        S.Severity = Level;
        Summaries[{Caller, *Condition}] = S;
        Queue.push_back({Caller, *Condition});
      }
    }
  }
}

void BlockingCallInCoroutineCheck::reportFunction(const FunctionDecl &Coroutine,
                                                  bool BySignature) {
  // Blocking in a test case is the test's own business (see the doc page).
  if (!CheckTests && Where.isInTestCase(Coroutine))
    return;
  bool IsLambda = isLambdaOperator(Coroutine);
  // What a function that is async by signature returns, as the message
  // says it.
  std::string Returns;
  if (BySignature)
    Returns = Classifier.classify(Coroutine.getReturnType()) ==
                      utils::AwaitableKind::Awaitable
                  ? "an awaitable"
                  : "a task";
  for (const CallSite &Site : Calls[&Coroutine]) {
    SourceLocation Loc = Site.Call->getExprLoc();
    if (Loc.isInvalid() || Reported.contains(Loc))
      continue;
    // After an awaited hop onto an executor, blocking is what it is for;
    // before an eager coroutine first suspends, it blocks its caller, where
    // the call is reported if the caller is a coroutine.
    if (!BySignature &&
        (Where.runsOnChosenExecutor(Coroutine, *Site.Call) ||
         (Transitive && Where.runsInCaller(Coroutine, *Site.Call))))
      continue;
    if (std::optional<Blocking> B = blockingCall(*Site.Call, *Site.Callee)) {
      if (!siteCondition(Coroutine, Site, Always))
        continue;
      Reported.insert(Loc);
      if (BySignature)
        diag(Loc, "blocking call to '%0' in %select{%2|a lambda}1, which "
                  "returns %4 without being a coroutine: it blocks whoever "
                  "creates it; %3")
            << B->Name << IsLambda << &Coroutine << B->Entry->Hint << Returns
            << Site.Call->getSourceRange();
      else
        diag(Loc, "blocking call to '%0' in %select{coroutine %2|a coroutine "
                  "lambda}1; %3")
            << B->Name << IsLambda << &Coroutine << B->Entry->Hint
            << Site.Call->getSourceRange();
      continue;
    }
    if (!Transitive)
      continue;
    const FunctionDecl *Def = followedDefinition(Site.Callee);
    if (!Def || Backoff.isContentionBackoff(Coroutine, *Site.Call, *Def))
      continue;
    // The callee's shortest chain that this call can meet: one that blocks
    // whatever the callee is given, or one through a parameter whose
    // argument here is not known to be complete.
    const Summary *S = nullptr;
    SummaryKey Key;
    auto Consider = [&](unsigned Condition) {
      auto It = Summaries.find({Def, Condition});
      if (It == Summaries.end() || It->second.Depth > MaxCallDepth ||
          (S && (S->Severity > It->second.Severity ||
                 (S->Severity == It->second.Severity &&
                  S->Depth <= It->second.Depth))) ||
          !siteCondition(Coroutine, Site, Condition))
        return;
      S = &It->second;
      Key = It->first;
    };
    Consider(Always);
    for (unsigned I = 0; I < Def->getNumParams(); ++I)
      Consider(I);
    if (!S)
      continue;

    // Walk the chain first: the warning names the blocking call at its end.
    llvm::SmallVector<SummaryKey, 8> Chain{Key};
    while (!S->Direct.Call) {
      SummaryKey Next{followedDefinition(S->Next.Callee), S->NextParam};
      Chain.push_back(Next);
      S = &Summaries.find(Next)->second;
    }
    Reported.insert(Loc);
    if (BySignature)
      diag(Loc, "call to %0 in %select{%2|a lambda}1, which returns %5 "
                "without being a coroutine, blocks in '%3': it blocks whoever "
                "creates it; %4")
          << describe(*Def) << IsLambda << &Coroutine << S->DirectName
          << S->DirectEntry->Hint << Returns << Site.Call->getSourceRange();
    else
      diag(Loc, "call to %0 in %select{coroutine %2|a coroutine lambda}1 "
                "blocks in '%3'; %4")
          << describe(*Def) << IsLambda << &Coroutine << S->DirectName
          << S->DirectEntry->Hint << Site.Call->getSourceRange();
    for (const SummaryKey &Link : Chain) {
      const Summary &L = Summaries.find(Link)->second;
      if (L.Direct.Call) {
        diag(L.Direct.Call->getExprLoc(), "%0 blocks in '%1' here",
             DiagnosticIDs::Note)
            << describe(*Link.first) << L.DirectName;
        break;
      }
      diag(L.Next.Call->getExprLoc(), "%0 calls %1", DiagnosticIDs::Note)
          << describe(*Link.first) << describe(*L.Next.Callee);
    }
  }
}

bool BlockingCallInCoroutineCheck::isAsyncBySignature(const FunctionDecl &FD) {
  if (utils::isCoroutine(FD) || FD.isDefaulted() || FD.isDeleted() ||
      FD.isImplicit() || FD.isDependentContext() ||
      llvm::isa<CXXConstructorDecl, CXXDestructorDecl, CXXConversionDecl>(FD))
    return false;
  QualType Result = FD.getReturnType();
  if (Result.isNull() || Result->isReferenceType() || Result->isPointerType())
    return false;
  if (FD.getOverloadedOperator() == OO_Coawait)
    return false;
  if (const IdentifierInfo *II = FD.getIdentifier())
    if (llvm::is_contained({"get_return_object", "initial_suspend",
                            "final_suspend", "await_transform", "yield_value",
                            "await_suspend", "await_resume",
                            "get_return_object_on_allocation_failure"},
                           II->getName()))
      return false;
  if (Classifier.classify(Result) == utils::AwaitableKind::None)
    return false;
  // The type as written must be a task: `T get()` of a template is not
  // async by signature because T is a task in one instantiation.
  if (const FunctionDecl *Pattern = FD.getTemplateInstantiationPattern())
    if (Pattern != &FD && Classifier.classify(Pattern->getReturnType()) ==
                              utils::AwaitableKind::None)
      return false;
  return true;
}

void BlockingCallInCoroutineCheck::onEndOfTranslationUnit() {
  Descriptors.analyze(Functions.getArrayRef(), [this](QualType T) {
    return Classifier.classify(T) != utils::AwaitableKind::None;
  });
  computeSummaries();
  // A function that is async by signature and that plain functions of the
  // translation unit call blocks callers that block anyway (a test driver,
  // a thread body): it is reported when its callers are coroutines or are
  // not visible here, whose type promises asynchrony.
  // The calls of every plain function are collected only when a function
  // that is async by signature blocks.
  std::optional<llvm::DenseSet<const FunctionDecl *>> CalledFromPlain;
  auto IsCalledFromPlain = [&](const FunctionDecl &Target) {
    if (!CalledFromPlain) {
      CalledFromPlain.emplace();
      for (const FunctionDecl *FD : Functions) {
        if (utils::isCoroutine(*FD))
          continue;
        collectCalls(*FD);
        for (const CallSite &Site : Calls[FD])
          if (const FunctionDecl *Def = Site.Callee->getDefinition())
            CalledFromPlain->insert(Def);
      }
    }
    return CalledFromPlain->count(&Target) != 0;
  };
  llvm::DenseSet<const FunctionDecl *> Summarised;
  for (const auto &Entry : Summaries)
    Summarised.insert(Entry.first.first);
  auto MayBlock = [&](const FunctionDecl &FD) {
    return llvm::any_of(Calls[&FD], [&](const CallSite &Site) {
      const FunctionDecl *Def = followedDefinition(Site.Callee);
      return (Def && Summarised.count(Def)) ||
             blockingCall(*Site.Call, *Site.Callee);
    });
  };
  for (const FunctionDecl *FD : Functions) {
    if (utils::isCoroutine(*FD))
      reportFunction(*FD, /*BySignature=*/false);
    else if (isAsyncBySignature(*FD) && MayBlock(*FD) &&
             !IsCalledFromPlain(*FD))
      reportFunction(*FD, /*BySignature=*/true);
  }
  Functions.clear();
  Calls.clear();
  Summaries.clear();
  Reported.clear();
  Descriptors.clear();
  Backoff.clear();
  Ready.clear();
  Fatal.clear();
}

} // namespace clang::tidy::async
