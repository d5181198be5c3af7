#!/usr/bin/env python3
"""A real editor on async-clangd: Debian's Neovim (0.7), headless, with its
built-in LSP client (test/e2e/nvim_lsp.lua).

  nvim_lsp_test.py ASYNC_CLANGD PROJECT_DIR

PROJECT_DIR (test/e2e/project) is copied with a compile_commands.json and
WITHOUT its .clang-tidy and .clangd: the editor must get the async-* findings
with no configuration at all. Neovim opens src/jobs.cpp; the test checks
that both async-* diagnostics arrive with the check names as their codes,
that the code actions at the discarded task include "insert 'co_await '",
and that applying it edits the line. Exits 77 (skipped) without nvim.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

EXPECTED = [(18, "async-blocking-call-in-coroutine"),
            (19, "async-unawaited-coroutine")]


def main():
    clangd, project = os.path.abspath(sys.argv[1]), sys.argv[2]
    nvim = shutil.which("nvim")
    if not nvim:
        print("nvim-lsp-test: SKIPPED: nvim is not installed "
              "(scripts/install-deps.sh installs Debian's neovim)")
        return 77
    version = subprocess.run([nvim, "--version"], stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.splitlines()[0]
    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="async-nvim.")
    try:
        root = os.path.join(tmp, "project")
        shutil.copytree(project, root)
        for name in (".clang-tidy", ".clangd"):
            os.remove(os.path.join(root, name))
        with open(os.path.join(root, "compile_commands.json"), "w") as f:
            json.dump([{"directory": root, "file": os.path.join(root, "src", n),
                        "arguments": ["clang++", "-std=c++20", "-Iinclude", "-c",
                                      os.path.join("src", n)]}
                       for n in ("jobs.cpp", "clean.cpp")], f, indent=1)
        result_path = os.path.join(tmp, "result.json")
        env = dict(os.environ, ASYNC_CLANGD=clangd, PROJECT=root,
                   RESULT=result_path, HOME=tmp,
                   XDG_CONFIG_HOME=os.path.join(tmp, ".config"),
                   XDG_STATE_HOME=os.path.join(tmp, ".state"),
                   XDG_DATA_HOME=os.path.join(tmp, ".data"),
                   XDG_CACHE_HOME=os.path.join(tmp, ".cache"))
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "nvim_lsp.lua")
        proc = subprocess.run(
            [nvim, "--headless", "--clean", "-n", "-i", "NONE",
             "-c", "luafile " + script],
            cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, universal_newlines=True, timeout=300)
        try:
            with open(result_path) as f:
                result = json.load(f)
        except (OSError, ValueError):
            result = None
        problems = []
        if result is None:
            problems.append("nvim wrote no result (exit %d):\n%s"
                            % (proc.returncode, proc.stdout[-3000:]))
        else:
            got = sorted((d["line"], d["code"]) for d in result["diagnostics"])
            if got != EXPECTED:
                problems.append("async-* diagnostics %s, expected %s" % (got, EXPECTED))
            if "insert 'co_await '" not in result["actions"]:
                problems.append("code actions %s lack \"insert 'co_await '\""
                                % result["actions"])
            if "co_await flush();" not in (result.get("fixed_line") or ""):
                problems.append("after the fix, line 19 is %r"
                                % result.get("fixed_line"))
            if proc.returncode != 0:
                problems.append("nvim exited with %d" % proc.returncode)
        if problems:
            print("nvim-lsp-test: FAILED (%s):\n  %s" % (version, "\n  ".join(problems)),
                  file=sys.stderr)
            if result:
                print("steps: %s" % result["steps"], file=sys.stderr)
            return 1
        for d in result["diagnostics"]:
            print("nvim: line %d [%s] %s" % (d["line"], d["code"], d["message"]))
        print("nvim: code actions at line 19: %s" % result["actions"])
        print("nvim-lsp-test: passed with %s, no configuration, in %.1f s"
              % (version, time.monotonic() - start))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
