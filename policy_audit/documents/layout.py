"""Recover blocks (headings, paragraphs, list items) from plain or Markdown text, as a person reads it.

Real policy text arrives in many layouts: proper Markdown, text pasted from a web page with one
paragraph per line, numbered lists without blank lines, headings that are just short lines. The
rules here are structural, never about particular words.
"""

from __future__ import annotations

import re

from .model import Block

# Every pattern here runs on every line of every document: none may backtrack more than linearly.
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+•▪◦·]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\([ivxIVX]{1,4}\)|[ivx]{1,4}\.)[ \t]+(?=\S)")
_PAGE_FURNITURE = re.compile(r"^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|\d{1,4}\s+of\s+\d{1,4}|-\s*\d{1,4}\s*-)$",
                             re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*(?:\|[ \t]*)?$")
_HR = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_NUMBERED_HEADING = re.compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.?|Article\s+\w+|Section\s+\w+)\s+[A-Z]")
_SENTENCE_END = (".", "!", "?", ";", ":", ",", "”", '"')


_LABEL_VALUE = re.compile(r"^[^:]{1,40}:\s+\S")


def _atx_title(rest: str) -> str:
    """The text of an ATX heading without its optional closing run of '#' (`## Title ##`)."""
    title = rest.rstrip(" \t")
    stripped = title.rstrip("#")
    if stripped != title and (not stripped or stripped[-1] in " \t"):
        title = stripped.rstrip(" \t")
    return title


def _line_is_heading_like(line: str) -> bool:
    """A short line without closing punctuation, capitalised: a heading in pasted text."""
    s = line.strip()
    if not s or len(s) > 90 or s.endswith(_SENTENCE_END) or s.endswith(("[...]", "…")):
        return False
    if _LABEL_VALUE.match(s):  # "Reports to: Superintendent" is a statement, not a heading
        return False
    words = s.split()
    if len(words) > 12:
        return False
    if not (s[0].isupper() or s[0].isdigit()):
        return False
    if s.isupper() or _NUMBERED_HEADING.match(s):
        return True
    significant = [w for w in words if len(w) > 3 and w[0].isalpha()]
    capitalised = sum(1 for w in significant if w[0].isupper())
    return not significant or capitalised / len(significant) >= 0.5 or len(words) <= 6


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Block] = []

    def add(self, kind: str, start: int, end: int, level: int = 0) -> None:
        while start < end and self.text[start] in " \t":
            start += 1
        while end > start and self.text[end - 1] in " \t\r\n":
            end -= 1
        if end > start:
            self.blocks.append(Block(kind, start, end, level))  # type: ignore[arg-type]


def parse_layout(text: str, offset: int = 0, markdown: bool = True) -> list[Block]:
    """Split `text[offset:]` into blocks; offsets are positions in `text`."""
    b = _Builder(text)
    para: list[tuple[int, str]] = []  # lines of the current paragraph
    item_depth = 0  # list depth of the paragraph being collected (0 = not a marked item)
    in_fence = in_comment = False
    leadin_open = False  # the previous block ended with ':' (or was an item under it), no blank line since

    def flush() -> None:
        nonlocal para, item_depth, leadin_open
        if para:
            kind = _emit_paragraph(b, para, item_depth, leadin_open)
            # unmarked lines keep a lead-in open; a marked list ends it when the list ends
            leadin_open = para[-1][1].rstrip().endswith(":") or (leadin_open and kind == "item" and not item_depth)
        para, item_depth = [], 0

    pos = offset
    for raw in text[offset:].splitlines(keepends=True):
        start, line = pos, raw.rstrip("\r\n")
        pos += len(raw)
        stripped = line.strip()
        if markdown and in_comment:
            in_comment = "-->" not in line
            continue
        if markdown and stripped.startswith("<!--"):
            flush()
            in_comment = "-->" not in stripped
            continue
        if markdown and _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if _PAGE_FURNITURE.match(stripped):
            continue  # "Page 2 of 3" from a printed page: neither a heading nor a break in the text
        if not stripped:
            flush()
            leadin_open = False
            continue
        if markdown:
            m = _ATX.match(line)
            if m:
                flush()
                title = _atx_title(m.group(2) or "")
                hstart = start + line.index(title) if title else start
                b.add("heading", hstart, hstart + len(title), len(m.group(1)))
                leadin_open = False
                continue
            if _SETEXT.match(line) and len(para) == 1 and not item_depth:
                s0, l0 = para[0]
                b.add("heading", s0, s0 + len(l0), 1 if stripped.startswith("=") else 2)
                para, leadin_open = [], False
                continue
            if _HR.match(line) or _TABLE_RULE.match(line):
                flush()
                continue
        m = _ITEM.match(line)
        if m:
            flush()
            item_depth = 1 + len(m.group("indent").expandtabs(4)) // 2
            para = [(start + m.end(), line[m.end():])]
            continue
        if para and (_breaks_here(para[-1][1], line)
                     or (item_depth and not _indented(line) and _line_is_heading_like(line))):
            flush()
        para.append((start, line))
    flush()
    return b.blocks


def _indented(line: str) -> bool:
    """An indented line continues a list item even when it looks like a heading."""
    return line[:1] in (" ", "\t")


def _breaks_here(prev: str, line: str) -> bool:
    """Whether a single newline between `prev` and `line` starts a new block."""
    p = prev.rstrip()
    s = line.lstrip()
    if not p:
        return True
    if p.endswith((".", "!", "?", ":", ";", "”", '"', ")")) and s[:1].isupper():
        return True
    if p.endswith(":"):
        return True
    if s.startswith("|"):
        return True
    if _LABEL_VALUE.match(p.strip()) or (_LABEL_VALUE.match(s) and len(s) < 100):
        return True  # "Reports to: Chief of Staff" lines stand alone
    return _line_is_heading_like(p) and s[:1].isupper() and len(p) < 60


def _emit_paragraph(b: _Builder, para: list[tuple[int, str]], depth: int, leadin_open: bool) -> str:
    """Emit one paragraph as a table's cells, a list item, a heading-like lone line or a paragraph."""
    start = para[0][0]
    end = para[-1][0] + len(para[-1][1])
    first = para[0][1].strip()
    if first.startswith("|"):
        for s, line in para:  # a Markdown table: each cell as one paragraph
            col = line.find("|")
            if col == -1:  # a text line right after the table (no blank line between): its own paragraph
                b.add("paragraph", s, s + len(line))
                continue
            for cell in line[col + 1:].rstrip().rstrip("|").split("|"):
                b.add("paragraph", s + col + 1, s + col + 1 + len(cell))
                col += len(cell) + 1
        return "paragraph"
    if depth:
        b.add("item", start, end, depth)
        return "item"
    if leadin_open and len(para) == 1:
        b.add("item", start, end, 1)
        return "item"
    if len(para) == 1 and _line_is_heading_like(first):
        b.add("heading", start, end, 0)
        return "heading"
    b.add("paragraph", start, end)
    return "paragraph"
