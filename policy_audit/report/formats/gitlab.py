"""GitLab Code Quality JSON, so merge requests list findings and tell new ones from fixed ones by fingerprint.

Severity: error -> major, warning -> minor, info -> info (the mapping GitLab's ESLint formatter uses);
an unreadable document -> critical, since nothing in that file could be checked at all.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..escape import json_safe
from ..fingerprints import digest, document_error_key, finding_key, numbered

if TYPE_CHECKING:
    from ..models import DocumentInfo, Finding, Report

SEVERITIES: dict[str, str] = {"error": "major", "warning": "minor", "info": "info"}
UNREADABLE = "critical"


def relative(path: str) -> str:
    """The path with forward slashes, as GitLab matches it against the repository tree."""
    return path.replace("\\", "/").removeprefix("./")


def body(finding: Finding) -> str:
    """Markdown details: the fix, the source, and every evidence sentence."""
    lines = [f"**How to fix:** {finding.hint}"] if finding.hint else []
    if finding.cite:
        lines.append(f"**Source:** {finding.cite}")
    lines += [f'> "{ev.text}" ({ev.path}:{ev.line}, {ev.strength})' for ev in finding.evidence]
    return "\n\n".join(lines)


def issue(finding: Finding, occurrence: int) -> dict[str, Any]:
    """A Code Quality issue for a finding, fingerprinted from rule, scope, path and section (not the line)."""
    description = f"{finding.rule_id} {finding.title} ({finding.state}): {finding.message}"
    if finding.anchored and "anchored" not in finding.message.lower():
        description += " No single line states this, so it is anchored at the most relevant heading or line 1."
    out: dict[str, Any] = {"type": "issue", "check_name": finding.rule_id, "description": description}
    if details := body(finding):
        out["content"] = {"body": details}
    out["fingerprint"] = digest(finding_key(finding), str(occurrence), length=32)
    out["severity"] = SEVERITIES[finding.severity]
    out["location"] = {"path": relative(finding.path), "lines": {"begin": max(finding.line, 1)}}
    return out


def unreadable(document: DocumentInfo) -> dict[str, Any]:
    """A Code Quality issue for a file that could not be read."""
    return {
        "type": "issue",
        "check_name": "document-unreadable",
        "description": f"Could not read {document.path}: {document.error}",
        "fingerprint": document_error_key(document, length=32),
        "severity": UNREADABLE,
        "location": {"path": relative(document.path), "lines": {"begin": 1}},
    }


def skipped(path: str) -> dict[str, Any]:
    """An info issue for a file found but not audited, so the merge request shows it was not checked."""
    return {
        "type": "issue",
        "check_name": "document-skipped",
        "description": f"Skipped {path}: not a document policy-audit reads, so it was not audited",
        "fingerprint": digest("document-skipped", path, length=32),
        "severity": "info",
        "location": {"path": relative(path), "lines": {"begin": 1}},
    }


def render(report: Report) -> str:
    """The report as a Code Quality report: one issue per finding, then per unreadable and per skipped file."""
    active = [f for f in report.findings if f.suppressed is None]
    keys = numbered(finding_key(f) for f in active)
    issues = [issue(f, n) for f, (_, n) in zip(active, keys)]
    issues += [unreadable(d) for d in report.documents if d.error is not None]
    issues += [skipped(path) for path in report.summary.skipped_paths]
    return json_safe(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
