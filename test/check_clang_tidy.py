#!/usr/bin/env python3
# ===- check_clang_tidy.py - Runs a clang-tidy check test --------------------===#
#
# Runs one clang-tidy check over a test file and verifies the diagnostics and
# fixes it produces against the CHECK-* comments in that file, with the
# conventions of clang-tidy's own tests:
#
#   // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: ... [check-name]
#       every warning and error must be matched; notes may be left out.
#   // CHECK-NOTES: ...
#       every note, warning and error must be matched.
#   // CHECK-FIXES: <line as it reads after -fix>
#       matched against the fixed file, full lines only.
#
# A file with none of these must produce no warning at all. With
# -check-suffix(es), the prefixes become CHECK-MESSAGES-<SUFFIX> etc., so that
# one file can hold the expectations of several RUN lines.
#
# Usage:
#   check_clang_tidy.py [harness options] <source> <check-name> <temp-file>
#       [--] [clang-tidy args ...] [-- clang args ...]
#
# As upstream, a "--" right after <temp-file> only ends the harness options:
# `%t -- -- -I dir` passes -I dir to clang, `%t -- -I dir` passes it to
# clang-tidy (which rejects it).
#
# Harness options (anywhere before the first `--`):
#   --clang-tidy=PATH          clang-tidy to run (default: clang-tidy)
#   --load=PLUGIN              load a clang-tidy plugin
#   --filecheck=PATH           FileCheck to use (default: FileCheck)
#   -std=c++20[-or-later]      language standard(s) to test; -or-later runs
#                              the test once per standard (default:
#                              c++20-or-later)
#   -check-suffix=S, -check-suffixes=S1,S2
#   -expect-clang-tidy-error   clang-tidy must fail (e.g. compile errors,
#                              which must then be matched as messages)
#   -export-fixes=FILE         export the fixes to FILE instead of applying
#                              them; CHECK-FIXES are not verified
#   -match-partial-fixes       CHECK-FIXES may match part of a line
#
# ===-------------------------------------------------------------------------===#

import difflib
import os
import re
import shlex
import subprocess
import sys

# What each -std=...-or-later expands to. C++26 is left out: not every clang
# we run against knows it, and C++23 already covers the newest library.
STANDARDS = ["c++20", "c++23"]

# The comment lines that hold expectations. They are blanked out before
# clang-tidy runs, so that fixes cannot edit them and the fixed file does not
# match itself.
CHECK_LINE_RE = re.compile(r"//[ \t]*CHECK-[A-Za-z0-9_-]*(\{LITERAL\})?:[^\r\n]*")

# FileCheck directives that may follow a prefix (CHECK-MESSAGES-NOT:, ...).
DIRECTIVES = r"(?:-(?:NEXT|SAME|NOT|DAG|LABEL|EMPTY|COUNT-[0-9]+))?"


class TestFailure(Exception):
    pass


def usage_error(message):
    sys.exit("check_clang_tidy.py: error: " + message)


def expand_standards(std):
    if not std.endswith("-or-later"):
        return [std]
    first = std[: -len("-or-later")]
    if first not in STANDARDS:
        usage_error(
            "-std=%s: the first standard must be one of %s"
            % (std, ", ".join(STANDARDS))
        )
    return STANDARDS[STANDARDS.index(first) :]


def has_prefix(text, prefix):
    """Whether `text` uses `prefix` as a FileCheck prefix (and not merely as
    the start of a longer one: CHECK-FIXES is not used by CHECK-FIXES-A:)."""
    pattern = (
        r"(?<![A-Za-z0-9_-])"
        + re.escape(prefix)
        + DIRECTIVES
        + r"(?:\{LITERAL\})?:"
    )
    return re.search(pattern, text) is not None


