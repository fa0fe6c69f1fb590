"""Every suppression problem (SUP-01..05) is reported, not crashed on, in every output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from policy_audit.report.formats import FORMATS
from test_cli import run

HEDGED = "The district may allocate funds to the equity office."
EXPIRED = '[[waivers]]\nrule = "FND-01"\npaths = ["*"]\njustification = "old grant"\nexpires = 2001-01-01\n'
CASES = {  # rule -> (inline comment before the hedged sentence, waiver file text)
    "SUP-01": ("<!-- policy-audit: ignore FND-01 -->", ""),
    "SUP-02": ("<!-- policy-audit: ignore XYZ-09 -- a reason -->", ""),
    "SUP-03": ("", EXPIRED),
    "SUP-04": ("<!-- policy-audit: ignore ALN-02 -- nothing to suppress here -->", ""),
    "SUP-05": ("<!-- policy-audit: ignor FND-01 -- a typo in the verb -->", ""),
}


def audit(tmp_path: Path, pack: Path, rule: str, fmt: str) -> tuple[int, str, str]:
    comment, waivers = CASES[rule]
    d = tmp_path / "d"
    d.mkdir()
    (d / "equity.md").write_text(f"---\ntitle: BP 0415 Equity Policy\n---\n# Equity\n\nThe district shall pursue "
                                 f"equity.\n\n{comment}\n{HEDGED}\n", encoding="utf-8")
    extra = []
    if waivers:
        (tmp_path / "waivers.toml").write_text(waivers, encoding="utf-8")
        extra = ["--waivers", str(tmp_path / "waivers.toml")]
    return run(["check", "d", "--rules", str(pack), "--no-config", "-f", fmt, *extra], cwd=tmp_path)


CSV_GAP = pytest.mark.xfail(strict=True, reason="csv has one row per result, so SUP findings are left out")


@pytest.mark.parametrize("fmt", [pytest.param(f, marks=CSV_GAP) if f == "csv" else f for f in sorted(FORMATS)])
@pytest.mark.parametrize("rule", sorted(CASES))
def test_every_suppression_problem_in_every_format(tmp_path: Path, mini_pack_dir: Path, rule: str, fmt: str) -> None:
    code, out, err = audit(tmp_path, mini_pack_dir, rule, fmt)
    assert code == 0 and "internal error" not in err, err  # warnings and infos only: below --fail-on error
    assert rule in out
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    if fmt == "junit":
        ET.fromstring(out)
    if fmt == "sarif":
        [result] = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == rule]
        assert result["properties"]["state"] == "invalid" and result["message"]["text"].startswith("Invalid suppression")
