#!/usr/bin/env python3
"""Half-typed code, as an editor sends it: every lit test input and every real
example, cut off at many points and with random lines deleted, run through
async-tidy and async-clangd --check. Compile errors are expected; a crash, an
assertion, a sanitizer report or a run over the time limit fails.

    mutate.py --async-tidy build/bin/async-tidy [--async-clangd build/bin/async-clangd]
              [--sample N | --all] [--seed S] [--cuts 24] [--deletions 6]

Every file gives --cuts truncated variants (points inside a co_await
expression, a lambda body and a template come first, then points spread over
the file) and --deletions variants with 1 to 5 random lines removed. --all
runs every variant (the full sweep, by hand); --sample N runs N of them
chosen by the seed (CI). The same seed always gives the same variants.
Variants that broke something are kept under --keep (default: a temporary
directory that is printed).

With the sanitizer build (build-asan/), run with
ASAN_OPTIONS=detect_leaks=0:allow_user_poisoning=0. LLVM's BumpPtrAllocator
poisons its slabs from inline header code, which is instrumented in our
binaries and not in Debian's libraries; clangd's index then reads memory that
only the instrumented half thinks is poisoned, and ASan reports a
use-after-poison in FileSymbols::buildIndex even with every check disabled.
"""

import argparse
import concurrent.futures
import glob
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TEST_ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TEST_ROOT, "real"))
import run_real  # noqa: E402  (the examples and their flags)

CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump:", "Assertion `",
                 "AddressSanitizer", "runtime error:",
                 "UndefinedBehaviorSanitizer", "LeakSanitizer")

CLANGD_CONFIG = "Diagnostics:\n  ClangTidy:\n    FastCheckFilter: Loose\n"
TIDY_CONFIG = "Checks: '-*,async-*'\n"


class Source:
    def __init__(self, name, path, flags):
        self.name, self.path, self.flags = name, path, flags


def sources():
    result = []
    inputs = os.path.join(TEST_ROOT, "Inputs")
    for path in sorted(glob.glob(os.path.join(TEST_ROOT, "checkers", "*.cpp"))):
        result.append(Source("test/checkers/" + os.path.basename(path), path,
                             ["-std=c++20", "-I", inputs]))
    examples, missing = run_real.discover()
    if missing:
        raise SystemExit("mutate: example roots missing: " + ", ".join(missing))
    for e in examples:
        result.append(Source(e.name, e.path, run_real.flags_for(e)))
    return result


LAMBDA_RE = re.compile(
    r"\[[^\[\]\n;]*\]\s*(\([^()]*\))?\s*(mutable\s*)?(->\s*[^{;\n]*)?\{")
TEMPLATE_RE = re.compile(r"\btemplate\s*<")
CO_AWAIT_RE = re.compile(r"\bco_await\b")


def cut_points(text, count, rng):
    """Offsets to cut at: inside co_await expressions, lambdas and
    templates first, then spread over the file."""
    points = []

    def some(matches, k):
        matches = list(matches)
        rng.shuffle(matches)
        return matches[:k]

    for m in some(CO_AWAIT_RE.finditer(text), 4):
        end = text.find(";", m.end())
        end = len(text) if end < 0 else end
        # Just after the keyword, and part-way into the operand.
        points.append(m.end() + 1)
        points.append(rng.randint(m.end(), max(m.end(), end)))
    for m in some(LAMBDA_RE.finditer(text), 3):
        points.append(m.end())
        points.append(rng.randint(m.start() + 1, m.end()))
    for m in some(TEMPLATE_RE.finditer(text), 3):
        points.append(m.end())
        close = text.find("{", m.end())
        points.append(rng.randint(m.end(), close if close > 0 else len(text)))
    points = [p for p in points if 0 < p < len(text)][: count - count // 3]
    while len(points) < count:
        # Spread the rest evenly, jittered, over the second half mostly: the
        # first lines are includes, cut there the file is nearly empty.
        i = len(points)
        base = len(text) * (0.3 + 0.7 * (i + rng.random()) / count)
        points.append(min(len(text) - 1, max(1, int(base))))
    return sorted(set(points))


def variants(source, cuts, deletions, seed):
    with open(source.path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    rng = random.Random("%s:%s" % (seed, source.name))
    result = []
    for p in cut_points(text, cuts, rng):
        line = text.count("\n", 0, p) + 1
        result.append(("cut@%d(line %d)" % (p, line), text[:p]))
    lines = text.splitlines(keepends=True)
    for _ in range(deletions):
        k = rng.randint(1, 5)
        gone = sorted(rng.sample(range(len(lines)), min(k, len(lines))))
        kept = "".join(l for i, l in enumerate(lines) if i not in set(gone))
        result.append(("del(lines %s)" % ",".join(str(i + 1) for i in gone),
                       kept))
    return result


def broken(proc_out, returncode, timed_out, limit):
    if timed_out:
        return "no result within %d s" % limit
    if returncode < 0 or returncode >= 128:
        return "killed by signal %d" % (
            -returncode if returncode < 0 else returncode - 128)
    for marker in CRASH_MARKERS:
        if marker in proc_out:
            return "output contains %r" % marker
    return None


def run(cmd, cwd, limit):
    try:
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              timeout=limit, text=True, errors="replace")
        return proc.stdout, proc.returncode, False
    except subprocess.TimeoutExpired as e:
        out = e.stdout or ""
        if isinstance(out, bytes):
            out = out.decode(errors="replace")
        return out, -9, True


def check_variant(args, work, source, label, text, index):
    vdir = os.path.join(work, "v%05d" % index)
    os.makedirs(vdir)
    vfile = os.path.join(vdir, os.path.basename(source.path))
    with open(vfile, "w", encoding="utf-8") as fh:
        fh.write(text)
    # The original's directory, for its quoted includes.
    flags = source.flags + ["-I", os.path.dirname(source.path)]
    problems = []
    slowest = {}

    def attempt(tool, cmd):
        began = time.monotonic()
        out, rc, timed_out = run(cmd, vdir, args.timeout)
        slowest[tool] = time.monotonic() - began
        why = broken(out, rc, timed_out, args.timeout)
        if why:
            problems.append((tool, why, cmd, out))

    attempt("async-tidy", [args.async_tidy, "--checks=-*,async-*",
                           "--config={}", vfile, "--"] + flags)
    if args.async_clangd:
        with open(os.path.join(vdir, "compile_flags.txt"), "w") as fh:
            fh.write("\n".join(flags) + "\n")
        with open(os.path.join(vdir, ".clangd"), "w") as fh:
            fh.write(CLANGD_CONFIG)
        with open(os.path.join(vdir, ".clang-tidy"), "w") as fh:
            fh.write(TIDY_CONFIG)
        attempt("async-clangd", [args.async_clangd, "--check=" + vfile,
                                 "--check-warnings", "--check-locations=false",
                                 "--log=error"])
    if problems:
        keep = os.path.join(args.keep, "%s-%05d" % (
            re.sub(r"[^\w.-]", "_", source.name), index))
        shutil.copytree(vdir, keep, dirs_exist_ok=True)
        problems = [(tool, why, cmd, out, keep, label)
                    for tool, why, cmd, out in problems]
    shutil.rmtree(vdir, ignore_errors=True)
    return source.name, len(slowest), problems, slowest


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--async-tidy", required=True)
    parser.add_argument("--async-clangd", default="")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--cuts", type=int, default=24)
    parser.add_argument("--deletions", type=int, default=6)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--sample", type=int, metavar="N")
    what.add_argument("--all", action="store_true")
    parser.add_argument("--filter", default="")
    parser.add_argument("--timeout", type=int, default=120,
                        help="seconds allowed per run (default 120)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--keep", default="")
    args = parser.parse_args()
    # The runs happen in each variant's own directory.
    args.async_tidy = os.path.abspath(args.async_tidy)
    if args.async_clangd:
        args.async_clangd = os.path.abspath(args.async_clangd)

    srcs = [s for s in sources() if args.filter in s.name]
    pool = []
    for s in srcs:
        for label, text in variants(s, args.cuts, args.deletions, args.seed):
            pool.append((s, label, text))
    if args.sample is not None:
        chosen = random.Random(args.seed).sample(pool, min(args.sample, len(pool)))
    else:
        chosen = pool
    made_keep = not args.keep
    if made_keep:
        args.keep = tempfile.mkdtemp(prefix="async-tidy-mutate-kept-")
    tools = "async-tidy" + (" and async-clangd --check" if args.async_clangd else "")
    print("mutate: %d files, %d variants (%d cuts and %d deletions each), "
          "running %d through %s, seed %s" % (
              len(srcs), len(pool), args.cuts, args.deletions, len(chosen),
              tools, args.seed), flush=True)

    start = time.monotonic()
    runs, problems, files = 0, [], set()
    slowest, done = {}, 0
    with tempfile.TemporaryDirectory(prefix="async-tidy-mutate-") as work:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            futures = [ex.submit(check_variant, args, work, s, label, text, i)
                       for i, (s, label, text) in enumerate(chosen)]
            for f in concurrent.futures.as_completed(futures):
                name, n, p, times = f.result()
                for tool, seconds in times.items():
                    slowest[tool] = max(slowest.get(tool, 0), seconds)
                done += 1
                if done % 100 == 0:
                    print("mutate: %d of %d variants in %.0f s" % (
                        done, len(chosen), time.monotonic() - start), flush=True)
                runs += n
                files.add(name)
                problems += [(name,) + x for x in p]
    wall = time.monotonic() - start

    for name, tool, why, cmd, out, keep, label in problems:
        print("mutate: FAIL: %s %s: %s: %s (kept in %s)" % (
            name, label, tool, why, keep))
        print("  " + " ".join(cmd))
        print("\n".join("  | " + l for l in out.splitlines()[-40:]))
    if not problems and made_keep:
        shutil.rmtree(args.keep, ignore_errors=True)
    print("mutate: slowest run: %s (limit %d s)" % (", ".join(
        "%s %.1f s" % (tool, seconds) for tool, seconds in sorted(slowest.items())),
        args.timeout))
    print("mutate: %d variants of %d files, %d runs in %.0f s: %d failed" % (
        len(chosen), len(files), runs, wall, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
