#!/usr/bin/env python3
"""End-to-end test of the SARIF output.

  sarif_test.py ASYNC_TIDY CHECKOUT LLVM_MAJOR

1. test/e2e/project, linted in parallel as the documented CI workflow does
   (run-clang-tidy-<major> -clang-tidy-binary ASYNC_TIDY -export-fixes DIR/),
   converted with scripts/async-tidy-sarif.py: valid SARIF 2.1.0 with the
   two findings, the helper's note as a related location, the co_await fix,
   rule metadata from docs/checks/. The `-- command` form and run-clang-tidy's
   merged YAML (written with PyYAML, when it is installed) give the same
   results.
2. examples/ (the Boost.Asio demo), when Boost is installed: valid SARIF
   with one result per finding async-tidy printed.
Exits 77 (skipped) when run-clang-tidy-<major> or cmake is missing.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sarif_validate  # noqa: E402

HELP_BASE = "https://example.invalid/async-tidy/docs/checks/"


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def run(command, cwd=None, ok_codes=(0,)):
    proc = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True)
    if proc.returncode not in ok_codes:
        raise Failure("%s exited with %d:\n%s"
                      % (" ".join(command), proc.returncode, proc.stdout))
    return proc.stdout


def convert(checkout, args):
    converter = os.path.join(checkout, "scripts", "async-tidy-sarif.py")
    out = tempfile.mktemp(suffix=".sarif")
    try:
        run([sys.executable, converter, "-o", out] + args)
        with open(out, encoding="utf-8") as f:
            sarif = json.load(f)
    finally:
        if os.path.exists(out):
            os.remove(out)
    problems = sarif_validate.validate(sarif)
    expect(not problems, "invalid SARIF:\n  " + "\n  ".join(problems))
    return sarif


def results_key(sarif):
    return sorted(json.dumps(r, sort_keys=True) for r in sarif["runs"][0]["results"])


def configure(source, build, cxx):
    run(["cmake", "-S", source, "-B", build, "-G", "Ninja",
         "-DCMAKE_CXX_COMPILER=" + cxx, "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"])


def warnings_in(output):
    return {m.group(0) for m in re.finditer(
        r"^\S+:[0-9]+:[0-9]+: warning: .*\[async-[a-z-]+\]$", output, re.M)}


def project_test(async_tidy, checkout, major, run_clang_tidy, tmp):
    root = os.path.join(tmp, "project")
    shutil.copytree(os.path.join(HERE, "project"), root)
    configure(root, os.path.join(root, "build"), "clang++-" + major)
    fixes = os.path.join(tmp, "fixes") + os.sep
    output = run([run_clang_tidy, "-clang-tidy-binary", async_tidy, "-p", "build",
                  "-j", "2", "-quiet", "-export-fixes", fixes], cwd=root)
    expect(len(warnings_in(output)) == 2,
           "run-clang-tidy printed %d findings, expected 2:\n%s"
           % (len(warnings_in(output)), output))

    common = ["--async-tidy", async_tidy, "--source-root", root,
              "--help-uri-base", HELP_BASE]
    sarif = convert(checkout, [fixes] + common)
    runs = sarif["runs"]
    expect(len(runs) == 1, "expected one run")
    driver = runs[0]["tool"]["driver"]
    expect(driver["name"] == "async-tidy", "driver name %r" % driver["name"])
    expect(driver.get("version", "").startswith(major + "."),
           "driver version %r is not LLVM %s" % (driver.get("version"), major))
    rules = {r["id"]: r for r in driver["rules"]}
    for check in ("async-blocking-call-in-coroutine", "async-unawaited-coroutine"):
        expect(check in rules, "no rule for %s" % check)
        expect(rules[check]["helpUri"] == HELP_BASE + check + ".rst",
               "helpUri of %s: %r" % (check, rules[check]["helpUri"]))
    expect(rules["async-blocking-call-in-coroutine"]["shortDescription"]["text"]
           .startswith("Finds calls that block the calling thread"),
           "the rule's description is not the doc page's first sentence: %r"
           % rules["async-blocking-call-in-coroutine"]["shortDescription"])

    results = {r["ruleId"]: r for r in runs[0]["results"]}
    expect(sorted(results) == ["async-blocking-call-in-coroutine",
                               "async-unawaited-coroutine"],
           "results: %s" % sorted(results))
    blocking = results["async-blocking-call-in-coroutine"]
    loc = blocking["locations"][0]["physicalLocation"]
    expect(loc["artifactLocation"] == {"uri": "src/jobs.cpp", "uriBaseId": "%SRCROOT%"},
           "location: %s" % loc["artifactLocation"])
    expect(loc["region"] == {"startLine": 18, "startColumn": 5,
                             "endLine": 18, "endColumn": 12},
           "region: %s" % loc["region"])
    related = blocking.get("relatedLocations", [])
    expect(len(related) == 1 and related[0]["message"]["text"]
           == "'pause' blocks in 'std::this_thread::sleep_for' here"
           and related[0]["physicalLocation"]["region"]["startLine"] == 13,
           "related locations: %s" % related)
    unawaited = results["async-unawaited-coroutine"]
    fixes_out = unawaited.get("fixes", [])
    expect(len(fixes_out) == 1, "fixes: %s" % fixes_out)
    change = fixes_out[0]["artifactChanges"][0]
    expect(fixes_out[0]["description"]["text"] == "insert 'co_await '"
           and change["replacements"] == [{
               "deletedRegion": {"startLine": 19, "startColumn": 5,
                                 "endLine": 19, "endColumn": 5},
               "insertedContent": {"text": "co_await "}}],
           "fix: %s" % fixes_out[0])
    print("project: valid SARIF, %d rules, results %s"
          % (len(rules), sorted(results)))

    # The same findings through `async-tidy-sarif.py -- async-tidy ...`.
    direct = convert(checkout, common + ["--", async_tidy, "-p",
                                         os.path.join(root, "build"),
                                         os.path.join(root, "src", "jobs.cpp")])
    expect(results_key(direct) == results_key(sarif),
           "the -- form gives other results:\n%s"
           % json.dumps(direct["runs"][0]["results"], indent=1))

    # run-clang-tidy's single merged file is PyYAML's writing, not LLVM's.
    try:
        import yaml  # noqa: F401
    except ImportError:
        print("project: PyYAML is not installed; merged YAML not tested")
        return
    # Merged as run-clang-tidy -export-fixes FILE.yaml does (its
    # merge_replacement_files), without running async-tidy again.
    merged = os.path.join(tmp, "merged.yaml")
    diagnostics = []
    for name in sorted(os.listdir(fixes)):
        with open(os.path.join(fixes, name)) as f:
            content = yaml.safe_load(f)
        if content:
            diagnostics.extend(content.get("Diagnostics") or [])
    with open(merged, "w") as f:
        yaml.safe_dump({"MainSourceFile": "", "Diagnostics": diagnostics}, f)
    expect(results_key(convert(checkout, [merged] + common)) == results_key(sarif),
           "run-clang-tidy's merged YAML gives other results")
    print("project: the -- form and the merged YAML agree")


def yaml_reader_test(checkout):
    """The reader against PyYAML's writer, on strings that need quoting,
    escaping and folding."""
    try:
        import yaml
    except ImportError:
        return
    sys.path.insert(0, os.path.join(checkout, "scripts"))
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "async_tidy_sarif", os.path.join(checkout, "scripts", "async-tidy-sarif.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    texts = ["plain", "it's 'quoted'", "a: colon", "tab\there", "two\nlines",
             "  leading spaces", "trailing  ", "#hash", "- dash", "",
             "long " * 40, "unicode \u00e9\u4e2d", 'double "q" \\ back', "[x]",
             "co_await ", "true", "12", "\n\nblank lines\n\n"]
    data = {"MainSourceFile": "", "Diagnostics": [
        {"DiagnosticName": "async-x", "DiagnosticMessage": {
            "Message": t, "FilePath": "/a b/c.cpp", "FileOffset": i,
            "Replacements": [{"FilePath": "/a.cpp", "Offset": 1, "Length": 0,
                              "ReplacementText": t}]},
         "Notes": [{"Message": t, "FilePath": "/a.cpp", "FileOffset": 3,
                    "Replacements": []}], "Level": "Warning"}
        for i, t in enumerate(texts)]}
    for width in (80, 20):
        text = yaml.safe_dump(data, width=width)
        parsed = module.parse_yaml(module._without_blank_lines(text))
        expect(parsed == [data], "the YAML reader misreads PyYAML's output "
               "(width %d):\n%s\n%r" % (width, text, parsed))
    print("yaml reader: agrees with PyYAML on %d tricky strings" % len(texts))


def example_test(async_tidy, checkout, major, run_clang_tidy, tmp):
    if not os.path.exists("/usr/include/boost/asio.hpp"):
        print("examples: Boost is not installed; not tested")
        return
    source = os.path.join(checkout, "examples")
    build = os.path.join(tmp, "examples-build")
    configure(source, build, "clang++-" + major)
    fixes = os.path.join(tmp, "example-fixes") + os.sep
    # From examples/, whose .clang-tidy chooses the checks.
    output = run([run_clang_tidy, "-clang-tidy-binary", async_tidy, "-p", build,
                  "-j", "2", "-quiet", "-export-fixes", fixes], cwd=source)
    printed = warnings_in(output)
    sarif = convert(checkout, [fixes, "--async-tidy", async_tidy,
                               "--source-root", checkout])
    results = sarif["runs"][0]["results"]
    expect(len(results) == len(printed) and results,
           "%d results in the SARIF, %d findings printed:\n%s"
           % (len(results), len(printed), output))
    for r in results:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]
        expect(uri.get("uriBaseId") == "%SRCROOT%"
               and uri["uri"].startswith("examples/"),
               "a result outside examples/: %s" % uri)
    rules = sorted({r["ruleId"] for r in results})
    print("examples: valid SARIF, %d results (%s)" % (len(results), ", ".join(rules)))


def main():
    async_tidy, checkout, major = sys.argv[1:4]
    async_tidy = os.path.abspath(async_tidy)
    run_clang_tidy = shutil.which("run-clang-tidy-" + major)
    for tool, path in (("run-clang-tidy-" + major, run_clang_tidy),
                       ("cmake", shutil.which("cmake"))):
        if not path:
            print("sarif-test: SKIPPED: %s is not installed" % tool)
            return 77
    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="async-sarif.")
    try:
        yaml_reader_test(checkout)
        project_test(async_tidy, checkout, major, run_clang_tidy, tmp)
        example_test(async_tidy, checkout, major, run_clang_tidy, tmp)
    except Failure as e:
        print("sarif-test: FAILED: %s" % e, file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("sarif-test: passed in %.1f s" % (time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
