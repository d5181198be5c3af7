"""What the bench scripts share: the tools of a build, the real examples and
their flags (from test/real/run_real.py), the corpora (from
test/corpora/run_corpora.py), timing and medians."""

import os
import re
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "real"))
sys.path.insert(0, os.path.join(ROOT, "test", "corpora"))
import run_corpora  # noqa: E402
import run_real  # noqa: E402


class Tools:
    def __init__(self, build):
        build = os.path.abspath(os.path.join(ROOT, build))
        self.async_tidy = os.path.join(build, "bin", "async-tidy")
        self.async_clangd = os.path.join(build, "bin", "async-clangd")
        if not os.path.exists(self.async_tidy):
            raise SystemExit("bench: %s is missing; build first "
                             "(scripts/build.sh)" % self.async_tidy)
        version = subprocess.run([self.async_tidy, "--version"],
                                 stdout=subprocess.PIPE, text=True).stdout
        m = re.search(r"LLVM version (\d+)", version)
        self.major = m.group(1) if m else "22"
        # The clang of the same LLVM parses exactly as async-tidy does.
        self.clang = "/usr/lib/llvm-%s/bin/clang++" % self.major

    def checks(self):
        out = subprocess.run(
            [self.async_tidy, "--checks=-*,async-*", "--config={}",
             "--list-checks"], stdout=subprocess.PIPE, text=True).stdout
        return [c for c in out.split() if c.startswith("async-")]


def examples():
    found, missing = run_real.discover()
    if missing:
        raise SystemExit("bench: example roots missing: " + ", ".join(missing))
    return found


def timed(cmd, **kwargs):
    """Runs cmd; returns (wall seconds, CPU seconds of the child, output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, errors="replace",
                          **kwargs)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def median(values):
    return statistics.median(values) if values else float("nan")


def load_average():
    return os.getloadavg()[0]
