#!/usr/bin/env python3
"""Runs every async-* check over the coroutine examples Debian ships and
compares the findings with test/real/expectations.txt.

    run_real.py --async-tidy build/bin/async-tidy [-j 2] [--update]

The examples are those of libboost1.81-doc (Boost.Asio and Boost.Beast) and
libasio-doc (standalone Asio), each .cpp file that mentions co_await,
co_return, co_yield or awaitable. Each file is checked by one async-tidy run
with `--checks=-*,async-*`, as C++20 with the flags its package needs.

expectations.txt holds one line per finding:

    <file>:<line>:<col>: <check>: <verdict>: <reason>

<file> is relative to the package's example root, prefixed by the root's
name (boost/, asio/), so that the file means the same on every machine. The
verdicts are:

    true positive            the finding must be reported
    known false positive     reported, wrongly; a check should stop doing so
    fixed false positive     must not be reported (a regression guard for a
                             false positive fixed in a check)
    UNTRIAGED                written by --update for a new finding; fails

The run fails on a new finding, on a lost one, on an UNTRIAGED line, on a
file that does not compile with its flags, and on a crash or a timeout.
--update rewrites the file from the findings of this run, keeping the verdicts
of the findings it already had and the fixed false positives.
"""

import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_EXPECTATIONS = os.path.join(HERE, "expectations.txt")

# name, example root, subdirectories searched, flags for every file below it.
ROOTS = [
    ("boost", "/usr/share/doc/libboost1.81-doc/examples/libs",
     ["asio/example", "beast/example"], []),
    # Asio 1.22 leaves coroutine support off under clang unless told.
    ("asio", "/usr/share/doc/libasio-dev/examples",
     ["."], ["-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1"]),
]
PACKAGE_OF_ROOT = {"boost": "libboost1.81-doc", "asio": "libasio-doc"}

# Extra flags by path prefix (relative to the root, with the root's name).
# Beast's examples include "example/common/...".
EXTRA_FLAGS = [
    ("boost/beast/", ["-I", "{root}/beast"]),
    # Uses std::list without including <list>; libstdc++ 12 does not bring
    # it in through the headers the example includes.
    ("boost/beast/example/advanced/server-flex-awaitable/", ["-include", "list"]),
]

COROUTINE_RE = re.compile(r"\bco_(await|return|yield)\b|awaitable")
WARNING_RE = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): warning: "
    r"(?P<message>.*) \[(?P<checks>[^\]]+)\]$")
ERROR_RE = re.compile(r"^(?P<file>[^\s:][^:]*):(\d+):(\d+): (fatal )?error: ")
CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump:",
                 "Assertion `", "AddressSanitizer", "runtime error:",
                 "UndefinedBehaviorSanitizer")
VERDICTS = ("true positive", "known false positive", "fixed false positive",
            "debatable", "UNTRIAGED")
EXPECTATION_RE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<check>async-[\w-]+): "
    r"(?P<verdict>" + "|".join(re.escape(v) for v in VERDICTS) + r")"
    r"(?P<detail>[^:]*)(?:: (?P<reason>.*))?$")


class Example:
    def __init__(self, root_name, root_dir, path):
        self.path = path
        self.root_dir = root_dir
        self.name = root_name + "/" + os.path.relpath(path, root_dir)


def discover():
    examples, missing = [], []
    for root_name, root_dir, subdirs, _ in ROOTS:
        if not os.path.isdir(root_dir):
            missing.append("%s (%s)" % (root_dir, PACKAGE_OF_ROOT[root_name]))
            continue
        for sub in subdirs:
            for dirpath, dirnames, filenames in os.walk(
                    os.path.join(root_dir, sub)):
                dirnames.sort()
                for f in sorted(filenames):
                    if not f.endswith(".cpp"):
                        continue
                    path = os.path.normpath(os.path.join(dirpath, f))
                    with open(path, encoding="utf-8", errors="replace") as fh:
                        if COROUTINE_RE.search(fh.read()):
                            examples.append(Example(root_name, root_dir, path))
    return examples, missing


