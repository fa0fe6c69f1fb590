"""Markdown loader: front matter, ATX/setext headings, lists, tables; line/column locations."""

from __future__ import annotations

from ..decode import decode_text
from ..directives import parse_directives
from ..frontmatter import split_front_matter
from ..layout import parse_layout
from ..model import LoadedText
from .limits import MAX_CHARS, check_input, clean_source, guarded


def _cap(text: str, max_chars: int) -> tuple[str, list[str]]:
    """The text cut at a line end before `max_chars` characters, with the caveat, when it is longer."""
    if len(text) <= max_chars:
        return text, []
    cut = text.rfind("\n", 0, max_chars)
    cut = cut + 1 if cut > max_chars // 2 else max_chars
    return text[:cut], [f"text cut at {cut:,} characters: the rest of the document was not audited"]


def read_text_document(data: bytes, path: str, markdown: bool, max_chars: int = MAX_CHARS) -> LoadedText:
    """Decode, clean, cap, read front matter, and recover the block structure of a Markdown or plain file."""
    check_input(data)
    text, encoding, warnings = decode_text(data)
    text, cut = _cap(clean_source(text), max_chars)
    metadata, body = split_front_matter(text)
    blocks = parse_layout(text, body, markdown=markdown)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"decoded as {encoding}")
    return LoadedText(text=text, blocks=blocks, metadata=metadata, warnings=[*warnings, *cut],
                      directives=parse_directives(text, blocks), cut=bool(cut))


@guarded("Markdown")
def load(data: bytes, path: str) -> LoadedText:
    """Load a .md file."""
    return read_text_document(data, path, markdown=True)