def parse_args(argv):
    opts = {
        "clang_tidy": "clang-tidy",
        "load": None,
        "filecheck": "FileCheck",
        "std": "c++20-or-later",
        "suffixes": [""],
        "expect_error": False,
        "export_fixes": None,
        "match_partial_fixes": False,
    }
    positional = []
    tidy_args = []
    clang_args = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--":
            if tidy_args:
                # "<temp> -config=... -- -I dir"
                clang_args = args
            elif "--" in args:
                # "<temp> -- -config=... -- -I dir", "<temp> -- -- -I dir":
                # upstream's spelling, where argparse eats the first "--".
                split = args.index("--")
                tidy_args, clang_args = args[:split], args[split + 1 :]
            else:
                # "<temp> -- -config=...": clang-tidy arguments, as upstream.
                tidy_args = args
            break
        name, eq, value = arg.partition("=")
        if name == "--clang-tidy" and eq:
            opts["clang_tidy"] = value
        elif name == "--load" and eq:
            opts["load"] = value
        elif name == "--filecheck" and eq:
            opts["filecheck"] = value
        elif name == "-std" and eq:
            opts["std"] = value
        elif name in ("-check-suffix", "-check-suffixes") and eq:
            opts["suffixes"] = [s.strip() for s in value.split(",")]
        elif arg == "-expect-clang-tidy-error":
            opts["expect_error"] = True
        elif name == "-export-fixes" and eq:
            opts["export_fixes"] = value
        elif arg == "-match-partial-fixes":
            opts["match_partial_fixes"] = True
        elif len(positional) < 3 and not arg.startswith("-"):
            positional.append(arg)
        else:
            tidy_args.append(arg)

    if len(positional) != 3:
        usage_error(
            "expected <source> <check-name> <temp-file-base>, got %r" % positional
        )
    for suffix in opts["suffixes"]:
        if suffix and not re.fullmatch(r"[A-Z0-9_-]+", suffix):
            usage_error(
                "check suffix %r must contain only A-Z, 0-9, '_' and '-'" % suffix
            )
    opts["source"], opts["check"], opts["temp"] = positional
    opts["tidy_args"] = tidy_args
    opts["clang_args"] = clang_args
    return opts


def run(args):
    """Runs `args` and returns (exit code, stdout and stderr combined)."""
    print("RUN:", " ".join(shlex.quote(a) for a in args), flush=True)
    proc = subprocess.run(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False
    )
    return proc.returncode, proc.stdout.decode("utf-8", errors="replace")


def print_block(title, text):
    print("------------------------ %s ------------------------" % title)
    print(text.rstrip("\n"))
    print("-" * (50 + len(title)), flush=True)


