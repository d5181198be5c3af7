#!/usr/bin/env bash
# Installs what is missing, builds async-tidy against LLVM 22 (build/) and
# LLVM 19 (build-19/), and with AddressSanitizer and UndefinedBehaviorSanitizer
# against LLVM 22 (build-asan/), and runs ctest in all three: the lit suite
# (through async-tidy and the plugin; the sanitizer build has no plugin), and
# in build/ and build-19/ the real-code suite and the robustness sample.
#
#   scripts/run-tests.sh
#
# The last line of output is "N passed, N failed", summed over the ctest
# runs. A build that fails, or a ctest run that ends without its summary,
# counts as one failed test, so that line never reads clean when something
# broke. The exit status is non-zero when anything failed. JOBS sets the
# parallelism of builds and tests (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export JOBS=${JOBS:-2}
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

# Each step and how long it took, for the table at the end.
steps=()
run_start=$SECONDS
timed() { # timed NAME SECONDS: records a finished step
  steps+=("$(printf '%-32s %5d s' "$1" "$2")")
}

echo "=== install-deps"
start=$SECONDS
bash scripts/install-deps.sh
timed "install-deps" $((SECONDS - start))

passed=0
failed=0
skipped=0
# LLVM's own allocations are never freed at exit (clang-tidy frees nothing
# it does not have to), so leak detection would report LLVM, not us; every
# other AddressSanitizer and UBSan report stops the run and fails the test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
for build in 22 19 asan; do
  case $build in
    22) version=22 dir=build args=() ;;
    19) version=19 dir=build-19 args=() ;;
    asan) version=22 dir=build-asan args=(-DASYNC_TIDY_SANITIZE=ON) ;;
  esac
  name="LLVM $version"
  [[ $build != asan ]] || name="LLVM $version ASan+UBSan"
  echo "=== $name: build ($dir/)"
  start=$SECONDS
  if ! BUILD_DIR="$root/$dir" bash scripts/build.sh "$version" "${args[@]}"; then
    echo "run-tests: the $name build failed"
    timed "$name: build (failed)" $((SECONDS - start))
    failed=$((failed + 1))
    continue
  fi
  timed "$name: build" $((SECONDS - start))
  echo "=== $name: built in $((SECONDS - start)) s; ctest (each test's time is on its line)"
  log="$log_dir/ctest-$build.log"
  start=$SECONDS
  # ctest's exit status is not needed: its summary line says it all.
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS" </dev/null 2>&1 |
    tee "$log" || true
  echo "=== $name: ctest took $((SECONDS - start)) s"
  timed "$name: ctest" $((SECONDS - start))

  # "100% tests passed, 0 tests failed out of 12", or "No tests were found".
  summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" |
    tail -n 1 || true)
  # A test that skipped itself (a missing tool, no root for the .deb) is
  # neither passed nor failed: "  5 - e2e-install-deb (Skipped)".
  skipped_here=$(grep -cE '^[[:space:]]*[0-9]+ - .* \(Skipped\)$' "$log" || true)
  if [[ $summary =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1]))
    passed=$((passed + BASH_REMATCH[2] - BASH_REMATCH[1] - skipped_here))
    skipped=$((skipped + skipped_here))
  elif grep -q 'No tests were found' "$log"; then
    echo "run-tests: $name: ctest found no tests"
  else
    echo "run-tests: $name: ctest ended without a summary"
    failed=$((failed + 1))
  fi
done

echo "=== steps"
printf '  %s\n' "${steps[@]}"
printf '  %-32s %5d s\n' "total" $((SECONDS - run_start))
if ((skipped)); then
  echo "run-tests: $skipped test(s) skipped themselves (see \"(Skipped)\" above)"
fi
echo "$passed passed, $failed failed"
((failed == 0))
