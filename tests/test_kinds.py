"""Document kinds come from the strongest evidence: what a document says it is, then its text."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

from helpers import REPO
from policy_audit.audit import AuditOptions, run_audit
from policy_audit.cli import cli
from policy_audit.engine.compiled import CompiledPack
from policy_audit.language.pack import default_rules_path, load_pack

sys.path.insert(0, str(REPO / "tests" / "fixtures"))
from make_documents import docx_parts, zip_bytes

PACK = CompiledPack.build(load_pack([default_rules_path()]))

# An equity policy saved as Word with the stored title "Equity": nothing in its title or headings
# says "policy", and it mentions the equity officer's job description once.
EQUITY_POLICY = [
    ("heading", 1, "Equity"),
    ("heading", 2, "Purpose"),
    ("paragraph", 0, ("The Board of Education commits the district to educational equity for every student "
                      "in every school.")),
    ("paragraph", 0, "The Board shall review the district's progress toward equity each year."),
    ("heading", 2, "Leadership"),
    ("paragraph", 0, "The Superintendent shall keep the Chief Equity Officer's job description current."),
]


def audit(path: Path) -> tuple[str | None, dict[str, str]]:
    """Audit one file, shown relative to its folder (the test's folder name must not decide its kind)."""
    run = run_audit([path], [PACK], AuditOptions(base=path.parent), "test")
    (doc,) = run.report.documents
    return doc.kind, {r.rule_id: r.state for r in run.report.results if r.scope == "folder"}


def test_a_policy_that_mentions_a_job_description_is_a_policy(tmp_path: Path) -> None:
    path = tmp_path / "district" / "equity.docx"
    path.parent.mkdir()
    path.write_bytes(zip_bytes(docx_parts(EQUITY_POLICY, title="Equity")))
    kind, states = audit(path)
    assert kind == "policy"
    assert states["ALN-02"] == "met"


def test_a_policy_code_on_an_opening_line_says_policy(tmp_path: Path) -> None:
    nodes = [EQUITY_POLICY[0], ("paragraph", 0, "BP 0415"), ("paragraph", 0, "Adopted: March 12, 2024"),
             ("heading", 2, "Leadership"),
             ("paragraph", 0, ("The Superintendent shall keep the Chief Equity Officer's job description current "
                               "and share the job description with every principal and every department head."))]
    path = tmp_path / "equity.docx"
    path.write_bytes(zip_bytes(docx_parts(nodes, title="Equity")))
    kind, _ = audit(path)
    assert kind == "policy"


def test_a_job_description_stays_a_job_description(tmp_path: Path) -> None:
    nodes = [("heading", 1, "Chief Equity Officer"), ("heading", 2, "Essential Functions"),
             ("paragraph", 0, "Leads the Office of Equity and reports on progress to the Board of Education."),
             ("heading", 2, "Minimum Qualifications"),
             ("paragraph", 0, "A master's degree and five years of leadership in schools.")]
    path = tmp_path / "chief-equity-officer.docx"
    path.write_bytes(zip_bytes(docx_parts(nodes, title="Chief Equity Officer")))
    kind, _ = audit(path)
    assert kind == "job-description"


def test_explain_says_why_each_document_has_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "district" / "equity.docx"
    path.parent.mkdir()
    path.write_bytes(zip_bytes(docx_parts(EQUITY_POLICY, title="Equity")))
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        res = CliRunner().invoke(cli, ["check", "district", "--no-config", "--explain", "ALN-02"])
    finally:
        os.chdir(old)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    i = lines.index("Document kinds")
    assert lines[i + 1] == ("  district/equity.docx -> policy: from its text (the kind with the most "
                            "supporting sentences)")
    assert lines[i + 2].split()[:3] == ["policy", "2", "sentences,"]
    assert lines[i + 3].split()[:3] == ["job-description", "1", "sentence,"]
    assert "Chief Equity Officer's" in lines[i + 3]


def test_a_headline_is_news_a_coded_policy_title_is_not(tmp_path: Path) -> None:
    body = "\n\nThe Board commits the district to racial equity in every school.\n"
    cases = {"Board Approves Racial Equity Policy": "news", "BP 5125 Use of Student Names": "policy",
             "Office of Equity and Inclusion": "office-page", "District Goals 2026-27": "strategic-plan"}
    for i, (title, kind) in enumerate(cases.items()):
        p = tmp_path / f"d{i}.md"
        p.write_text(f"# {title}{body}", encoding="utf-8")
        assert audit(p)[0] == kind, title
