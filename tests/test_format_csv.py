"""CSV: a BOM, one row per finding and evidence sentence, then one per unreadable or skipped file."""

from __future__ import annotations

import csv
import io
from typing import Any

from report_factory import BROKEN, BROKEN_ERROR, evidence, make_report

from policy_audit.report.formats.csv_format import BOM, COLUMNS, render


def rows(report: Any = None) -> list[dict[str, str]]:
    """The rendered rows of `report` (the factory's by default), as dicts."""
    text = render(report or make_report())
    assert text.startswith(BOM)
    reader = csv.DictReader(io.StringIO(text[len(BOM):], newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_starts_with_a_utf8_byte_order_mark() -> None:
    assert render(make_report()).encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_one_row_per_finding_evidence_pair_then_files() -> None:
    report = make_report()
    found = rows(report)
    expected = sum(max(1, len(f.evidence)) for f in report.findings)
    findings = [r for r in found if r["record"] == "finding"]
    assert len(findings) == expected
    error = found[-1]
    assert (error["record"], error["state"], error["path"], error["severity"]) == ("error", "error", BROKEN, "error")
    assert BROKEN_ERROR in error["message"]
    skipped = report.model_copy(update={"summary": report.summary.model_copy(
        update={"skipped": 1, "skipped_paths": ["notes/minutes.doc"]})})
    last = rows(skipped)[-1]
    assert (last["record"], last["path"]) == ("skipped", "notes/minutes.doc")


def test_findings_come_most_important_first() -> None:
    order = [r["severity"] for r in rows() if r["record"] == "finding"]
    rank = {"error": 0, "warning": 1, "info": 2}
    assert order == sorted(order, key=rank.__getitem__)


def test_evidence_rows_carry_page_paragraph_and_reader_location() -> None:
    report = make_report()
    findings = list(report.findings)
    docx = evidence("policies/equity.docx", 15, "The Board shall fund the office.", "binding", paragraph=15,
                    section=["Policy", "Funding"], location="¶15 “The Board shall fund…”")
    findings[0] = findings[0].model_copy(update={"evidence": [docx]})
    row = [r for r in rows(report.model_copy(update={"findings": findings}))
           if r["rule_id"] == findings[0].rule_id][0]
    assert (row["paragraph"], row["line"], row["page"]) == ("15", "", "")  # a paragraph is not a line
    assert row["location"] == "¶15 “The Board shall fund…”" and row["section"] == "Policy › Funding"
    pdf = [r for r in rows() if r["rule_id"] == "FND-03"][0]
    assert (pdf["page"], pdf["line"], pdf["location"]) == ("7", "40", "p7")
    assert pdf["model_language"].startswith("The District shall provide executive coaching")


def test_formula_like_cells_are_defused_and_controls_shown() -> None:
    report = make_report()
    findings = list(report.findings)
    ev = evidence("mission.md", 3, '=HYPERLINK("http://x","y")', "mention")
    findings[0] = findings[0].model_copy(update={"evidence": [ev], "message": "-1 commitments\x07"})
    row = [r for r in rows(report.model_copy(update={"findings": findings})) if r["record"] == "finding"]
    hit = [r for r in row if r["rule_id"] == findings[0].rule_id][0]
    assert hit["evidence"] == "'=HYPERLINK(\"http://x\",\"y\")" and hit["message"] == "'-1 commitments\\x07"


def test_line_endings_utf8_and_determinism() -> None:
    report = make_report()
    findings = list(report.findings)
    ev = evidence("mission.md", 3, "L'équité, «pour tous»\r\nsans exception.", "mention")
    findings[0] = findings[0].model_copy(update={"evidence": [ev]})
    changed = report.model_copy(update={"findings": findings})
    assert "\r" not in render(changed)
    hit = [r for r in rows(changed) if r["rule_id"] == findings[0].rule_id][0]
    assert hit["evidence"] == "L'équité, «pour tous» sans exception."
    assert render(make_report()).encode("utf-8") == render(make_report()).encode("utf-8")
