#!/usr/bin/env bash
# End-to-end test of the Debian package.
#
#   install_deb_test.sh BUILD_DIR LLVM_MAJOR
#
# Builds async-tidy-llvm<major>_<version>_<arch>.deb with `cpack -G DEB`,
# checks its contents (dpkg -c) and dependencies, installs it with
# `apt-get install ./file.deb`, lints a file with the installed
# /usr/bin/async-tidy and async-tidy-<major> (standard headers and
# <coroutine> included), runs the plugin in clang-tidy-<major>, async-clangd
# and async-tidy-sarif, and removes the package again so the machine is left
# as found. Exits 77 (skipped) when not root, when apt-get or cpack is
# missing, or when the package is already installed.
set -euo pipefail

build=$(realpath "$1")
major=$2
package=async-tidy-llvm$major

skip() { echo "install-deb-test: SKIPPED: $*"; exit 77; }
((EUID == 0)) || skip "needs root to install a package (run as root, or in CI)"
for tool in apt-get dpkg cpack dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || skip "'$tool' is not installed"
done
if dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null | grep -q '^i'; then
  skip "$package is already installed; the test would replace and then remove it"
fi

tmp=$(mktemp -d)
installed=0
cleanup() {
  if ((installed)); then
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 \
      purge -y "$package" >"$tmp/purge.log" 2>&1 ||
      { echo "install-deb-test: could not remove $package:"; cat "$tmp/purge.log"; }
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "install-deb-test: FAILED: $*" >&2; exit 1; }
step() { echo "--- $*"; }

step "cpack -G DEB"
start=$SECONDS
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log"; fail "cpack"; }
deb=$(ls "$tmp"/pkg/"$package"_*.deb)
echo "$(basename "$deb"): $(du -h "$deb" | cut -f1), $((SECONDS - start)) s"

step "dpkg -c"
dpkg -c "$deb" | awk '{ print $6, $7, $8 }' | sed -e 's|^\./|/|' -e 's/ *$//' | sort >"$tmp/contents"
cat "$tmp/contents"
private=/usr/lib/async-tidy/llvm-$major
for entry in \
  "/usr/bin/async-tidy-$major -> ../lib/async-tidy/llvm-$major/bin/async-tidy" \
  "/usr/bin/async-clangd-$major -> ../lib/async-tidy/llvm-$major/bin/async-clangd" \
  "$private/bin/async-tidy" "$private/bin/async-clangd" \
  "$private/bin/async-tidy-sarif" "$private/lib/AsyncTidyPlugin.so" \
  "$private/lib/AsyncTidyChecks.so" \
  "/usr/share/doc/$package/README.md" "/usr/share/doc/$package/index.rst" \
  "/usr/share/doc/$package/checks/async-blocking-call-in-coroutine.rst"; do
  grep -qxF "$entry" "$tmp/contents" || fail "the package lacks $entry"
done
# Unversioned names are update-alternatives links, made by postinst, so that
# the packages of several majors do not collide.
if grep -qE '^/usr/bin/async-(tidy|clangd|tidy-sarif) ' "$tmp/contents"; then
  fail "the package ships an unversioned /usr/bin name"
fi
if grep -vE "^/usr/(bin/async-(tidy|clangd)-$major |lib/async-tidy/|share/doc/$package/)" \
     "$tmp/contents" | grep -vE '^/usr/(bin|lib|share|share/doc)?/? *$'; then
  fail "files outside the package's own directories (above)"
fi

step "dependencies"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in "libclang-cpp$major" "libllvm$major" "libclang-common-$major-dev"; do
  pattern="(^|[ ,])$dep([ ,(]|\$)"
  [[ $depends =~ $pattern ]] || fail "Depends lacks $dep"
done

step "apt-get install ./$(basename "$deb")"
installed=1
DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 \
  install -y --no-install-recommends "$deb" >"$tmp/apt.log" 2>&1 ||
  { cat "$tmp/apt.log"; fail "apt-get install"; }
grep -E "^(Setting up|Unpacking) $package" "$tmp/apt.log"
update-alternatives --query async-tidy | grep -qxF "Alternative: /usr/bin/async-tidy-$major" ||
  fail "postinst did not register /usr/bin/async-tidy-$major as an alternative"
