"""The Python API: `from policy_audit import audit` gives the same report as `check -f json`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_doc

BODY = ("# Equity\n\nThe district shall pursue equity in every school.\n\n"
        "## Budget\n\nThe district may allocate funds to the equity office.\n")


def test_audit_returns_the_report_the_cli_prints_as_json(tmp_path: Path, mini_pack_dir: Path) -> None:
    from policy_audit import audit
    from policy_audit.cli import cli
    from policy_audit.report.formats import renderer

    write_doc(tmp_path / "district", "equity.md", BODY)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        report = audit(["district"], rules=[mini_pack_dir])
        res = CliRunner().invoke(cli, ["check", "district", "--rules", str(mini_pack_dir), "--no-config", "-f", "json"])
    finally:
        os.chdir(old)
    assert report.summary.audited == 1 and any(f.rule_id == "FND-01" for f in report.findings)
    assert renderer("json")(report) == res.stdout


def test_options_select_and_config(tmp_path: Path, mini_pack_dir: Path) -> None:
    from policy_audit import audit

    write_doc(tmp_path, "equity.md", BODY)
    report = audit([tmp_path], rules=[mini_pack_dir], select=["fund"])
    assert {r.rule_id for r in report.results} == {"FND-01"}
    cfg = tmp_path / "audit.toml"
    cfg.write_text(f'rules = ["{mini_pack_dir.as_posix()}"]\nignore = ["fund"]\n', encoding="utf-8")
    report = audit([tmp_path / "equity.md"], config=cfg)
    assert "FND-01" not in {r.rule_id for r in report.results} and report.results


def test_problems_that_stop_an_audit_raise_audit_error(tmp_path: Path, mini_pack_dir: Path) -> None:
    from policy_audit import AuditError, audit

    with pytest.raises(AuditError, match="no such file or folder"):
        audit([tmp_path / "missing"], rules=[mini_pack_dir])
    with pytest.raises(AuditError, match="XYZ matches no rule"):
        audit([tmp_path], rules=[mini_pack_dir], select=["XYZ"])
    broken = tmp_path / "broken.rules"
    broken.write_text("rule X {", encoding="utf-8")
    with pytest.raises(AuditError, match="broken.rules"):
        audit([tmp_path], rules=[broken])


def test_importing_the_package_stays_light_and_audit_stays_the_function() -> None:
    code = ("import sys, policy_audit\n"
            "print(sorted(m for m in ('pydantic', 'lark', 'click', 'policy_audit.audit') if m in sys.modules))\n"
            "import policy_audit.audit\n"  # the pipeline module, imported first, must not hide the API
            "from policy_audit import audit\n"
            "print(callable(audit) and audit.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "policy_audit"], out.stdout + out.stderr
