"""CSV: one row per result plus one per unreadable file, read back with csv.DictReader."""

from __future__ import annotations

import csv
import io
from typing import Any

from report_factory import BROKEN, BROKEN_ERROR, make_report

from policy_audit.report.formats.csv_format import COLUMNS, render


def rows(report: Any = None) -> list[dict[str, str]]:
    """The rendered rows of `report` (the factory's by default), as dicts."""
    reader = csv.DictReader(io.StringIO(render(report or make_report()), newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_one_row_per_result_then_per_unreadable_document() -> None:
    report = make_report()
    found = rows(report)
    assert len(found) == len(report.results) + 1
    assert [(r["rule_id"], r["scope"], r["state"]) for r in found[:-1]] == [
        (r.rule_id, r.scope, r.state) for r in report.results]
    error = found[-1]
    assert (error["state"], error["path"], error["severity"]) == ("error", BROKEN, "error")
    assert BROKEN_ERROR in error["message"]
    assert len(rows(make_report(with_error=False))) == len(report.results)


def by_rule(found: list[dict[str, str]], rule_id: str, scope: str = "folder") -> dict[str, str]:
    """The row of `rule_id` over `scope`."""
    [row] = [r for r in found if r["rule_id"] == rule_id and r["scope"] == scope]
    return row


def test_rows_carry_location_evidence_and_wording() -> None:
    found = rows()
    aln03 = by_rule(found, "ALN-03")
    assert (aln03["severity"], aln03["path"], aln03["line"], aln03["page"]) == (
        "warning", "policies/bp-0415-equity.md", "24", "")
    assert aln03["evidence_text"].split("\n") == [
        "The Superintendent shall implement this policy.",
        "Progress should be reported to the Board, as resources permit."]
    assert aln03["strength"].split("\n") == ["binding", "hedged"]
    assert aln03["hint"].startswith("e.g. 'The Superintendent shall report")
    met = by_rule(found, "ALN-01")
    assert (met["path"], met["line"], met["message"], met["hint"]) == ("mission.md", "3", "", "")
    com01 = by_rule(found, "COM-01", "plans/strategic-plan-2024.pdf")
    assert com01["message"].endswith("(sentences use the terms but none defines them; anchored at heading "
                                     "'Strategic Plan')")
    na = by_rule(found, "ALN-06")
    assert (na["state"], na["path"], na["line"], na["evidence_text"]) == ("not-applicable", "", "", "")
    fnd03 = by_rule(found, "FND-03")
    assert (fnd03["severity"], fnd03["page"], fnd03["line"]) == ("info", "7", "40")


def test_formula_like_cells_are_defused() -> None:
    report = make_report()
    result = report.results[0]
    evidence = [result.evidence[0].model_copy(update={"text": "=HYPERLINK(\"http://x\",\"y\")"})]
    results = [result.model_copy(update={"evidence": evidence, "note": "-1 commitments"})] + report.results[1:]
    row = rows(report.model_copy(update={"results": results}))[0]
    assert row["evidence_text"] == "'=HYPERLINK(\"http://x\",\"y\")" and row["message"] == "'-1 commitments"


def test_line_endings_utf8_and_determinism() -> None:
    report = make_report()
    result = report.results[0]
    evidence = [result.evidence[0].model_copy(update={"text": "L'équité, «pour tous»\r\nsans exception."})]
    text = render(report.model_copy(update={"results": [result.model_copy(update={"evidence": evidence})]}))
    assert "\r" not in text and text.count("\n") == 3
    assert rows(report.model_copy(update={"results": [result.model_copy(update={"evidence": evidence})]}))[0][
        "evidence_text"] == "L'équité, «pour tous» sans exception."
    assert render(make_report()).encode("utf-8") == render(make_report()).encode("utf-8")
