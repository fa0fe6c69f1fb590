"""Documents: layout recovery, sentence spans, front matter, encodings, discovery and locations."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policy_audit.documents.discover import discover
from policy_audit.documents.layout import parse_layout
from policy_audit.documents.load import load_document
from policy_audit.documents.model import Document, LoadFailure
from policy_audit.documents.segment import segment, split_sentences


def blocks(text: str, markdown: bool = True) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, text[b.start:b.end]) for b in parse_layout(text, 0, markdown)]


def test_markdown_headings_lists_and_paragraphs() -> None:
    text = ("# Equity Policy\n\nThe Board shall act.\nIt shall report.\n\n## Duties\n\n"
            "The Superintendent shall:\n\n1. Fund the office.\n2. Hire staff.\n   - nested item\n\n| a | b |\n|---|---|\n| x | y |\n")
    assert blocks(text) == [
        ("heading", 1, "Equity Policy"),
        ("paragraph", 0, "The Board shall act."),
        ("paragraph", 0, "It shall report."),
        ("heading", 2, "Duties"),
        ("paragraph", 0, "The Superintendent shall:"),
        ("item", 1, "Fund the office."),
        ("item", 1, "Hire staff."),
        ("item", 2, "nested item"),
        ("paragraph", 0, "a"), ("paragraph", 0, "b"), ("paragraph", 0, "x"), ("paragraph", 0, "y"),
    ]


def test_soft_wrapped_lines_join_into_one_paragraph() -> None:
    text = "The district shall allocate funds\nfor the office of equity in\nevery annual budget.\n"
    assert blocks(text) == [("paragraph", 0, text.strip())]


def test_pasted_text_heading_like_lines_and_implicit_items() -> None:
    text = ("Responsibilities of the Officer\nThe Equity Officer will:\nLead the work.\nReport to the Board.\n\n"
            "After the list, a normal paragraph follows here.\n")
    assert blocks(text, markdown=False) == [
        ("heading", 0, "Responsibilities of the Officer"),
        ("paragraph", 0, "The Equity Officer will:"),
        ("item", 1, "Lead the work."),
        ("item", 1, "Report to the Board."),
        ("paragraph", 0, "After the list, a normal paragraph follows here."),
    ]


def test_label_value_lines_are_statements_and_a_marked_list_ends_its_leadin() -> None:
    text = ("Reports to: Superintendent\n\nThe officer shall:\n- lead the work\n- report yearly\n"
            "Working Conditions\nThe officer works full time.\n")
    assert blocks(text) == [
        ("paragraph", 0, "Reports to: Superintendent"),
        ("paragraph", 0, "The officer shall:"),
        ("item", 1, "lead the work"),
        ("item", 1, "report yearly"),
        ("heading", 0, "Working Conditions"),
        ("paragraph", 0, "The officer works full time."),
    ]


def test_label_value_header_lines_stand_alone() -> None:
    text = "Job Posting: Director of Equity\nDepartment: Office of the Superintendent\nReports to: Superintendent\n"
    assert blocks(text, markdown=False) == [
        ("paragraph", 0, "Job Posting: Director of Equity"),
        ("paragraph", 0, "Department: Office of the Superintendent"),
        ("paragraph", 0, "Reports to: Superintendent"),
    ]


def test_atx_headings_with_closing_hashes_and_tables() -> None:
    text = "## Budget ##\n\n#\n\n# C# policy\n\n| a |\n| --- |\n| b |\n"
    assert blocks(text) == [("heading", 2, "Budget"), ("heading", 1, "C# policy"),
                            ("paragraph", 0, "a"), ("paragraph", 0, "b")]


def test_pathological_lines_are_read_in_linear_time() -> None:
    # deep indentation, a heading padded with spaces, a table rule with trailing junk: patterns that
    # backtrack quadratically would take minutes here instead of milliseconds
    lines = [" " * 5000 + "- item " + str(i) for i in range(200)]
    lines += ["# Title" + " " * 50000 + "x", "|" + " " * 50000 + "---" + " " * 50000 + "x"]
    result = blocks("\n".join(lines) + "\n")
    assert len(result) == 202 and result[200][0] == "heading"


def test_comments_and_code_fences_are_not_text() -> None:
    text = "<!-- a note\nover lines -->\n```\ncode shall not count\n```\nReal text.\n"
    assert blocks(text) == [("paragraph", 0, "Real text.")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Board shall act. The district will fund it.", ["The Board shall act.", "The district will fund it."]),
        ("See e.g. the plan. Then act.", ["See e.g. the plan.", "Then act."]),
        ("Dr. Smith reports to the Superintendent. J. Doe leads.", ["Dr. Smith reports to the Superintendent.", "J. Doe leads."]),
        ('He said "Equity matters." The Board agreed.', ['He said "Equity matters."', "The Board agreed."]),
        ("Under Education Code No. 5 the district acts.", ["Under Education Code No. 5 the district acts."]),
        ("Goals for 2025. 3 targets follow.", ["Goals for 2025.", "3 targets follow."]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text, 0, len(text))] == expected


def test_sentences_carry_sections_and_leadins() -> None:
    text = "# Policy\n\n## Budget\n\nThe Board shall:\n\n- fund the office;\n- hire staff.\n\nOther text.\n"
    sents = segment(text, parse_layout(text))
    by_text = {s.text: s for s in sents}
    item = by_text["fund the office;"]
    assert item.is_item and sents[item.leadin].text == "The Board shall:"
    assert item.section == ("Policy", "Budget")
    assert by_text["Other text."].leadin == -1
    assert all(text[s.start:s.end].split() == s.text.split() for s in sents)


def test_a_numbered_list_resumed_after_a_note_keeps_its_leadin() -> None:
    text = ("The Superintendent will establish a process which includes:\n\n1. Clear timelines.\n\n"
            "2. A review of needs.\n\nAs part of this step, data are gathered.\n\n"
            "3. Input from families.\n\n4. Adoption at a public meeting.\n\n"
            "Later text.\n\n1. A new list.\n\n6. Not the next number.\n")
    sents = segment(text, parse_layout(text))
    by_text = {s.text: s for s in sents}
    lead = by_text["The Superintendent will establish a process which includes:"].index
    assert [by_text[t].leadin for t in ("Clear timelines.", "A review of needs.", "Input from families.",
                                         "Adoption at a public meeting.")] == [lead] * 4
    assert by_text["As part of this step, data are gathered."].leadin == -1
    assert by_text["A new list."].leadin == -1  # a list that starts again is not the lead-in's
    assert by_text["Not the next number."].leadin == -1


def test_page_numbers_of_printed_pages_are_neither_headings_nor_breaks() -> None:
    text = "The officer shall lead the equity\nPage 2 of 3\nwork of the district.\n\n- 4 -\n\nNext paragraph.\n"
    assert blocks(text) == [
        ("paragraph", 0, "The officer shall lead the equity\nPage 2 of 3\nwork of the district."),
        ("paragraph", 0, "Next paragraph."),
    ]
    sents = segment(text, parse_layout(text))
    assert [s.text for s in sents][0] == "The officer shall lead the equity Page 2 of 3 work of the district."


def test_bullets_after_a_note_do_not_resume_a_leadin() -> None:
    text = "The Board shall:\n\n- fund the office.\n\nA note.\n\n- another list.\n"
    sents = segment(text, parse_layout(text))
    assert next(s for s in sents if s.text == "another list.").leadin == -1


def test_front_matter_title_kind_and_locations(tmp_path: Path) -> None:
    p = tmp_path / "p.md"
    p.write_text("---\ntitle: Equity Policy\nkind: policy\ncode: BP 0415\n---\n# Heading\n\nFirst line.\n  Second one.\n",
                 encoding="utf-8")
    doc = load_document(p, "p.md")
    assert isinstance(doc, Document)
    assert (doc.title, doc.kind, doc.metadata["code"]) == ("Equity Policy", "policy", "BP 0415")
    second = next(s for s in doc.sentences if s.text == "Second one.")
    loc = doc.locate(second.start)
    assert (loc.line, loc.column) == (9, 3)


def test_non_utf8_text_is_detected(tmp_path: Path) -> None:
    p = tmp_path / "latin.txt"
    p.write_bytes("La politique d'équité du district: le conseil s'engage à l'équité pour chaque élève.".encode("cp1252"))
    doc = load_document(p, "latin.txt")
    assert isinstance(doc, Document) and "équité" in doc.text
    assert doc.warnings and doc.warnings[0].startswith("decoded as ")  # shown in every report


def test_utf16_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    p.write_bytes("The Board shall fund equity.".encode("utf-16"))
    doc = load_document(p, "u16.txt")
    assert isinstance(doc, Document) and doc.sentences[0].text == "The Board shall fund equity."


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty file"), (b"   \n\n", "empty file"), (b"\x00\x01\x02binary\x00", "binary content"),
     (b"---\ntitle: [unclosed\n---\nText.\n", "invalid YAML front matter")],
)
def test_bad_text_files_fail_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    p = tmp_path / "bad.md"
    p.write_bytes(content)
    out = load_document(p, "bad.md")
    assert isinstance(out, LoadFailure) and reason in out.reason


def test_size_limit(tmp_path: Path) -> None:
    p = tmp_path / "big.md"
    p.write_text("The Board shall act. " * 100, encoding="utf-8")
    out = load_document(p, "big.md", max_bytes=1000)
    assert isinstance(out, LoadFailure) and "over the 1,000-byte limit" in out.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission bits")
def test_unreadable_permissions(tmp_path: Path) -> None:
    p = tmp_path / "locked.md"
    p.write_text("Text.", encoding="utf-8")
    p.chmod(0)
    out = load_document(p, "locked.md")
    assert isinstance(out, LoadFailure) and "permission denied" in out.reason


def test_discovery_is_recursive_sorted_and_accounts_for_everything(tmp_path: Path) -> None:
    for name in ["b/z.md", "a.md", "b/a.txt", ".hidden/x.md", "b/.secret.md", "drafts/d.md", "c/img.png"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "b" / "loop").symlink_to(tmp_path / "b")
    found = discover([tmp_path], excludes=["drafts"], base=tmp_path)
    assert [s for _, s in found.documents] == ["a.md", "b/a.txt", "b/z.md"]
    assert found.skipped == ["c/img.png"]
    assert any("symbolic link loop" in reason for _, reason in found.errors)


def test_missing_path_is_an_error_not_a_skip(tmp_path: Path) -> None:
    found = discover([tmp_path / "nope"], base=tmp_path)
    assert found.errors and "no such file" in found.errors[0][1]


def test_permission_denied_is_reported_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import policy_audit.documents.load as load_module

    p = tmp_path / "locked.md"
    p.write_text("The Board shall act.", encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr(load_module.os, "open", denied)
    out = load_document(p, "locked.md")
    assert isinstance(out, LoadFailure) and out.reason == "permission denied: the file cannot be read"
