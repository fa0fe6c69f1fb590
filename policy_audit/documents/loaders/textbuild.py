"""Assembling a loader's text and blocks in one place, so offsets, line maps and the character cap stay right."""

from __future__ import annotations

from typing import Any

from ..model import Block, BlockKind, LineUnit, LoadedText
from .limits import MAX_CHARS


def _fit(lines: list[str], room: int) -> list[str]:
    """The leading lines (the last one cut) that fit in `room` characters, each with its newline."""
    out: list[str] = []
    for line in lines:
        if room <= 1:
            break
        piece = line[:room - 1]
        out.append(piece)
        room -= len(piece) + 1
    return out


class TextBuilder:
    """Appends blocks as whole lines of text (each line ends with a newline) and records their spans."""

    def __init__(self, max_chars: int = MAX_CHARS, track_lines: bool = False) -> None:
        self.parts: list[str] = []
        self.blocks: list[Block] = []
        self.length = 0
        self.max_chars = max_chars
        self.full = False
        self.line_map: list[int] | None = [] if track_lines else None
        self.warnings: list[str] = []

    def add(self, kind: BlockKind, lines: list[str], level: int = 0, source_lines: list[int] | None = None,
            skip: int = 0) -> bool:
        """Append one block made of `lines` (already cleaned, none empty); `skip` leading characters
        (a list marker) stay in the text but outside the block. Returns False once the cap is reached."""
        if self.full or not lines:
            return not self.full
        size = sum(len(line) + 1 for line in lines)
        if self.length + size > self.max_chars:
            self.full = True
            self.warnings.append(f"text cut at {self.max_chars:,} characters: the rest of the document "
                                 "was not audited")
            lines = _fit(lines, self.max_chars - self.length)
            if lines:  # the part of the block that fits is kept, so one huge block is cut, not lost
                self._append(kind, lines, level, source_lines, skip)
            return False
        self._append(kind, lines, level, source_lines, skip)
        return True

    def _append(self, kind: BlockKind, lines: list[str], level: int, source_lines: list[int] | None,
                skip: int) -> None:
        """Append the block's lines and record its span."""
        size = sum(len(line) + 1 for line in lines)
        start = self.length + skip
        text = "\n".join(lines)
        self.parts.append(text)
        self.parts.append("\n")
        self.length += size
        if self.line_map is not None:
            sources = source_lines[:len(lines)] if source_lines is not None else [0] * len(lines)
            self.line_map.extend(sources)
        self.blocks.append(Block(kind, start, self.length - 1, level))

    def result(self, metadata: dict[str, Any] | None = None, line_unit: LineUnit = "line",
               page_starts: list[int] | None = None, warnings: list[str] | None = None) -> LoadedText:
        """The finished LoadedText; a document with no text at all says so in its warnings."""
        if not self.blocks:
            self.warnings.append("no text found in this document")
        return LoadedText(
            text="".join(self.parts),
            blocks=self.blocks,
            metadata=metadata or {},
            page_starts=page_starts,
            line_unit=line_unit,
            line_map=self.line_map,
            warnings=[*(warnings or []), *self.warnings],
            cut=self.full,
        )
