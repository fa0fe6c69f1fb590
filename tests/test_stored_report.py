"""A report reused from the cache renders byte for byte as the model it was stored from, in every
format, and the cached path never imports pydantic; a changed config is validated again."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_factory import make_report
from test_format_escaping import HOSTILE_TEXT, hostile_report

from policy_audit.cli.output import OutputOptions, render
from policy_audit.report.formats import FORMATS
from policy_audit.report.models import Report
from policy_audit.report import plain
from policy_audit.report.plain import as_model, dump, view

OPTIONS = OutputOptions(formats=(), outputs=(), fail_on="warning", date=datetime.date(2026, 1, 2))


def _all_formats(report: Report) -> dict[str, str | bytes]:
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "1700000000"}):  # the workbook's creation time
        return {fmt: render(fmt, report, OPTIONS) for fmt in sorted(FORMATS)} | {
            "statistics": render("text", report, OutputOptions((), (), "error", statistics=True)),
            "color": render("text", report, OPTIONS, color=True)}


def _variants() -> dict[str, Report]:
    clean = make_report()
    return {"clean": clean, "hostile": hostile_report(),
            "replacement": clean.model_copy(update={"subject": "bad \ufffd byte"})}


@pytest.mark.parametrize("name", ["clean", "hostile", "replacement"])
def test_a_stored_report_renders_as_its_model_in_every_format(name: str) -> None:
    report = _variants()[name]
    assert _all_formats(view(dump(report))) == _all_formats(report)
    assert as_model(view(dump(report))) == report  # validated back, the same values


@given(text=st.text(max_size=30))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_renders_the_same_from_a_stored_report(text: str) -> None:
    report = make_report()
    ev = report.results[0].evidence[0].model_copy(update={"text": text or "x", "path": "p/" + text})
    finding = report.findings[0].model_copy(update={"message": text, "evidence": [ev], "path": "p/" + text})
    report = report.model_copy(update={"findings": [finding, *report.findings[1:]]})
    assert _all_formats(view(dump(report))) == _all_formats(report)


@pytest.mark.parametrize("name", ["clean", "hostile", "replacement"])
def test_a_big_stored_report_renders_the_same_through_the_compiled_serialiser(name: str) -> None:
    report = _variants()[name]
    with mock.patch("policy_audit.report.plain.NATIVE_FROM", 0):  # as a report of many documents is
        assert _all_formats(view(dump(report))) == _all_formats(report)


@given(text=st.text(max_size=30))
@settings(max_examples=50, deadline=None)
def test_the_compiled_serialiser_writes_the_standard_librarys_json(text: str) -> None:
    data = {"a": text, "b": [text, {"c": 1.5, "d": None, "e": True}], text: -3}
    native = plain.native_json(data, 2)
    if native is None:  # a lone surrogate: it declines, and the standard library writes it
        assert any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
        return
    assert native == plain.python_json(data, 2)
    assert plain.native_json(data, None) == plain.python_json(data, None)


PROBE = ("import sys\nfrom policy_audit import cache\n"
         "cache.SETTLE_NS = cache.COARSE_SETTLE_NS = 0\n"  # the files were written a moment ago
         "from policy_audit.cli import main\nsys.argv = ['policy-audit', *sys.argv[1:]]\n"
         "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
         "heavy = [m for m in ('pydantic', 'lark', 'policy_audit.engine.analyze') if m in sys.modules]\n"
         "print('HEAVY=' + ','.join(heavy), 'CODE=' + str(code), file=sys.stderr)\n")


def _cli(args: list[str], cwd: Path) -> tuple[str, str]:
    """Run the command line; its stderr and the line saying which heavy modules it imported and its exit code."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], check=False, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    err, _, last = done.stderr.strip().rpartition("\n")
    return err, last


def test_cached_cli_reports_equal_uncached_ones_for_every_format(tmp_path: Path) -> None:
    folder = tmp_path / "district"
    shutil.copytree(REPO / "sample_policies" / "maple-valley-sd", folder)
    hostile = HOSTILE_TEXT.replace("\x00", "")  # a NUL would make the file unreadable, and so never reused
    (folder / "odd.md").write_text(f"# Equity\n\n{hostile} The Board shall fund equity.\n", encoding="utf-8")
    cache = str(tmp_path / "cache")
    for fmt in sorted(FORMATS):
        outs = []
        # uncached; then runs that record the index, store the report and reuse it
        for extra in (["--no-cache"], ["--cache-dir", cache], ["--cache-dir", cache], ["--cache-dir", cache]):
            out = tmp_path / f"{fmt}-{len(outs)}"
            err, last = _cli(["check", "district", "-q", "-f", fmt, "-o", str(out), *extra], tmp_path)
            assert last.endswith("CODE=1"), err
            outs.append(out.read_bytes())
        assert outs[0] == outs[1] == outs[2] == outs[3], fmt
        if fmt == "json":  # JSON escapes the hostile text itself: the reused report was rendered without the models
            assert last.startswith("HEAVY= "), last


def test_a_cached_run_imports_neither_pydantic_nor_the_engine(tmp_path: Path) -> None:
    folder = tmp_path / "district"
    folder.mkdir()
    (folder / "a.md").write_text("# Policy\n\nThe Board shall fund the Office of Equity.\n", encoding="utf-8")
    (tmp_path / ".policy-audit.toml").write_text('fail-on = "never"\nexclude = ["drafts/*"]\n', encoding="utf-8")
    args = ["check", "district", "--cache-dir", str(tmp_path / "cache"), "-f", "json", "-o", "r.json"]
    first = _cli(args, tmp_path)[1]
    assert "pydantic" in first and "CODE=0" in first  # the first run validates the config and builds the report
    stored = (tmp_path / "r.json").read_bytes()
    assert _cli(args, tmp_path)[1] == "HEAVY= CODE=0"  # fail-on from the config: still in force
    assert (tmp_path / "r.json").read_bytes() == stored
    assert json.loads(stored)["summary"]["audited"] == 1


def test_a_changed_config_is_validated_again(tmp_path: Path) -> None:
    folder = tmp_path / "district"
    folder.mkdir()
    (folder / "a.md").write_text("# Policy\n\nThe Board shall fund the Office of Equity.\n", encoding="utf-8")
    config = tmp_path / ".policy-audit.toml"
    config.write_text('fail-on = "never"\n', encoding="utf-8")
    args = ["check", "district", "-q", "--cache-dir", str(tmp_path / "cache")]
    assert _cli(args, tmp_path)[1].endswith("CODE=0")
    assert _cli(args, tmp_path)[1] == "HEAVY= CODE=0"  # settings and report from the cache
    config.write_text('fail-on = "sometimes"\n', encoding="utf-8")
    err, last = _cli(args, tmp_path)
    assert last.endswith("CODE=2") and f"error: {config}: fail-on: Input should be" in err, err
    config.write_text('fail-on = "error"\n', encoding="utf-8")
    assert _cli(args, tmp_path)[1].endswith("CODE=1")  # the new setting, not the cached one
