#!/usr/bin/env python3
"""Drives async-clangd as an editor does, over LSP on stdio, and checks that
the async-* findings reach the editor and can be fixed from it.

  lsp_session.py ASYNC_CLANGD PROJECT_DIR

PROJECT_DIR is test/e2e/project; it is copied to a temporary directory with
a compile_commands.json. The session: initialize; didOpen src/jobs.cpp;
publishDiagnostics carries both findings with the check names as `code`;
didChange adds a blocking call and a third finding appears; codeAction at the
discarded task returns the "insert 'co_await '" fix; applying its edit with
didChange makes that finding disappear; shutdown and exit. Every wait has a
deadline, so a server that stops answering fails the test instead of hanging
it.
"""

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

WAIT = float(os.environ.get("ASYNC_TIDY_LSP_TIMEOUT", "60"))


class Failure(Exception):
    pass


class Server:
    def __init__(self, command, cwd, env):
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(command, cwd=cwd, env=env,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=self.stderr)
        self.messages = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        try:
            while True:
                headers = {}
                while True:
                    line = out.readline()
                    if not line:
                        self.messages.put(None)
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = out.read(int(headers["content-length"]))
                self.messages.put(json.loads(body.decode("utf-8")))
        except Exception as e:  # noqa: BLE001 - reported by the main thread
            self.messages.put(e)

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == rid and "method" not in m,
                          "the reply to %s" % method)
        if "error" in reply:
            raise Failure("%s failed: %s" % (method, reply["error"]))
        return reply.get("result")

    def wait(self, wanted, what):
        deadline = time.monotonic() + WAIT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("no %s within %.0f s" % (what, WAIT))
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise Failure("async-clangd exited (status %s) while waiting "
                              "for %s" % (self.proc.poll(), what))
            if isinstance(message, Exception):
                raise Failure("bad LSP message: %s" % message)
            # Requests from the server (progress, configuration) get an
            # empty answer, as a minimal editor would give.
            if "method" in message and "id" in message:
                self.send({"id": message["id"], "result": None})
                continue
            if wanted(message):
                return message

    def diagnostics(self, uri, version):
        message = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version,
            "diagnostics for version %d" % version)
        return message["params"]["diagnostics"]

    def stop(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (Failure, OSError, subprocess.TimeoutExpired):
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")


def async_findings(diagnostics):
    return sorted((d["range"]["start"]["line"] + 1, d.get("code"))
                  for d in diagnostics
                  if str(d.get("code", "")).startswith("async-"))


def apply_edits(text, edits):
    lines = text.split("\n")

    def offset(pos):
        # Columns are UTF-16 code units; the test file is ASCII.
        return sum(len(l) + 1 for l in lines[:pos["line"]]) + pos["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]),
                       reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def expect(condition, message):
    if not condition:
        raise Failure(message)


def session(server, root, path):
    uri = "file://" + urllib.request.pathname2url(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    server.request("initialize", {
        "processId": os.getpid(),
        "rootUri": "file://" + urllib.request.pathname2url(root),
        "capabilities": {
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": True,
                                       "versionSupport": True},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                    "valueSet": ["", "quickfix", "refactor"]}}},
                "synchronization": {"didSave": True},
            },
        },
    })
    server.notify("initialized", {})

    # 1. Open: both findings of jobs.cpp, named by their check.
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
    diags = server.diagnostics(uri, 1)
    found = async_findings(diags)
    print("didOpen: %s" % found)
    expect(found == [(18, "async-blocking-call-in-coroutine"),
                     (19, "async-unawaited-coroutine")],
           "unexpected findings after didOpen: %s\n%s"
           % (found, json.dumps(diags, indent=1)))
    for d in diags:
        if d.get("code") == "async-blocking-call-in-coroutine":
            expect(d.get("source") == "clang-tidy",
                   "source is %r, not clang-tidy" % d.get("source"))
            notes = [r["message"] for r in d.get("relatedInformation", [])]
            expect(any("blocks in 'std::this_thread::sleep_for'" in n
                       for n in notes),
                   "the helper's note is missing: %s" % notes)

    # 2. Edit: a direct sleep in the coroutine is a third finding.
    version = 2
    text = text.replace("    flush();\n",
                        "    flush();\n"
                        "    std::this_thread::sleep_for(std::chrono::seconds(1));\n")
    server.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": text}]})
    diags = server.diagnostics(uri, version)
    found = async_findings(diags)
    print("didChange: %s" % found)
    expect((20, "async-blocking-call-in-coroutine") in found and len(found) == 3,
           "the added sleep_for was not reported: %s" % found)

    # 3. The fix-it of the discarded task, as a code action.
    unawaited = [d for d in diags
                 if d.get("code") == "async-unawaited-coroutine"]
    expect(len(unawaited) == 1, "no async-unawaited-coroutine diagnostic")
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": unawaited[0]["range"],
        "context": {"diagnostics": unawaited, "only": ["quickfix"]},
    }) or []
    titles = [a.get("title") for a in actions]
    print("codeAction: %s" % titles)
    fixes = [a for a in actions if a.get("title") == "insert 'co_await '"]
    expect(fixes, "no \"insert 'co_await '\" code action: %s" % titles)
    edits = fixes[0].get("edit", {}).get("changes", {}).get(uri)
    expect(edits, "the code action has no edit for the file: %s" % fixes[0])
    text = apply_edits(text, edits)
    expect("    co_await flush();\n" in text, "the edit did not insert co_await")

    # 4. Apply it: the finding is gone, the others stay.
    version = 3
    server.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": text}]})
    found = async_findings(server.diagnostics(uri, version))
    print("after the fix: %s" % found)
    expect(found == [(18, "async-blocking-call-in-coroutine"),
                     (20, "async-blocking-call-in-coroutine")],
           "after the fix: %s" % found)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    clangd, project = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="async-lsp.")
    try:
        root = os.path.join(tmp, "project")
        shutil.copytree(project, root)
        with open(os.path.join(root, "compile_commands.json"), "w") as f:
            json.dump([{"directory": root, "file": os.path.join(root, "src", name),
                        "arguments": ["clang++", "-std=c++20", "-Iinclude",
                                      "-c", os.path.join("src", name)]}
                       for name in ("jobs.cpp", "clean.cpp")], f, indent=1)
        env = dict(os.environ)
        # The user's own clangd configuration stays out of the test.
        env["HOME"] = tmp
        env["XDG_CONFIG_HOME"] = os.path.join(tmp, ".config")
        server = Server([clangd, "--log=info", "--background-index=false",
                         "--pch-storage=memory", "-j=1"], root, env)
        start = time.monotonic()
        try:
            session(server, root, os.path.join(root, "src", "jobs.cpp"))
        except Failure as e:
            server.stop()
            print("lsp-session: FAILED: %s" % e, file=sys.stderr)
            print("--- async-clangd log ---\n%s" % server.log()[-6000:],
                  file=sys.stderr)
            return 1
        server.stop()
        # A .clangd key this clangd does not know is only logged.
        warnings = [l for l in server.log().splitlines() if "config warning" in l
                    or "config error" in l]
        if warnings:
            print("lsp-session: FAILED: .clangd was not understood:\n%s"
                  % "\n".join(warnings), file=sys.stderr)
            return 1
        print("lsp-session: passed in %.1f s" % (time.monotonic() - start))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
