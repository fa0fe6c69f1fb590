"""The same policy saved as Markdown, DOCX, PDF and HTML gets the same verdicts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import REPO
from policy_audit.audit import AuditOptions, run_audit
from policy_audit.cli.common import load_packs

sys.path.insert(0, str(REPO / "tests" / "fixtures"))
pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) builds the PDF variants")

from make_documents import docx_parts, make_pdf, zip_bytes  # noqa: E402
from make_samples import PLAN, SOURCE, html_page, nodes_of  # noqa: E402

PACK = load_packs([])


def states(*paths: Path) -> dict[str, str]:
    report = run_audit(list(paths), PACK, AuditOptions(), "test").report
    assert not [d.error for d in report.documents if d.error]
    return {r.rule_id: r.state for r in report.results}


@pytest.mark.parametrize("name", sorted(PLAN))
def test_each_sample_document_gets_the_same_states_in_every_format(tmp_path: Path, name: str) -> None:
    title, nodes = nodes_of(SOURCE / name)
    stem = name.rsplit(".", 1)[0]
    variants = {
        "docx": zip_bytes(dict(docx_parts(nodes, title=title))),
        "pdf": make_pdf(nodes, break_before=2, header_on_first=True, title=title),
        "html": html_page(title, nodes),
    }
    md_states = states(SOURCE / name)
    for fmt, data in variants.items():
        path = tmp_path / f"{stem}.{fmt}"
        path.write_bytes(data)
        assert states(path) == md_states, fmt


def test_published_folder_gets_the_same_verdicts_as_its_markdown_sources() -> None:
    published = REPO / "sample_policies" / "riverbend-usd-published"
    assert sorted(p.suffix for p in published.iterdir()) == [".docx", ".docx", ".html", ".pdf", ".pdf"]
    assert states(published) == states(SOURCE)


def test_pdf_evidence_points_at_page_and_line(tmp_path: Path) -> None:
    report = run_audit([REPO / "sample_policies" / "riverbend-usd-published"], PACK, AuditOptions(), "t").report
    pdf_evidence = [e for r in report.results for e in r.evidence if e.path.endswith(".pdf")]
    assert pdf_evidence and all(e.page is not None and e.page >= 1 and e.line >= 1 for e in pdf_evidence)
    docx_evidence = [e for r in report.results for e in r.evidence if e.path.endswith(".docx")]
    assert docx_evidence and all(e.paragraph is not None for e in docx_evidence)


def test_reading_in_worker_processes_gives_the_same_report(tmp_path: Path) -> None:
    from test_cli import run

    published = str(REPO / "sample_policies" / "riverbend-usd-published")
    one = run(["check", published, "--no-config", "-f", "json", "-j", "1"])
    two = run(["check", published, "--no-config", "-f", "json", "-j", "2"])
    assert one[0] == two[0] == 0 and one[1] == two[1]
