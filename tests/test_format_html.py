"""The HTML report: one self-contained page with scorecard, coverage matrix, findings and escaped quotes."""

from __future__ import annotations

from html.parser import HTMLParser

from report_factory import BROKEN, BROKEN_ERROR, make_report, with_finding_message

from policy_audit.report.formats.html import render


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if tag in ("link", "img") or (tag == "script" and a.get("src")):
            self.external.append(tag)
        if tag == "tr":
            self.rows += 1


def test_page_is_self_contained_and_complete() -> None:
    report = make_report()
    page = render(report)
    p = _Collect()
    p.feed(page)
    assert not p.external
    assert page.count('class="finding') == len(report.findings)
    assert "Scorecard" in page and "Coverage" in page
    assert BROKEN in page and BROKEN_ERROR in page
    for r in report.results:
        assert f"<b>{r.rule_id}</b>" in page


def test_policy_text_is_escaped() -> None:
    report = with_finding_message(make_report(), 0, 'Evil <script>alert("x")</script> & co')
    page = render(report)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_rendering_is_deterministic() -> None:
    assert render(make_report()) == render(make_report())


def test_near_misses_of_a_missing_requirement_are_not_shown_as_commitments() -> None:
    from report_factory import evidence, result

    report = make_report()
    used = evidence(report.documents[0].path, 3, "The district shall promote equity.", "binding")
    missing = result("ALN-01", "missing", "folder", used)
    page = render(report.model_copy(update={"results": [missing]}))
    row = page[page.index("<b>ALN-01</b>"):page.index("</tr>", page.index("<b>ALN-01</b>"))]
    assert 'title="mention"' in row and 'title="binding"' not in row
