#!/usr/bin/env bash
# `cmake --install BUILD --prefix PREFIX` into a temporary prefix: the
# programs, the plugin, the SARIF converter and the docs are where
# docs/integrations/installing.rst says, the links resolve, and the
# installed async-tidy (reached through the unversioned link) lints a file.
#
#   install_prefix_test.sh BUILD_DIR LLVM_MAJOR
set -euo pipefail

build=$(realpath "$1")
major=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install-prefix-test: FAILED: $*" >&2; exit 1; }

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; fail "cmake --install"; }
(cd "$prefix" && find . \( -type f -o -type l \) -printf '%p %l\n' | sort) | tee "$tmp/files"

private=lib/async-tidy/llvm-$major
for entry in \
  "./bin/async-tidy-$major ../$private/bin/async-tidy" \
  "./bin/async-clangd-$major ../$private/bin/async-clangd" \
  "./bin/async-tidy async-tidy-$major" "./bin/async-clangd async-clangd-$major" \
  "./bin/async-tidy-sarif ../$private/bin/async-tidy-sarif" \
  "./$private/bin/async-tidy " "./$private/bin/async-clangd " \
  "./$private/bin/async-tidy-sarif " "./$private/lib/AsyncTidyPlugin.so " \
  "./$private/lib/AsyncTidyChecks.so " \
  "./share/doc/async-tidy-llvm$major/README.md " \
  "./share/doc/async-tidy-llvm$major/checks/async-blocking-call-in-coroutine.rst " \
  "./share/doc/async-tidy-llvm$major/integrations/installing.rst "; do
  grep -qxF "$entry" "$tmp/files" || fail "not installed: $entry"
done

mkdir -p "$tmp/home"
cd "$(dirname "$0")/project"
HOME=$tmp/home "$prefix/bin/async-tidy" --checks='-*,async-*' src/jobs.cpp \
  -- -std=c++20 -Iinclude >"$tmp/lint.log" 2>&1 || { cat "$tmp/lint.log"; fail "async-tidy failed"; }
grep -c 'warning: .*\[async-' "$tmp/lint.log" | grep -qx 2 ||
  { cat "$tmp/lint.log"; fail "the installed async-tidy did not report the two findings"; }
echo "install-prefix-test: passed ($(du -sh "$prefix" | cut -f1) installed)"
