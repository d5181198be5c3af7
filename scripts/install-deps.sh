#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and linting with
# async-tidy need. Idempotent: when every package is already installed it
# touches nothing and returns at once.
#
#   scripts/install-deps.sh              LLVM 22 and LLVM 19
#   scripts/install-deps.sh --llvm 22    LLVM 22 only (the default toolchain)
#   scripts/install-deps.sh --llvm 19    LLVM 19 only
set -euo pipefail

usage() { sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

versions=(22 19)
while (($#)); do
  case "$1" in
    --llvm)
      (($# >= 2)) || { echo "install-deps: --llvm needs 22 or 19" >&2; exit 2; }
      versions=("$2"); shift 2 ;;
    --llvm=*) versions=("${1#--llvm=}"); shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install-deps: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

packages=(
  cmake ninja-build python3
  # Boost.Asio for the example project, and its shipped C++20 examples.
  libboost1.81-dev libboost1.81-doc
  # The real-code suite (test/real): standalone Asio's coroutine examples,
  # and OpenSSL's headers for Beast's TLS example. libasio-dev recommends
  # Boost 1.74's libboost-dev, which would replace libboost1.81-dev: the
  # install below leaves recommendations out, and must keep doing so.
  libasio-dev libasio-doc libssl-dev
  # Clang's exported clangd targets name gRPC and protobuf targets, which
  # must exist when CMake imports them.
  libgrpc++-dev libprotobuf-dev protobuf-compiler-grpc
  # The end-to-end tests (test/e2e): the pre-commit hook with the real
  # pre-commit, and the .deb that cpack builds (dpkg-shlibdeps and file
  # derive its dependencies).
  git pre-commit dpkg-dev file
  # A real editor's LSP client on async-clangd (test/e2e/nvim_lsp_test.py),
  # and Bazel for the aspect of integrations/bazel (test/e2e/bazel_test.sh).
  neovim bazel-bootstrap
  # The corpus suite (test/corpora): what libcoro's and folly's translation
  # units include; gtest also runs the unit tests of checks/utils.
  libc-ares-dev libdwarf-dev libevent-dev libfmt-dev libgflags-dev
  libgoogle-glog-dev libgtest-dev
)
# npm installs the official SARIF validator (test/e2e/sarif_multitool_test.py)
# into the build tree. A Node.js that brings its own npm (nodesource) is
# kept; otherwise Debian's npm.
command -v npm >/dev/null || packages+=(npm)
for v in "${versions[@]}"; do
  case "$v" in
    22 | 19) ;;
    *) echo "install-deps: LLVM '$v' is not supported (use 22 or 19)" >&2; exit 2 ;;
  esac
  packages+=("clang-$v" "clang-tidy-$v" "clangd-$v" "libclang-$v-dev"
             "llvm-$v-dev" "llvm-$v-tools")
  # The sanitizer runtimes, for the ASan+UBSan build of run-tests.sh.
  [[ $v != 22 ]] || packages+=("libclang-rt-$v-dev")
done

# One dpkg-query for all of them; it names only the packages it knows.
installed=" $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${packages[@]}" \
  2>/dev/null | awk '$1 == "ii" { printf "%s ", $2 }' || true)"
missing=()
for p in "${packages[@]}"; do
  [[ "$installed" == *" $p "* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present (LLVM ${versions[*]})"
  exit 0
fi

sudo=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi

apt_get() {
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q "$@" </dev/null
}
echo "install-deps: installing ${missing[*]}"
apt_get update
apt_get install -y --no-install-recommends "${missing[@]}"
