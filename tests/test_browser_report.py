"""The HTML report in a real browser (headless Chromium): no errors, filters, phone width, print, inert text.

Skips with the reason when Chromium is not installed or cannot start (`.ci/run` installs Debian's
`chromium` when it is missing).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from browser import pdf_pages, probe, why_not_runnable
from helpers import REPO, audit_paths

from policy_audit.engine.compiled import CompiledPack
from policy_audit.language.pack import default_rules_path, load_pack
from policy_audit.report.formats.html import render
from policy_audit.report.models import Report

DAY = datetime.date(2026, 3, 9)
SAMPLES = REPO / "sample_policies"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    reason = why_not_runnable(folder)
    if reason:
        pytest.skip(reason)
    return folder


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    pack = CompiledPack.build(load_pack([default_rules_path()]))
    return {name: audit_paths(pack, SAMPLES / name).report for name in ("maple-valley-sd", "riverbend-usd")}


@pytest.mark.parametrize("name", ["maple-valley-sd", "riverbend-usd"])
def test_desktop_page_has_no_errors_and_filters_change_the_count(name: str, reports: dict[str, Report],
                                                                  workdir: Path) -> None:
    report = reports[name]
    seen = probe(render(report, date=DAY), workdir, 1280, 900)
    assert seen["errors"] == []
    assert seen["visibleBefore"] == len(report.findings)
    if report.findings:
        assert seen["filtersShown"] is True
        errors = sum(1 for f in report.findings if f.severity == seen["unchecked"])
        assert seen["visibleAfter"] == len(report.findings) - errors > 0
        assert seen["shownAfter"] == str(seen["visibleAfter"])
        assert seen["counts"] != seen["countsBefore"]  # the other filters' counts follow the choice


@pytest.mark.parametrize("name", ["maple-valley-sd", "riverbend-usd"])
def test_no_horizontal_scroll_at_390_px_and_the_matrix_scrolls_in_its_box(name: str, reports: dict[str, Report],
                                                                           workdir: Path) -> None:
    seen = probe(render(reports[name], date=DAY), workdir, 390, 844)
    assert seen["width"] == 390
    assert int(str(seen["scrollWidth"])) <= 390, seen["wide"]
    assert seen["matrixScrolls"] is True
    assert seen["errors"] == []


@pytest.mark.parametrize("paper", ["auto", "A4"])  # Chromium's default paper is Letter
def test_maple_valley_prints_in_at_most_six_pages(paper: str, reports: dict[str, Report], workdir: Path) -> None:
    report = reports["maple-valley-sd"]
    assert len(report.findings) == 20
    page = render(report, date=DAY).replace("@page{size:auto", f"@page{{size:{paper}", 1)
    path = workdir / f"maple-{paper}.html"
    path.write_text(page, encoding="utf-8")
    assert 1 < pdf_pages(path, workdir) <= 6


def test_document_text_with_script_stays_inert(reports: dict[str, Report], workdir: Path) -> None:
    report = reports["maple-valley-sd"]
    hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
    findings = list(report.findings)
    n = next(i for i, f in enumerate(findings) if f.evidence)
    ev = findings[n].evidence[0]
    findings[n] = findings[n].model_copy(update={
        "message": hostile, "evidence": [ev.model_copy(update={"quote": hostile, "path": hostile + ".md"})]})
    seen = probe(render(report.model_copy(update={"findings": findings, "subject": hostile}), date=DAY), workdir)
    assert seen["pwned"] is False
    assert seen["errors"] == []
