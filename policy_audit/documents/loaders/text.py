"""Plain-text loader: front matter if present, then paragraphs, lists and heading-like lines."""

from __future__ import annotations

from ..decode import decode_text
from ..directives import parse_directives
from ..frontmatter import split_front_matter
from ..layout import parse_layout
from ..model import LoadedText


def load(data: bytes, path: str) -> LoadedText:
    """Decode and recover blocks from text laid out by hand or pasted from a page."""
    text, encoding = decode_text(data)
    metadata, body = split_front_matter(text)
    blocks = parse_layout(text, body, markdown=False)
    warnings = [] if encoding in ("utf-8", "utf-8-sig", "ascii") else [f"decoded as {encoding}"]
    return LoadedText(text=text, blocks=blocks, metadata=metadata, warnings=warnings,
                      directives=parse_directives(text, blocks))
