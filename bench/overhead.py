#!/usr/bin/env python3
"""What the async-* checks add to parsing, on the real coroutine examples.

    bench/overhead.py [--build build] [--runs 5] [--filter TEXT]

For each example of the real-code suite (test/real/run_real.py), runs
`clang++ -fsyntax-only` and `async-tidy --checks='-*,async-*'` with the same
flags, alternately, --runs times each, and prints the medians and their
ratio, in CPU time (user + system of the child, steadier on a busy machine)
and in wall time. Then one more async-tidy run per file with
--enable-check-profile gives each check's own time, summed over the files, as
a share of the parse. Target: the checks add at most 5% to the parse.
"""

import argparse
import collections
import re

import common

PROFILE_RE = re.compile(
    r"^\s*([\d.]+)\s*\(\s*[\d.]+%\)\s+([\d.]+)\s*\(\s*[\d.]+%\)\s+"
    r"([\d.]+)\s*\(\s*[\d.]+%\)\s+([\d.]+)\s*\(\s*[\d.]+%\)\s+(\S+)$")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--filter", default="")
    args = parser.parse_args()

    tools = common.Tools(args.build)
    examples = [e for e in common.examples() if args.filter in e.name]
    print("overhead: LLVM %s, %d examples, %d runs each, checks: %s" % (
        tools.major, len(examples), args.runs, ", ".join(tools.checks())))
    print("overhead: load average %.1f at start" % common.load_average())
    print("%-72s %7s %7s %7s %7s %7s" % (
        "example", "parse", "tidy", "ratio", "wall", "ratio"))
    print("%-72s %7s %7s %7s %7s %7s" % ("", "cpu s", "cpu s", "cpu", "tidy s", "wall"))

    totals = collections.Counter()
    profile = collections.Counter()
    for e in examples:
        flags = common.run_real.flags_for(e)
        parse_cmd = [tools.clang, "-fsyntax-only", e.path] + flags
        tidy_cmd = [tools.async_tidy, "--checks=-*,async-*", "--config={}",
                    "--quiet", e.path, "--"] + flags
        parse, tidy = [], []
        for _ in range(args.runs):
            parse.append(common.timed(parse_cmd)[:2])
            tidy.append(common.timed(tidy_cmd)[:2])
        p_wall = common.median([w for w, _ in parse])
        p_cpu = common.median([c for _, c in parse])
        t_wall = common.median([w for w, _ in tidy])
        t_cpu = common.median([c for _, c in tidy])
        totals.update({"p_wall": p_wall, "p_cpu": p_cpu,
                       "t_wall": t_wall, "t_cpu": t_cpu})
        print("%-72s %7.2f %7.2f %7.3f %7.2f %7.3f" % (
            e.name[-72:], p_cpu, t_cpu, t_cpu / p_cpu, t_wall, t_wall / p_wall),
            flush=True)

        _, _, proc = common.timed([tools.async_tidy, "--checks=-*,async-*",
                                   "--config={}", "--enable-check-profile",
                                   "--quiet", e.path, "--"] + flags)
        for line in proc.stdout.splitlines():
            m = PROFILE_RE.match(line)
            if m and m.group(5) != "Total":
                # user+system is the third column.
                profile[m.group(5)] += float(m.group(3))

    print("%-72s %7.2f %7.2f %7.3f %7.2f %7.3f" % (
        "all examples", totals["p_cpu"], totals["t_cpu"],
        totals["t_cpu"] / totals["p_cpu"], totals["t_wall"],
        totals["t_wall"] / totals["p_wall"]))
    print()
    print("overhead: --enable-check-profile, user+system summed over the "
          "examples, against the summed median parse CPU time (%.2f s):"
          % totals["p_cpu"])
    for name, seconds in sorted(profile.items(), key=lambda x: -x[1]):
        print("  %8.3f s  %6.2f%%  %s" % (seconds, 100 * seconds / totals["p_cpu"], name))
    all_checks = sum(profile.values())
    print("  %8.3f s  %6.2f%%  all async-* checks (target: at most 5%%)" % (
        all_checks, 100 * all_checks / totals["p_cpu"]))
    print("overhead: load average %.1f at end" % common.load_average())


if __name__ == "__main__":
    main()
