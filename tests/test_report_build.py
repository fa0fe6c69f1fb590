"""The report builder: coverage from every match, one evidence selection, quotes as readers see them."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import pytest
from helpers import MINI_PACK, REPO, audit_paths, write_doc

from policy_audit.engine.compiled import CompiledPack
from policy_audit.language.pack import default_rules_path, load_pack
from policy_audit.report.build import MAX_EVIDENCE
from policy_audit.report.models import Report
from policy_audit.report.quotes import MAX_QUOTE_CHARS

SAMPLES = REPO / "sample_policies"


@pytest.fixture(scope="module")
def default_pack() -> CompiledPack:
    return CompiledPack.build(load_pack([default_rules_path()]))


@pytest.fixture(scope="module")
def maple(default_pack: CompiledPack) -> Report:
    return audit_paths(default_pack, SAMPLES / "maple-valley-sd").report


def test_coverage_counts_every_match_not_the_quoted_few(default_pack: CompiledPack) -> None:
    report = audit_paths(default_pack, SAMPLES / "riverbend-usd").report
    [row] = [c for c in report.coverage if c.rule_id == "SEA-04"]
    [result] = [r for r in report.results if r.rule_id == "SEA-04"]
    assert len(result.evidence) == MAX_EVIDENCE  # the results carry only a few sentences ...
    assert len({e.path for e in result.evidence}) < len(row.cells) == 4  # ... the table sees every document
    assert sum(c.sentences for c in row.cells) > MAX_EVIDENCE


def test_marks_never_read_as_more_than_the_state(maple: Report) -> None:
    allowed = {"met": {"binding", "hedged", "mention", "negated"}, "weak": {"partial", "hedged", "mention", "negated"},
               "missing": {"mention", "negated"}, "not-applicable": set()}
    assert [(c.rule_id, c.scope) for c in maple.coverage] == [(r.rule_id, r.scope) for r in maple.results]
    for row in maple.coverage:
        assert {c.mark for c in row.cells} <= allowed[row.state], row
    assert any(c.mark == "partial" for row in maple.coverage for c in row.cells)


def test_weak_findings_are_worded_as_weak(maple: Report) -> None:
    weak = [f for f in maple.findings if f.state == "weak"]
    assert weak
    for f in weak:
        assert f.message.startswith(("Only hedged support: ", "Only partly committed: ")), f.message
        assert not f.message.startswith("No ")


def test_every_format_quotes_the_same_sentences_in_the_same_order(maple: Report) -> None:
    from policy_audit.report.formats import renderer
    from policy_audit.report.formats.text import render as text

    plain = text(maple)
    md = renderer("markdown")(maple)
    page = renderer("html")(maple)
    data = json.loads(renderer("json")(maple))
    table = list(csv.DictReader(io.StringIO(str(renderer("csv")(maple)).lstrip("\ufeff"))))
    assert isinstance(md, str) and isinstance(page, str)
    for f, jf in zip(maple.findings, data["findings"]):
        quotes = [e.quote for e in f.evidence]
        assert 0 < len(quotes) <= 3 or f.state == "missing"
        assert [e["quote"] for e in jf["evidence"]] == quotes
        assert [r["evidence"] for r in table if r["fingerprint"] == f.fingerprint and r["evidence"]] == quotes
        card = page[page.index(f'<article id="f-{f.fingerprint}"'):]
        card = card[:card.index("</article>")]
        positions = [card.index(html.escape(q)) for q in quotes]
        assert positions == sorted(positions)
        for q in quotes:
            assert q[:60] in " ".join(plain.split()) and q[:40] in md.replace("\\", "")


def test_quotes_lose_markdown_markup_and_long_ones_are_cut_at_a_word(tmp_path: Path) -> None:
    folder = tmp_path / "district"
    long_tail = " and ".join(f"the {w} programme" for w in ("reading", "mathematics", "science", "music") * 6)
    write_doc(folder, "policy.md", (
        "# Equity\n\n"
        "> The Board **shall** fund the [equity office](https://example.org/office \"Office\") every year.\n\n"
        f"The district shall *promote* equity in __hiring__ and `curriculum`, {long_tail}.\n"))
    pack = CompiledPack.build(load_pack([_mini(tmp_path)]))
    report = audit_paths(pack, folder).report
    texts = [e for r in report.results for e in r.evidence]
    assert texts
    for e in texts:
        for markup in ("**", "__", "](", "https://", "`", "> ", "*promote*"):
            assert markup not in e.text, (markup, e.text)
    fund = next(e for e in texts if "fund" in e.text)
    assert fund.text == "The Board shall fund the equity office every year."
    cut = next(e for e in texts if "programme" in e.text)
    assert len(cut.quote) <= MAX_QUOTE_CHARS and cut.quote.endswith("…")
    assert cut.text.startswith(cut.quote[:-1]) and cut.text[len(cut.quote) - 1] == " "  # cut between words
    assert fund.location == "line 6" and fund.section == ["Equity"]


def _mini(tmp_path: Path, extra: str = "") -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "mini.rules").write_text(MINI_PACK + extra, encoding="utf-8")
    return folder


TOPIC_RULE = '''
rule TOP-01 "The equity office reports to the board" {
  area: align
  severity: error
  require: commits(OFFICE near 8 REPORT)
  partial: commits(EQUITY)
  message: "No document has the equity office report to the Board."
  hint: "e.g. 'The equity office shall report to the Board each year.'"
}
'''


def test_partial_evidence_only_from_sentences_in_the_requirements_own_terms(tmp_path: Path) -> None:
    folder = tmp_path / "district"
    write_doc(folder, "policy.md", "The district shall promote equity for all students.\n\n"
                                   "The equity office shall be established this year.\n")
    report = audit_paths(CompiledPack.build(load_pack([_mini(tmp_path, TOPIC_RULE)])), folder).report
    [finding] = [f for f in report.findings if f.rule_id == "TOP-01"]
    assert finding.state == "weak"
    assert [e.text for e in finding.evidence] == ["The equity office shall be established this year."]
    [row] = [c for c in report.coverage if c.rule_id == "TOP-01"]
    assert [(c.mark, c.sentences) for c in row.cells] == [("partial", 1)]


def test_word_and_pdf_places_are_named_as_their_readers_name_them(default_pack: CompiledPack) -> None:
    report = audit_paths(default_pack, SAMPLES / "riverbend-usd-published").report
    evidence = [e for r in report.results for e in r.evidence]
    docx = [e for e in evidence if e.path.endswith(".docx")]
    pdf = [e for e in evidence if e.path.endswith(".pdf")]
    assert docx and all(e.location.startswith(f"¶{e.paragraph} “") and e.location.endswith("”") for e in docx)
    assert pdf and all(e.location == f"p{e.page}" for e in pdf)


def test_subject_is_the_audited_folder(maple: Report) -> None:
    assert maple.subject == "maple-valley-sd"


def test_a_weak_finding_quotes_why_it_is_weak_and_what_is_committed_first(maple: Report) -> None:
    [aln03] = [f for f in maple.findings if f.rule_id == "ALN-03"]
    assert [e.strength for e in aln03.evidence[:2]] == ["hedged", "binding"]
    for f in maple.findings:
        strengths = [e.strength for e in f.evidence]
        if f.state == "weak" and "hedged" in strengths:
            assert strengths[0] == "hedged", f.rule_id
