#!/usr/bin/env python3
"""Time from didOpen to the first diagnostics in async-clangd, with and
without the async-* checks, on the largest Beast example.

    bench/clangd.py [--build build] [--runs 5] [--file NAME]

Copies the example (by default the largest Beast one of the real-code
suite) into a temporary project with compile_flags.txt, a .clangd with
FastCheckFilter: Loose and a .clang-tidy that enables `-*,async-*` (on) or
nothing (off); starts async-clangd over stdio with no background index,
sends initialize and didOpen, and measures until textDocument/
publishDiagnostics arrives for the file. Alternates on and off --runs times
each, a fresh server every time, and prints the medians and their ratio.
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

import common


class Server:
    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.messages = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = json.loads(out.read(length))
            with self.cond:
                self.messages.append((time.monotonic(), body))
                self.cond.notify_all()

    def send(self, method, params, request=False):
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        data = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()
        return msg.get("id")

    def wait(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for stamp, body in self.messages:
                    if predicate(body):
                        return stamp, body
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise RuntimeError("async-clangd gave no answer in time")
                self.cond.wait(left)

    def close(self):
        try:
            rid = self.send("shutdown", None, request=True)
            self.wait(lambda b: b.get("id") == rid, 30)
            self.send("exit", None)
            self.proc.wait(30)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def first_diagnostics(clangd, project, path, timeout):
    server = Server([clangd, "--background-index=false", "--log=error",
                     "--pch-storage=memory"], project)
    try:
        uri = "file://" + path
        rid = server.send("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + project,
            "capabilities": {}}, request=True)
        server.wait(lambda b: b.get("id") == rid, timeout)
        server.send("initialized", {})
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        start = time.monotonic()
        server.send("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
        stamp, body = server.wait(
            lambda b: b.get("method") == "textDocument/publishDiagnostics"
            and b["params"]["uri"] == uri, timeout)
        diags = body["params"]["diagnostics"]
        return stamp - start, diags
    finally:
        server.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", default="",
                        help="an example of the real-code suite (default: the "
                             "largest Beast one)")
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()

    tools = common.Tools(args.build)
    examples = common.examples()
    if args.file:
        example = next(e for e in examples if args.file in e.name)
    else:
        example = max((e for e in examples if e.name.startswith("boost/beast/")),
                      key=lambda e: os.path.getsize(e.path))
    flags = common.run_real.flags_for(example) + [
        "-I", os.path.dirname(example.path)]
    print("clangd: LLVM %s, %s (%d bytes), %d runs each, load average %.1f" % (
        tools.major, example.name, os.path.getsize(example.path), args.runs,
        common.load_average()))

    times = {"on": [], "off": []}
    counts = {}
    with tempfile.TemporaryDirectory(prefix="async-tidy-clangd-bench-") as project:
        path = os.path.join(project, os.path.basename(example.path))
        shutil.copy(example.path, path)
        with open(os.path.join(project, "compile_flags.txt"), "w") as fh:
            fh.write("\n".join(flags) + "\n")
        with open(os.path.join(project, ".clangd"), "w") as fh:
            fh.write("Diagnostics:\n  ClangTidy:\n    FastCheckFilter: Loose\n")
        for _ in range(args.runs):
            for mode in ("off", "on"):
                with open(os.path.join(project, ".clang-tidy"), "w") as fh:
                    fh.write("Checks: '-*%s'\n" % (",async-*" if mode == "on" else ""))
                seconds, diags = first_diagnostics(
                    tools.async_clangd, project, path, args.timeout)
                times[mode].append(seconds)
                counts[mode] = len(diags)
                errors = [d for d in diags if d.get("severity") == 1]
                if errors:
                    print("clangd: %s: %d errors, first: %s" % (
                        mode, len(errors), errors[0]["message"]))
                print("  %-3s %7.2f s  %d diagnostics" % (mode, seconds, len(diags)),
                      flush=True)
    off, on = common.median(times["off"]), common.median(times["on"])
    print("clangd: didOpen to first diagnostics, median: without checks %.2f s,"
          " with async-* %.2f s, ratio %.3f" % (off, on, on / off))


if __name__ == "__main__":
    main()
