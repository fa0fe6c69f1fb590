"""An Excel workbook: sheets `results`, `findings`, `evidence` and `documents`, each with a frozen, filtered header.

Written with XlsxWriter (small, pure Python), imported only when this format is asked for. Text is
always written as text (never a formula); control characters are shown as `\\x07`.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
from typing import TYPE_CHECKING, Any

from ..adopt import model_language, ordered_findings
from .csv_format import evidence_place

if TYPE_CHECKING:
    from ..models import Report

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
Value = str | int | None
Sheet = tuple[str, list[tuple[str, int]], list[list[Value]]]  # name, (column, width), rows


def _sheets(report: Report) -> list[Sheet]:
    coverage = {(c.rule_id, c.scope): c for c in report.coverage}
    results: list[list[Value]] = []
    for r in report.results:
        row = coverage.get((r.rule_id, r.scope))
        marks = "; ".join(f"{c.path}: {c.mark}" for c in row.cells) if row else ""
        results.append([r.rule_id, r.title, r.area, r.severity, r.scope, r.state, r.note, marks])
    findings_sorted = ordered_findings(report)
    findings: list[list[Value]] = [[f.rule_id, f.title, f.area, f.severity, f.state, f.scope, f.path, f.page, f.paragraph,
                 None if f.paragraph is not None else f.line, f.location, f.message, model_language(f.hint), f.cite,
                 f.suppressed.justification if f.suppressed else "", f.fingerprint] for f in findings_sorted]
    evidence: list[list[Value]] = []
    for f in findings_sorted:
        for n, e in enumerate(f.evidence, 1):
            p = evidence_place(e)
            evidence.append([f.rule_id, f.scope, f.state, n, e.path, e.page, e.paragraph, p["line"], e.location,
                             p["section"], e.strength, e.reason, e.quote])
    documents: list[list[Value]] = [[d.path, d.format, "error" if d.error else "audited", d.kind or "", d.title or "",
                                     d.sentences if not d.error else None, d.error or "; ".join(d.warnings)]
                                    for d in report.documents]
    documents += [[p, "", "skipped", "", "", None, "not a document type it reads"] for p in report.summary.skipped_paths]
    return [
        ("results", [("rule_id", 9), ("title", 44), ("area", 11), ("severity", 9), ("scope", 30), ("state", 13),
                     ("note", 44), ("coverage", 60)], results),
        ("findings", [("rule_id", 9), ("title", 44), ("area", 11), ("severity", 9), ("state", 9), ("scope", 24),
                      ("path", 40), ("page", 6), ("paragraph", 9), ("line", 6), ("location", 24), ("message", 70),
                      ("model_language", 70), ("principle", 50), ("suppressed", 30), ("fingerprint", 18)], findings),
        ("evidence", [("rule_id", 9), ("scope", 24), ("state", 9), ("n", 4), ("path", 40), ("page", 6),
                      ("paragraph", 9), ("line", 6), ("location", 24), ("section", 36), ("strength", 9), ("reason", 30),
                      ("evidence", 90)], evidence),
        ("documents", [("path", 44), ("format", 10), ("status", 9), ("kind", 16), ("title", 36), ("sentences", 9),
                       ("problem", 60)], documents),
    ]


def _created() -> _dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).replace(tzinfo=None)
    return _dt.datetime.now(tz=_dt.timezone.utc).replace(tzinfo=None)


def render(report: Report) -> bytes:
    """The report as an .xlsx workbook."""
    import xlsxwriter  # type: ignore[import-untyped]  # lazily: only this format needs it

    out = io.BytesIO()
    book: Any = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                          "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": f"policy-audit: {report.subject or 'policy folder'}", "created": _created()})
    head = book.add_format({"bold": True, "bg_color": "#EEF1F6", "bottom": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for name, columns, rows in _sheets(report):
        sheet = book.add_worksheet(name)
        for c, (title, width) in enumerate(columns):
            sheet.write_string(0, c, title, head)
            sheet.set_column(c, c, width, wrap)
        for r, values in enumerate(rows, 1):
            for c, value in enumerate(values):
                if isinstance(value, int):
                    sheet.write_number(r, c, value)
                elif value:
                    sheet.write_string(r, c, _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    book.close()
    return out.getvalue()
