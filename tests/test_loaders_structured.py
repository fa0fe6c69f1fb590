"""DOCX, ODT, RTF and HTML loaders: the same source text comes back with the same structure and locations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_documents as md  # noqa: E402

from policy_audit.documents.loaders import docx, html, loader_for, odt, rtf  # noqa: E402
from policy_audit.documents.model import Document, LoadedText  # noqa: E402

BUILDERS = {"docx": md.make_docx, "odt": md.make_odt, "rtf": md.make_rtf, "html": md.make_html}
LOADERS = {"docx": docx.load, "odt": odt.load, "rtf": rtf.load, "html": html.load}


def blocks_of(loaded: LoadedText) -> list[tuple[str, int, str]]:
    """(kind, level, text) of every block, whitespace normalised."""
    return [(b.kind, b.level, " ".join(loaded.text[b.start:b.end].split())) for b in loaded.blocks]


def as_document(loaded: LoadedText, fmt: str) -> Document:
    """A Document around loaded text, to ask it for locations."""
    return Document("x", fmt, loaded.text, loaded.blocks, [], page_starts=loaded.page_starts,
                    line_unit=loaded.line_unit, line_map=loaded.line_map)


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_structure_matches_the_source(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"policy.{fmt}"
    path.write_bytes(BUILDERS[fmt]())
    loaded = loader_for(str(path))(path.read_bytes(), str(path))
    assert blocks_of(loaded) == md.expected_blocks()
    assert loaded.metadata.get("title") == "Equity Commitments"
    assert loaded.warnings == []


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_headers_footers_notes_and_chrome_are_left_out(fmt: str) -> None:
    text = LOADERS[fmt](BUILDERS[fmt](), f"p.{fmt}").text
    assert md.HEADER not in text
    assert "Page 1" not in text
    assert md.FOOTNOTE not in text
    if fmt == "html":
        for chrome in ("tracking", "Home", "school calendar", "Search", "Enable scripts", "color"):
            assert chrome not in text


@pytest.mark.parametrize("fmt", ["docx", "odt", "rtf"])
def test_paragraph_index_locations(fmt: str) -> None:
    loaded = LOADERS[fmt](BUILDERS[fmt](), f"p.{fmt}")
    assert loaded.line_unit == "paragraph"
    doc = as_document(loaded, fmt)
    texts = [t for _, _, t in md.expected_blocks()]
    for n, block in enumerate(loaded.blocks, start=1):
        assert "\n" not in loaded.text[block.start:block.end]  # one paragraph, one line
        assert doc.locate(block.start).label() == f"para{n}"
    item = texts.index("publish a progress summary each spring;") + 1
    offset = loaded.text.index("publish a progress")
    assert doc.locate(offset).paragraph == item


def test_html_lines_map_to_source_lines() -> None:
    source = md.make_html()
    loaded = html.load(source, "p.html")
    doc = as_document(loaded, "html")
    lines = source.decode().splitlines()
    for phrase in ("publish a progress summary", "educational equity moving", "Teaching and Learning",
                   "3.1 Reporting", "be posted for families."):
        want = next(n for n, line in enumerate(lines, start=1) if phrase in line)
        assert doc.locate(loaded.text.index(phrase)).line == want, phrase


def test_docx_runs_are_joined_and_text_boxes_kept() -> None:
    box = ('<w:p><w:r><w:t>Anchor text.</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.'
           'openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r>'
           '<w:t>Box says equity.</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>'
           '<w:p><w:r><w:t>Box says equity.</w:t></w:r></w:p></w:txbxContent></mc:Fallback>'
           '</mc:AlternateContent></w:r></w:p>'
           '<w:p><w:r><w:t xml:space="preserve">Deleted </w:t></w:r><w:del><w:r><w:delText>gone</w:delText>'
           '</w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>kept</w:t></w:r></w:p>')
    document = (f'<?xml version="1.0"?><w:document {md.W}><w:body>{box}</w:body></w:document>')
    loaded = docx.load(md.zip_bytes(dict(md.docx_parts(document_xml=document))), "b.docx")
    assert blocks_of(loaded) == [("paragraph", 0, "Anchor text."), ("paragraph", 0, "Box says equity."),
                                 ("paragraph", 0, "Deleted kept")]


def test_html_without_main_uses_body_minus_chrome_and_copes_with_unclosed_tags() -> None:
    page = (b"<html><body><nav>Menu</nav><h2>Equity\n<small>office</small></h2><p>First para\n<p>Second"
            b"<ul><li>one<li>two<ol><li>deep</ol></ul><table><tr><td>cell a<td>cell b</table>"
            b"<div hidden>secret</div><footer>Contact</footer>")
    loaded = html.load(page, "p.html")
    assert blocks_of(loaded) == [("heading", 2, "Equity office"), ("paragraph", 0, "First para"),
                                 ("paragraph", 0, "Second"), ("item", 1, "one"), ("item", 1, "two"),
                                 ("item", 2, "deep"), ("paragraph", 0, "cell a"), ("paragraph", 0, "cell b")]


def test_html_prefers_article_and_keeps_its_header() -> None:
    page = b"<body><p>Site banner</p><article><header><h1>BP 0415</h1></header><p>Body.</p></article></body>"
    assert blocks_of(html.load(page, "p.html")) == [("heading", 1, "BP 0415"), ("paragraph", 0, "Body.")]


def test_html_suppression_comments_keep_source_positions() -> None:
    page = (b"<main>\n<h1>T</h1>\n  <!-- policy-audit: ignore FND-01 -- funded by the state -->\n"
            b"<p>Shall fund.</p></main>")
    loaded = html.load(page, "p.html")
    (directive,) = loaded.directives
    assert (directive.line, directive.column, directive.rules) == (3, 3, ("FND-01",))
    assert loaded.text[directive.cover_start:directive.cover_end] == "Shall fund."


def test_html_declared_and_fallback_encodings() -> None:
    latin = '<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1")
    assert "café" in html.load(latin, "p.html").text
    unlabelled = html.load("<p>na\xefve \u201cquote\u201d</p>".encode("cp1252"), "p.html")
    assert "naïve “quote”" in unlabelled.text and unlabelled.warnings


def test_rtf_unicode_hex_and_old_style_lists() -> None:
    data = (rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\pard caf\'e9 \u8220?quoted\u8221? "
            rb"\uc2\u-10179\'3f\'3f\u-8694\'3f\'3f\par"
            rb"\pard{\pntext\f1 1.\tab}{\*\pn\pnlvlbody\pnstart1}the equity office\par"
            rb"{\*\unknowndest skipped}\pard\outlinelevel1 Budget\par}")
    assert blocks_of(rtf.load(data, "x.rtf")) == [("paragraph", 0, "café “quoted” \U0001f60a"),
                                                  ("item", 1, "the equity office"), ("heading", 2, "Budget")]


def test_rtf_cut_short_is_read_with_a_warning() -> None:
    loaded = rtf.load(md.make_rtf()[:-200], "x.rtf")
    assert loaded.blocks and any("ends early" in w for w in loaded.warnings)


def test_odt_spaces_and_list_depth() -> None:
    loaded = odt.load(md.make_odt(), "p.odt")
    assert "hiring to curriculum, and it applies" in loaded.text  # text:s is a space
    assert [b.level for b in loaded.blocks if b.kind == "item"] == [1, 2, 2, 1]


def test_docx_saved_as_strict_ooxml() -> None:
    strict = 'xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"'
    parts = dict(md.docx_parts())
    for name in ("word/document.xml", "word/styles.xml"):
        parts[name] = parts[name].replace(md.W.split(" ")[0], strict)
    assert blocks_of(docx.load(md.zip_bytes(dict(parts)), "s.docx")) == md.expected_blocks()
