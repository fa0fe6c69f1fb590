"""PDF loader: pages, headings from fonts, items with depth, hyphens joined, running lines dropped, locations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_documents as md  # noqa: E402

from policy_audit.documents.loaders import loader_for  # noqa: E402
from policy_audit.documents.loaders.pdflayout import Line, build, drop_running, join_hyphens  # noqa: E402
from policy_audit.documents.loaders.textbuild import TextBuilder  # noqa: E402
from policy_audit.documents.model import Document, LoadedText  # noqa: E402

pytest.importorskip("fpdf")


def load_pdf(tmp_path: Path, data: bytes) -> LoadedText:
    """Write the PDF and load it through the registry, as the tool does."""
    path = tmp_path / "policy.pdf"
    path.write_bytes(data)
    return loader_for(str(path))(path.read_bytes(), str(path))


def blocks_of(loaded: LoadedText) -> list[tuple[str, int, str]]:
    """(kind, level, text) of every block, whitespace normalised."""
    return [(b.kind, b.level, " ".join(loaded.text[b.start:b.end].split())) for b in loaded.blocks]


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> LoadedText:
    return load_pdf(tmp_path_factory.mktemp("pdf"), md.make_pdf())


def test_headings_items_and_paragraphs(policy: LoadedText) -> None:
    want = [b for b in md.expected_blocks() if b[2] not in ("Area", "Owner", "Hiring", "Human Resources",
                                                           "Curriculum", "Teaching and Learning")]
    table = ("paragraph", 0, "Area Owner Hiring Human Resources Curriculum Teaching and Learning")
    want.insert(want.index(("heading", 3, "3.1 Reporting")), table)  # a PDF table is lines of text
    assert blocks_of(policy) == want


def test_hyphenation_joined_and_paragraphs_reflowed(policy: LoadedText) -> None:
    assert "equitable" in policy.text and "equi-" not in policy.text
    funding = next(b for b in policy.blocks if policy.text[b.start:b.end].startswith("The Board shall allocate"))
    assert policy.text.count("\n", funding.start, funding.end) == 2  # three lines of the page, one paragraph


def test_running_header_footer_and_page_numbers_dropped(policy: LoadedText) -> None:
    assert md.HEADER not in policy.text and "Page " not in policy.text
    assert policy.metadata["running_lines_dropped"] == 8
    assert policy.metadata == {"pages": 4, "title": "Equity Commitments", "running_lines_dropped": 8}


def test_header_missing_on_the_first_page_is_still_dropped(tmp_path: Path) -> None:
    loaded = load_pdf(tmp_path, md.make_pdf(header_on_first=False))
    assert md.HEADER not in loaded.text and blocks_of(loaded)[0] == ("heading", 1, "Equity Commitments")


def test_page_and_line_on_page(policy: LoadedText) -> None:
    doc = Document("p.pdf", "pdf", policy.text, policy.blocks, [], page_starts=policy.page_starts)
    assert len(policy.page_starts or []) == 4
    where = {phrase: doc.locate(policy.text.index(phrase)).label() for phrase in
             ("Equity Commitments", "reach the same high goals", "1. Purpose", "lead the Office",
              "meet with family", "way across all schools", "3.1 Reporting")}
    assert where == {"Equity Commitments": "p1:1", "reach the same high goals": "p1:3", "1. Purpose": "p2:1",
                     "lead the Office": "p3:4", "meet with family": "p3:6",
                     "way across all schools": "p4:4", "3.1 Reporting": "p4:8"}


def test_item_marker_is_outside_the_item_block(policy: LoadedText) -> None:
    items = [b for b in policy.blocks if b.kind == "item"]
    assert policy.text[items[0].start - 3:items[0].start] == "1. "
    assert policy.text[items[1].start - 2:items[1].start] == "- "


def test_long_document_reads_every_page(tmp_path: Path) -> None:
    loaded = load_pdf(tmp_path, md.make_pdf(md.scaled(12), break_before=1))
    assert loaded.metadata["pages"] == 12 and len(loaded.page_starts or []) == 12
    assert sum(1 for b in loaded.blocks if b.kind == "heading" and b.level == 1) == 12  # titles are kept
    assert md.HEADER not in loaded.text


def test_pages_without_text_are_named(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "The Board shall fund the equity office.")
    pdf.add_page()  # left blank
    loaded = load_pdf(tmp_path, bytes(pdf.output()))
    assert loaded.warnings == ["no text on page 2 (blank, or scanned images that need OCR)"]
    assert loaded.page_starts == [0, len(loaded.text)]


# --- the layout rules on their own, with no PDF library involved
def line(page: int, text: str, y: float, size: float = 11, x0: float = 72, x1: float = 500,
         bold: bool = False) -> Line:
    """A Line on a 792-point page."""
    return Line(page, text, size, bold, x0, x1, y, y / 792)


def test_digits_only_differences_drop_only_the_outermost_line() -> None:
    pages = [[line(n, f"BP {4100 + n} Equity", 760), line(n, f"Policy text {n}.", 700),
              line(n, f"{n + 1}", 40)] for n in range(4)]
    kept, dropped = drop_running(pages)
    assert dropped == 8 and [p[0].text for p in kept] == [f"Policy text {n}." for n in range(4)]


def test_repeated_title_in_a_larger_font_is_kept() -> None:
    pages = [[line(n, "Equity Commitments", 760, size=18), line(n, f"Body text of page {n} of the policy.", 740),
              line(n, "The same closing sentence on each page.", 400)] for n in range(4)]
    kept, dropped = drop_running(pages)
    assert dropped == 0 and kept == pages


def test_hyphen_join_rules() -> None:
    lines = join_hyphens([line(0, "an equi-", 700), line(0, "table share", 686), line(0, "K-", 672),
                          line(0, "12 schools", 658), line(0, "soft\ufffe", 644), line(0, "ware only", 630)])
    assert [x.text for x in lines] == ["an equitable", "share", "K-", "12 schools", "software", "only"]


def test_numbered_titles_become_headings_when_the_document_has_one_font() -> None:
    lines = [line(0, "1. Purpose", 700, x1=140), line(0, "The district shall fund equity work across", 680),
             line(0, "every school.", 666, x1=160), line(0, "1.1 Scope", 640, x1=130),
             line(0, "This applies to all staff.", 620, x1=230)]
    builder = TextBuilder()
    build([lines], builder)
    got = [(b.kind, b.level) for b in builder.blocks]
    assert got == [("heading", 1), ("paragraph", 0), ("heading", 2), ("paragraph", 0)]


def test_justified_paragraphs_first_line_indents_and_bullets(tmp_path: Path) -> None:
    fonts = Path("/usr/share/fonts/truetype/dejavu")
    if not (fonts / "DejaVuSerif.ttf").exists():
        pytest.skip("needs the DejaVu fonts (Debian package fonts-dejavu-core) for a bullet glyph")
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Serif", "", str(fonts / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))

    def write(text: str, indent: float = 0, **kwargs: object) -> None:
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT", **kwargs)  # type: ignore[arg-type]

    pdf.set_font("Serif", "B", 13)
    write("Section 2 Responsibilities of the Board")
    pdf.set_font("Serif", "", 10.5)
    sentence = ("The Board recognizes that equitable access to programs depends on steady funding and clear "
                "accountability, and it directs the Superintendent to prepare an annual report. ")
    write("      " + sentence * 2, align="J")
    write("      " + sentence, align="J")
    write("\u2022  recruit and retain a diverse staff;", indent=8)
    write("\u2022  review discipline data every term, by school and by student group, and publish the results "
          "so that families can see them;", indent=8)
    write("After the list, ordinary text resumes at the margin and runs on long enough to wrap onto a "
          "second line of the page.")
    got = [(kind, level, " ".join(text.split()[:3]))
           for kind, level, text in blocks_of(load_pdf(tmp_path, bytes(pdf.output())))]
    assert got == [("heading", 1, "Section 2 Responsibilities"), ("paragraph", 0, "The Board recognizes"),
                   ("paragraph", 0, "The Board recognizes"), ("item", 1, "recruit and retain"),
                   ("item", 1, "review discipline data"), ("paragraph", 0, "After the list,")]


def test_utf16_offsets_are_needed_only_past_the_basic_plane() -> None:
    from policy_audit.documents.loaders.pdf import _utf16_offsets

    assert _utf16_offsets("") is None
    assert _utf16_offsets("Equity plan") is None
    assert _utf16_offsets("caf\u00e9 \u2014 \uffef") is None  # wide, but one UTF-16 unit each
    assert _utf16_offsets("a\U0001f600b") == [0, 1, 3]  # the emoji is two units
