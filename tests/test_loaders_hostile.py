"""Hostile and broken input: every loader answers with a LoadError and a clear reason, fast, never a traceback."""

from __future__ import annotations

import random
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_documents as md  # noqa: E402

from policy_audit.documents.loaders import REGISTRY, LoadError, loader_for  # noqa: E402
from policy_audit.documents.loaders.ziputil import ZipPackage  # noqa: E402

MINE = (".docx", ".pdf", ".html", ".htm", ".xhtml", ".odt", ".rtf")
NEEDS_FPDF = {"truncated.pdf", "encrypted.pdf", "scanned.pdf"}


def _ods() -> bytes:
    """An OpenDocument spreadsheet saved with a .odt name."""
    parts = dict(md.odt_parts())
    parts["mimetype"] = "application/vnd.oasis.opendocument.spreadsheet"
    return md.zip_bytes(dict(parts), stored_first="mimetype")


def _broken_xml_docx() -> bytes:
    """A DOCX whose document.xml stops in the middle of a tag."""
    return md.zip_bytes(dict(md.docx_parts(document_xml=f"<w:document {md.W}><w:body><w:p><w:r")))


CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty.pdf", bytes, "empty file"),
    ("junk.pdf", md.junk, "not a PDF file"),
    ("corrupt.pdf", md.corrupt_pdf, "corrupt PDF"),
    ("truncated.pdf", lambda: md.truncated(md.make_pdf()), "truncated PDF"),
    ("encrypted.pdf", lambda: md.make_pdf(encrypt="secret"), "encrypted PDF: it needs a password"),
    ("scanned.pdf", md.make_scanned_pdf, "no text layer (scanned image?): run OCR first, e.g. ocrmypdf"),
    ("empty.docx", bytes, "empty file"),
    ("junk.docx", md.junk, "not a DOCX file"),
    ("truncated.docx", lambda: md.truncated(md.make_docx()), "corrupt or truncated DOCX"),
    ("bomb.docx", md.bomb_docx, "suspected zip bomb: word/document.xml would expand to"),
    ("ratio-bomb.docx", lambda: md.bomb_docx(size=30_000_000), "suspected zip bomb: word/document.xml is compressed"),
    ("lying-bomb.docx", lambda: md.bomb_docx(lie=True), "corrupt or truncated DOCX file: word/document.xml"),
    ("many-members.docx", md.many_members_docx, "suspected zip bomb: 12"),
    ("laughs.docx", md.entity_docx, "unsafe XML (entity declarations) in word/document.xml"),
    ("xxe.docx", lambda: md.entity_docx("xxe"), "unsafe XML (entity declarations) in word/document.xml"),
    ("legacy.docx", lambda: md.OLE_MAGIC + md.junk(1024), "password-protected or old binary Office file"),
    ("broken-xml.docx", _broken_xml_docx, "not well-formed XML"),
    ("odt.docx", md.make_odt, "not a Word document"),
    ("empty.odt", bytes, "empty file"),
    ("junk.odt", md.junk, "not an ODT file"),
    ("truncated.odt", lambda: md.truncated(md.make_odt()), "corrupt or truncated ODT"),
    ("bomb.odt", md.bomb_odt, "suspected zip bomb: content.xml would expand to"),
    ("lying-bomb.odt", lambda: md.bomb_odt(lie=True), "corrupt or truncated ODT file: content.xml"),
    ("laughs.odt", md.entity_odt, "unsafe XML (entity declarations) in content.xml"),
    ("xxe.odt", lambda: md.entity_odt("xxe"), "unsafe XML (entity declarations) in content.xml"),
    ("spreadsheet.odt", _ods, "not a text document"),
    ("empty.html", bytes, "empty file"),
    ("junk.html", md.junk, "binary data, not an HTML page"),
    ("empty.rtf", bytes, "empty file"),
    ("junk.rtf", md.junk, "not an RTF file"),
    ("deep.rtf", lambda: b"{\\rtf1 " + b"{" * 5000 + b"x", "nested too deeply"),
]


