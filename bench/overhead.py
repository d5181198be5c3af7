#!/usr/bin/env python3
"""What the async-* checks add to parsing, on the real coroutine examples or
on the real-code corpora.

    bench/overhead.py [--build build] [--runs 5] [--filter TEXT]
    bench/overhead.py --corpora [DIR] [--sample N] [--only NAMES] [-j N]

Examples: for each example of the real-code suite (test/real/run_real.py), runs
`clang++ -fsyntax-only` and `async-tidy --checks='-*,async-*'` with the same
flags, alternately, --runs times each, and prints the medians and their
ratio, in CPU time (user + system of the child, steadier on a busy machine)
and in wall time. Then one more async-tidy run per file with
--enable-check-profile gives each check's own time, summed over the files, as
a share of the parse. Target: the checks add at most 5% to the parse.

Corpora (--corpora; DIR defaults to ../shared/corpora beside the checkout or
$ASYNC_TIDY_CORPORA): the corpus suite's TUs (test/corpora/run_corpora.py),
where the libraries are the project's own headers and are analysed, not
skipped as system headers. Per TU, `clang++ -fsyntax-only` and the suite's
async-tidy command with --enable-check-profile, --runs times each (default
1), the median CPU time of each. Printed per corpus and in total: the parse
time, the async-tidy time and their ratio (whole process), the checks'
profile time and its share of the parse, each check's share, and the TU
where the checks' share is largest. Targets: the checks together at most 2%
of the parse summed over the TUs, no single TU above 5%.
"""

import argparse
import collections
import concurrent.futures
import os
import re

import common

PROFILE_RE = re.compile(
    r"^\s*([\d.]+)\s*\(\s*[\d.]+%\)\s+([\d.]+)\s*\(\s*[\d.]+%\)\s+"
    r"([\d.]+)\s*\(\s*[\d.]+%\)\s+([\d.]+)\s*\(\s*[\d.]+%\)\s+(\S+)$")


def profile_of(output):
    """Each check's user+system seconds from --enable-check-profile output."""
    profile = collections.Counter()
    for line in output.splitlines():
        m = PROFILE_RE.match(line)
        if m and m.group(5) != "Total":
            # user+system is the third column.
            profile[m.group(5)] += float(m.group(3))
    return profile


def share(part, whole):
    return 100.0 * part / whole if whole else float("nan")


