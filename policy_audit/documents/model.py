"""The document model: text, blocks and sentences with spans that map back to a place a person can open.

Plain slotted dataclasses, not pydantic: a folder of policies makes hundreds of thousands of these.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "item"]
LineUnit = Literal["line", "paragraph"]


@dataclass(slots=True, frozen=True)
class Location:
    """A place in a source file: line and column (1-based), plus the page for paged formats."""

    line: int
    column: int
    page: int | None = None
    paragraph: int | None = None

    def label(self) -> str:
        """Render as ruff/Vale do after the path: `12:5`, `p3:12` for pages, `¶7` for paragraphs."""
        if self.page is not None:
            return f"p{self.page}:{self.line}"
        if self.paragraph is not None:
            return f"para{self.paragraph}"
        return f"{self.line}:{self.column}"


@dataclass(slots=True, frozen=True)
class Block:
    """A structural unit a loader found: a heading, a paragraph or a list item, as offsets into the text."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0


@dataclass(slots=True)
class LoadedText:
    """What every format loader returns: one text plus its structure, ready to segment."""

    text: str
    blocks: list[Block]
    metadata: dict[str, Any] = field(default_factory=dict)
    page_starts: list[int] | None = None
    line_unit: LineUnit = "line"
    line_map: list[int] | None = None  # per line of `text` (0-based), the 1-based line in the source file
    warnings: list[str] = field(default_factory=list)
    directives: list[Any] = field(default_factory=list)  # inline suppressions (documents.directives)
    cut: bool = False  # text past a cap was left out (the warnings say where)


@dataclass(slots=True)
class Sentence:
    """One sentence (or heading, or list item) with its span and the context that judges its modality."""

    text: str
    start: int
    end: int
    section: tuple[str, ...]
    is_heading: bool = False
    is_item: bool = False
    leadin: int = -1  # index of the lead-in sentence whose modality a list item inherits
    index: int = 0


@dataclass(slots=True)
class Document:
    """A loaded, segmented policy document."""

    path: str
    format: str
    text: str
    blocks: list[Block]
    sentences: list[Sentence]
    title: str | None = None
    kind: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    page_starts: list[int] | None = None
    line_unit: LineUnit = "line"
    line_map: list[int] | None = None
    directives: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # read, but with a caveat the reader should see
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self._line_starts:
            starts = [0]
            text = self.text
            pos = text.find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = text.find("\n", pos + 1)
            self._line_starts = starts

    def locate(self, offset: int) -> Location:
        """Map a character offset to line/column, page and line-on-page, or paragraph index."""
        line_idx = bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[line_idx] + 1
        line = line_idx + 1
        if self.page_starts:
            page_idx = bisect_right(self.page_starts, offset) - 1
            first_line = bisect_right(self._line_starts, self.page_starts[page_idx]) - 1
            return Location(line=line_idx - first_line + 1, column=column, page=page_idx + 1)
        if self.line_unit == "paragraph":
            return Location(line=line, column=column, paragraph=line)
        if self.line_map is not None and line_idx < len(self.line_map):
            return Location(line=self.line_map[line_idx], column=column)
        return Location(line=line, column=column)


@dataclass(slots=True, frozen=True)
class LoadFailure:
    """A document that could not be read: reported in every output format, never skipped."""

    path: str
    format: str
    reason: str