[[ -x /usr/bin/async-tidy && -x /usr/bin/async-clangd && -x /usr/bin/async-tidy-sarif ]] ||
  fail "the unversioned /usr/bin names are missing"
update-alternatives --query async-tidy | grep -E '^(Value|Alternative):'

step "lint a file with the installed async-tidy"
mkdir -p "$tmp/project"
cp -r "$(dirname "$0")/project/include" "$(dirname "$0")/project/src" "$tmp/project/"
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config
mkdir -p "$HOME"
for tidy in "/usr/bin/async-tidy-$major" /usr/bin/async-tidy; do
  [[ $tidy == /usr/bin/async-tidy && $(readlink -f /usr/bin/async-tidy) != "$private/bin/async-tidy" ]] &&
    continue # a higher major's package is installed and owns the name
  (cd "$tmp/project" && "$tidy" --checks='-*,async-*' src/jobs.cpp -- -std=c++20 -Iinclude) \
    >"$tmp/lint.log" 2>&1 || { cat "$tmp/lint.log"; fail "$tidy exited with an error"; }
  grep -q 'jobs.cpp:18:5: warning: .*\[async-blocking-call-in-coroutine\]' "$tmp/lint.log" &&
    grep -q 'jobs.cpp:19:5: warning: .*\[async-unawaited-coroutine\]' "$tmp/lint.log" ||
    { cat "$tmp/lint.log"; fail "$tidy did not report the two findings"; }
  ! grep -E 'error:' "$tmp/lint.log" || fail "$tidy reported errors (resource directory?)"
  echo "$tidy: 2 findings, no errors"
done
"/usr/bin/async-tidy-$major" --version | grep -q "LLVM version $major\." ||
  fail "async-tidy-$major is not built on LLVM $major"

step "the plugin in clang-tidy-$major"
if command -v "clang-tidy-$major" >/dev/null; then
  "clang-tidy-$major" --load="$private/lib/AsyncTidyPlugin.so" --checks='-*,async-*' \
    --list-checks | tee "$tmp/plugin.log" | grep -q 'async-unawaited-coroutine' ||
    { cat "$tmp/plugin.log"; fail "the installed plugin registers no checks"; }
  echo "clang-tidy-$major --load=$private/lib/AsyncTidyPlugin.so: checks registered"
else
  echo "clang-tidy-$major is not installed; plugin not tried"
fi

step "async-clangd-$major --check"
printf 'Diagnostics:\n  ClangTidy:\n    FastCheckFilter: Loose\n' >"$tmp/project/.clangd"
printf "Checks: '-*,async-*'\n" >"$tmp/project/.clang-tidy"
printf -- '-std=c++20\n-I%s\n' "$tmp/project/include" >"$tmp/project/compile_flags.txt"
(cd "$tmp/project" && "/usr/bin/async-clangd-$major" --check=src/jobs.cpp --check-warnings) \
  >"$tmp/clangd.log" 2>&1 || true
grep -q '\[async-unawaited-coroutine\]' "$tmp/clangd.log" ||
  { tail -n 30 "$tmp/clangd.log"; fail "the installed async-clangd reports nothing"; }
echo "async-clangd-$major: findings shown"

step "async-tidy-sarif (installed)"
(cd "$tmp/project" && "$private/bin/async-tidy-sarif" -o out.sarif -- \
  "/usr/bin/async-tidy-$major" --checks='-*,async-*' src/jobs.cpp -- -std=c++20 -Iinclude) \
  >"$tmp/sarif.log" 2>&1 || { cat "$tmp/sarif.log"; fail "async-tidy-sarif"; }
grep -q "\"helpUri\": \"file:///usr/share/doc/$package/checks/async-blocking-call-in-coroutine.rst\"" \
  "$tmp/project/out.sarif" || fail "the installed SARIF converter does not find the installed docs"
echo "async-tidy-sarif: $(grep -c '"ruleId"' "$tmp/project/out.sarif") results, rules documented"

step "apt-get purge"
DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 purge -y "$package" \
  >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log"; fail "apt-get purge"; }
installed=0
[[ ! -e $private && ! -e /usr/bin/async-tidy-$major ]] || fail "files left after purge"
if update-alternatives --query async-tidy 2>/dev/null | grep -q "async-tidy-$major"; then
  fail "the async-tidy alternative still names async-tidy-$major"
fi
echo "install-deb-test: passed"
