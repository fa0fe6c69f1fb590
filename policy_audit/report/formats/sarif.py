"""SARIF 2.1.0, so GitHub code scanning shows findings as alerts that stay matched while a draft is edited."""

from __future__ import annotations

import json
import posixpath
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..escape import json_safe
from ..fingerprints import finding_key, numbered

if TYPE_CHECKING:
    from ..models import DocumentInfo, Evidence, Finding, Report, RuleInfo

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}
STATES: dict[str, str] = {
    "weak": "Weak (only hedged, partial or belief-only commitment)",
    "missing": "Missing (no sentence in scope commits to it)",
    "invalid": "Invalid suppression (not obeyed)",
}
MAX_QUOTES = 5  # in the message; every evidence sentence is also a related location

Json = dict[str, Any]


def rule_name(title: str) -> str:
    """The CamelCase name SARIF viewers show for a rule: 'Groundwork before hiring' -> 'GroundworkBeforeHiring'."""
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[^\W_]+", title))


def raw(path: str) -> bytes:
    """The bytes of a file name as the file system holds them (os.fsdecode's surrogates undone), for a URI."""
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return path.encode("utf-8", "replace")


def artifact_location(path: str, artifacts: dict[str, int]) -> Json:
    """A percent-encoded URI for `path`: relative to %SRCROOT%, or a file URI when the path is absolute."""
    posix = path.replace("\\", "/")
    if posix.startswith("/") or re.match(r"[A-Za-z]:/", posix):
        location: Json = {"uri": "file://" + ("" if posix.startswith("/") else "/") + quote(raw(posix), safe="/:")}
    else:
        location = {"uri": quote(raw(posixpath.normpath(posix)), safe="/"), "uriBaseId": "%SRCROOT%"}
    if path in artifacts:
        location["index"] = artifacts[path]
    return location


def physical(path: str, line: int, column: int, page: int | None, artifacts: dict[str, int]) -> Json:
    """A location object for a line and column (both at least 1), with the page as a property when known."""
    location: Json = {"physicalLocation": {
        "artifactLocation": artifact_location(path, artifacts),
        "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
    }}
    if page is not None:
        location["properties"] = {"page": page}
    return location


def describe_rule(rule: RuleInfo) -> Json:
    """A reportingDescriptor with the help text GitHub shows beside an alert: what, how to fix, source."""
    extra = [(label, value) for label, value in (("How to fix", rule.hint), ("Source", rule.cite)) if value]
    text = [rule.message] + [f"{label}: {value}" for label, value in extra]
    markdown = [rule.message] + [f"**{label}:** {value}" for label, value in extra]
    return {
        "id": rule.id,
        "name": rule_name(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.message},
        "help": {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"area": rule.area, "scope": rule.scope, "tags": ["policy", rule.area]},
    }


def quote_line(ev: Evidence) -> str:
    """One evidence sentence as a message line: strength, place and the quoted text."""
    where = f"{ev.path}:p{ev.page}:{ev.line}" if ev.page is not None else f"{ev.path}:{ev.line}"
    return f'Evidence ({ev.strength}, {where}): "{ev.text}"'


def message(finding: Finding) -> str:
    """The alert text: the rule's message, the state, where it is anchored, and the evidence quotes."""
    lines = [f"{STATES[finding.state]}: {finding.message}"]
    if finding.anchored and "anchored" not in finding.message.lower():
        lines.append(f"No single line states this, so it is anchored at line {finding.line} "
                     "(the most relevant heading, or the top of the file).")
    lines += [quote_line(ev) for ev in finding.evidence[:MAX_QUOTES]]
    if len(finding.evidence) > MAX_QUOTES:
        lines.append(f"... and {len(finding.evidence) - MAX_QUOTES} more evidence sentences (related locations).")
    return "\n".join(lines)


def describe_result(finding: Finding, occurrence: int, rules: dict[str, int], artifacts: dict[str, int]) -> Json:
    """A SARIF result with a fingerprint built from rule, scope, path and section, so a moved line still matches."""
    out: Json = {"ruleId": finding.rule_id}
    if finding.rule_id in rules:
        out["ruleIndex"] = rules[finding.rule_id]
    out["level"] = LEVELS[finding.severity]
    out["message"] = {"text": message(finding)}
    out["locations"] = [physical(finding.path, finding.line, finding.column, finding.page, artifacts)]
    out["partialFingerprints"] = {
        "primaryLocationLineHash": f"{finding_key(finding)}:{occurrence}",
        "policyAudit/v1": finding.fingerprint,
    }
    if finding.evidence:
        out["relatedLocations"] = [
            {"id": i, **physical(ev.path, ev.line, ev.column, ev.page, artifacts),
             "message": {"text": f"{ev.strength}: {ev.text}"}}
            for i, ev in enumerate(finding.evidence, start=1)
        ]
    if finding.suppressed is not None:
        out["suppressions"] = [{"kind": "inSource" if finding.suppressed.kind == "inline" else "external",
                                "status": "accepted", "justification": finding.suppressed.justification}]
    out["properties"] = {"state": finding.state, "scope": finding.scope, "area": finding.area,
                         "anchored": finding.anchored}
    return out


def notification(document: DocumentInfo, artifacts: dict[str, int]) -> Json:
    """A tool execution notification (level error) for a file that could not be read."""
    return {
        "level": "error",
        "message": {"text": f"Could not read {document.path}: {document.error}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(document.path, artifacts)}}],
        "descriptor": {"id": "document-unreadable"},
    }


def skipped_notification(path: str) -> Json:
    """A tool execution notification (level note) for a file found but not audited."""
    return {
        "level": "note",
        "message": {"text": f"Skipped {path}: not a document policy-audit reads, so it was not audited"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path, {})}}],
        "descriptor": {"id": "document-skipped"},
    }


def artifact(document: DocumentInfo, artifacts: dict[str, int]) -> Json:
    """An artifacts[] entry: the file, its format and, when audited, its kind and title."""
    properties = {key: value for key, value in (("format", document.format), ("kind", document.kind),
                                               ("title", document.title)) if value is not None}
    return {"location": artifact_location(document.path, {}), "properties": properties}


def render(report: Report) -> str:
    """The report as one SARIF 2.1.0 log with one run."""
    rules = {rule.id: index for index, rule in enumerate(report.rules)}
    artifacts = {document.path: index for index, document in enumerate(report.documents)}
    errors = [d for d in report.documents if d.error is not None]
    keys = numbered(finding_key(f) for f in report.findings)
    invocation: Json = {"executionSuccessful": not errors}
    notes = [notification(d, artifacts) for d in errors] + [skipped_notification(p) for p in report.summary.skipped_paths]
    if notes:
        invocation["toolExecutionNotifications"] = notes
    s = report.summary
    run: Json = {
        "tool": {"driver": {
            "name": report.tool,
            "version": report.version,
            "rules": [describe_rule(rule) for rule in report.rules],
        }},
        "invocations": [invocation],
        "artifacts": [artifact(d, artifacts) for d in report.documents],
        "results": [describe_result(f, n, rules, artifacts) for f, (_, n) in zip(report.findings, keys)],
        "columnKind": "unicodeCodePoints",
        "properties": {"packs": [{"name": p.name, "title": p.title, "version": p.version, "rules": p.rules}
                                 for p in report.packs],
                       "documents": {"discovered": s.discovered, "audited": s.audited, "errored": s.errored,
                                     "skipped": s.skipped}},
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_safe(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"