@pytest.mark.parametrize(("name", "build", "reason"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_gives_a_reason(name: str, build: Callable[[], bytes], reason: str, tmp_path: Path) -> None:
    if name in NEEDS_FPDF:
        pytest.importorskip("fpdf")
    path = tmp_path / name
    path.write_bytes(build())
    data = path.read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LoadError) as caught:
            loader_for(str(path))(data, str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason in str(caught.value)
    assert time.perf_counter() - started < 10
    assert peak < 80 * 1024 * 1024  # the bombs are refused before they inflate


def test_zip_reads_are_capped_whatever_the_headers_say() -> None:
    pkg = ZipPackage(md.zip_bytes({"word/document.xml": "x" * 3000}), "DOCX", max_member=4096, max_total=4096)
    assert len(pkg.read("word/document.xml")) == 3000
    with pytest.raises(LoadError, match="suspected zip bomb: word/document.xml expands past 1,096 bytes"):
        pkg.read("word/document.xml")  # a second read would pass the total


@pytest.mark.parametrize("ext", [".docx", ".odt", ".rtf", ".html", ".pdf"])
def test_mutated_files_never_raise_anything_but_load_error(ext: str) -> None:
    if ext == ".pdf":
        pytest.importorskip("fpdf")
    good = {".docx": md.make_docx, ".odt": md.make_odt, ".rtf": md.make_rtf, ".html": md.make_html,
            ".pdf": md.make_pdf}[ext]()
    load = loader_for("x" + ext)
    rng = random.Random(ext)
    for _ in range(60):
        data = bytearray(good)
        for _ in range(rng.randint(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            del data[rng.randrange(len(data)):]
        try:
            load(bytes(data), "x" + ext)
        except LoadError as exc:
            assert str(exc)


def test_unexpected_errors_become_load_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from policy_audit.documents.loaders import docx

    def boom(*_: object) -> None:
        raise ValueError("bad index")

    monkeypatch.setattr(docx, "_classify", boom)
    with pytest.raises(LoadError, match=r"could not read this DOCX file \(ValueError: bad index\)"):
        docx.load(md.make_docx(), "x.docx")


def test_registry_lists_every_new_format() -> None:
    for ext in MINE:
        assert ext in REGISTRY and callable(loader_for("x" + ext))


def test_heavy_libraries_load_only_when_a_document_needs_them() -> None:
    code = ("import sys, policy_audit.documents.loaders as l; l.loader_for('a.pdf'); l.loader_for('a.docx'); "
            "print(sorted(m for m in ('pypdfium2', 'defusedxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("page", [b"<a " * 100_000, b"<!--" * 100_000, b"<![a>" * 50_000, b"<p>" + b"<" * 200_000,
                                  b"<div>" * 50_000 + b"deep text"],
                         ids=["unclosed-tags", "unclosed-comments", "marked-sections", "bare-lt", "deep-nesting"])
def test_html_that_makes_html_parser_quadratic_is_read_in_linear_time(page: bytes) -> None:
    started = time.perf_counter()
    html_load = loader_for("x.html")
    html_load(page, "x.html")
    assert time.perf_counter() - started < 3  # the unprotected parser takes hours on the first one


def test_html_defuse_keeps_what_a_browser_shows() -> None:
    from policy_audit.documents.loaders import html

    page = b"<main><p>a < b and c<d</p><!-- note <p>old</p> --><p title='x>y'>kept</p><p>end<!-- open"
    assert [html.load(page, "x.html").text[b.start:b.end] for b in html.load(page, "x.html").blocks] == \
        ["a < b and c<d", "kept", "end"]


def test_rtf_with_many_groups_is_bounded() -> None:
    started = time.perf_counter()
    loaded = loader_for("x.rtf")(b"{\\rtf1 " + b"{}" * 200_000 + b"ok\\par}", "x.rtf")
    assert loaded.text == "ok\n" and time.perf_counter() - started < 3


def test_text_cap_stops_reading_and_says_so() -> None:
    from policy_audit.documents.loaders.textbuild import TextBuilder

    builder = TextBuilder(max_chars=110)
    added = [builder.add("paragraph", ["The Board shall fund equity work."]) for _ in range(5)]
    assert added == [True, True, True, False, False]
    assert builder.result().warnings == ["text cut at 110 characters: the rest of the document was not audited"]


def test_pdf_page_cap_reads_the_first_pages_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fpdf")
    from policy_audit.documents.loaders import pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    loaded = pdf.load(md.make_pdf(), "x.pdf")
    assert loaded.warnings == ["only the first 2 of 4 pages were read (the limit is 2)"]
    assert "1. Purpose" in loaded.text and "Responsibilities" not in loaded.text


_ANY_SPACE_OR_CONTROL = st.text(alphabet=st.sampled_from(
    "ab .\t\n\r\x0b\x0c\x1c\x1f\x7f\x85\x9f\xa0\u2003\u2028\u2029\u3000\ufeff\u00e9"), max_size=30)


@given(text=_ANY_SPACE_OR_CONTROL)
@settings(max_examples=300, deadline=None)
def test_source_cleaning_and_sentence_spacing_skip_only_what_changes_nothing(text: str) -> None:
    import re

    from policy_audit.documents import segment
    from policy_audit.documents.loaders import limits

    assert limits.clean_source(text) == re.sub("\r(?!\n)", "\n", text.translate(limits._SOURCE_TABLE))
    assert segment._WS.sub(" ", text) == re.sub(r"\s+", " ", text)
