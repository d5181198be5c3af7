#!/usr/bin/env bash
# async-tidy as CMake's clang-tidy: CMAKE_CXX_CLANG_TIDY makes every C++
# compile of the build also run async-tidy on that source (CMake passes it the
# compile command; no compile_commands.json needed).
#
#   cmake_clang_tidy_test.sh ASYNC_TIDY CHECKOUT CXX
#
# On a copy of test/e2e/project with no .clang-tidy (the async-* default):
#   1. -DCMAKE_CXX_CLANG_TIDY=ASYNC_TIDY: the build succeeds and prints both
#      findings of src/jobs.cpp, and none for src/clean.cpp;
#   2. with "ASYNC_TIDY;--warnings-as-errors=async-*" the build fails on
#      them; once src/jobs.cpp is fixed it succeeds again, and only the
#      changed file is linted again.
set -euo pipefail
tidy=$(realpath "$1") checkout=$(realpath "$2") cxx=$3
for tool in cmake ninja; do
  command -v "$tool" >/dev/null || { echo "cmake-clang-tidy-test: SKIPPED: no $tool"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=$tmp/out.log
fail() { echo "cmake-clang-tidy-test: FAILED: $*" >&2; cat "$log" >&2; exit 1; }

cp -r "$checkout/test/e2e/project" "$tmp/project"
rm -f "$tmp/project/.clang-tidy" "$tmp/project/.clangd"
cd "$tmp/project"

echo "--- CMAKE_CXX_CLANG_TIDY=async-tidy"
cmake -S . -B build -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_CXX_CLANG_TIDY="$tidy" >"$log" 2>&1 || fail "configure"
cmake --build build >"$log" 2>&1 || fail "the build failed on warnings"
grep -q 'src/jobs.cpp:18:5: warning: .*\[async-blocking-call-in-coroutine\]' "$log" &&
  grep -q 'src/jobs.cpp:19:5: warning: .*\[async-unawaited-coroutine\]' "$log" ||
  fail "the findings of src/jobs.cpp are not in the build output"
! grep -q 'clean.cpp:[0-9]*:[0-9]*: warning' "$log" || fail "a finding in src/clean.cpp"
grep -E 'warning: .*\[async-' "$log"

echo "--- with --warnings-as-errors=async-*"
cmake -S . -B build-strict -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
  "-DCMAKE_CXX_CLANG_TIDY=$tidy;--warnings-as-errors=async-*" >"$log" 2>&1 ||
  fail "configure (strict)"
if cmake --build build-strict >"$log" 2>&1; then
  fail "the build went through two async-* errors"
fi
grep -q 'src/jobs.cpp:19:5: error: .*\[async-unawaited-coroutine,-warnings-as-errors\]' "$log" ||
  fail "the finding is not an error"
sed -i -e 's/^    flush();/    co_await flush();/' -e '/^    pause();/d' src/jobs.cpp
cmake --build build-strict >"$log" 2>&1 || fail "the build of the fixed file failed"
grep -q 'jobs.cpp' "$log" && ! grep -q 'clean.cpp' "$log" ||
  fail "the rebuild did not lint exactly the changed file"
echo "cmake-clang-tidy-test: passed"