def flags_for(example):
    flags = ["-std=c++20"]
    for root_name, root_dir, _, root_flags in ROOTS:
        if example.name.startswith(root_name + "/"):
            flags += root_flags
    for prefix, extra in EXTRA_FLAGS:
        if example.name.startswith(prefix):
            flags += [f.format(root=example.root_dir) for f in extra]
    return flags


def normalise(path, example):
    path = os.path.normpath(os.path.join(os.path.dirname(example.path), path))
    for root_name, root_dir, _, _ in ROOTS:
        if path.startswith(root_dir.rstrip("/") + "/"):
            return root_name + "/" + os.path.relpath(path, root_dir)
    return path


class Result:
    def __init__(self, example):
        self.example = example
        self.findings = []  # (file, line, col, check, message)
        self.problems = []
        self.seconds = 0.0


def run_one(async_tidy, example, timeout):
    result = Result(example)
    # Findings in the examples' own headers count too; Boost's do not.
    header_filter = "^" + re.escape(example.root_dir.rstrip("/")) + "/"
    cmd = [async_tidy, "--checks=-*,async-*", "--config={}",
           "--header-filter=" + header_filter, "--quiet", example.path,
           "--"] + flags_for(example)
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              timeout=timeout, text=True, errors="replace")
    except subprocess.TimeoutExpired:
        result.problems.append("timed out after %d s" % timeout)
        return result
    finally:
        result.seconds = time.monotonic() - start
    out = proc.stdout
    result.problems += crash_problems(proc, out)
    for line in out.splitlines():
        if ERROR_RE.match(line):
            result.problems.append("does not compile: " + line)
            continue
        m = WARNING_RE.match(line)
        if not m:
            continue
        for check in m.group("checks").split(","):
            if check.startswith("async-"):
                result.findings.append(
                    (normalise(m.group("file"), example), int(m.group("line")),
                     int(m.group("col")), check, m.group("message")))
    if result.problems:
        result.problems.append("command: " + " ".join(cmd))
        result.problems.append("output:\n" + out)
    return result


def crash_problems(proc, out):
    """What in one async-tidy run's exit status and output is a crash."""
    problems = []
    if proc.returncode < 0:
        problems.append("killed by signal %d" % -proc.returncode)
    for marker in CRASH_MARKERS:
        if marker in out:
            problems.append("output contains %r" % marker)
    if proc.returncode not in (0, 1) and not problems:
        problems.append("exit status %d" % proc.returncode)
    return problems


class Expectation:
    def __init__(self, key, verdict, reason, text):
        self.key, self.verdict, self.reason, self.text = key, verdict, reason, text


def read_expectations(path):
    expectations, errors = collections.OrderedDict(), []
    if not os.path.exists(path):
        return expectations, errors
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = EXPECTATION_RE.match(line)
            if not m:
                errors.append("%s:%d: cannot read %r" % (path, number, line))
                continue
            key = (m.group("file"), int(m.group("line")), int(m.group("col")),
                   m.group("check"))
            if key in expectations:
                errors.append("%s:%d: %s listed twice" % (path, number, fmt(key)))
            expectations[key] = Expectation(
                key, m.group("verdict"), m.group("reason") or "", line)
    return expectations, errors


def fmt(key):
    return "%s:%d:%d: %s" % key


HEADER = """\
# Findings of every async-* check on the coroutine examples of
# libboost1.81-doc and libasio-doc; test/real/run_real.py compares each run
# with this file. One line per finding:
#   <file>:<line>:<col>: <check>: <verdict>: <reason>
# Verdicts: true positive | known false positive | fixed false positive
# (must no longer be reported) | UNTRIAGED (new, fails until triaged).
# `run_real.py --update` rewrites the file and keeps the verdicts.
"""


