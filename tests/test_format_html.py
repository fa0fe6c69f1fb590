"""The HTML report as a board document: header, summary, scorecard, matrix from the coverage table,
findings by importance, what to adopt, filters that degrade without JavaScript, escaped text."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from report_factory import BROKEN, BROKEN_ERROR, POLICY, evidence, make_report, result, with_finding_message

from policy_audit.report.formats.html import MARKS, render, report_date
from policy_audit.report.models import CoverageCell, CoverageRow

DAY = datetime.date(2026, 3, 9)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.articles: list[dict[str, str | None]] = []
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("link", "img", "iframe", "object", "embed") or (tag == "script" and a.get("src")):
            self.external.append(tag)
        if any(v and re.match(r"\s*(https?:)?//", v) for k, v in attrs if k in ("src", "href", "action")):
            self.external.append(f"{tag} url")
        if tag == "article":
            self.articles.append(a)
        if tag == "form":
            self.forms.append(a)


def parse(page: str) -> _Collect:
    p = _Collect()
    p.feed(page)
    return p


def test_page_is_self_contained_and_complete() -> None:
    report = make_report()
    page = render(report, date=DAY)
    p = parse(page)
    assert not p.external
    assert len(p.articles) == len(report.findings)
    for heading in ("Summary", "Scorecard", "Coverage", "Findings (5)", "What to adopt", "Documents"):
        assert f"<h2>{heading}</h2>" in page
    assert BROKEN in page and BROKEN_ERROR in page
    for r in report.results:
        assert f"<b>{r.rule_id}</b>" in page


def test_header_names_the_district_date_and_pack() -> None:
    page = render(make_report(), date=DAY)
    header = page[page.index("<header"):page.index("</header>")]
    assert "<h1>Riverside Unified</h1>" in header
    assert '<time datetime="2026-03-09">9 March 2026</time>' in header
    assert "equity-leadership 1.0" in header
    assert "<title>Riverside Unified: equity policy audit, 2026-03-09</title>" in page


def test_date_comes_from_source_date_epoch_else_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert report_date() == datetime.date(2026, 1, 1)
    assert '<time datetime="2026-01-01">' in render(make_report())
    assert report_date(DAY) == DAY
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert report_date() == datetime.datetime.now(tz=datetime.timezone.utc).date()


def test_summary_speaks_plainly_in_order_of_severity() -> None:
    page = render(make_report(), date=DAY)
    summary = page[page.index('<section id="summary">'):page.index("</section>")]
    assert "<b>2 of 7</b> requirements are met; 2 are weak and 3 missing." in summary
    first = summary.index("gaps to close first")
    assert first < summary.index("to strengthen next") < summary.index("to consider")
    assert summary.index("The equity leader reports to the superintendent") < summary.index("to strengthen next")


def test_findings_are_ordered_by_severity_then_area() -> None:
    report = make_report()
    order = [(a["data-severity"], a["data-area"]) for a in parse(render(report, date=DAY)).articles]
    areas = [a.area for a in report.summary.areas]
    rank = {"error": 0, "warning": 1, "info": 2}
    assert order == sorted(order, key=lambda sa: (rank[sa[0] or ""], areas.index(sa[1] or "")))
    assert order[0][0] == "error" and order[-1][0] == "info"


def test_each_finding_has_quotes_model_language_and_principle() -> None:
    page = render(make_report(), date=DAY)
    card = page[page.index('data-severity="info"'):]
    card = card[:card.index("</article>")]
    assert "<blockquote>“The District should consider mentoring for new administrators.”" in card
    assert "plans/strategic-plan-2024.pdf, p7" in card
    assert '<p class="model"><b>Model language:</b>' in card and '<p class="principle"><b>Principle:</b>' in card


def test_filters_are_hidden_without_javascript_and_cover_every_dimension() -> None:
    report = make_report()
    page = render(report, date=DAY)
    p = parse(page)
    assert p.forms and "hidden" in p.forms[0]  # nothing to filter with JavaScript off: every finding shows
    for name in ("severity", "area", "state", "doc"):
        assert f'name="{name}"' in page
    policy_finding = [a for a in p.articles if POLICY in (a["data-docs"] or "").split("|")]
    assert policy_finding and all(a["data-state"] in ("weak", "missing") for a in p.articles)


def test_matrix_reads_the_coverage_table_with_distinct_marks() -> None:
    report = make_report()
    rows = [CoverageRow(rule_id="ALN-03", scope="folder", state="weak", cells=[
        CoverageCell(path=POLICY, mark="partial", sentences=12),
        CoverageCell(path="mission.md", mark="hedged", sentences=1)])]
    page = render(report.model_copy(update={"coverage": rows}), date=DAY)
    row = page[page.index("<b>ALN-03</b>"):]
    row = row[:row.index("</tr>")]
    assert 'title="partly committed: 12 sentences"' in row and 'title="hedged: 1 sentence"' in row
    assert "binding" not in row.replace("m-binding", "")
    assert len({sym for sym, _ in MARKS.values()}) == len(MARKS)  # every mark has its own shape
    legend = page[page.index('<ul class="legend">'):]
    assert all(word in legend[:legend.index("</ul>")] for _, word in MARKS.values())


def test_a_weak_requirement_never_shows_binding_marks() -> None:
    report = make_report()
    used = evidence(POLICY, 3, "The district shall promote equity.", "binding")
    weak = result("ALN-03", "weak", "folder", used)
    from report_factory import coverage_of

    page = render(report.model_copy(update={"results": [weak], "coverage": coverage_of([weak])}), date=DAY)
    row = page[page.index("<b>ALN-03</b>"):]
    row = row[:row.index("</tr>")]
    assert "m-partial" in row and "m-binding" not in row


def test_near_misses_of_a_missing_requirement_are_not_shown_as_commitments() -> None:
    report = make_report()
    used = evidence(report.documents[0].path, 3, "The district shall promote equity.", "binding")
    missing = result("ALN-01", "missing", "folder", used)
    from report_factory import coverage_of

    page = render(report.model_copy(update={"results": [missing], "coverage": coverage_of([missing])}), date=DAY)
    row = page[page.index("<b>ALN-01</b>"):page.index("</tr>", page.index("<b>ALN-01</b>"))]
    assert "m-mention" in row and "m-binding" not in row


def test_what_to_adopt_lists_every_open_requirement_with_its_home() -> None:
    report = make_report()
    page = render(report, date=DAY)
    adopt = page[page.index('<section id="adopt">'):]
    adopt = adopt[:adopt.index("</section>")]
    assert adopt.count('<div class="item">') == len(report.findings)
    assert "“The Chief Equity Officer reports to the Superintendent.”" in adopt
    assert f"this document: {report.findings[1].scope}" in adopt


def test_policy_text_is_escaped_and_control_characters_shown() -> None:
    report = with_finding_message(make_report(), 0, 'Evil <script>alert("x")</script> & co\x1b[2J')
    page = render(report, date=DAY)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "\x1b" not in page and "\\x1b[2J" in page


def test_rendering_is_deterministic() -> None:
    assert render(make_report(), date=DAY) == render(make_report(), date=DAY)


def test_summary_counts_read_naturally_for_a_single_gap() -> None:
    report = make_report()
    one = [f for f in report.findings if f.severity == "error"][:1]
    page = render(report.model_copy(update={"findings": one}), date=DAY)
    assert "The one gap to close first:" in page and "The 1 gaps" not in page
