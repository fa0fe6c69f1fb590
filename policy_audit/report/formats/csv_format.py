"""CSV with one row per result, so compliance staff can sort, filter and annotate the audit in a spreadsheet.

`path`, `line` and `page` give the finding's place (else the first evidence sentence's);
`evidence_text` holds every evidence sentence, one per line (inner line breaks folded), and `strength`
their strengths in the same order. A cell a spreadsheet would run as a formula (starting with
= + - @, tab or CR) gets a leading `'`.
"""

from __future__ import annotations

import csv
import io

from ..models import DocumentInfo, Finding, Report, Result, RuleInfo

COLUMNS = ("rule_id", "title", "area", "severity", "scope", "state", "path", "line", "page",
           "evidence_text", "strength", "message", "hint", "suppressed")
UNREADABLE_HINT = "Fix or re-export the file (a scanned PDF needs a text layer), or exclude it from the audit."
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, str | int | None]


def cell(value: str | int | None) -> str | int:
    """A value safe to open in a spreadsheet: None as empty, formula-like text defused with `'`."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def result_row(result: Result, finding: Finding | None, rule: RuleInfo | None) -> Row:
    """The row of one result, located and worded by its finding when it has one."""
    first = result.evidence[0] if result.evidence else None
    if finding is not None:
        path, line, page = finding.path, finding.line, finding.page
    elif first is not None:
        path, line, page = first.path, first.line, first.page
    else:
        path, line, page = ("" if result.scope == "folder" else result.scope), None, None
    if finding is not None:
        message, hint = finding.message, finding.hint
    else:
        message = result.note
        hint = rule.hint if rule is not None and result.state in ("weak", "missing") else ""
    return {
        "rule_id": result.rule_id, "title": result.title, "area": result.area,
        "severity": finding.severity if finding is not None else result.severity,
        "scope": result.scope, "state": result.state, "path": path, "line": line, "page": page,
        "evidence_text": "\n".join(" ".join(ev.text.split()) for ev in result.evidence),
        "strength": "\n".join(ev.strength for ev in result.evidence),
        "message": message, "hint": hint,
        "suppressed": finding.suppressed.justification if finding is not None and finding.suppressed else "",
    }


def error_row(document: DocumentInfo) -> Row:
    """The row of a file that could not be read: state `error`, the reason as the message."""
    return {
        "rule_id": "", "title": "Unreadable document", "area": "", "severity": "error",
        "scope": document.path, "state": "error", "path": document.path, "line": "", "page": "",
        "evidence_text": "", "strength": "", "message": f"Could not read {document.path}: {document.error}",
        "hint": UNREADABLE_HINT, "suppressed": "",
    }


def render(report: Report) -> str:
    """The report as CSV: a header, one row per result in report order, then one per unreadable document."""
    findings: dict[tuple[str, str], Finding] = {}
    for finding in report.findings:
        findings.setdefault((finding.rule_id, finding.scope), finding)
    rules = {rule.id: rule for rule in report.rules}
    rows = [result_row(r, findings.get((r.rule_id, r.scope)), rules.get(r.rule_id)) for r in report.results]
    rows += [error_row(d) for d in report.documents if d.error is not None]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: cell(value) for key, value in row.items()})
    return out.getvalue()