def write_expectations(path, found, old, header=HEADER):
    """Rewrites \p path from the findings \p found of a whole run: the lines
    of findings still reported keep their verdicts, a known false positive
    that is no longer reported becomes a fixed one, and a new finding is
    UNTRIAGED."""
    keys = set(found)
    for key, e in old.items():
        if e.verdict in ("fixed false positive", "known false positive",
                         "debatable"):
            keys.add(key)
    lines = []
    for key in sorted(keys, key=lambda k: (k[0], k[1], k[2], k[3])):
        e = old.get(key)
        if e and (key in found or e.verdict != "known false positive"):
            lines.append(e.text)
        elif e:
            lines.append("%s: fixed false positive: %s" % (fmt(key), e.reason))
        else:
            lines.append("%s: UNTRIAGED: %s" % (fmt(key), found[key]))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header)
        fh.write("\n".join(lines) + ("\n" if lines else ""))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--async-tidy", required=True)
    parser.add_argument("--expectations", default=DEFAULT_EXPECTATIONS)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=300,
                        help="seconds allowed per file (default 300)")
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--filter", default="",
                        help="only the examples whose name contains this")
    args = parser.parse_args()

    examples, missing = discover()
    if missing:
        print("real-code: example roots missing (install the packages): " +
              ", ".join(missing))
        return 1
    examples = [e for e in examples if args.filter in e.name]
    checks = subprocess.run(
        [args.async_tidy, "--checks=-*,async-*", "--config={}", "--list-checks"],
        stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    checks = [c for c in checks if c.startswith("async-")]
    print("real-code: %d examples, checks: %s" % (len(examples), ", ".join(checks)))

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(
            lambda e: run_one(args.async_tidy, e, args.timeout), examples))
    wall = time.monotonic() - start

    failures = []
    found = collections.OrderedDict()
    for r in results:
        for p in r.problems:
            failures.append("%s: %s" % (r.example.name, p))
        for f, line, col, check, message in r.findings:
            # Headers seen from several examples report the same finding.
            found.setdefault((f, line, col, check), message)

    expectations, errors = read_expectations(args.expectations)
    failures += errors
    by_check = collections.Counter(k[3] for k in found)
    by_file = collections.Counter(k[0] for k in found)
    print("real-code: %d findings in %.1f s (%d jobs; slowest %s, %.1f s)" % (
        len(found), wall, args.jobs,
        *max(((r.example.name, r.seconds) for r in results),
             key=lambda x: x[1], default=("-", 0.0))))
    for check in checks:
        print("  %4d  %s" % (by_check.get(check, 0), check))
    for r in results:
        n = by_file.get(r.example.name, 0)
        print("  %4d  %-75s %5.1f s" % (n, r.example.name, r.seconds))
    for f in sorted(set(by_file) - {r.example.name for r in results}):
        print("  %4d  %s" % (by_file[f], f))

    if args.update:
        if args.filter:
            print("real-code: --update needs every example (no --filter)")
            return 1
        write_expectations(args.expectations, found, expectations)
        print("real-code: wrote %s" % args.expectations)
        expectations, errors = read_expectations(args.expectations)
        failures += errors

    for key, message in found.items():
        e = expectations.get(key)
        if e is None:
            failures.append("new finding: %s: %s" % (fmt(key), message))
        elif e.verdict == "fixed false positive":
            failures.append("fixed false positive is back: %s: %s (%s)" % (
                fmt(key), message, e.reason))
        elif e.verdict == "UNTRIAGED":
            failures.append("untriaged finding: %s: %s" % (fmt(key), message))
    for key, e in expectations.items():
        if args.filter and args.filter not in key[0]:
            continue
        if e.verdict in ("true positive", "known false positive") and \
                key not in found:
            failures.append("lost finding: %s" % e.text)
    known_fp = [e for e in expectations.values()
                if e.verdict == "known false positive" and e.key in found]
    for e in known_fp:
        print("real-code: known false positive: " + e.text)

    for f in failures:
        print("real-code: FAIL: " + f)
    print("real-code: %s (%d findings, %d known false positives, %d failures)" % (
        "FAILED" if failures else "passed", len(found), len(known_fp),
        len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
