#!/usr/bin/env bash
# Configures and builds async-tidy with Ninja.
#
#   scripts/build.sh [22|19] [extra cmake arguments...]
#
# LLVM 22 (the default) builds into build/, LLVM 19 into build-19/, unless
# BUILD_DIR says otherwise. JOBS sets the parallelism (default 2). The packages come from
# scripts/install-deps.sh, which this script does not run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${1:-22}
(($#)) && shift
case "$version" in
  22) dir="${BUILD_DIR:-$root/build}" ;;
  19) dir="${BUILD_DIR:-$root/build-19}" ;;
  -h | --help) sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "build: LLVM '$version' is not supported (use 22 or 19)" >&2; exit 2 ;;
esac
jobs=${JOBS:-2}

for tool in cmake ninja "clang++-$version"; do
  if ! command -v "$tool" >/dev/null; then
    echo "build: '$tool' not found; run scripts/install-deps.sh --llvm $version" >&2
    exit 1
  fi
done

# A build directory keeps the LLVM it was first configured with (LLVM_DIR is
# cached); building "19" into a tree configured for 22 would silently give 22.
cache="$dir/CMakeCache.txt"
if [[ -f "$cache" ]] && grep -q '^LLVM_DIR:' "$cache" &&
   ! grep -q "^LLVM_DIR:PATH=.*/llvm-$version/" "$cache"; then
  echo "build: $dir was configured for another LLVM:" >&2
  grep '^LLVM_DIR:' "$cache" >&2
  echo "build: remove $dir and run again" >&2
  exit 1
fi

echo "build: LLVM $version -> ${dir#"$root"/}"
cmake -S "$root" -B "$dir" -G Ninja -DASYNC_TIDY_LLVM="$version" "$@"
ninja -C "$dir" -j "$jobs"
