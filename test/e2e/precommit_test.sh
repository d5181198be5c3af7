#!/usr/bin/env bash
# End-to-end test of the pre-commit hook with Debian's real `pre-commit`.
#
#   precommit_test.sh ASYNC_TIDY CHECKOUT CXX
#
# Makes a throwaway git repository holding test/e2e/project (a small CMake
# project), configures it with CXX so that build/compile_commands.json
# exists, and then:
#   1. `pre-commit try-repo CHECKOUT async-tidy` with a clean file staged
#      passes, and with src/jobs.cpp (two findings) staged fails and shows
#      them;
#   2. the hook installed by `pre-commit install` from a
#      .pre-commit-config.yaml (repo: CHECKOUT, args: -p out --binary=...)
#      stops `git commit` of src/jobs.cpp, and lets it through once fixed;
#   3. a missing database or binary gives one line saying what to do;
#   4. in a repository with no .clang-tidy at all, the hook runs the async-*
#      checks by default: the clean file passes, src/jobs.cpp fails with
#      its two findings (not "no checks enabled").
# Exits 77 (skipped) when pre-commit or git is not installed.
set -euo pipefail

async_tidy=$(realpath "$1")
checkout=$(realpath "$2")
cxx=$3
for tool in pre-commit git cmake; do
  if ! command -v "$tool" >/dev/null; then
    echo "precommit-test: SKIPPED: '$tool' is not installed (apt-get install $tool)"
    exit 77
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# pre-commit keeps its clones in PRE_COMMIT_HOME; git needs an identity.
export PRE_COMMIT_HOME=$tmp/cache HOME=$tmp/home
export GIT_AUTHOR_NAME=e2e GIT_AUTHOR_EMAIL=e2e@example.invalid
export GIT_COMMITTER_NAME=e2e GIT_COMMITTER_EMAIL=e2e@example.invalid
export GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
# The checkout may belong to another user (a CI container); git refuses to
# read such repositories unless they are marked safe.
git config --global safe.directory '*'
git config --global init.defaultBranch main
if ! git -C "$checkout" rev-parse --verify -q HEAD >/dev/null; then
  echo "precommit-test: SKIPPED: $checkout is not a git checkout with a commit"
  exit 77
fi

log=$tmp/out.log
step() { echo "--- $*"; }
fail() {
  echo "precommit-test: FAILED: $*" >&2
  echo "--- output:" >&2
  cat "$log" >&2
  exit 1
}

repo=$tmp/repo
cp -r "$checkout/test/e2e/project" "$repo"
cd "$repo"
git init -q .
printf 'build/\nout/\n' >.gitignore
cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
git add .gitignore CMakeLists.txt .clang-tidy .clangd include
git commit -qm "project skeleton"

# 1. try-repo: the hook as published in the checkout's
# .pre-commit-hooks.yaml (uncommitted changes to tracked files included).
# try-repo takes no args, so the binary comes from $ASYNC_TIDY.
step "try-repo, clean file staged"
git add src/clean.cpp
ASYNC_TIDY=$async_tidy pre-commit try-repo "$checkout" async-tidy >"$log" 2>&1 ||
  fail "try-repo failed on src/clean.cpp, which has no finding"
grep -q '^async-tidy\.*Passed' "$log" || fail "the hook did not report Passed"
git commit -qm "clean file" --no-verify

step "try-repo, file with findings staged"
git add src/jobs.cpp
if ASYNC_TIDY=$async_tidy pre-commit try-repo "$checkout" async-tidy >"$log" 2>&1; then
  fail "try-repo passed src/jobs.cpp, which has two findings"
fi
grep -q '^async-tidy\.*Failed' "$log" || fail "the hook did not report Failed"
grep -q 'src/jobs.cpp:18:5: warning: .*\[async-blocking-call-in-coroutine\]' "$log" ||
  fail "the blocking-call finding is not shown"
grep -q 'src/jobs.cpp:19:5: warning: .*\[async-unawaited-coroutine\]' "$log" ||
  fail "the unawaited-coroutine finding is not shown"
