"""Fuzz: mutated documents of every format, alone and in folders, through every output format.

Bounded to a few seconds by default. For a long run by hand (thousands of examples per test):

    POLICY_AUDIT_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -q tests/test_fuzz_hostile.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(REPO / "tests" / "fixtures"))
import make_documents as md

from policy_audit.audit import AuditOptions, run_audit
from policy_audit.cli.common import load_packs
from policy_audit.report.formats import FORMATS, renderer
from policy_audit.report.models import Report

PACK = load_packs([])
EXAMPLES = int(os.environ.get("POLICY_AUDIT_FUZZ_EXAMPLES", "12"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 50,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CONTROLS = frozenset(chr(c) for c in [*range(9), *range(11, 32), *range(0x7F, 0xA0)])
SNIPPETS = [b"|\n", b"|\ny", b"\r", b"\r\n", b"\n\n", b"\x00", b"\xff", b"\xc3", b"\x1b[2J", b"\x1b]0;x\x07",
            b"\x9b", b"\xc2\x9b", b"\xe2\x80\xa8", b"\x0c", b"<", b">", b"&", b"<!--", b"-->", b"{", b"}",
            b"\\par ", b"\\u-1?", b"---\n", b"adopted: 2021-13-45\n", b"# ", b"- ", b"1. ", b"BT (x) Tj ET",
            b"endstream", b"%%EOF", b"PK\x03\x04", b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>",
            b"The Board shall fund equity. "]
EXTS = [".md", ".txt", ".html", ".docx", ".odt", ".rtf", ".pdf"]


def _sarif_schema() -> Any:
    """The official SARIF 2.1.0 schema when a checkout keeps it beside the repository, else None."""
    for base in (REPO.parent, REPO.parent.parent):
        path = base / "shared" / "schemas" / "sarif-schema-2.1.0.json"
        if path.is_file():
            import jsonschema

            schema = json.loads(path.read_text(encoding="utf-8"))
            return jsonschema.validators.validator_for(schema)(schema)
    return None


SARIF = _sarif_schema()


@cache
def seed(ext: str) -> bytes:
    """A well-formed document of each format, made once."""
    if ext in (".md", ".txt"):
        return (md.GOOD_POLICY + "\n| Area | Owner |\n| --- | --- |\n| Hiring | HR |\n\n- The officer will report.\n"
                ).encode()
    if ext == ".pdf":
        pytest.importorskip("fpdf", reason="fpdf2 builds the PDF seed")
    return {".html": md.make_html, ".docx": md.make_docx, ".odt": md.make_odt, ".rtf": md.make_rtf,
            ".pdf": md.make_pdf}[ext]()


@st.composite
def mutated(draw: st.DrawFn, ext: str | None = None) -> tuple[str, bytes]:
    """(extension, bytes): a seed document with a few byte-level edits and hostile snippets."""
    ext = ext or draw(st.sampled_from(EXTS))
    data = bytearray(seed(ext))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(SNIPPETS)) * draw(st.integers(1, 4))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[pos:]
        elif op == "dup":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 256))]
    return ext, bytes(data)


def _audit(folder: Path) -> Report:
    return run_audit([folder], PACK, AuditOptions(), "fuzz").report


def _check_outputs(report: Report) -> dict[str, str]:
    """Render every format and check what must hold whatever the input; return the outputs."""
    out = {name: renderer(name)(report) for name in FORMATS}
    data = json.loads(out["json"])
    s = data["summary"]
    assert s["audited"] + s["errored"] + s["skipped"] == s["discovered"], s
    log = json.loads(out["sarif"])
    if SARIF is not None:
        errors = [e.message for e in SARIF.iter_errors(log)]
        assert not errors, errors[:3]
    ET.fromstring(out["junit"])
    list(csv.reader(io.StringIO(out["csv"])))
    json.loads(out["gitlab"])
    bad = CONTROLS & set(out["text"])
    assert not bad, sorted(map(hex, map(ord, bad)))
    return out


def _write(folder: Path, files: list[tuple[str, bytes]]) -> None:
    for n, (ext, data) in enumerate(files):
        (folder / f"doc{n}{ext}").write_bytes(data)


@FUZZ
@given(st.sampled_from(EXTS).flatmap(lambda ext: mutated(ext)))
def test_a_mutated_document_of_any_format_is_audited_or_reported(doc: tuple[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), [doc])
        report = _audit(Path(tmp))
        assert len(report.documents) == 1
        d = report.documents[0]
        if d.error is not None:  # unreadable: with a reason, shown safely
            assert d.error.strip() and not CONTROLS & set(d.error), d.error
        _check_outputs(report)


@FUZZ
@given(st.lists(mutated(), min_size=1, max_size=5), st.booleans())
def test_a_folder_of_mutated_documents_keeps_every_file_accounted(files: list[tuple[str, bytes]],
                                                                  with_unknown: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, files)
        (folder / "sub").mkdir()
        (folder / "sub" / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
        if with_unknown:
            (folder / "notes.xyz").write_bytes(b"not a policy")
        report = _audit(folder)
        assert len(report.documents) == len(files) + 1
        good = next(d for d in report.documents if d.path.endswith("sub/good.md"))
        assert good.error is None and good.sentences > 0
        _check_outputs(report)


def test_skipped_files_appear_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    (tmp_path / "notes-skipped.xyz").write_bytes(b"not a policy")
    out = _check_outputs(_audit(tmp_path))
    missing = [name for name in ("sarif", "junit", "csv", "github", "gitlab") if "notes-skipped.xyz" not in out[name]]
    assert not missing


def test_a_hostile_file_name_reaches_no_output_raw(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    (tmp_path / "bad\x1b[2J\x07name.md").write_bytes(b"\x00\x00")
    out = _check_outputs(_audit(tmp_path))
    raw = [name for name in ("text", "markdown", "csv", "github", "html") if "\x1b" in out[name] or "\x07" in out[name]]
    assert not raw
