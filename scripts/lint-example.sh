#!/usr/bin/env bash
# The demo: builds async-tidy for LLVM 22 and lints examples/ (a small
# Boost.Asio relay with deliberate mistakes) with it, the way a user would:
# run-clang-tidy over the project's compile_commands.json, with the checks
# chosen by examples/.clang-tidy.
#
#   scripts/lint-example.sh
#
# Prints the findings and a summary: for every check async-tidy has, how
# many findings and how many lines the sources mark for it, and where its
# page is; then how to suppress a finding. Findings are the point of the demo, so
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

# ASYNC_TIDY=PATH lints with that binary instead (no install, no build; the
# e2e test and a second LLVM use it), LLVM=19 picks the clang and
# run-clang-tidy of that major; STRICT=1 makes a mismatch between the marked
# lines and the findings an error (exit 3).
llvm=${LLVM:-22}
tidy=${ASYNC_TIDY:-}
if [[ -z "$tidy" ]]; then
  echo "lint-example: installing packages (LLVM $llvm) if missing"
  quietly bash scripts/install-deps.sh --llvm "$llvm"
  echo "lint-example: building async-tidy (build/)"
  quietly bash scripts/build.sh "$llvm"
  tidy="$root/build/bin/async-tidy"
  [[ $llvm == 22 ]] || tidy="$root/build-$llvm/bin/async-tidy"
fi
tidy=$(cd "$(dirname "$tidy")" && pwd)/$(basename "$tidy")
example_build=${EXAMPLE_BUILD_DIR:-$root/examples/build}

# compile_commands.json holds absolute paths, so it is made here, for this
# checkout, rather than checked in.
echo "lint-example: generating ${example_build#"$root"/}/compile_commands.json"
quietly cmake -S examples -B "$example_build" -G Ninja \
  -DCMAKE_CXX_COMPILER="clang++-$llvm" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

echo "lint-example: running ${tidy#"$root"/} on examples/src/*.cpp"
echo
output="$log_dir/tidy.out"
status=0
# -hide-progress came with run-clang-tidy 20; LLVM 19's takes it for -h.
progress=()
if "run-clang-tidy-$llvm" --help 2>/dev/null | grep -q -- '-hide-progress'; then
  progress=(-hide-progress)
fi
# From inside examples/, as in any project: run-clang-tidy's own sanity run
# of the binary then reads examples/.clang-tidy as well.
(cd examples &&
  "run-clang-tidy-$llvm" -clang-tidy-binary "$tidy" -p "$example_build" \
    -quiet "${progress[@]}" -j "${JOBS:-2}") >"$output" 2>&1 || status=$?
cat "$output"

if ((status != 0)) ||
   grep -qE '^[^ ]+:[0-9]+:[0-9]+: (fatal )?error: |^Error while processing' "$output"; then
  echo "lint-example: async-tidy failed on the example (exit status $status)" >&2
  exit 1
fi

# Each line the example expects a finding on is marked, just above it, with
# `// async-tidy (<check without async->): why`. The summary compares the
# findings with the marks, check by check, for every check async-tidy has.
checks=$("$tidy" '--checks=-*,async-*' --list-checks | sed -nE 's/^ +(async-[a-z0-9-]+)$/\1/p')
echo
python3 - "$output" "$root" "${STRICT:-0}" $checks <<'PY'
import glob, os, re, sys

output, root, strict, checks = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4:]
finding = re.compile(r"^(\S+?):([0-9]+):[0-9]+: warning: .*\[(async-[a-z0-9-]+)\]$")
found, notes = set(), 0
for line in open(output, encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    m = finding.match(line)
    if m:
        found.add((os.path.realpath(m.group(1)), int(m.group(2)), m.group(3)))
    elif re.match(r"^\S+:[0-9]+:[0-9]+: note: ", line):
        notes += 1
marked = set()
mark = re.compile(r"^\s*// async-tidy \(([a-z0-9-]+)\):")
for path in sorted(glob.glob(os.path.join(root, "examples", "src", "*.cpp"))
                   + glob.glob(os.path.join(root, "examples", "include", "*", "*.hpp"))):
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, text in enumerate(lines):
        m = mark.match(text)
        if not m:
            continue
        j = i + 1  # the marked line is the first after the comment
        while j < len(lines) and lines[j].lstrip().startswith("//"):
            j += 1
        marked.add((os.path.realpath(path), j + 1, "async-" + m.group(1)))

rel = lambda p: os.path.relpath(p, root)
width = max([len(c) for c in checks] + [10])
print("lint-example: %d findings, %d notes, by check:" % (len(found), notes))
for check in checks + sorted({c for _, _, c in found | marked} - set(checks)):
    n = sum(1 for f in found if f[2] == check)
    m = sum(1 for f in marked if f[2] == check)
    doc = os.path.join("docs", "checks", check + ".rst")
    print("  %-*s %3d found, %3d marked   doc: %s"
          % (width, check, n, m, doc if os.path.exists(os.path.join(root, doc))
             else "(no page)"))
problems = []
for path, line, check in sorted(marked - found):
    problems.append("%s:%d: marked '%s' but not reported" % (rel(path), line, check))
for path, line, check in sorted(found - marked):
    problems.append("%s:%d: reported by %s but not marked" % (rel(path), line, check))
for check in checks:
    if not any(f[2] == check for f in marked):
        problems.append("%s has no example: add examples/src/<topic>.cpp with "
                        "a line marked '// async-tidy (%s): why' and the "
                        "correct code beside it" % (check, check[len("async-"):]))
for p in problems:
    print("lint-example: mismatch: " + p)
if not problems:
    print("lint-example: every finding is on a line the sources mark with "
          "'// async-tidy (<check>)', and every mark was reported")
print("lint-example: each check's page (the doc: path above) says what it "
      "finds, why, how to fix it and its options")
print("lint-example: to keep a finding you have judged, end its line with "
      "// NOLINT(<check>), e.g. // NOLINT(async-blocking-call-in-coroutine), "
      "or put // NOLINTNEXTLINE(<check>) on the line above; to turn a check "
      "off, add -<check> to Checks: in .clang-tidy")
sys.exit(3 if problems and strict else 0)
PY
