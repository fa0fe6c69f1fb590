"""Every suppression problem (SUP-01..05) is reported, not crashed on, in every output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from policy_audit.report.formats import BINARY, FORMATS
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
    if fmt in BINARY:
        extra += ["-o", "report.bin"]
    return run(["check", "d", "--rules", str(pack), "--no-config", "-f", fmt, *extra], cwd=tmp_path)


# `adopt` lists the commitments a district should adopt; a problem with a suppression comment is not one
REPORTS = sorted(set(FORMATS) - {"adopt"})


@pytest.mark.parametrize("fmt", REPORTS)
@pytest.mark.parametrize("rule", sorted(CASES))
def test_every_suppression_problem_in_every_format(tmp_path: Path, mini_pack_dir: Path, rule: str, fmt: str) -> None:
    code, out, err = audit(tmp_path, mini_pack_dir, rule, fmt)
    if fmt in BINARY:  # a workbook: read its XML parts
        with zipfile.ZipFile(tmp_path / "report.bin") as z:
            out = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert code == 0 and "internal error" not in err, err  # warnings and infos only: below --fail-on error
    assert rule in out
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    if fmt == "junit":
        ET.fromstring(out)
    if fmt == "sarif":
        [result] = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == rule]
        assert result["properties"]["state"] == "invalid" and result["message"]["text"].startswith("Invalid suppression")
