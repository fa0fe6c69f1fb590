"""Markdown loader: front matter, ATX/setext headings, lists, tables; line/column locations."""

from __future__ import annotations

from ..decode import decode_text
from ..directives import parse_directives
from ..frontmatter import split_front_matter
from ..layout import parse_layout
from ..model import LoadedText


def load(data: bytes, path: str, markdown: bool = True) -> LoadedText:
    """Decode, read front matter, and recover the block structure of a Markdown (or plain) file."""
    text, encoding = decode_text(data)
    metadata, body = split_front_matter(text)
    blocks = parse_layout(text, body, markdown=markdown)
    warnings = [] if encoding in ("utf-8", "utf-8-sig", "ascii") else [f"decoded as {encoding}"]
    return LoadedText(text=text, blocks=blocks, metadata=metadata, warnings=warnings,
                      directives=parse_directives(text, blocks))