def measure_tu(tools, corpora_dir, tu, runs):
    parse_cmd = [tools.clang, "-fsyntax-only",
                 os.path.join(corpora_dir, tu.path)] + tu.flags
    tidy_cmd = common.run_corpora.tidy_command(
        tools.async_tidy, corpora_dir, tu, ["--enable-check-profile"])
    parse, tidy, profiles = [], [], []
    for _ in range(runs):
        _, cpu, proc = common.timed(parse_cmd)
        if proc.returncode != 0:
            raise SystemExit("bench: %s does not parse:\n%s" % (
                tu.path, proc.stdout[-2000:]))
        parse.append(cpu)
        _, cpu, proc = common.timed(tidy_cmd)
        if proc.returncode not in (0, 1) or "checks profiling" not in proc.stdout:
            raise SystemExit("bench: async-tidy failed on %s:\n%s" % (
                tu.path, proc.stdout[-2000:]))
        tidy.append(cpu)
        profiles.append(profile_of(proc.stdout))
    # The profile of the run whose total is the median one.
    profiles.sort(key=lambda p: sum(p.values()))
    return common.median(parse), common.median(tidy), profiles[len(profiles) // 2]


def corpora_main(args, tools):
    corpora_dir = os.path.abspath(args.corpora)
    rc = common.run_corpora
    names = [n for n in args.only.split(",") if n] or list(rc.CORPORA)
    unknown = [n for n in names if n not in rc.CORPORA]
    if unknown:
        raise SystemExit("bench: unknown corpus %s (known: %s)" % (
            ", ".join(unknown), ", ".join(rc.CORPORA)))
    missing = [n for n in names
               if not os.path.isfile(os.path.join(corpora_dir, n + ".tus"))]
    if missing:
        raise SystemExit("bench: %s not found in %s (scripts/fetch-corpora.sh "
                         "DIR clones them)" % (", ".join(missing), corpora_dir))
    tus = rc.select_tus(corpora_dir, names, args.filter, args.sample)
    checks = tools.checks()
    print("overhead: LLVM %s, %d TUs of %s, %d run(s) each, %d job(s), "
          "checks: %s" % (tools.major, len(tus), ", ".join(names), args.runs,
                          args.jobs, ", ".join(checks)))
    print("overhead: load average %.1f at start" % common.load_average(),
          flush=True)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        measured = list(pool.map(
            lambda tu: measure_tu(tools, corpora_dir, tu, args.runs), tus))

    print("%-13s %4s %9s %9s %7s %8s %7s %7s" % (
        "corpus", "TUs", "parse", "tidy", "ratio", "checks", "share",
        "max TU"))
    print("%-13s %4s %9s %9s %7s %8s %7s %7s" % (
        "", "", "cpu s", "cpu s", "process", "cpu s", "%", "share %"))
    rows = collections.OrderedDict((n, []) for n in names)
    for tu, m in zip(tus, measured):
        rows[tu.corpus].append((tu, m))
    rows["total"] = list(zip(tus, measured))
    per_check = collections.OrderedDict()
    for name, items in rows.items():
        parse = sum(m[0] for _, m in items)
        tidy = sum(m[1] for _, m in items)
        profile = collections.Counter()
        for _, m in items:
            profile.update(m[2])
        per_check[name] = profile
        worst = max((share(sum(m[2].values()), m[0]) for _, m in items),
                    default=0.0)
        print("%-13s %4d %9.2f %9.2f %7.3f %8.3f %7.2f %7.2f" % (
            name, len(items), parse, tidy, tidy / parse if parse else 0,
            sum(profile.values()), share(sum(profile.values()), parse), worst))

    parse_total = sum(m[0] for m in measured)
    print()
    print("overhead: each check's profile time as a share of the parse "
          "(%.2f s), per corpus:" % parse_total)
    print("  %-34s %s" % ("check", " ".join("%12s" % n for n in rows)))
    parse_of = {n: sum(m[0] for _, m in items) for n, items in rows.items()}
    for check in checks:
        print("  %-34s %s" % (check, " ".join(
            "%11.2f%%" % share(per_check[n][check], parse_of[n]) for n in rows)))

    # The TU where all checks together cost most, and for the check whose
    # total share is largest, the TU where it is largest.
    worst_tu, worst_m = max(zip(tus, measured),
                            key=lambda x: share(sum(x[1][2].values()), x[1][0]))
    top = max(checks, key=lambda c: per_check["total"][c])
    top_tu, top_m = max(zip(tus, measured),
                        key=lambda x: share(x[1][2][top], x[1][0]))
    print()
    print("overhead: largest check: %s, %.2f%% in total, largest on %s "
          "(%.2f%% of its %.2f s parse)" % (
              top, share(per_check["total"][top], parse_total), top_tu.path,
              share(top_m[2][top], top_m[0]), top_m[0]))
    print("overhead: largest TU: %s, all checks %.2f%% of its %.2f s parse "
          "(%s)" % (worst_tu.path, share(sum(worst_m[2].values()), worst_m[0]),
                    worst_m[0], ", ".join(
                        "%s %.3f s" % (c, s) for c, s in worst_m[2].most_common(2))))
    total_share = share(sum(per_check["total"].values()), parse_total)
    worst_share = share(sum(worst_m[2].values()), worst_m[0])
    print("overhead: targets: all checks <= 2%% of the parse (%.2f%%: %s), "
          "no TU above 5%% (%.2f%%: %s)" % (
              total_share, "met" if total_share <= 2 else "MISSED",
              worst_share, "met" if worst_share <= 5 else "MISSED"))
    print("overhead: load average %.1f at end" % common.load_average())


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per file (default 5, with --corpora 1)")
    parser.add_argument("--filter", default="")
    parser.add_argument("--corpora", nargs="?", const=os.environ.get(
        "ASYNC_TIDY_CORPORA", common.run_corpora.DEFAULT_CORPORA),
        help="measure the corpora instead of the examples")
    parser.add_argument("--only", default="",
                        help="with --corpora: comma-separated corpora")
    parser.add_argument("--sample", type=int, default=0,
                        help="with --corpora: N TUs per corpus (fixed seed)")
    parser.add_argument("-j", "--jobs", type=int, default=1,
                        help="with --corpora: TUs measured at once (default 1)")
    args = parser.parse_args()

    tools = common.Tools(args.build)
    if args.corpora:
        args.runs = args.runs or 1
        return corpora_main(args, tools)
    args.runs = args.runs or 5
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
        profile.update(profile_of(proc.stdout))

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
