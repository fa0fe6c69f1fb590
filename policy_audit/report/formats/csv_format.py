"""CSV for spreadsheets: one row per finding and evidence sentence, plus one per unreadable or skipped file.

UTF-8 with a byte-order mark, so Excel reads curly quotes and accents. Places are named as readers
name them: `page` for PDFs, `paragraph` for Word, ODT and RTF (never in the `line` column), `location`
as `p3`, `¶15 “The Board shall…”` or `line 12`, and `section` the heading path. A finding without
evidence is one row with the evidence columns empty. A cell a spreadsheet would run as a formula
(starting with = + - @, tab or CR) gets a leading `'`; control characters are shown as `\\x07`.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from ..adopt import model_language, ordered_findings

if TYPE_CHECKING:
    from ..models import DocumentInfo, Evidence, Finding, Report

COLUMNS = ("record", "rule_id", "title", "area", "severity", "state", "scope", "path", "page", "paragraph", "line",
           "location", "section", "evidence", "strength", "reason", "message", "model_language", "principle",
           "suppressed", "fingerprint")
UNREADABLE_HINT = "Fix or re-export the file (a scanned PDF needs a text layer), or exclude it from the audit."
SKIPPED_HINT = "Not a document type policy-audit reads; convert it to one it reads if it holds policy."
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BOM = "\ufeff"

Row = dict[str, str | int | None]


def cell(value: str | int | None) -> str | int:
    """A value safe to open in a spreadsheet: None as empty, formula-like text defused, controls shown."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def _place(path: str, page: int | None, paragraph: int | None, line: int, location: str, section: list[str]) -> Row:
    return {"path": path, "page": page, "paragraph": paragraph,
            "line": None if paragraph is not None else line,  # a paragraph number is not a line
            "location": location, "section": " › ".join(section)}


def finding_rows(f: Finding) -> list[Row]:
    """A finding's rows: one per evidence sentence, or one when it has none."""
    base: Row = {"record": "finding", "rule_id": f.rule_id, "title": f.title, "area": f.area, "severity": f.severity,
                 "state": f.state, "scope": f.scope, "message": f.message, "model_language": model_language(f.hint),
                 "principle": f.cite, "suppressed": f.suppressed.justification if f.suppressed else "",
                 "fingerprint": f.fingerprint}
    if not f.evidence:
        return [{**base, **_place(f.path, f.page, f.paragraph, f.line, f.location, []),
                 "evidence": "", "strength": "", "reason": ""}]
    return [{**base, **evidence_place(e), "evidence": e.quote, "strength": e.strength, "reason": e.reason}
            for e in f.evidence]


def evidence_place(e: Evidence) -> Row:
    """The place columns of one evidence sentence."""
    return _place(e.path, e.page, e.paragraph, e.line, e.location, e.section)


def file_rows(report: Report) -> list[Row]:
    """Rows for files not audited: unreadable ones (state `error`) and skipped ones (state `skipped`)."""
    def row(record: str, path: str, message: str, hint: str) -> Row:
        return {"record": record, "rule_id": "", "title": "Unreadable document" if record == "error" else "Skipped file",
                "area": "", "severity": "error" if record == "error" else "info", "state": record, "scope": path,
                "path": path, "message": message, "model_language": hint}

    rows = [row("error", d.path, f"Could not read {d.path}: {d.error}", UNREADABLE_HINT)
            for d in report.documents if _unreadable(d)]
    rows += [row("skipped", p, f"Skipped {p}: not a document type it reads", SKIPPED_HINT)
             for p in report.summary.skipped_paths]
    return rows


def _unreadable(d: DocumentInfo) -> bool:
    return d.error is not None


def rows(report: Report) -> list[Row]:
    """Every row in order: findings by importance, then unreadable and skipped files."""
    return [r for f in ordered_findings(report) for r in finding_rows(f)] + file_rows(report)


def render(report: Report) -> str:
    """The report as CSV (UTF-8 with a BOM, `\\n` line ends)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(report):
        writer.writerow({key: cell(row.get(key)) for key in COLUMNS})
    return BOM + out.getvalue()
