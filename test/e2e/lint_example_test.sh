#!/usr/bin/env bash
# scripts/lint-example.sh with the built async-tidy (no install, no build):
# every check async-tidy has is shown by the example, each finding on a line
# the sources mark for that check and each mark reported (STRICT=1), and the
# summary has a line per check with its page and says how to suppress one.
#
#   lint_example_test.sh ASYNC_TIDY CHECKOUT LLVM_MAJOR WORK_DIR
set -euo pipefail
tidy=$1 checkout=$2 major=$3 work=$4

for tool in "run-clang-tidy-$major" "clang++-$major" cmake ninja; do
  if ! command -v "$tool" >/dev/null; then
    echo "lint-example-test: SKIPPED: $tool is not installed"
    exit 77
  fi
done
if [[ ! -f /usr/include/boost/asio.hpp ]]; then
  echo "lint-example-test: SKIPPED: Boost.Asio is not installed"
  exit 77
fi

out="$work/lint-example.out"
mkdir -p "$work"
status=0
ASYNC_TIDY="$tidy" LLVM="$major" EXAMPLE_BUILD_DIR="$work/examples-build" \
  STRICT=1 bash "$checkout/scripts/lint-example.sh" >"$out" 2>&1 || status=$?
if ((status != 0)); then
  cat "$out"
  echo "lint-example-test: FAILED: lint-example.sh exited with $status" >&2
  exit 1
fi
fail() { sed -n '/^lint-example: [0-9]* findings/,$p' "$out"; echo "lint-example-test: FAILED: $*" >&2; exit 1; }
checks=$("$tidy" '--checks=-*,async-*' --list-checks | sed -nE 's/^ +(async-[a-z0-9-]+)$/\1/p')
[[ -n "$checks" ]] || fail "async-tidy lists no async-* check"
for check in $checks; do
  grep -qE "^  $check +[1-9][0-9]* found, +[1-9][0-9]* marked +doc: docs/checks/$check\.rst$" "$out" ||
    fail "no finding of $check in the summary, or no page"
done
grep -q "every finding is on a line the sources mark" "$out" || fail "marks and findings differ"
grep -q "// NOLINT(async-blocking-call-in-coroutine)" "$out" || fail "the summary does not say how to suppress"
sed -n '/^lint-example: [0-9]* findings/,$p' "$out"
echo "lint-example-test: passed ($(echo $checks | wc -w) checks shown)"