class CheckRunner:
    def __init__(self, opts):
        self.opts = opts
        with open(opts["source"], encoding="utf-8") as f:
            self.source_text = f.read()

        self.messages, self.notes, self.fixes = [], [], []
        missing = []
        for suffix in opts["suffixes"]:
            tail = "-" + suffix if suffix else ""
            messages = "CHECK-MESSAGES" + tail
            notes = "CHECK-NOTES" + tail
            fixes = "CHECK-FIXES" + tail
            has_messages = has_prefix(self.source_text, messages)
            has_notes = has_prefix(self.source_text, notes)
            has_fixes = has_prefix(self.source_text, fixes)
            if has_messages and has_notes:
                usage_error(
                    "use either %s or %s, not both: %s checks notes already"
                    % (messages, notes, notes)
                )
            if has_messages:
                self.messages.append(messages)
            if has_notes:
                self.notes.append(notes)
            if has_fixes:
                self.fixes.append(fixes)
            if not (has_messages or has_notes or has_fixes):
                missing.append("%s, %s or %s" % (messages, notes, fixes))

        # Nothing to check at all means "no diagnostics expected". Some
        # suffixes used and others not is more likely a typo in a prefix.
        self.expect_nothing = not (self.messages or self.notes or self.fixes)
        if missing and not self.expect_nothing:
            usage_error("%s not found in %s" % (missing[0], opts["source"]))

        # clang picks the language from the extension: keep C as C, and
        # parse anything else (.cpp, .test, ...) as C++.
        self.ext = ".c" if opts["source"].endswith(".c") else ".cpp"
        self.temp_file = opts["temp"] + self.ext
        self.orig_file = self.temp_file + ".orig"

    def clang_tidy_command(self, std):
        opts = self.opts
        cmd = [opts["clang_tidy"]]
        if opts["load"]:
            cmd.append("--load=" + opts["load"])
        cmd.append(self.temp_file)
        if opts["export_fixes"]:
            cmd.append("--export-fixes=" + opts["export_fixes"])
        else:
            cmd.append("-fix")
        cmd.append("--checks=-*," + opts["check"])
        # Without an explicit configuration clang-tidy would pick up any
        # .clang-tidy above the build directory, which is not the test's.
        if not any(re.match(r"--?config(-file)?=", a) for a in opts["tidy_args"]):
            cmd.append("--config={}")
        cmd += opts["tidy_args"]
        cmd.append("--")
        # The test's own -std (if any) comes later and wins.
        if self.ext != ".c":
            cmd.append("-std=" + std)
        cmd += opts["clang_args"]
        return cmd

    def filecheck(self, input_file, prefixes, extra):
        cmd = [
            self.opts["filecheck"],
            "-input-file=" + input_file,
            self.opts["source"],
            "-check-prefixes=" + ",".join(prefixes),
        ] + extra
        code, output = run(cmd)
        if output.strip():
            print(output.rstrip("\n"))
        if code != 0:
            raise TestFailure("FileCheck failed on " + input_file)

    def run_once(self, std):
        print("=== -std=%s" % std)
        cleaned = CHECK_LINE_RE.sub("//", self.source_text)
        for name in (self.temp_file, self.orig_file):
            with open(name, "w", encoding="utf-8") as f:
                f.write(cleaned)

        code, output = run(self.clang_tidy_command(std))
        # -fix reports each fix it applied as a note; they are noise for
        # CHECK-NOTES.
        output = "".join(
            line
            for line in output.splitlines(keepends=True)
            if "note: FIX-IT applied" not in line
        )
        print_block("clang-tidy output", output)

        if self.opts["expect_error"]:
            if code == 0:
                raise TestFailure("clang-tidy succeeded, an error was expected")
        elif code != 0:
            raise TestFailure(
                "clang-tidy failed with exit code %d "
                "(pass -expect-clang-tidy-error if that is intended)" % code
            )

        if not self.opts["export_fixes"]:
            with open(self.temp_file, encoding="utf-8") as f:
                fixed = f.read()
            diff = "".join(
                difflib.unified_diff(
                    cleaned.splitlines(keepends=True),
                    fixed.splitlines(keepends=True),
                    self.orig_file,
                    self.temp_file,
                )
            )
            print_block("fixes applied", diff or "(none)\n")

        if self.expect_nothing:
            found = [
                line
                for line in output.splitlines()
                if re.search(r"\b(warning|error):", line)
            ]
            if found:
                raise TestFailure(
                    "no CHECK-MESSAGES, CHECK-NOTES or CHECK-FIXES in the test, "
                    "so no diagnostics were expected, but clang-tidy printed:\n"
                    + "\n".join(found)
                )
            return

        messages_file = self.temp_file + ".msg"
        with open(messages_file, "w", encoding="utf-8") as f:
            f.write(output)
        if self.fixes and not self.opts["export_fixes"]:
            self.filecheck(
                self.temp_file,
                self.fixes,
                ["-strict-whitespace"]
                if self.opts["match_partial_fixes"]
                else ["--match-full-lines"],
            )
        if self.messages:
            self.filecheck(
                messages_file,
                self.messages,
                ["-implicit-check-not={{warning|error}}:"],
            )
        if self.notes:
            self.filecheck(
                messages_file,
                self.notes,
                ["-implicit-check-not={{note|warning|error}}:"],
            )


def main():
    opts = parse_args(sys.argv[1:])
    runner = CheckRunner(opts)
    for std in expand_standards(opts["std"]):
        try:
            runner.run_once(std)
        except TestFailure as failure:
            sys.exit("check_clang_tidy.py: FAILED (-std=%s): %s" % (std, failure))
        except OSError as error:
            sys.exit("check_clang_tidy.py: cannot run the test: %s" % error)


if __name__ == "__main__":
    main()
