#!/usr/bin/env bash
# The Bazel aspect of integrations/bazel with Debian's bazel-bootstrap (4.2):
#
#   bazel_test.sh ASYNC_TIDY CHECKOUT
#
# A workspace with test/e2e/project's sources as two cc_library targets
# (jobs: two findings; clean: none) and the aspect from a local_repository:
#   1. `bazel build //... --aspects=... --output_groups=async_tidy` writes
#      per source the --export-fixes YAML and per target SARIF, with both
#      findings of src/jobs.cpp;
#   2. after `bazel clean`, the same build with the same --disk_cache runs no
#      async-tidy action: every one is a cache hit;
#   3. --@async_tidy//:fail_on_findings=true fails the build on jobs and
#      passes on clean.
# Exits 77 (skipped) without bazel.
set -euo pipefail
tidy=$(realpath "$1") checkout=$(realpath "$2")
if ! command -v bazel >/dev/null; then
  echo "bazel-test: SKIPPED: bazel is not installed (apt-get install bazel-bootstrap)"
  exit 77
fi
tmp=$(mktemp -d)
ws=$tmp/ws
log=$tmp/out.log
bazel_() { bazel --output_user_root="$tmp/root" --max_idle_secs=60 "$@"; }
cleanup() { (cd "$ws" 2>/dev/null && bazel_ shutdown) >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "bazel-test: FAILED: $*" >&2; tail -n 60 "$log" >&2; exit 1; }

mkdir -p "$ws"
cp -r "$checkout/test/e2e/project/src" "$checkout/test/e2e/project/include" "$ws/"
# Debian's bazel-bootstrap is offline, and the toolchains it registers load
# rules from @rules_cc, @rules_java and @rules_proto, which Bazel would
# download (Debian's bazel-rules-cc is too new for Bazel 4.2): stubs that
# forward to the native rules stand in. The platforms come from
# bazel-platforms when installed.
overrides=
stub() { # stub REPO PACKAGE RULE...
  local repo=$1 package=$2 rule
  shift 2
  mkdir -p "$tmp/$repo/$package"
  touch "$tmp/$repo/WORKSPACE" "$tmp/$repo/BUILD" "$tmp/$repo/$package/BUILD"
  for rule in "$@"; do
    printf 'def %s(**kwargs):\n    native.%s(**kwargs)\n\n' "$rule" "$rule"
  done >"$tmp/$repo/$package/defs.bzl"
  overrides+='local_repository(name = "'$repo'", path = "'$tmp/$repo'")'$'\n'
}
stub rules_cc cc cc_toolchain cc_toolchain_suite cc_library cc_binary cc_test
stub rules_java java java_import java_runtime java_toolchain java_binary java_library
stub rules_proto proto proto_library
[[ ! -d /usr/share/bazel/tools/platforms ]] ||
  overrides+='local_repository(name = "platforms", path = "/usr/share/bazel/tools/platforms")'$'\n'
cat >"$ws/WORKSPACE" <<WS
$overrides
local_repository(name = "async_tidy", path = "$checkout/integrations/bazel")
load("@async_tidy//:async_tidy.bzl", "async_tidy_tools")
async_tidy_tools(name = "async_tidy_tools", binary = "$tidy")
WS
cat >"$ws/BUILD.bazel" <<'B'
cc_library(
    name = "jobs",
    srcs = ["src/jobs.cpp"],
    deps = [":mini"],
)
cc_library(
    name = "clean",
    srcs = ["src/clean.cpp"],
    deps = [":mini"],
)
cc_library(
    name = "mini",
    hdrs = ["include/mini/task.hpp"],
    includes = ["include"],
)
exports_files(["tidy.yaml"])
B
printf "Checks: '-*,async-*'\n" >"$ws/tidy.yaml"
cat >"$ws/.bazelrc" <<'RC'
build --cxxopt=-std=c++20
build --aspects=@async_tidy//:async_tidy.bzl%async_tidy_aspect
build --output_groups=async_tidy
build --@async_tidy//:config=//:tidy.yaml
RC
cd "$ws"
out=bazel-bin

echo "--- 1. bazel build //... with the aspect"
bazel_ build //... --disk_cache="$tmp/cache" >"$log" 2>&1 || fail "the build failed"
yaml=$out/jobs.async_tidy/src/jobs.cpp.yaml
[[ -f $yaml ]] || fail "no $yaml"
grep -q 'DiagnosticName: *async-blocking-call-in-coroutine' "$yaml" &&
  grep -q 'DiagnosticName: *async-unawaited-coroutine' "$yaml" ||
  fail "the YAML of src/jobs.cpp lacks the findings"
python3 - "$out/jobs.async-tidy.sarif" "$out/clean.async-tidy.sarif" <<'PY' || fail "SARIF"
import json, sys
jobs = json.load(open(sys.argv[1]))["runs"][0]["results"]
clean = json.load(open(sys.argv[2]))["runs"][0]["results"]
assert sorted(r["ruleId"] for r in jobs) == ["async-blocking-call-in-coroutine",
                                            "async-unawaited-coroutine"], jobs
assert clean == [], clean
print("SARIF: jobs %d results, clean %d" % (len(jobs), len(clean)))
PY
actions=$(grep -oE '[0-9]+ processes' "$log" | tail -1 || true)
echo "first build: $actions"

echo "--- 2. bazel clean; the same build from the disk cache"
bazel_ clean >/dev/null 2>&1
bazel_ build //... --disk_cache="$tmp/cache" >"$log" 2>&1 || fail "the second build failed"
summary=$(grep -E '[0-9]+ process(es)?: ' "$log" | tail -1 || true)
echo "second build: $summary"
[[ $summary =~ ([0-9]+)\ (disk|remote)\ cache\ hit ]] || fail "no cache hits: $summary"
hits=${BASH_REMATCH[1]}
# Anything that ran again would be counted as linux-sandbox, processwrapper-
# sandbox, local or worker.
! [[ $summary =~ (linux-sandbox|processwrapper-sandbox|[0-9]+\ local|worker) ]] ||
  fail "some actions ran again: $summary"
[[ -f $yaml ]] || fail "no $yaml after the cached build"
echo "second build: $hits actions served from the disk cache, none run"

echo "--- 3. fail_on_findings"
if bazel_ build //:jobs --disk_cache="$tmp/cache" --@async_tidy//:fail_on_findings=true >"$log" 2>&1; then
  fail "the build of //:jobs passed with two findings"
fi
grep -q 'jobs.cpp:19:5: error: .*\[async-unawaited-coroutine,-warnings-as-errors\]' "$log" ||
  fail "the finding is not shown as an error"
bazel_ build //:clean --disk_cache="$tmp/cache" --@async_tidy//:fail_on_findings=true >"$log" 2>&1 ||
  fail "the build of //:clean failed"
echo "bazel-test: passed"
