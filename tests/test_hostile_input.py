"""Hostile input that used to lose the whole run, leave the folder or give wrong output: one test each."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO
from test_cli import run

sys.path.insert(0, str(REPO / "tests" / "fixtures"))
import make_documents as md  # noqa: E402

from policy_audit.audit import AuditOptions, run_audit  # noqa: E402
from policy_audit.cli.common import load_packs  # noqa: E402
from policy_audit.documents import isolate  # noqa: E402
from policy_audit.documents.discover import OUTSIDE_LINK, discover  # noqa: E402
from policy_audit.documents.load import load_document  # noqa: E402
from policy_audit.documents.loaders import LoadError, loader_for  # noqa: E402
from policy_audit.documents.loaders.markdown import read_text_document  # noqa: E402
from policy_audit.documents.model import Document, LoadFailure  # noqa: E402

PACK = load_packs([])
CONTROLS = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)]}


def _audit(paths: list[Path], **opts: object) -> dict[str, object]:
    report = run_audit(paths, PACK, AuditOptions(**opts), "test").report  # type: ignore[arg-type]
    return json.loads(report.model_dump_json())  # type: ignore[no-any-return]


def _errors(data: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {d["path"].rsplit("/", 1)[-1]: d["error"] for d in data["documents"] if d["error"]}


# ---------------------------------------------------------------- 1. only regular files are read
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_named_pipe_is_reported_not_read(tmp_path: Path, jobs: int) -> None:
    (tmp_path / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    (tmp_path / "other.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    data = _audit([tmp_path], jobs=jobs)
    assert _errors(data) == {"pipe.md": "not a regular file (a named pipe): not read"}
    s = data["summary"]
    assert (s["audited"], s["errored"]) == (2, 1)  # type: ignore[index]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_load_document_refuses_a_pipe_even_if_discovery_was_raced(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    out = load_document(tmp_path / "pipe.md", "pipe.md")
    assert isinstance(out, LoadFailure) and "not a regular file" in out.reason


# ---------------------------------------------------------------- 2. one cap for every format
def test_markdown_over_the_character_cap_is_cut_with_a_caveat() -> None:
    data = ("- The Board shall fund equity.\n" * 200).encode()
    loaded = read_text_document(data, "big.md", markdown=True, max_chars=1000)
    assert len(loaded.text) <= 1000 and loaded.text.endswith("\n")
    assert loaded.warnings == [f"text cut at {len(loaded.text):,} characters: the rest of the document was not audited"]


def test_sentences_per_document_are_capped_with_a_caveat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import policy_audit.documents.load as load_module

    monkeypatch.setattr(load_module, "MAX_SENTENCES", 50)
    p = tmp_path / "items.md"
    p.write_text("- The Board shall fund equity.\n" * 400, encoding="utf-8")
    doc = load_document(p, "items.md")
    assert isinstance(doc, Document) and len(doc.sentences) == 50
    assert "text cut after 50 sentences: the rest of the document was not audited" in doc.warnings


# ---------------------------------------------------------------- 3. native readers in a child process
def _abort(data: bytes, path: str) -> object:
    os.abort()


def _sleep(data: bytes, path: str) -> object:
    time.sleep(60)


def _hog(data: bytes, path: str) -> object:
    return [bytearray(1 << 20) for _ in range(4096)]  # 4 GB


needs_fork = pytest.mark.skipif(not isolate.available(), reason="isolation needs fork and rlimits")


@needs_fork
def test_a_crashing_reader_costs_only_its_file() -> None:
    with pytest.raises(LoadError, match="crashed \\(SIGABRT\\)"):
        isolate.run_isolated(_abort, b"", "x.pdf")  # type: ignore[arg-type]


@needs_fork
def test_a_reader_over_its_memory_limit_is_an_error() -> None:
    with pytest.raises(LoadError, match="out of memory"):
        isolate.run_isolated(_hog, b"", "x.pdf", memory=256 << 20)  # type: ignore[arg-type]


@needs_fork
def test_a_reader_past_its_timeout_is_stopped() -> None:
    with pytest.raises(LoadError, match="longer than 0.5 seconds"):
        isolate.run_isolated(_sleep, b"", "x.pdf", timeout=0.5)  # type: ignore[arg-type]


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_pdfium_aborting_under_its_memory_limit_is_an_error_for_that_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    from policy_audit.documents.loaders import limits

    monkeypatch.setattr(limits, "READ_MEMORY_BYTES", 200 << 20)
    (tmp_path / "heavy.pdf").write_bytes(md.heavy_pdf())
    (tmp_path / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    (tmp_path / "more.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    data = _audit([tmp_path], jobs=jobs)
    errors = _errors(data)
    assert list(errors) == ["heavy.pdf"] and "reader" in errors["heavy.pdf"], errors
    assert data["summary"]["audited"] == 2  # type: ignore[index]


@needs_fork
def test_pdf_is_read_in_a_child_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[str] = []
    real = isolate.run_isolated
    monkeypatch.setattr(isolate, "run_isolated", lambda load, data, path: calls.append(path) or real(load, data, path))
    pytest.importorskip("fpdf")
    (tmp_path / "p.pdf").write_bytes(md.make_pdf())
    (tmp_path / "p.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    assert isinstance(load_document(tmp_path / "p.pdf", "p.pdf"), Document)
    assert isinstance(load_document(tmp_path / "p.md", "p.md"), Document)
    assert calls == ["p.pdf"]


# ---------------------------------------------------------------- 4. discovery errors are per path
def test_a_very_deep_tree_is_walked_without_recursion(tmp_path: Path) -> None:
    levels = [tmp_path / "/".join(["d"] * n) for n in range(1, 991)]
    for level in levels:  # os.makedirs and shutil.rmtree recurse: build and remove the tree level by level
        level.mkdir()
    (levels[-1] / "deep.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    (tmp_path / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    try:
        found = discover([tmp_path], base=tmp_path)
    finally:
        (levels[-1] / "deep.md").unlink()
        for level in reversed(levels):
            level.rmdir()
    assert not found.errors
    assert [s for _, s in found.documents] == ["/".join(["d"] * 990) + "/deep.md", "good.md"]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can stat anything")
def test_a_link_whose_target_cannot_be_inspected_is_an_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "p.md").write_text("x", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").symlink_to(locked / "p.md")
    locked.chmod(0)
    try:
        found = discover([tmp_path / "docs"], base=tmp_path)
    finally:
        locked.chmod(0o755)
    assert found.errors and found.errors[0][0] == "docs/p.md"


def test_a_link_target_denied_to_us_is_a_per_path_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "good.md")
    real = os.path.realpath

    def realpath(path: object, *args: object, **kwargs: object) -> str:
        if str(path).endswith("link.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type, call-overload, no-any-return]

    monkeypatch.setattr("policy_audit.documents.discover.os.path.realpath", realpath)
    found = discover([tmp_path], base=tmp_path)
    assert found.errors == [("link.md", "cannot follow symbolic link: Permission denied")]
    assert [s for _, s in found.documents] == ["good.md"]


def test_an_error_inspecting_a_path_is_per_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    (tmp_path / "b.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).endswith("a.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("policy_audit.documents.discover.os.stat", stat)
    found = discover([tmp_path], base=tmp_path)
    assert found.errors == [("a.md", "cannot inspect: Permission denied")]
    assert [s for _, s in found.documents] == ["b.md"]


# ---------------------------------------------------------------- 5. every loader inside the guard
@pytest.mark.parametrize("data", [b"|\ny", b"| a | b |\ntext after the table\n", b"|x|\n|y\nz"])
def test_a_table_row_followed_by_text_is_read(data: bytes) -> None:
    loaded = loader_for("t.md")(data, "t.md")
    assert [loaded.text[b.start:b.end] for b in loaded.blocks][-1] in ("y", "text after the table", "z")


def test_markdown_and_text_loaders_are_guarded(monkeypatch: pytest.MonkeyPatch) -> None:
    import policy_audit.documents.loaders.markdown as mdl

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(mdl, "parse_layout", broken)
    for name in ("x.md", "x.txt"):
        with pytest.raises(LoadError, match="could not read this .* file \\(ValueError: boom\\)"):
            loader_for(name)(b"text", name)


# ---------------------------------------------------------------- 6. links stay inside the given paths
@pytest.fixture()
def linked(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Root password hunter2\n\nThe secret shall stay.\n", encoding="utf-8")
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "good.md").write_text(md.GOOD_POLICY, encoding="utf-8")
    (policies / "etc").symlink_to(outside)
    (policies / "leak.md").symlink_to(outside / "secret.md")
    (policies / "alias.md").symlink_to(policies / "good.md")  # inside: fine
    return policies


def test_links_leaving_the_folder_are_reported_not_followed(linked: Path) -> None:
    data = _audit([linked])
    assert _errors(data) == {"etc": OUTSIDE_LINK, "leak.md": OUTSIDE_LINK}
    assert "hunter2" not in json.dumps(data)
    assert sorted(d["path"].rsplit("/", 1)[-1] for d in data["documents"] if not d["error"]) == ["alias.md", "good.md"]


def test_an_excluded_link_is_neither_read_nor_reported(linked: Path) -> None:
    found = discover([linked], excludes=["etc", "leak.md"], base=linked)
    assert not found.errors and found.excluded == 1


def test_follow_links_opts_in(linked: Path) -> None:
    data = _audit([linked], follow_links=True)
    assert not _errors(data)
    assert "Root password hunter2" in {d["title"] for d in data["documents"]}


def test_the_cli_flag_follow_links(linked: Path) -> None:
    code, out, _ = run(["check", str(linked), "--no-config", "-f", "json", "--fail-on", "never"])
    assert "hunter2" not in out and code == 1
    code, out, _ = run(["check", str(linked), "--no-config", "-f", "json", "--fail-on", "never", "--follow-links"])
    assert "hunter2" in out and code == 0


# ---------------------------------------------------------------- 8. control characters never reach a report
@pytest.mark.parametrize("name", ["e.md", "e.txt"])
def test_control_characters_are_cleaned_from_markdown_and_text(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(md.escapes_md())
    doc = load_document(tmp_path / name, name)
    assert isinstance(doc, Document)
    shown = [doc.title or "", *(s.text for s in doc.sentences)]
    assert not [t for t in shown if CONTROLS & set(t)], shown
    assert any("fund equity" in t for t in shown)


# ---------------------------------------------------------------- 15. smaller input cases
def test_cr_only_line_endings_give_real_lines(tmp_path: Path) -> None:
    (tmp_path / "cr.md").write_bytes(md.cr_only_md())
    doc = load_document(tmp_path / "cr.md", "cr.md")
    assert isinstance(doc, Document)
    lines = [doc.locate(s.start).line for s in doc.sentences]
    assert lines == [1, 3, 5]


def test_an_impossible_date_in_front_matter_is_just_text(tmp_path: Path) -> None:
    (tmp_path / "d.md").write_bytes(md.bad_date_md())
    doc = load_document(tmp_path / "d.md", "d.md")
    assert isinstance(doc, Document), doc
    assert doc.metadata["adopted"] == "2021-13-45" and doc.title == "BP 0415 Equity Policy"


def test_one_stray_byte_keeps_utf8_with_a_caveat(tmp_path: Path) -> None:
    (tmp_path / "s.md").write_bytes(md.stray_byte_md())
    doc = load_document(tmp_path / "s.md", "s.md")
    assert isinstance(doc, Document)
    assert "Équité" in doc.text and "\u2019s plan" in doc.text
    assert doc.warnings == ["1 byte not valid UTF-8: replaced with U+FFFD"]


def test_latin1_text_is_still_detected(tmp_path: Path) -> None:
    (tmp_path / "l.txt").write_bytes("Le conseil s'engage pour l'équité des élèves.".encode("latin-1"))
    doc = load_document(tmp_path / "l.txt", "l.txt")
    assert isinstance(doc, Document) and "équité" in doc.text


def test_pdf_pages_differing_only_in_digits_are_kept() -> None:
    pytest.importorskip("fpdf")
    loaded = loader_for("p.pdf")(md.digit_pages_pdf(), "p.pdf")
    assert loaded.text.count("The Board shall fund the Office of Equity in 20") == 3


def test_an_html_block_over_the_cap_is_cut_not_lost(tmp_path: Path) -> None:
    (tmp_path / "long.html").write_bytes(md.long_block_html())
    doc = load_document(tmp_path / "long.html", "long.html")
    assert isinstance(doc, Document), doc
    assert any(w.startswith("text cut at 10,000,000 characters") for w in doc.warnings)
    assert doc.sentences[0].text == "The Board shall fund the Office of Equity every year."


def test_signal_names_in_crash_reasons() -> None:
    status = signal.SIGSEGV  # a status word as waitpid gives it for a child killed by SIGSEGV
    assert "SIGSEGV" in isolate._died(status)
