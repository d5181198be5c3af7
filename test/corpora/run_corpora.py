#!/usr/bin/env python3
"""Runs every async-* check over the real-code corpora of ../shared/corpora
and compares the findings with test/corpora/expectations.txt.

    run_corpora.py --async-tidy build/bin/async-tidy [-j 2] [--update]
                   [--corpora DIR] [--only cppcoro,libcoro] [--filter TEXT]
                   [--sample N] [--stats]

The corpora (cppcoro, libcoro, concurrencpp and folly's coroutine tests) are
four code bases that nobody here wrote, each with the compiler flags of every
translation unit in <name>.tus. Each TU is checked by one async-tidy run with
`--checks=-*,async-*`; findings in the corpus's own headers count, those in
system headers do not. A header finding that several TUs report counts once.

expectations.txt has the format of test/real/expectations.txt, with the file
relative to the corpora directory:

    <file>:<line>:<col>: <check>: <verdict>: <reason>

    true positive            the finding must be reported
    known false positive     reported, wrongly; a check should stop doing so
    fixed false positive     must not be reported (a regression guard)
    debatable                depends on a project's policy: may come or go
    UNTRIAGED                written by --update for a new finding; fails

The run fails on a new finding, on a lost true positive, on a fixed false
positive that is back, on an UNTRIAGED line, on a TU that does not compile,
and on a crash or a timeout. With --stats it also prints, per corpus and per
check, the TUs, the lines covered (the corpus files in the TUs' dependencies,
from `clang++ -MM`), the findings, true and false positives, and the false
positives per 10,000 lines.

Where the corpora are missing (a clone outside the workplace that made
them), it says how to get them (scripts/fetch-corpora.sh) and exits with 77,
which ctest reports as skipped.
"""

import argparse
import collections
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "real"))
import run_real  # noqa: E402  (shared output parsing and expectations I/O)

DEFAULT_EXPECTATIONS = os.path.join(HERE, "expectations.txt")
DEFAULT_CORPORA = os.path.join(os.path.dirname(ROOT), "shared", "corpora")
CORPORA = ("cppcoro", "libcoro", "concurrencpp", "folly")
SKIP = 77

HEADER = """\
# Findings of every async-* check on the real-code corpora (cppcoro, libcoro,
# concurrencpp, folly's coroutine tests); test/corpora/run_corpora.py compares
# each run with this file. One line per finding, the file relative to the
# corpora directory:
#   <file>:<line>:<col>: <check>: <verdict>: <reason>
# Verdicts: true positive | known false positive | fixed false positive
# (must no longer be reported) | debatable (a project's policy decides; may
# come or go) | UNTRIAGED (new, fails until triaged).
# `run_corpora.py --update` rewrites the file and keeps the verdicts.
"""


class TU:
    def __init__(self, corpus, path, flags):
        self.corpus = corpus
        self.path = path  # relative to the corpora directory
        self.flags = flags
        self.name = path


