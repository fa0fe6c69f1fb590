"""Markdown summary: a scorecard table that stays a table, findings by severity, unreadable files listed."""

from __future__ import annotations

import re

from report_factory import BROKEN, BROKEN_ERROR, make_report, with_finding_message

from policy_audit.report.formats.markdown import render
from policy_audit.report.models import AreaSummary, DocumentInfo

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def cells(row: str) -> list[str]:
    """The cells of a table row, split on pipes that are not escaped."""
    return [c.strip() for c in UNESCAPED_PIPE.split(row.strip())[1:-1]]


def table(text: str, header: str) -> list[list[str]]:
    """The body rows of the table whose header row starts with `header`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(cells(line))
    return rows


def test_heading_and_per_area_table() -> None:
    report = make_report()
    text = render(report)
    assert text.startswith("## policy-audit: 2 errors, 2 warnings, 1 info\n")
    rows = table(text, "| Area |")
    assert rows[:-1] == [[a.area, str(a.met), str(a.weak), str(a.missing), str(a.not_applicable)]
                         for a in report.summary.areas]
    assert rows[-1] == ["**Total**", "2", "2", "3", "1"]


def test_pipes_in_cells_are_escaped() -> None:
    report = make_report()
    areas = [a.model_copy(update={"area": "fund | staff"}) if a.area == "fund" else a for a in report.summary.areas]
    documents = [DocumentInfo(path="a|b.pdf", format="pdf", error="bad | xref table")]
    report = report.model_copy(update={"summary": report.summary.model_copy(update={"areas": areas}),
                                       "documents": documents})
    text = render(report)
    assert ["fund \\| staff", "0", "1", "1", "0"] in table(text, "| Area |")
    assert table(text, "| Document |") == [["a\\|b.pdf", "pdf", "bad \\| xref table"]]


def test_findings_grouped_by_severity_with_hint_and_quotes() -> None:
    text = render(make_report())
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == ["### Unreadable documents (1)", "### Errors (2)", "### Warnings (2)", "### Infos (1)"]
    errors = text.split("### Errors (2)")[1].split("### Warnings")[0]
    assert errors.index("#### SEA-02") < errors.index("#### FND-01")
    fnd01 = errors.split("#### FND-01")[1]
    assert "`policies/bp-0415-equity.md:30`\n" in fnd01 and fnd01.count("anchored") == 1
    assert "anchored at heading 'Budget'" in fnd01
    assert "`mission.md:1` (anchored: no single line states this" in errors.split("#### SEA-02")[1]
    assert "**How to fix:** e.g. 'The Board shall allocate funds" in fnd01
    assert "> Resources are allocated equitably to schools.\n>\n> `policies/bp-0415-equity.md:31`, *mention*" in fnd01
    assert "*No evidence: no sentence mentions a reporting line for an equity leader.*" in errors
    assert "`plans/strategic-plan-2024.pdf:40` (p. 7)" in text.split("### Infos (1)")[1]
    assert "`policies/bp-0415-equity.md:24`, *hedged: 'should'*" in text and "hedged: hedged" not in text


def test_unreadable_documents_are_listed() -> None:
    assert table(render(make_report()), "| Document |") == [[BROKEN, "pdf", BROKEN_ERROR]]
    assert "Unreadable documents" not in render(make_report(with_error=False))


def test_policy_text_cannot_inject_markup_and_long_quotes_are_cut() -> None:
    report = make_report()
    finding = report.findings[4]
    long_text = "The <script>Board</script> *may* fund " + "the office " * 60
    # the report builder cuts the quote (validation fills `quote` from `text`); Markdown escapes it
    evidence = [type(finding.evidence[0]).model_validate({**finding.evidence[0].model_dump(), "text": long_text,
                                                          "quote": ""})]
    text = render(with_finding_message(report, 4, finding.message, evidence=evidence))
    quote = next(line for line in text.splitlines() if line.startswith("> The "))
    assert quote.startswith("> The \\<script\\>Board\\</script\\> \\*may\\* fund the office")
    assert quote.endswith("…") and len(quote) < 320


def test_very_many_findings_stay_under_the_comment_limit() -> None:
    report = make_report()
    many = [f.model_copy(update={"line": n}) for n in range(1, 1001) for f in report.findings[3:4]]
    text = render(report.model_copy(update={"findings": many}))
    assert len(text) < 65_536
    shown = text.count("#### ALN-03")
    assert 0 < shown < 1000 and f"*{1000 - shown} more findings not shown" in text


def test_clean_report_says_so_and_output_is_deterministic() -> None:
    report = make_report(with_error=False)
    empty = report.model_copy(update={"findings": [], "summary": report.summary.model_copy(
        update={"findings": {"error": 0, "warning": 0, "info": 0},
                "areas": [AreaSummary(area="align", total=1, met=1, weak=0, missing=0, not_applicable=0)]})})
    text = render(empty)
    assert text.startswith("## policy-audit: 0 errors, 0 warnings, 0 infos\n")  # the words of the text report
    assert text.endswith("No findings: every rule is met or not applicable.\n")
    assert render(make_report()).encode() == render(make_report()).encode()
