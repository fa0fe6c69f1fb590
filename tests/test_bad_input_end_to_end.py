"""Bad documents through the whole command: each is an error for that file in every format; nothing is lost."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import REPO
from test_cli import run

sys.path.insert(0, str(REPO / "tests" / "fixtures"))
pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) builds the PDF fixtures")

import make_documents as md  # noqa: E402

HOSTILE = {
    "scanned.pdf": (md.make_scanned_pdf, "OCR"),
    "encrypted.pdf": (lambda: md.make_pdf(encrypt="secret"), "encrypted"),
    "truncated.pdf": (lambda: md.truncated(md.make_pdf()), ""),
    "truncated.docx": (lambda: md.truncated(md.make_docx()), ""),
    "bomb.docx": (md.bomb_docx, ""),
    "laughs.odt": (md.entity_odt, ""),
    "xxe.docx": (lambda: md.entity_docx("xxe"), ""),
    "junk.pdf": (md.junk, ""),
    "empty.docx": (bytes, "empty"),
    "latin1.txt": (lambda: "Le conseil s'engage pour l'équité.".encode("latin-1"), None),  # readable
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("hostile") / "district"
    d.mkdir()
    for name, (build, _) in HOSTILE.items():
        (d / name).write_bytes(build())
    (d / "good.md").write_text("# BP 0415 Equity Policy\n\nThe Board shall commit the district to racial equity.\n",
                               encoding="utf-8")
    (d / "loop").symlink_to(d)
    return d


BROKEN = [n for n, (_, hint) in HOSTILE.items() if hint is not None]


def test_json_lists_each_bad_file_with_a_reason_and_audits_the_rest(folder: Path) -> None:
    code, out, err = run(["check", str(folder), "--no-config", "-f", "json", "--fail-on", "never"], cwd=folder.parent)
    assert code == 1 and "Traceback" not in err
    data = json.loads(out)
    errors = {d["path"].rsplit("/", 1)[-1]: d["error"] for d in data["documents"] if d["error"]}
    for name in BROKEN:
        assert errors.get(name), name
        hint = HOSTILE[name][1]
        assert hint.lower() in errors[name].lower(), (name, errors[name])
    assert any("loop" in p for p in errors) or any("loop" in e for e in errors.values())
    audited = {d["path"].rsplit("/", 1)[-1] for d in data["documents"] if not d["error"]}
    assert audited == {"good.md", "latin1.txt"}
    s = data["summary"]
    assert s["audited"] + s["errored"] + s["skipped"] == s["discovered"]
    aln02 = next(r for r in data["results"] if r["rule_id"] == "ALN-02")
    assert aln02["state"] == "met"


@pytest.mark.parametrize("fmt", ["text", "sarif", "junit", "github", "gitlab", "markdown", "csv", "html"])
def test_every_format_reports_every_bad_file(folder: Path, fmt: str) -> None:
    code, out, err = run(["check", str(folder), "--no-config", "-f", fmt], cwd=folder.parent)
    assert code == 1 and "Traceback" not in err
    for name in BROKEN:
        assert name in out, (fmt, name)
    if fmt == "junit":
        root = ET.fromstring(out)
        assert int(root.get("errors", "0")) >= len(BROKEN)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert sum(1 for r in rows if r["state"] == "error") >= len(BROKEN)
    if fmt == "sarif":
        notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert len(notes) >= len(BROKEN)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permission bits")
def test_unreadable_permissions_end_to_end(tmp_path: Path) -> None:
    p = tmp_path / "locked.md"
    p.write_text("x", encoding="utf-8")
    p.chmod(0)
    code, out, _ = run(["check", str(p), "--no-config", "-f", "json"])
    assert code == 1 and "permission denied" in out
