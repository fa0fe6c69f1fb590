"""The xlsx workbook and the adopt list, and how `check` writes them (files, dates, district name)."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from click.testing import CliRunner
from report_factory import BROKEN, make_report, with_finding_message

from policy_audit.cli import cli
from policy_audit.report.formats.adopt import render as adopt
from policy_audit.report.formats.xlsx import render as xlsx

SAMPLE = Path(__file__).resolve().parents[1] / "sample_policies" / "maple-valley-sd"


def sheets(data: bytes) -> dict[str, str]:
    """Sheet name -> its XML, with shared strings inlined for searching."""
    book = zipfile.ZipFile(BytesIO(data))
    names = re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', book.read("xl/workbook.xml").decode())
    strings = book.read("xl/sharedStrings.xml").decode()
    return {name: book.read(f"xl/worksheets/sheet{n}.xml").decode() + strings for name, n in names}


def test_workbook_has_results_findings_and_evidence_with_frozen_filtered_headers() -> None:
    report = make_report()
    found = sheets(xlsx(report))
    assert list(found) == ["results", "findings", "evidence", "documents"]
    for xml in found.values():
        assert 'state="frozen"' in xml and 'ySplit="1"' in xml and "<autoFilter " in xml
    findings = found["findings"]
    assert len(re.findall(r'<row r="\d+"', findings.split("<sst")[0])) == len(report.findings) + 1
    evidence_rows = sum(len(f.evidence) for f in report.findings)
    assert len(re.findall(r'<row r="\d+"', found["evidence"].split("<sst")[0])) == evidence_rows + 1
    assert BROKEN in found["documents"]


def test_workbook_text_is_never_a_formula_and_controls_are_shown() -> None:
    report = with_finding_message(make_report(), 0, '=HYPERLINK("http://x")\x07')
    xml = sheets(xlsx(report))["findings"]
    assert "<f>" not in xml and "=HYPERLINK" in xml and "\\x07" in xml and "\x07" not in xml


def test_adopt_lists_every_open_requirement_with_language_home_and_evidence() -> None:
    report = make_report()
    text = adopt(report)
    assert text.startswith("# What to adopt: Riverside Unified")
    assert text.count("\n## ") == len(report.findings)
    assert text.index("(SEA-02, missing, error)") < text.index("(FND-03, weak, info)")  # most important first
    assert "**Adopt:** The Chief Equity Officer reports to the Superintendent." in text
    assert "**Where it belongs:** this document: plans/strategic-plan-2024.pdf" in text
    assert "- “The District should consider mentoring for new administrators.” (`plans/strategic-plan-2024.pdf`, p7; hedged)" in text
    assert "**There today:** nothing yet." in text


def test_adopt_escapes_markup_from_documents() -> None:
    report = make_report()
    findings = list(report.findings)
    ev = findings[2].evidence[0]
    findings[2] = findings[2].model_copy(update={"evidence": [ev.model_copy(update={"quote": "<img src=x> *bold*"})]})
    text = adopt(report.model_copy(update={"findings": findings}))
    assert not re.search(r"(?<!\\)<img", text) and "\\<img src=x\\> \\*bold\\*" in text


def invoke(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, args, catch_exceptions=False, env=env)
    return res.exit_code, res.stdout, res.stderr


def test_check_writes_xlsx_only_to_a_file(tmp_path: Path) -> None:
    code, _, err = invoke(["check", str(SAMPLE), "-f", "xlsx"])
    assert code == 2 and "-o" in err
    out = tmp_path / "audit.xlsx"
    code, _, _ = invoke(["check", str(SAMPLE), "-f", "xlsx", "-o", str(out)])
    assert code == 1 and zipfile.is_zipfile(out) and list(sheets(out.read_bytes()))[:3] == ["results", "findings", "evidence"]


def test_html_date_from_option_or_source_date_epoch_and_name_from_config(tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    invoke(["check", str(SAMPLE), "--no-config", "-f", "html", "-o", str(out), "--report-date", "2026-02-03"])
    page = out.read_text(encoding="utf-8")
    assert '<time datetime="2026-02-03">3 February 2026</time>' in page and "<h1>maple-valley-sd</h1>" in page
    invoke(["check", str(SAMPLE), "--no-config", "-f", "html", "-o", str(out)], env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert '<time datetime="2023-11-14">' in out.read_text(encoding="utf-8")
    config = tmp_path / "audit.toml"
    config.write_text('name = "Maple Valley School District"\n', encoding="utf-8")
    invoke(["check", str(SAMPLE), "--config", str(config), "-f", "html", "-o", str(out)])
    assert "<h1>Maple Valley School District</h1>" in out.read_text(encoding="utf-8")


def test_json_stays_byte_identical_whatever_the_date(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    invoke(["check", str(SAMPLE), "--no-config", "-f", "json", "-o", str(a)], env={"SOURCE_DATE_EPOCH": "1"})
    invoke(["check", str(SAMPLE), "--no-config", "-f", "json", "-o", str(b)], env={"SOURCE_DATE_EPOCH": "1900000000"})
    assert a.read_bytes() == b.read_bytes()
