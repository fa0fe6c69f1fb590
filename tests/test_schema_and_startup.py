"""The published JSON Schema matches the models, reports validate against it, and start-up stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from helpers import REPO
from test_cli import run


def test_published_schema_is_up_to_date() -> None:
    from policy_audit.cli.misc import schema_text

    published = (REPO / "docs" / "report.schema.json").read_text(encoding="utf-8")
    assert published == schema_text(), "regenerate with: policy-audit schema > docs/report.schema.json"


def test_json_report_validates_against_the_schema(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "p.md").write_text("# Equity Policy\n\nThe district may fund the equity office.\n", encoding="utf-8")
    (d / "empty.md").write_text("", encoding="utf-8")
    _, out, _ = run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "-f", "json"], cwd=tmp_path)
    schema = json.loads((REPO / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(out), schema)


def test_version_does_not_import_heavy_modules() -> None:
    code = ("import sys; from policy_audit.cli import cli\n"
            "try:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pydantic', 'lark', 'yaml', 'charset_normalizer') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY=\n" in out.stdout, out.stdout