def read_tus(corpora_dir, names):
    tus = []
    for name in names:
        with open(os.path.join(corpora_dir, name + ".tus"), encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if not line.strip():
                    continue
                path, _, flags = line.partition("\t")
                flags = flags.replace("{corpora}", corpora_dir).split()
                tus.append(TU(name, path, flags))
    return tus


def relative(path, corpora_dir, tu_dir):
    path = os.path.normpath(os.path.join(tu_dir, path))
    prefix = corpora_dir.rstrip("/") + "/"
    return path[len(prefix):] if path.startswith(prefix) else None


def tidy_command(async_tidy, corpora_dir, tu, extra=()):
    """The async-tidy command line that checks one TU, as the suite runs it."""
    source = os.path.join(corpora_dir, tu.path)
    # The corpus's own headers, not the recipes' shims and not the system.
    header_filter = "^" + "|".join(
        run_real.re.escape(os.path.join(corpora_dir, c)) + "/" for c in CORPORA)
    return ([async_tidy, "--checks=-*,async-*", "--config={}",
             "--header-filter=" + header_filter, "--quiet"] + list(extra) +
            [source, "--"] + tu.flags)


def select_tus(corpora_dir, names, text="", sample=0):
    """The TUs of the named corpora whose path contains text; with sample,
    only that many per corpus, chosen with a fixed seed."""
    tus = [t for t in read_tus(corpora_dir, names) if text in t.path]
    if not sample:
        return tus
    rng = random.Random(1)
    sampled = []
    for name in names:
        mine = [t for t in tus if t.corpus == name]
        sampled += sorted(rng.sample(mine, min(sample, len(mine))),
                          key=lambda t: t.path)
    return sampled


def run_one(async_tidy, corpora_dir, tu, timeout):
    result = run_real.Result(tu)
    source = os.path.join(corpora_dir, tu.path)
    cmd = tidy_command(async_tidy, corpora_dir, tu)
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
    result.problems += run_real.crash_problems(proc, out)
    for line in out.splitlines():
        if run_real.ERROR_RE.match(line):
            result.problems.append("does not compile: " + line)
            continue
        m = run_real.WARNING_RE.match(line)
        if not m:
            continue
        path = relative(m.group("file"), corpora_dir, os.path.dirname(source))
        if path is None:
            continue
        for check in m.group("checks").split(","):
            if check.startswith("async-"):
                result.findings.append((path, int(m.group("line")),
                                        int(m.group("col")), check,
                                        m.group("message")))
    if result.problems:
        result.problems.append("command: " + " ".join(cmd))
        result.problems.append("output:\n" + out)
    return result


def lines_covered(corpora_dir, tus, jobs):
    """The corpus files each TU depends on (clang++ -MM), per corpus, and
    their lines."""
    cxx = shutil.which("clang++-22") or shutil.which("clang++")

    def deps(tu):
        proc = subprocess.run(
            [cxx, "-MM", "-MF", "/dev/stdout", os.path.join(corpora_dir, tu.path)]
            + tu.flags, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True)
        files = proc.stdout.replace("\\\n", " ").split()[1:]
        prefix = os.path.join(corpora_dir, tu.corpus) + "/"
        return tu.corpus, {os.path.normpath(f) for f in files
                           if os.path.normpath(f).startswith(prefix)}

    per_corpus = collections.defaultdict(set)
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for corpus, files in pool.map(deps, tus):
            per_corpus[corpus] |= files
    result = {}
    for corpus, files in per_corpus.items():
        total = 0
        for f in files:
            with open(f, "rb") as fh:
                total += fh.read().count(b"\n")
        result[corpus] = (len(files), total)
    return result


VERDICT_COLUMN = {"true positive": "TP", "known false positive": "FP",
                  "debatable": "DEB", "UNTRIAGED": "UNTRIAGED"}


def print_stats(tus, found, expectations, covered, checks):
    corpora = [c for c in CORPORA if any(t.corpus == c for t in tus)]
    tu_count = collections.Counter(t.corpus for t in tus)
    table = collections.defaultdict(collections.Counter)
    for key in found:
        corpus = key[0].split("/", 1)[0]
        e = expectations.get(key)
        verdict = VERDICT_COLUMN.get(e.verdict if e else "UNTRIAGED", "FP")
        for check in (key[3], "all"):
            table[(corpus, check)]["findings"] += 1
            table[(corpus, check)][verdict] += 1
            table[("total", check)]["findings"] += 1
            table[("total", check)][verdict] += 1
    print("corpora: %-13s %-34s %4s %7s %7s %8s %4s %4s %4s %9s %9s" % (
        "corpus", "check", "TUs", "files", "lines", "findings", "TP", "FP",
        "DEB", "untriaged", "FP/10k"))
    total_files = sum(covered.get(c, (0, 0))[0] for c in corpora)
    total_lines = sum(covered.get(c, (0, 0))[1] for c in corpora)
    for corpus in corpora + ["total"]:
        if corpus == "total":
            tus_n, (files, lines) = len(tus), (total_files, total_lines)
        else:
            tus_n, (files, lines) = tu_count[corpus], covered.get(corpus, (0, 0))
        for check in checks + ["all"]:
            row = table[(corpus, check)]
            print("corpora: %-13s %-34s %4d %7d %7d %8d %4d %4d %4d %9d %9.2f" % (
                corpus, check, tus_n, files, lines, row["findings"], row["TP"],
                row["FP"], row["DEB"], row["UNTRIAGED"],
                10000.0 * (row["FP"] + row["UNTRIAGED"]) / lines if lines else 0))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--async-tidy", required=True)
    parser.add_argument("--corpora", default=os.environ.get(
        "ASYNC_TIDY_CORPORA", DEFAULT_CORPORA),
        help="the corpora directory (default ../shared/corpora beside the "
             "checkout, or $ASYNC_TIDY_CORPORA)")
    parser.add_argument("--expectations", default=DEFAULT_EXPECTATIONS)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=600,
                        help="seconds allowed per TU (default 600)")
    parser.add_argument("--only", default="",
                        help="comma-separated corpora to run (default all)")
    parser.add_argument("--filter", default="",
                        help="only the TUs whose path contains this")
    parser.add_argument("--sample", type=int, default=0,
                        help="only N TUs per corpus, chosen with a fixed seed")
    parser.add_argument("--stats", action="store_true",
                        help="print the per-corpus, per-check table")
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()

    corpora_dir = os.path.abspath(args.corpora)
    names = [n for n in args.only.split(",") if n] or list(CORPORA)
    unknown = [n for n in names if n not in CORPORA]
    if unknown:
        print("corpora: unknown corpus %s (known: %s)" % (
            ", ".join(unknown), ", ".join(CORPORA)))
        return 2
    missing = [n for n in names
               if not os.path.isfile(os.path.join(corpora_dir, n + ".tus"))]
    if missing:
        print("corpora: SKIPPED: %s not found in %s; run scripts/fetch-corpora.sh "
              "DIR to clone them at their pinned commits, then pass --corpora DIR "
              "(or set ASYNC_TIDY_CORPORA)" % (", ".join(missing), corpora_dir))
        return SKIP
    if not os.access(args.async_tidy, os.X_OK):
        print("corpora: %s is not an executable" % args.async_tidy)
        return 2

    tus = select_tus(corpora_dir, names, args.filter, args.sample)
    partial = bool(args.filter or args.sample or args.only)
    checks = subprocess.run(
        [args.async_tidy, "--checks=-*,async-*", "--config={}", "--list-checks"],
        stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    checks = [c for c in checks if c.startswith("async-")]
    print("corpora: %d TUs of %s, checks: %s" % (len(tus), ", ".join(names),
                                                 ", ".join(checks)))
    sys.stdout.flush()

    start = time.monotonic()
    done = [0]

    def run(tu):
        r = run_one(args.async_tidy, corpora_dir, tu, args.timeout)
        done[0] += 1
        if done[0] % 25 == 0:
            print("corpora: %d/%d TUs in %.0f s" % (
                done[0], len(tus), time.monotonic() - start))
            sys.stdout.flush()
        return r

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run, tus))
    wall = time.monotonic() - start

    failures = []
    found = collections.OrderedDict()
    for r in results:
        for p in r.problems:
            failures.append("%s: %s" % (r.example.name, p))
        for f, line, col, check, message in r.findings:
            found.setdefault((f, line, col, check), message)

    expectations, errors = run_real.read_expectations(args.expectations)
    failures += errors
    by_check = collections.Counter(k[3] for k in found)
    slowest = max(results, key=lambda r: r.seconds, default=None)
    print("corpora: %d findings in %.1f s (%d jobs; slowest %s, %.1f s)" % (
        len(found), wall, args.jobs, slowest.example.name if slowest else "-",
        slowest.seconds if slowest else 0.0))
    for check in checks:
        print("  %4d  %s" % (by_check.get(check, 0), check))

    if args.update:
        if partial:
            print("corpora: --update needs every TU (no --only, --filter or "
                  "--sample)")
            return 2
        run_real.write_expectations(args.expectations, found, expectations,
                                    HEADER)
        print("corpora: wrote %s" % args.expectations)
        expectations, errors = run_real.read_expectations(args.expectations)
        failures += errors

    seen_files = {t.path for t in tus}
    for key, message in found.items():
        e = expectations.get(key)
        if e is None:
            failures.append("new finding: %s: %s" % (run_real.fmt(key), message))
        elif e.verdict == "fixed false positive":
            failures.append("fixed false positive is back: %s: %s (%s)" % (
                run_real.fmt(key), message, e.reason))
        elif e.verdict == "UNTRIAGED":
            failures.append("untriaged finding: %s: %s" % (
                run_real.fmt(key), message))
    for key, e in expectations.items():
        # A partial run only sees the findings of the TUs it ran.
        if partial and key[0] not in seen_files:
            continue
        if e.verdict == "true positive" and key not in found:
            failures.append("lost true positive: %s" % e.text)
    known_fp = [e for e in expectations.values()
                if e.verdict == "known false positive" and e.key in found]
    for e in known_fp:
        print("corpora: known false positive: " + e.text)
    gone_fp = [e for e in expectations.values()
               if e.verdict == "known false positive" and e.key not in found
               and (not partial or e.key[0] in seen_files)]
    for e in gone_fp:
        print("corpora: no longer reported (mark it 'fixed false positive'): "
              + e.text)

    if args.stats:
        print_stats(tus, found, expectations,
                    lines_covered(corpora_dir, tus, args.jobs), checks)

    for f in failures:
        print("corpora: FAIL: " + f)
    print("corpora: %s (%d findings, %d known false positives, %d failures)" % (
        "FAILED" if failures else "passed", len(found), len(known_fp),
        len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
