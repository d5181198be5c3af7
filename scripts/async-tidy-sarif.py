#!/usr/bin/env python3
"""Turns async-tidy findings into SARIF 2.1.0, for GitHub code scanning and
other SARIF viewers.

clang-tidy has no SARIF writer, but its --export-fixes YAML holds every
diagnostic (with or without a fix): message, file offset, notes and
replacements. This script reads those files, or runs async-tidy itself to
get one, and writes SARIF:

  # Convert what run-clang-tidy wrote (a directory of YAML files, or one
  # merged file).
  run-clang-tidy-22 -clang-tidy-binary async-tidy -p build -export-fixes fixes/
  async-tidy-sarif.py fixes/ -o async-tidy.sarif

  # Or run async-tidy (any command line of it) and convert in one go.
  async-tidy-sarif.py -o async-tidy.sarif -- async-tidy -p build src/a.cpp

Each rule carries the check's summary (the first sentence of its page under
docs/checks/) and a help URI to that page: --help-uri-base sets where the
pages are published; without it, the local docs directory is used. Results
under --source-root (default: the current directory) have URIs relative to
%SRCROOT%, as code scanning expects; others have absolute file: URIs.

Only the Python standard library is needed.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "async-tidy"
UPSTREAM_DOCS = "https://clang.llvm.org/extra/clang-tidy/checks/"
# The partialFingerprints key of our results (GitHub computes its own
# primaryLocationLineHash next to it).
FINGERPRINT = "asyncTidyFinding/v1"


class YamlError(Exception):
    pass


# --- A reader for the YAML that clang-tidy's --export-fixes writes --------
#
# LLVM's YAML writer emits block mappings and sequences of plain or quoted
# scalars; run-clang-tidy's merged file is PyYAML's safe_dump of the same
# data, which may also fold long quoted scalars over several lines and put a
# sequence at its key's indentation. This reads exactly that subset.


def _unquote_single(text):
    return text.replace("''", "'")


_DOUBLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n",
    "v": "\v", "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"',
    "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}


def _unquote_double(text):
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = text[i + 1] if i + 1 < len(text) else ""
        width = {"x": 2, "u": 4, "U": 8}.get(e)
        if width:
            out.append(chr(int(text[i + 2:i + 2 + width], 16)))
            i += 2 + width
        elif e in _DOUBLE_ESCAPES:
            out.append(_DOUBLE_ESCAPES[e])
            i += 2
        else:
            raise YamlError("unknown escape \\%s" % e)
    return "".join(out)


def _fold(parts):
    """Joins the lines of a multi-line flow scalar: a line break is a space,
    unless empty lines follow it, each of which is a newline. Whitespace
    around a break is not content."""
    if len(parts) == 1:
        return parts[0]
    parts = ([parts[0].rstrip(" \t")]
             + [p.strip(" \t") for p in parts[1:-1]]
             + [parts[-1].lstrip(" \t")])
    out = parts[0]
    i = 1
    while i < len(parts):
        empty = 0
        while i < len(parts) - 1 and parts[i] == "":
            empty += 1
            i += 1
        out += "\n" * empty if empty else " "
        out += parts[i]
        i += 1
    return out


def _join_escaped_breaks(parts):
    """In a double-quoted scalar a line ending in an unescaped backslash
    continues on the next line with nothing in between."""
    out = [parts[0]]
    for part in parts[1:]:
        prev = out[-1].rstrip(" \t")
        trailing = len(prev) - len(prev.rstrip("\\"))
        if trailing % 2 == 1:
            out[-1] = prev[:-1] + part.lstrip(" \t")
        else:
            out.append(part)
    return out


def _scalar(lines, i, text):
    """Parses the scalar starting with `text` (the rest of line i). Returns
    (value, index of the next line)."""
    text = text.strip()
    if text[:1] in ("'", '"'):
        quote = text[0]
        parts = [text[1:]]
        j = i
        while True:
            body = "\n".join(parts)
            if quote == "'":
                m = re.match(r"^((?:[^']|'')*)'\s*$", body, re.S)
            else:
                m = re.match(r'^((?:[^"\\]|\\.)*)"\s*$', body, re.S)
            if m:
                parts = m.group(1).split("\n")
                if quote == "'":
                    return _unquote_single(_fold(parts)), j + 1
                return _unquote_double(_fold(_join_escaped_breaks(parts))), j + 1
            j += 1
            if j >= len(lines):
                raise YamlError("unterminated quoted scalar at line %d" % (i + 1))
            parts.append(lines[j][1])
    if text == "[]":
        return [], i + 1
    if text == "{}":
        return {}, i + 1
    if text in ("", "~", "null"):
        return None, i + 1
    if text in ("true", "false"):
        return text == "true", i + 1
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text), i + 1
    # A plain scalar may continue on more-indented lines.
    parts = [text]
    j = i + 1
    while (j < len(lines) and lines[j][0] > lines[i][0]
           and not re.match(r"^(- |[^ '\"][^:]*:( |$))", lines[j][1])):
        parts.append(lines[j][1])
        j += 1
    return _fold(parts), j


def _block(lines, i, indent):
    """Parses the block node whose lines start at i with this indentation."""
    if lines[i][1].startswith("- ") or lines[i][1] == "-":
        seq = []
        while i < len(lines) and lines[i][0] == indent and (
                lines[i][1].startswith("- ") or lines[i][1] == "-"):
            rest = lines[i][1][2:]
            # The item's content behaves as if it started two columns in.
            lines[i] = (indent + 2, rest)
            if not rest:
                i += 1
                value, i = _block(lines, i, lines[i][0])
            elif re.match(r"^[^ '\"][^:]*:( |$)", rest):
                value, i = _block(lines, i, indent + 2)
            else:
                value, i = _scalar(lines, i, rest)
            seq.append(value)
        return seq, i
    mapping = {}
    while i < len(lines) and lines[i][0] == indent:
        m = re.match(r"^([^ '\"][^:]*):(?: (.*))?$", lines[i][1])
        if not m:
            raise YamlError("expected 'key: value' at line %d: %r"
                            % (i + 1, lines[i][1]))
        key, rest = m.group(1), (m.group(2) or "").strip()
        if rest:
            mapping[key], i = _scalar(lines, i, rest)
            continue
        i += 1
        # A nested block is more indented; a sequence may sit at the key's
        # own indentation.
        if i < len(lines) and (lines[i][0] > indent or (
                lines[i][0] == indent and lines[i][1].startswith("- "))):
            mapping[key], i = _block(lines, i, lines[i][0])
        else:
            mapping[key] = None
    return mapping, i


def parse_yaml(text):
    """Parses the documents of `text`, from which the blank lines between
    nodes have been removed (_without_blank_lines)."""
    documents = []
    lines = []

    def flush():
        if lines:
            value, end = _block(lines, 0, lines[0][0])
            if end != len(lines):
                raise YamlError("unexpected indentation at line %d" % (end + 1))
            documents.append(value)
            del lines[:]

    for raw in text.splitlines():
        if raw.strip() in ("---", "..."):
            flush()
            continue
        stripped = raw.lstrip(" ")
        lines.append((len(raw) - len(stripped), stripped.rstrip()))
    flush()
    return documents


# --- Reading findings -------------------------------------------------------


def read_diagnostics(paths):
    diagnostics = []
    for path in paths:
        files = [path]
        if os.path.isdir(path):
            files = sorted(
                os.path.join(path, name) for name in os.listdir(path)
                if name.endswith((".yaml", ".yml")))
        for name in files:
            with open(name, encoding="utf-8") as f:
                text = f.read()
            try:
                documents = parse_yaml(_without_blank_lines(text))
            except (YamlError, ValueError, IndexError) as e:
                raise SystemExit("async-tidy-sarif: cannot read %s: %s" % (name, e))
            for doc in documents:
                if isinstance(doc, dict):
                    diagnostics.extend(doc.get("Diagnostics") or [])
    return diagnostics


def _without_blank_lines(text):
    # Blank lines only carry meaning inside folded quoted scalars (PyYAML's
    # way to write a newline there); keep those, drop the others.
    out = []
    in_quote = None
    for line in text.splitlines():
        if not line.strip() and in_quote is None:
            continue
        out.append(line)
        in_quote = _open_quote_after(line, in_quote)
    return "".join(line + "\n" for line in out)


def _open_quote_after(line, in_quote):
    """Tracks whether a quoted scalar is still open at the end of `line`."""
    i = 0
    if in_quote is None:
        m = re.match(r"^\s*(?:- )*(?:[^ '\"][^:]*:\s+)?(['\"])", line)
        if not m:
            return None
        in_quote = m.group(1)
        i = m.end()
    while i < len(line):
        c = line[i]
        if in_quote == '"' and c == "\\":
            i += 2
            continue
        if c == in_quote:
            if in_quote == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            return None
        i += 1
    return in_quote


# --- Positions --------------------------------------------------------------


class Sources:
    """Maps byte offsets of files to 1-based lines and columns (columns in
    Unicode code points)."""

    def __init__(self):
        self.cache = {}

    def _lines(self, path):
        if path not in self.cache:
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                data = None
            starts = None
            if data is not None:
                starts = [0]
                for m in re.finditer(b"\n", data):
                    starts.append(m.end())
            self.cache[path] = (data, starts)
        return self.cache[path]

    def position(self, path, offset):
        data, starts = self._lines(path)
        if data is None or offset is None:
            return None
        offset = max(0, min(offset, len(data)))
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        column = len(data[starts[lo]:offset].decode("utf-8", "replace")) + 1
        return lo + 1, column

    def line_text(self, path, line):
        data, starts = self._lines(path)
        if data is None or not 1 <= line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(data)
        return data[starts[line - 1]:end].decode("utf-8", "replace")

    def region(self, path, offset, length, point=False):
        start = self.position(path, offset)
        if start is None:
            return None
        region = {"startLine": start[0], "startColumn": start[1]}
        # A point (a note's location) has no end; an empty region is what a
        # fix that only inserts deletes.
        if length or not point:
            end = self.position(path, offset + (length or 0))
            region["endLine"], region["endColumn"] = end
        return region


# --- Rules ------------------------------------------------------------------


def _rst_text(text):
    text = re.sub(r":[a-z]+:`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", text)
    text = text.replace("``", "")
    return re.sub(r"\s+", " ", text).strip()


def check_page(doc_path):
    """The prose of a check's page before its first section: a list of
    paragraphs (code blocks, directives and the title left out), or None
    when the page cannot be read."""
    try:
        with open(doc_path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    paragraphs = []
    current = []
    title_seen = False
    in_block = False  # inside a directive (.. code-block::) or a :: block
    for i, line in enumerate(lines):
        underline = re.fullmatch(r"([=~^\-])\1+", line) and i > 0 \
            and lines[i - 1].strip() and not lines[i - 1].startswith("..")
        if not title_seen:
            title_seen = bool(underline)
            continue
        if underline:
            # The previous line was a heading, not prose: the intro ends.
            if current:
                current.pop()
            break
        if in_block:
            if not line.strip() or line.startswith((" ", "\t")):
                continue
            in_block = False
        if not line.strip():
            if current:
                paragraphs.append(_rst_text(" ".join(current)))
                current = []
            continue
        if line.startswith(".."):
            in_block = True
            continue
        if line.startswith((" ", "\t")) and not current:
            continue  # an indented block without a directive
        current.append(line)
        if line.rstrip().endswith("::"):
            in_block = True
            current[-1] = line.rstrip()[:-1]
            paragraphs.append(_rst_text(" ".join(current)))
            current = []
    if current:
        paragraphs.append(_rst_text(" ".join(current)))
    return [p for p in paragraphs if p]


def check_summary(doc_path):
    """The first sentence of a check's page, and its first paragraph."""
    paragraphs = check_page(doc_path)
    if not paragraphs:
        return None, None
    full = paragraphs[0]
    m = re.match(r"(.+?[.!?])(?:\s|$)", full)
    return (m.group(1) if m else full), full


