"""Every hostile file of the suite in one folder with one good policy, audited under a 2 GB address-space
limit (`ulimit -v 2000000`): the run finishes, writes every format, and the good policy's verdicts are
the same as when it is audited alone."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import MINI_PACK, REPO

sys.path.insert(0, str(REPO / "tests" / "fixtures"))
import make_documents as md

from policy_audit.report.formats import BINARY, FORMATS

resource = pytest.importorskip("resource", reason="address-space limits are POSIX")
pytest.importorskip("fpdf", reason="fpdf2 builds the PDF fixtures")
LIMIT = 2_000_000 * 1024  # what `ulimit -v 2000000` sets
DOC_PACK = MINI_PACK.replace("  severity: error\n", "  severity: error\n  scope: doc\n").replace(
    "  severity: warning\n", "  severity: warning\n  scope: doc\n")
CONTROLS = frozenset(chr(c) for c in [*range(9), *range(11, 32), *range(0x7F, 0xA0)])


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _check(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "policy_audit", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          preexec_fn=_limited, timeout=900, check=False)


def _verdicts(report: dict, name: str) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return sorted((r["rule_id"], r["state"]) for r in report["results"] if r["scope"].endswith(name))


def _big_markdown(size: int = 50 * 1024 * 1024 - 4096) -> bytes:
    """Just under the default max-file-size: one-line list items, about 1.7 million of them."""
    line = b"- The district will fund it.\n"
    return line * (size // len(line))


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("hostile-all")
    (root / "pack").mkdir()
    (root / "pack" / "doc.rules").write_text(DOC_PACK, encoding="utf-8")
    (root / "outside").mkdir()
    (root / "outside" / "secret.md").write_text("# hunter2\n\nThe secret shall stay outside.\n", encoding="utf-8")
    (root / "alone").mkdir()
    (root / "alone" / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    d = root / "district"
    d.mkdir()
    (d / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    for name, build in md.builders():
        (d / f"hostile-{name}").write_bytes(build())  # type: ignore[operator]
    (d / "hostile-items.md").write_bytes(_big_markdown())
    (d / "hostile-binary.md").write_bytes(md.junk(8192))
    os.mkfifo(d / "hostile-pipe.md")
    (d / "hostile-etc").symlink_to(root / "outside")
    (d / "hostile-loop").symlink_to(d)
    (d / "hostile-broken.md").symlink_to(root / "missing.md")
    levels = [d / "/".join(["d"] * n) for n in range(1, 991)]
    for level in levels:  # built and removed level by level: os.makedirs and shutil.rmtree recurse
        level.mkdir()
    yield root
    for level in reversed(levels):
        level.rmdir()


def test_the_run_finishes_under_2gb_and_the_good_policy_is_judged_as_alone(district: Path) -> None:
    alone = _check(["alone", "--no-config", "--rules", "pack", "-f", "json", "--fail-on", "never"], district)
    assert alone.returncode == 0, alone.stderr
    expected = _verdicts(json.loads(alone.stdout), "good.md")
    assert expected

    args = ["district", "--no-config", "--rules", "pack", "--fail-on", "never"]
    for name in FORMATS:
        args += ["-f", name, "-o", f"out/report.{name}"]
    run = _check(args, district)
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr

    out = {name: (district / "out" / f"report.{name}").read_text(encoding="utf-8")
           for name in FORMATS if name not in BINARY}
    for name in BINARY:  # a workbook: a readable zip of XML parts
        with zipfile.ZipFile(district / "out" / f"report.{name}") as z:
            assert z.testzip() is None
    report = json.loads(out["json"])
    assert _verdicts(report, "good.md") == expected
    s = report["summary"]
    assert s["audited"] + s["errored"] + s["skipped"] == s["discovered"]
    docs = {d["path"].removeprefix("district/"): d for d in report["documents"]}
    assert docs["good.md"]["error"] is None
    for name in ("hostile-pipe.md", "hostile-etc", "hostile-heavy.pdf", "hostile-bomb.docx", "hostile-binary.md"):
        assert docs[name]["error"], name
    assert "text cut" in " ".join(docs["hostile-items.md"]["warnings"])
    assert "hunter2" not in out["json"]
    json.loads(out["sarif"])
    json.loads(out["gitlab"])
    ET.fromstring(out["junit"])
    list(csv.reader(io.StringIO(out["csv"])))
    assert not CONTROLS & set(out["text"])
