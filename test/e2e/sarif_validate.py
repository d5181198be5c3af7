#!/usr/bin/env python3
"""A structural validator for the SARIF 2.1.0 that async-tidy-sarif.py
writes: the required properties of the OASIS schema, their types, the
properties allowed on each object we emit, and the cross-references a viewer
relies on (ruleIndex, uriBaseId, relatedLocations ids).

  sarif_validate.py FILE.sarif      prints the problems, exit 1 if any
"""

import json
import re
import sys

# Properties the schema allows on each object kind we produce (all of them
# have "additionalProperties": false in sarif-schema-2.1.0.json), and which
# of them are required.
OBJECTS = {
    "log": ({"$schema", "version", "runs", "inlineExternalProperties",
             "properties"}, {"version", "runs"}),
    "run": ({"tool", "results", "originalUriBaseIds", "columnKind",
             "invocations", "artifacts", "properties"}, {"tool"}),
    "tool": ({"driver", "extensions", "properties"}, {"driver"}),
    "driver": ({"name", "version", "semanticVersion", "informationUri",
                "rules", "fullName", "properties"}, {"name"}),
    "rule": ({"id", "name", "shortDescription", "fullDescription", "helpUri",
              "help", "defaultConfiguration", "properties"}, {"id"}),
    "message": ({"text", "markdown", "id", "arguments", "properties"}, set()),
    "configuration": ({"enabled", "level", "rank", "parameters",
                       "properties"}, set()),
    "result": ({"ruleId", "ruleIndex", "rule", "kind", "level", "message",
                "locations", "relatedLocations", "fixes", "partialFingerprints",
                "fingerprints", "properties"}, {"message"}),
    "location": ({"id", "physicalLocation", "message", "logicalLocations",
                  "properties"}, set()),
    "physicalLocation": ({"artifactLocation", "region", "contextRegion",
                          "address", "properties"}, set()),
    "artifactLocation": ({"uri", "uriBaseId", "index", "description",
                          "properties"}, set()),
    "region": ({"startLine", "startColumn", "endLine", "endColumn",
                "charOffset", "charLength", "byteOffset", "byteLength",
                "snippet", "message", "sourceLanguage", "properties"}, set()),
    "fix": ({"description", "artifactChanges", "properties"},
            {"artifactChanges"}),
    "artifactChange": ({"artifactLocation", "replacements", "properties"},
                       {"artifactLocation", "replacements"}),
    "replacement": ({"deletedRegion", "insertedContent", "properties"},
                    {"deletedRegion"}),
    "artifactContent": ({"text", "binary", "rendered", "properties"}, set()),
}
LEVELS = {"none", "note", "warning", "error"}
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Validator:
    def __init__(self):
        self.problems = []

    def problem(self, path, text):
        self.problems.append("%s: %s" % (path, text))

    def obj(self, value, kind, path):
        if not isinstance(value, dict):
            self.problem(path, "%s must be an object" % kind)
            return False
        allowed, required = OBJECTS[kind]
        for key in value:
            if key not in allowed:
                self.problem(path, "%s has no property '%s'" % (kind, key))
        for key in required:
            if key not in value:
                self.problem(path, "%s lacks required '%s'" % (kind, key))
        return True

    def array(self, value, path, min_items=0):
        if not isinstance(value, list):
            self.problem(path, "must be an array")
            return []
        if len(value) < min_items:
            self.problem(path, "needs at least %d item(s)" % min_items)
        return value

    def integer(self, value, path, minimum):
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.problem(path, "must be an integer >= %d, is %r" % (minimum, value))
            return False
        return True

    def string(self, value, path):
        if not isinstance(value, str):
            self.problem(path, "must be a string, is %r" % (value,))
            return False
        return True

    def message(self, value, path):
        if self.obj(value, "message", path):
            if "text" not in value and "id" not in value:
                self.problem(path, "message needs 'text' or 'id'")
            if "text" in value:
                self.string(value["text"], path + ".text")

    def region(self, value, path, allow_empty=False):
        if not self.obj(value, "region", path):
            return
        if "startLine" not in value and "charOffset" not in value \
                and "byteOffset" not in value:
            self.problem(path, "region needs startLine, charOffset or byteOffset")
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            if key in value:
                self.integer(value[key], "%s.%s" % (path, key), 1)
        start = (value.get("startLine", 0), value.get("startColumn", 1))
        if "endLine" in value or "endColumn" in value:
            end = (value.get("endLine", start[0]), value.get("endColumn", 1))
            if end < start or (end == start and not allow_empty
                               and "endColumn" in value):
                self.problem(path, "region ends at %s, before or at its start %s"
                             % (end, start))

    def artifact_location(self, value, path, base_ids):
        if not self.obj(value, "artifactLocation", path):
            return
        uri = value.get("uri")
        if uri is None:
            self.problem(path, "artifactLocation without a uri")
            return
        self.string(uri, path + ".uri")
        if "uriBaseId" in value:
            if value["uriBaseId"] not in base_ids:
                self.problem(path, "uriBaseId %r is not in originalUriBaseIds"
                             % value["uriBaseId"])
            if URI.match(uri) or uri.startswith("/"):
                self.problem(path, "a uri with a uriBaseId must be relative: %r" % uri)
        elif not URI.match(uri):
            self.problem(path, "a relative uri needs a uriBaseId: %r" % uri)

    def location(self, value, path, base_ids):
        if not self.obj(value, "location", path):
            return
        if "id" in value:
            self.integer(value["id"], path + ".id", 0)
        if "message" in value:
            self.message(value["message"], path + ".message")
        phys = value.get("physicalLocation")
        if phys is not None and self.obj(phys, "physicalLocation", path + ".physicalLocation"):
            if "artifactLocation" not in phys and "address" not in phys:
                self.problem(path, "physicalLocation needs an artifactLocation")
            if "artifactLocation" in phys:
                self.artifact_location(phys["artifactLocation"],
                                       path + ".physicalLocation.artifactLocation",
                                       base_ids)
            if "region" in phys:
                self.region(phys["region"], path + ".physicalLocation.region")

    def rule(self, value, path):
        if not self.obj(value, "rule", path):
            return
        self.string(value.get("id"), path + ".id")
        for key in ("shortDescription", "fullDescription"):
            if key in value:
                self.message(value[key], path + "." + key)
        if "helpUri" in value and not (isinstance(value["helpUri"], str)
                                       and URI.match(value["helpUri"])):
            self.problem(path, "helpUri must be an absolute URI: %r" % value["helpUri"])
        if "defaultConfiguration" in value and self.obj(
                value["defaultConfiguration"], "configuration",
                path + ".defaultConfiguration"):
            level = value["defaultConfiguration"].get("level")
            if level is not None and level not in LEVELS:
                self.problem(path, "unknown level %r" % level)

    def fix(self, value, path, base_ids):
        if not self.obj(value, "fix", path):
            return
        if "description" in value:
            self.message(value["description"], path + ".description")
        for i, change in enumerate(self.array(value.get("artifactChanges"),
                                              path + ".artifactChanges", 1)):
            cpath = "%s.artifactChanges[%d]" % (path, i)
            if not self.obj(change, "artifactChange", cpath):
                continue
            self.artifact_location(change.get("artifactLocation"),
                                   cpath + ".artifactLocation", base_ids)
            for j, rep in enumerate(self.array(change.get("replacements"),
                                               cpath + ".replacements", 1)):
                rpath = "%s.replacements[%d]" % (cpath, j)
                if not self.obj(rep, "replacement", rpath):
                    continue
                self.region(rep.get("deletedRegion"), rpath + ".deletedRegion",
                            allow_empty=True)
                if "insertedContent" in rep and self.obj(
                        rep["insertedContent"], "artifactContent",
                        rpath + ".insertedContent"):
                    self.string(rep["insertedContent"].get("text"),
                                rpath + ".insertedContent.text")

    def run(self, value, path):
        if not self.obj(value, "run", path):
            return
        tool = value.get("tool")
        rules = []
        if self.obj(tool, "tool", path + ".tool"):
            driver = tool.get("driver")
            if self.obj(driver, "driver", path + ".tool.driver"):
                self.string(driver.get("name"), path + ".tool.driver.name")
                rules = self.array(driver.get("rules", []), path + ".tool.driver.rules")
                ids = [r.get("id") for r in rules if isinstance(r, dict)]
                if len(set(ids)) != len(ids):
                    self.problem(path, "rule ids are not unique")
                for i, r in enumerate(rules):
                    self.rule(r, "%s.tool.driver.rules[%d]" % (path, i))
        base_ids = value.get("originalUriBaseIds", {})
        for name, base in base_ids.items():
            uri = base.get("uri", "") if isinstance(base, dict) else ""
            if not (URI.match(uri) and uri.endswith("/")):
                self.problem(path, "originalUriBaseIds[%s] must be an absolute "
                             "URI ending in '/': %r" % (name, uri))
        if value.get("columnKind") not in (None, "utf16CodeUnits", "unicodeCodePoints"):
            self.problem(path, "unknown columnKind %r" % value.get("columnKind"))
        for i, result in enumerate(self.array(value.get("results", []), path + ".results")):
            rpath = "%s.results[%d]" % (path, i)
            if not self.obj(result, "result", rpath):
                continue
            self.message(result.get("message"), rpath + ".message")
            if result.get("level", "warning") not in LEVELS:
                self.problem(rpath, "unknown level %r" % result.get("level"))
            if "ruleIndex" in result and self.integer(result["ruleIndex"],
                                                      rpath + ".ruleIndex", 0):
                if result["ruleIndex"] >= len(rules) or \
                        rules[result["ruleIndex"]].get("id") != result.get("ruleId"):
                    self.problem(rpath, "ruleIndex does not point at rule %r"
                                 % result.get("ruleId"))
            for j, loc in enumerate(self.array(result.get("locations", []),
                                               rpath + ".locations")):
                self.location(loc, "%s.locations[%d]" % (rpath, j), base_ids)
            related = self.array(result.get("relatedLocations", []),
                                 rpath + ".relatedLocations")
            ids = [loc.get("id") for loc in related if isinstance(loc, dict)]
            if len(set(ids)) != len(ids):
                self.problem(rpath, "relatedLocations ids are not unique")
            for j, loc in enumerate(related):
                self.location(loc, "%s.relatedLocations[%d]" % (rpath, j), base_ids)
            for j, fix in enumerate(self.array(result.get("fixes", []), rpath + ".fixes")):
                self.fix(fix, "%s.fixes[%d]" % (rpath, j), base_ids)

    def log(self, value):
        if not self.obj(value, "log", "$"):
            return self.problems
        if value.get("version") != "2.1.0":
            self.problem("$.version", "must be \"2.1.0\"")
        for i, run in enumerate(self.array(value.get("runs"), "$.runs")):
            self.run(run, "$.runs[%d]" % i)
        return self.problems


def validate(sarif):
    return Validator().log(sarif)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        problems = validate(json.load(f))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