def list_async_checks(async_tidy):
    if not async_tidy:
        return []
    try:
        out = subprocess.run(
            [async_tidy, "--checks=-*,async-*", "--list-checks"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            universal_newlines=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [l.strip() for l in out.splitlines() if re.fullmatch(r"\s+async-[a-z0-9-]+", l)]


def find_docs_dir(explicit):
    if explicit:
        return explicit
    here = os.path.dirname(os.path.realpath(__file__))
    candidates = [os.path.join(here, "..", "docs", "checks")]
    # Installed: <prefix>/<libdir>/async-tidy/llvm-NN/bin/ and
    # <prefix>/share/doc/async-tidy-llvmNN/checks.
    m = re.search(r"/async-tidy/llvm-([0-9]+)/bin$", here)
    if m:
        prefix = here[:m.start()]
        while prefix and not os.path.isdir(os.path.join(prefix, "share")):
            prefix = os.path.dirname(prefix)
        candidates.append(os.path.join(prefix, "share", "doc",
                                       "async-tidy-llvm" + m.group(1), "checks"))
    for c in candidates:
        if os.path.isdir(c):
            return os.path.normpath(c)
    return None


def make_rule(check, docs_dir, help_base):
    """A reportingDescriptor with what GitHub code scanning requires of a
    rule: short and full descriptions and help (text and Markdown)."""
    rule = {"id": check, "name": _camel(check)}
    paragraphs = None
    help_uri = None
    if check.startswith("async-"):
        page = os.path.join(docs_dir, check + ".rst") if docs_dir else None
        if page:
            paragraphs = check_page(page)
        if help_base:
            help_uri = help_base + check + ".rst"
        elif page and os.path.exists(page):
            help_uri = "file://" + urllib.request.pathname2url(os.path.abspath(page))
        if not paragraphs:
            paragraphs = ["async-tidy check %s." % check]
    elif check.startswith("clang-diagnostic-"):
        paragraphs = ["Clang compiler diagnostic %s (the warning flag -W%s)."
                      % (check, check[len("clang-diagnostic-"):])]
    elif check.startswith("clang-analyzer-"):
        paragraphs = ["Clang Static Analyzer checker %s, run by clang-tidy."
                      % check[len("clang-analyzer-"):]]
        help_uri = UPSTREAM_DOCS + "clang-analyzer/" + \
            check[len("clang-analyzer-"):] + ".html"
    else:
        # An upstream clang-tidy check: bugprone-use-after-move is documented
        # at checks/bugprone/use-after-move.html.
        group, _, rest = check.partition("-")
        if rest:
            help_uri = UPSTREAM_DOCS + group + "/" + rest + ".html"
        paragraphs = ["clang-tidy check %s." % check]
    first = paragraphs[0]
    m = re.match(r"(.+?[.!?])(?:\s|$)", first)
    short = m.group(1) if m else first
    # The summary and, when the page has one, the paragraph that says why.
    full = " ".join(paragraphs[:2])
    suppress = ("Suppress one finding with a // NOLINT(%s) comment on its line "
                "(// NOLINTNEXTLINE(%s) on the line before); turn the check off "
                "with Checks: '-%s' in .clang-tidy." % (check, check, check))
    text = "\n\n".join(paragraphs + [suppress])
    markdown = "\n\n".join(
        paragraphs + [suppress.replace("// NOLINT(%s)" % check,
                                       "`// NOLINT(%s)`" % check)
                      .replace("// NOLINTNEXTLINE(%s)" % check,
                               "`// NOLINTNEXTLINE(%s)`" % check)
                      .replace("Checks: '-%s'" % check, "`Checks: '-%s'`" % check)])
    if help_uri:
        text += "\n\nDocumentation: " + help_uri
        markdown += "\n\n[Documentation of %s](%s)" % (check, help_uri)
    rule["shortDescription"] = {"text": short}
    rule["fullDescription"] = {"text": full}
    rule["help"] = {"text": text, "markdown": markdown}
    if help_uri:
        rule["helpUri"] = help_uri
    rule["defaultConfiguration"] = {"level": "warning"}
    rule["properties"] = {"tags": ["correctness", "concurrency"]
                          if check.startswith("async-") else ["clang-tidy"]}
    return rule


def _camel(check):
    return "".join(part.capitalize() for part in check.split("-"))


# --- SARIF ------------------------------------------------------------------


class Converter:
    def __init__(self, source_root, sources):
        self.root = os.path.abspath(source_root)
        self.sources = sources

    def artifact(self, path):
        path = os.path.normpath(path)
        rel = os.path.relpath(path, self.root)
        if not rel.startswith(".." + os.sep) and rel != "..":
            return {"uri": urllib.request.pathname2url(rel),
                    "uriBaseId": "%SRCROOT%"}
        return {"uri": "file://" + urllib.request.pathname2url(path)}

    def location(self, path, offset, length=0, message=None):
        loc = {"physicalLocation": {"artifactLocation": self.artifact(path)}}
        region = self.sources.region(path, offset, length, point=True)
        if region:
            loc["physicalLocation"]["region"] = region
        if message is not None:
            loc["message"] = {"text": message}
        return loc

    def fix(self, description, replacements):
        by_file = {}
        for r in replacements:
            path = _abs(r.get("FilePath"), self.build_dir)
            region = self.sources.region(path, r.get("Offset"), r.get("Length"))
            if region is None:
                return None
            by_file.setdefault(path, []).append({
                "deletedRegion": region,
                "insertedContent": {"text": r.get("ReplacementText") or ""},
            })
        return {
            "description": {"text": description},
            "artifactChanges": [
                {"artifactLocation": self.artifact(p), "replacements": reps}
                for p, reps in by_file.items()
            ],
        }

    def fingerprint(self, name, result, path):
        """What identifies a finding across runs and edits elsewhere in the
        file: the check, the file, the message and the text of its line with
        its whitespace squeezed; not its line number. build_sarif appends the
        occurrence count, so that twin findings stay apart."""
        key = [name, result["message"]["text"]]
        if path:
            phys = result["locations"][0]["physicalLocation"]
            key.append(phys["artifactLocation"]["uri"])
            line = phys.get("region", {}).get("startLine")
            if line:
                key.append(" ".join(self.sources.line_text(path, line).split()))
        return hashlib.sha256("\0".join(key).encode("utf-8")).hexdigest()[:32]

    def result(self, diag, rule_index):
        self.build_dir = diag.get("BuildDirectory") or os.getcwd()
        msg = diag.get("DiagnosticMessage") or {}
        name = diag.get("DiagnosticName") or "clang-tidy"
        level = {"Error": "error", "Warning": "warning",
                 "Remark": "note"}.get(diag.get("Level"), "warning")
        result = {
            "ruleId": name,
            "ruleIndex": rule_index[name],
            "level": level,
            "message": {"text": msg.get("Message") or name},
        }
        path = msg.get("FilePath")
        if path:
            path = _abs(path, self.build_dir)
            length = 0
            for r in msg.get("Ranges") or []:
                if (_abs(r.get("FilePath"), self.build_dir) == path
                        and r.get("FileOffset") == msg.get("FileOffset")):
                    length = r.get("Length") or 0
                    break
            result["locations"] = [self.location(path, msg.get("FileOffset"), length)]
        result["partialFingerprints"] = {
            FINGERPRINT: self.fingerprint(name, result, path)}
        related = []
        fixes = []
        if msg.get("Replacements"):
            f = self.fix(msg.get("Message") or "fix", msg["Replacements"])
            if f:
                fixes.append(f)
        for note in diag.get("Notes") or []:
            note_path = note.get("FilePath")
            if note_path:
                loc = self.location(_abs(note_path, self.build_dir),
                                    note.get("FileOffset"),
                                    message=note.get("Message") or "")
                loc["id"] = len(related) + 1
                related.append(loc)
            if note.get("Replacements"):
                f = self.fix(note.get("Message") or "fix", note["Replacements"])
                if f:
                    fixes.append(f)
        if related:
            result["relatedLocations"] = related
        if fixes:
            result["fixes"] = fixes
        return result


def _abs(path, base):
    if not path:
        return path
    return os.path.normpath(os.path.join(base or os.getcwd(), path))


def _result_order(result):
    loc = (result.get("locations") or [{}])[0].get("physicalLocation", {})
    region = loc.get("region", {})
    return (loc.get("artifactLocation", {}).get("uri", ""),
            region.get("startLine", 0), region.get("startColumn", 0),
            result["ruleId"], result["message"]["text"])


def default_information_uri(help_base, docs_dir):
    """The project's page: the repository the check pages are published in
    (the help URI base without its docs/checks/), else the local docs."""
    if help_base:
        m = re.match(r"(.*/)docs/checks/$", help_base)
        if m:
            # .../blob/<ref>/ is a file view; the repository is above it.
            return re.sub(r"/(blob|tree)/[^/]+/$", "/", m.group(1))
        return help_base
    if docs_dir:
        index = os.path.join(os.path.dirname(os.path.abspath(docs_dir)), "index.rst")
        target = index if os.path.exists(index) else os.path.abspath(docs_dir)
        return "file://" + urllib.request.pathname2url(target)
    return None


def build_sarif(diagnostics, async_checks, docs_dir, help_base, source_root,
                version, information_uri=None):
    # A diagnostic in a header is reported once per file that includes it.
    seen = set()
    unique = []
    for d in diagnostics:
        msg = d.get("DiagnosticMessage") or {}
        key = (d.get("DiagnosticName"), msg.get("Message"),
               _abs(msg.get("FilePath"), d.get("BuildDirectory")),
               msg.get("FileOffset"))
        if key not in seen:
            seen.add(key)
            unique.append(d)

    checks = list(dict.fromkeys(
        list(async_checks) + [d.get("DiagnosticName") or "clang-tidy" for d in unique]))
    rules = [make_rule(c, docs_dir, help_base) for c in checks]
    rule_index = {c: i for i, c in enumerate(checks)}
    converter = Converter(source_root, Sources())
    results = [converter.result(d, rule_index) for d in unique]
    # Sorted, so that the occurrence counts do not depend on the order in
    # which run-clang-tidy finished its files.
    results.sort(key=_result_order)
    occurrences = {}
    for r in results:
        key = r["partialFingerprints"][FINGERPRINT]
        occurrences[key] = occurrences.get(key, 0) + 1
        r["partialFingerprints"][FINGERPRINT] = "%s:%d" % (key, occurrences[key])
    driver = {"name": TOOL_NAME, "rules": rules}
    if version:
        driver["version"] = version
    if information_uri:
        driver["informationUri"] = information_uri
    root_uri = "file://" + urllib.request.pathname2url(
        os.path.abspath(source_root).rstrip(os.sep) + os.sep)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def tool_version(async_tidy):
    if not async_tidy:
        return None
    try:
        out = subprocess.run([async_tidy, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True,
                             timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"version ([0-9][^\s]*)", out)
    return m.group(1) if m else None


def main(argv):
    command = []
    if "--" in argv:
        at = argv.index("--")
        argv, command = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(
        description="Convert async-tidy findings (--export-fixes YAML) to SARIF 2.1.0.",
        epilog="Run async-tidy and convert: async-tidy-sarif.py -o out.sarif -- "
               "async-tidy -p build src/a.cpp")
    parser.add_argument("inputs", nargs="*",
                        help="--export-fixes YAML files, or directories of them "
                             "(run-clang-tidy -export-fixes DIR/)")
    parser.add_argument("-o", "--output", default="-",
                        help="SARIF file to write (default: standard output)")
    parser.add_argument("--async-tidy", dest="async_tidy",
                        help="async-tidy binary asked for the list of checks and "
                             "its version (default: the command after --, else "
                             "async-tidy on PATH)")
    parser.add_argument("--docs-dir",
                        help="directory of the checks' .rst pages (default: "
                             "docs/checks of this checkout or installation)")
    parser.add_argument("--help-uri-base",
                        help="URL the check pages are published under, e.g. "
                             "https://github.com/OWNER/async-tidy/blob/main/docs/checks/ "
                             "(default: file: URIs of the local pages)")
    parser.add_argument("--information-uri",
                        help="the tool's home page in the SARIF (default: the "
                             "repository of --help-uri-base, else the local docs)")
    parser.add_argument("--source-root", default=os.getcwd(),
                        help="paths under it become relative to %%SRCROOT%% "
                             "(default: the current directory)")
    args = parser.parse_args(argv)
    if not args.inputs and not command:
        parser.error("give --export-fixes YAML files, or a command after --")

    # The async-tidy next to this script when installed, else the one on PATH.
    sibling = os.path.join(os.path.dirname(os.path.realpath(__file__)), "async-tidy")
    async_tidy = args.async_tidy or (command[0] if command else None) \
        or (sibling if os.access(sibling, os.X_OK) else shutil.which("async-tidy"))
    if async_tidy and os.sep not in async_tidy:
        async_tidy = shutil.which(async_tidy) or async_tidy

    inputs = list(args.inputs)
    status = 0
    tmp = None
    if command:
        tmp = tempfile.mkdtemp(prefix="async-tidy-sarif.")
        fixes = os.path.join(tmp, "fixes.yaml")
        try:
            # Right after the program: the command may end in `-- <compiler
            # arguments>`.
            status = subprocess.call(command[:1] + ["--export-fixes=" + fixes]
                                     + command[1:])
        except OSError as e:
            raise SystemExit("async-tidy-sarif: cannot run %s: %s" % (command[0], e))
        if os.path.exists(fixes):
            inputs.append(fixes)
    try:
        diagnostics = read_diagnostics(inputs)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    help_base = args.help_uri_base
    if help_base and not help_base.endswith("/"):
        help_base += "/"
    docs_dir = find_docs_dir(args.docs_dir)
    sarif = build_sarif(diagnostics, list_async_checks(async_tidy),
                        docs_dir, help_base, args.source_root,
                        tool_version(async_tidy),
                        args.information_uri
                        or default_information_uri(help_base, docs_dir))
    text = json.dumps(sarif, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
        print("async-tidy-sarif: %d results in %s"
              % (len(sarif["runs"][0]["results"]), args.output), file=sys.stderr)
    # The findings are in the SARIF; only a failed run of the tool fails.
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