grep -q 'async-tidy: 2 findings in 1 file' "$log" || fail "no summary line"
sed -n '/^async-tidy\./,$p' "$log" | head -n 20

# 2. The hook installed in the repository, from a .pre-commit-config.yaml
# that pins the checkout's HEAD and passes args: the database is in out/.
step "installed hook, git commit"
rev=$(git -C "$checkout" rev-parse HEAD)
cmake -S . -B out -G Ninja -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: async-tidy
        args: [-p, out, --binary=$async_tidy, '--checks=-*,async-*']
EOF
git add .pre-commit-config.yaml
pre-commit install >"$log" 2>&1 || fail "pre-commit install"
if git commit -qm "jobs" >"$log" 2>&1; then
  fail "git commit went through with two findings in src/jobs.cpp"
fi
grep -q 'src/jobs.cpp:19:5: warning: .*\[async-unawaited-coroutine\]' "$log" ||
  fail "the commit hook did not show the finding"
# Fix both: await the task, drop the blocking helper call.
sed -i -e 's/^    flush();/    co_await flush();/' -e '/^    pause();/d' src/jobs.cpp
git add src/jobs.cpp
git commit -qm "jobs, fixed" >"$log" 2>&1 || fail "the commit of the fixed file failed"
grep -q '^async-tidy\.*Passed' "$log" || fail "the hook did not run on the commit"

# 3. What users see when something is missing: one line each.
step "missing database and binary"
hook=$checkout/scripts/pre-commit-async-tidy
if "$hook" -p nowhere --binary="$async_tidy" src/jobs.cpp >"$log" 2>&1; then
  fail "the hook passed without a compilation database"
fi
[[ $(wc -l <"$log") == 1 ]] && grep -q 'no compilation database at nowhere/compile_commands.json' "$log" ||
  fail "unclear message for a missing database"
cat "$log"
if env -u ASYNC_TIDY PATH=/usr/bin:/bin "$hook" src/jobs.cpp >"$log" 2>&1; then
  fail "the hook passed without an async-tidy"
fi
[[ $(wc -l <"$log") == 1 ]] && grep -q "'async-tidy' not found" "$log" ||
  fail "unclear message for a missing binary"
cat "$log"

# 4. No configuration anywhere: async-tidy's default checks are async-*.
step "no .clang-tidy in the repository"
bare=$tmp/bare
cp -r "$checkout/test/e2e/project" "$bare"
rm -f "$bare/.clang-tidy" "$bare/.clangd"
cd "$bare"
[[ ! -e $tmp/.clang-tidy && ! -e /tmp/.clang-tidy && ! -e /.clang-tidy ]] ||
  fail "a .clang-tidy above the test directory would hide the defaults"
git init -q .
printf 'build/\n' >.gitignore
cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
git add .gitignore CMakeLists.txt include
git commit -qm "project skeleton, no .clang-tidy"
git add src/clean.cpp
ASYNC_TIDY=$async_tidy pre-commit try-repo "$checkout" async-tidy >"$log" 2>&1 ||
  fail "without a .clang-tidy, the hook failed on src/clean.cpp"
grep -q '^async-tidy\.*Passed' "$log" || fail "the hook did not report Passed"
git commit -qm "clean file" --no-verify
git add src/jobs.cpp
if ASYNC_TIDY=$async_tidy pre-commit try-repo "$checkout" async-tidy >"$log" 2>&1; then
  fail "without a .clang-tidy, the hook passed src/jobs.cpp"
fi
! grep -q 'no checks enabled' "$log" || fail "async-tidy enabled no checks"
grep -q 'src/jobs.cpp:18:5: warning: .*\[async-blocking-call-in-coroutine\]' "$log" &&
  grep -q 'src/jobs.cpp:19:5: warning: .*\[async-unawaited-coroutine\]' "$log" ||
  fail "without a .clang-tidy, the async-* findings are not shown"
grep -q 'async-tidy: 2 findings in 1 file' "$log" || fail "other findings than the two"
echo "no .clang-tidy: the hook reports the two async-* findings"

echo "precommit-test: passed"
