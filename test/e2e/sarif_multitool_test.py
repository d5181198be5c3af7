#!/usr/bin/env python3
"""The SARIF of async-tidy-sarif.py against the official validator with
GitHub's rules: `sarif-multitool validate --rule-kind "Gh;Sarif"` must report
no error and no warning.

  sarif_multitool_test.py ASYNC_TIDY CHECKOUT CACHE_DIR [CXX]

The validator (npm @microsoft/sarif-multitool, a pinned version) is installed
into CACHE_DIR (in the build tree) once and reused. Without npm, or when the
npm registry cannot be reached, the test says so and exits 77 (skipped).

1. test/e2e/project: validated; linted twice, and once more after lines were
   inserted above the findings: the results' partialFingerprints are the same
   each time (stable across runs and edits elsewhere in the file).
2. examples/ (every check), when Boost is installed: validated.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

VALIDATOR = "@microsoft/sarif-multitool"
VALIDATOR_VERSION = "5.7.0"
FINDING = re.compile(r": (error|warning) [A-Z]+[0-9]+: ")


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def run(command, cwd=None, ok_codes=(0,), timeout=600):
    proc = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True,
                          timeout=timeout)
    if proc.returncode not in ok_codes:
        raise Failure("%s exited with %d:\n%s"
                      % (" ".join(command), proc.returncode, proc.stdout))
    return proc.stdout


def install_validator(cache):
    """The native multitool binary, installed into cache on first use."""
    native = os.path.join(cache, "node_modules", "@microsoft",
                          "sarif-multitool-linux", "Sarif.Multitool")
    stamp = os.path.join(cache, "installed-" + VALIDATOR_VERSION)
    if not (os.path.exists(stamp) and os.path.exists(native)):
        npm = shutil.which("npm")
        if not npm:
            raise Skip("npm is not installed (scripts/install-deps.sh installs it)")
        os.makedirs(cache, exist_ok=True)
        print("sarif-multitool: installing %s@%s from npm into %s"
              % (VALIDATOR, VALIDATOR_VERSION, cache))
        try:
            proc = subprocess.run(
                [npm, "install", "--prefix", cache, "--no-audit", "--no-fund",
                 "--no-save", "%s@%s" % (VALIDATOR, VALIDATOR_VERSION)],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                universal_newlines=True, timeout=300)
            output, status = proc.stdout, proc.returncode
        except subprocess.TimeoutExpired:
            output, status = "timed out after 300 s", 1
        if status != 0 or not os.path.exists(native):
            try:
                reachable = subprocess.run(
                    [npm, "ping"], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, timeout=60).returncode == 0
            except subprocess.TimeoutExpired:
                reachable = False
            if not reachable:
                raise Skip("the npm registry is unreachable; cannot install %s"
                           % VALIDATOR)
            raise Failure("npm install %s failed:\n%s" % (VALIDATOR, output))
        with open(stamp, "w"):
            pass
    # npm may not run the package's postinstall (chmod u+x).
    os.chmod(native, os.stat(native).st_mode | 0o100)
    return native


def validate(multitool, sarif_path):
    output = run([multitool, "validate", "--rule-kind", "Gh;Sarif", sarif_path],
                 ok_codes=(0, 1))
    problems = [l for l in output.splitlines() if FINDING.search(l)]
    expect("Analysis completed successfully" in output and not problems,
           "sarif-multitool reports on %s:\n%s" % (sarif_path, output))


def convert(checkout, args, out):
    converter = os.path.join(checkout, "scripts", "async-tidy-sarif.py")
    run([sys.executable, converter, "-o", out] + args)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def fingerprints(sarif):
    return sorted((r["ruleId"], r["message"]["text"],
                   json.dumps(r["partialFingerprints"], sort_keys=True))
                  for r in sarif["runs"][0]["results"])


CXX = []


def configure(source, build):
    run(["cmake", "-S", source, "-B", build, "-G", "Ninja",
         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"] + CXX)


def project_test(multitool, async_tidy, checkout, tmp):
    root = os.path.join(tmp, "project")
    shutil.copytree(os.path.join(checkout, "test", "e2e", "project"), root)
    configure(root, os.path.join(root, "build"))
    sources = [os.path.join(root, "src", n) for n in ("jobs.cpp", "clean.cpp")]
    args = ["--async-tidy", async_tidy, "--source-root", root,
            "--help-uri-base",
            "https://github.com/OWNER/async-tidy/blob/main/docs/checks/",
            "--", async_tidy, "-p", os.path.join(root, "build"), "--quiet"] + sources
    first_path = os.path.join(tmp, "first.sarif")
    first = convert(checkout, args, first_path)
    validate(multitool, first_path)
    driver = first["runs"][0]["tool"]["driver"]
    expect(driver.get("informationUri") == "https://github.com/OWNER/async-tidy/",
           "informationUri: %r" % driver.get("informationUri"))
    results = first["runs"][0]["results"]
    expect(len(results) == 2, "expected 2 results, got %d" % len(results))
    for rule in driver["rules"]:
        expect(rule.get("fullDescription", {}).get("text")
               and rule.get("help", {}).get("text")
               and rule.get("help", {}).get("markdown"),
               "rule %s lacks a description or help" % rule["id"])
    second = convert(checkout, args, os.path.join(tmp, "second.sarif"))
    expect(fingerprints(first) == fingerprints(second),
           "the fingerprints differ between two runs")
    # Edits above the findings move them, but they are the same findings.
    jobs = sources[0]
    with open(jobs, encoding="utf-8") as f:
        text = f.read()
    with open(jobs, "w", encoding="utf-8") as f:
        f.write("// an edit above\n\n\n" + text)
    moved = convert(checkout, args, os.path.join(tmp, "moved.sarif"))
    lines = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"]
                   for r in moved["runs"][0]["results"]
                   if r["locations"][0]["physicalLocation"]["artifactLocation"]
                   ["uri"] == "src/jobs.cpp")
    expect(lines and lines != sorted(
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in results), "the edit did not move the findings")
    expect(fingerprints(moved) == fingerprints(first),
           "the fingerprints changed when the findings moved:\n%s\n%s"
           % (fingerprints(first), fingerprints(moved)))
    print("project: no error or warning from sarif-multitool; fingerprints "
          "stable over 2 runs and an edit above the findings")


def example_test(multitool, async_tidy, checkout, tmp):
    if not os.path.exists("/usr/include/boost/asio.hpp"):
        print("examples: Boost is not installed; not tested")
        return
    source = os.path.join(checkout, "examples")
    build = os.path.join(tmp, "examples-build")
    configure(source, build)
    with open(os.path.join(build, "compile_commands.json")) as f:
        files = sorted({e["file"] for e in json.load(f)})
    out = os.path.join(tmp, "examples.sarif")
    sarif = convert(checkout, ["--async-tidy", async_tidy, "--source-root",
                               checkout, "--", async_tidy, "-p", build,
                               "--quiet"] + files, out)
    validate(multitool, out)
    rules = sorted({r["ruleId"] for r in sarif["runs"][0]["results"]})
    print("examples: no error or warning from sarif-multitool; %d results (%s)"
          % (len(sarif["runs"][0]["results"]), ", ".join(rules)))


def main():
    async_tidy, checkout, cache = sys.argv[1:4]
    async_tidy = os.path.abspath(async_tidy)
    if len(sys.argv) > 4:
        CXX.append("-DCMAKE_CXX_COMPILER=" + sys.argv[4])
    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="async-sarif-multitool.")
    try:
        if not shutil.which("cmake"):
            raise Skip("cmake is not installed")
        multitool = install_validator(os.path.abspath(cache))
        project_test(multitool, async_tidy, checkout, tmp)
        example_test(multitool, async_tidy, checkout, tmp)
    except Skip as e:
        print("sarif-multitool-test: SKIPPED: %s" % e)
        return 77
    except (Failure, subprocess.TimeoutExpired) as e:
        print("sarif-multitool-test: FAILED: %s" % e, file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("sarif-multitool-test: passed in %.1f s" % (time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
