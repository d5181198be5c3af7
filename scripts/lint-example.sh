#!/usr/bin/env bash
# The demo: builds async-tidy for LLVM 22 and lints examples/ (a small
# Boost.Asio relay with deliberate mistakes) with it, the way a user would:
# run-clang-tidy over the project's compile_commands.json, with the checks
# chosen by examples/.clang-tidy.
#
#   scripts/lint-example.sh
#
# Prints the findings and a summary. Findings are the point of the demo, so
# they do not fail it; the exit status is non-zero only when something did
# not work: a missing package, a failed build, or a file async-tidy could not
# parse.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

quietly() { # runs "$@" with its output kept out of the demo unless it fails
  local log="$log_dir/step.log"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "lint-example: failed: $*" >&2
    exit 1
  fi
}

echo "lint-example: installing packages (LLVM 22) if missing"
quietly bash scripts/install-deps.sh --llvm 22
echo "lint-example: building async-tidy (build/)"
quietly bash scripts/build.sh 22

# compile_commands.json holds absolute paths, so it is made here, for this
# checkout, rather than checked in.
echo "lint-example: generating examples/build/compile_commands.json"
quietly cmake -S examples -B examples/build -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

echo "lint-example: running build/bin/async-tidy on examples/src/*.cpp"
echo
output="$log_dir/tidy.out"
status=0
# From inside examples/, as in any project: run-clang-tidy's own sanity run
# of the binary then reads examples/.clang-tidy as well.
(cd examples &&
  run-clang-tidy-22 -clang-tidy-binary "$root/build/bin/async-tidy" -p build \
    -quiet -hide-progress -j "${JOBS:-2}") >"$output" 2>&1 || status=$?
cat "$output"

found=$(grep -c 'warning: .*\[async-' "$output" || true)
notes=$(grep -c ': note: ' "$output" || true)
# Each line the example expects a finding for is marked in its source.
expected=$(cat examples/include/relay/*.hpp examples/src/*.cpp |
  grep -cE '^\s*// async-tidy( \([a-z]+\))?:' || true)

if ((status != 0)) ||
   grep -qE '^[^ ]+:[0-9]+:[0-9]+: (fatal )?error: |^Error while processing' "$output"; then
  echo "lint-example: async-tidy failed on the example (exit status $status)" >&2
  exit 1
fi
by_check=$(grep -oE 'warning: .*\[async-[a-z-]+' "$output" |
  sed -E 's/.*\[//' | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
echo "lint-example: $found findings${by_check:+ ($by_check)}, $notes notes;" \
  "the sources mark $expected lines with '// async-tidy'"
if ((found == 0)); then
  echo "lint-example: note: nothing was flagged; is the check implemented in" \
    "this checkout? (build/bin/async-tidy --list-checks shows what is there)"
fi
