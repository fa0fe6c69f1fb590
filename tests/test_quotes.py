"""Quotes as a reader sees them: Markdown markup removed, long sentences cut between words."""

from __future__ import annotations

from policy_audit.report.quotes import cut, first_words, reader_text


def test_markup_link_targets_and_quote_markers_are_removed() -> None:
    assert reader_text("> The Board **shall** fund the [Office of Equity](https://x.org/a_(b) \"t\").") == (
        "The Board shall fund the Office of Equity.")
    assert reader_text("The *Superintendent* shall report (see <https://x.org>) to the __Board__.") == (
        "The Superintendent shall report (see https://x.org) to the Board.")
    assert reader_text("## Heading ~~old~~ `code` [ref][1]") == "Heading old code ref"
    assert reader_text("> > nested\n> quote") == "nested quote"


def test_plain_characters_are_kept_where_they_are_not_markup() -> None:
    assert reader_text("Grades 3*4 and snake_case_names stay; 5 * 6 too.") == (
        "Grades 3*4 and snake_case_names stay; 5 * 6 too.")
    assert reader_text("Word keeps **stars**", "docx") == "Word keeps **stars**"  # not Markdown: left alone


def test_long_text_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "The district shall " + " ".join(f"word{i}" for i in range(100))
    out = cut(text, 60)
    assert len(out) <= 60 and out.endswith("…")
    assert text.startswith(out[:-1]) and text[len(out) - 1] == " "
    assert cut("short text", 60) == "short text"
    assert cut("a\n  b\tc") == "a b c"


def test_first_words_name_a_paragraph() -> None:
    assert first_words("The Board shall adopt an equity policy each year.") == "“The Board shall adopt an…”"
    assert first_words("Short one.") == "“Short one.”"
