"""Plain-text loader: front matter if present, then paragraphs, lists and heading-like lines (no Markdown syntax)."""

from __future__ import annotations

from ..model import LoadedText
from .limits import guarded
from .markdown import read_text_document


@guarded("text")
def load(data: bytes, path: str) -> LoadedText:
    """Decode and recover blocks from text laid out by hand or pasted from a page."""
    return read_text_document(data, path, markdown=False)
