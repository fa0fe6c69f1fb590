"""Turning a PDF's positioned lines into blocks: running headers dropped, hyphens joined, headings, items, paragraphs.

Pure Python over `Line` records, so the layout rules are tested without a PDF library. All thresholds are
relative to the document's own body font size and line pitch.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from ..model import BlockKind
from .limits import clean_inline
from .textbuild import TextBuilder

SOFT_HYPHEN = "\ufffe"  # how PDFium marks a hyphen it found at a line end
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
_PAGE_NUMBER = re.compile(r"^(?:page|p\.|pg\.?)?\s*[-\u2013\u2014]?\s*#+\s*[-\u2013\u2014]?\s*(?:(?:of|/)\s*#+)?$")
_ROMAN = re.compile(r"^[ivxlc]{1,6}$")
_MARKER = re.compile(r"^(?:[\u2022\u25e6\u25aa\u25ab\u25a0\u25a1\u25cf\u25cb\u2023\u2043\u2219\u00b7\u2013\u2014*\-"
                     r"\u2192\u27a2\u2713\u2714\uf0a7\uf0b7\uf076\uf0d8\uf0fc]|o(?=\s)|\(?(?:\d{1,3}|[a-zA-Z]|"
                     r"[ivxIVX]{1,5})[.)])\s+")
_NUMBERED = re.compile(r"^(?:(?:section|article|part|chapter)\s+)?(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+[A-Z]", re.IGNORECASE)
_ENDS_SENTENCE = (".", "!", "?", ":", ";", "\u201d", '"', ")")
EDGE = 0.15  # top and bottom fraction of a page where running headers and footers sit


@dataclass(slots=True)
class Line:
    """One line of text on a page, with what the layout rules need to know about it."""

    page: int  # 0-based
    text: str
    size: float  # effective font size in points
    bold: bool
    x0: float
    x1: float
    y: float  # baseline, PDF coordinates (larger is higher on the page)
    rel: float  # baseline height as a fraction of the page height (0 bottom, 1 top)


def _key(text: str) -> str:
    """A line's text with digits masked, to match 'Page 3 of 7' with 'Page 4 of 7'."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def body_size(lines: list[Line]) -> float:
    """The font size most of the text is set in (rounded to half a point)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 11.0


def drop_running(pages: list[list[Line]]) -> tuple[list[list[Line]], int]:
    """Remove running headers and footers and page numbers from the top and bottom of pages.

    A line near an edge, no larger than body text, goes when the same text is there on at least half the
    pages (and two); text that differs only in its digits ('Page 3 of 7') goes when it is the outermost
    line of a page that holds other lines too. Headings are never dropped, even when a title repeats on every page.
    """
    limit = body_size([line for page in pages for line in page]) * 1.05
    edges: list[dict[int, bool]] = []  # per page: index of each edge line -> whether it is outermost
    exact: Counter[str] = Counter()
    masked: Counter[str] = Counter()
    for lines in pages:
        order = sorted(range(len(lines)), key=lambda i: -lines[i].y)
        edge = {i: i == order[0] for i in order[:3] if lines[i].rel >= 1 - EDGE}
        edge.update({i: i == order[-1] for i in order[-3:] if lines[i].rel <= EDGE})
        edge = {i: outer for i, outer in edge.items() if lines[i].size <= limit}
        edges.append(edge)
        exact.update({" ".join(lines[i].text.lower().split()) for i in edge})
        masked.update({_key(lines[i].text) for i, outer in edge.items() if outer})
    need = max(2, len(pages) / 2)
    dropped = 0
    kept_pages: list[list[Line]] = []
    for lines, edge in zip(pages, edges, strict=True):
        kept = []
        for i, line in enumerate(lines):
            if i in edge:
                key = _key(line.text)
                alone = len(lines) == 1  # a page's only line is its content, not a running header
                if (exact[" ".join(line.text.lower().split())] >= need
                        or (edge[i] and not alone and masked[key] >= need)
                        or _PAGE_NUMBER.match(key) or _ROMAN.match(key)):
                    dropped += 1
                    continue
            kept.append(line)
        kept_pages.append(kept)
    return kept_pages, dropped


def join_hyphens(lines: list[Line]) -> list[Line]:
    """Join words split across line ends ('equi-' + 'table' -> 'equitable'), moving the word up a line."""
    out: list[Line] = []
    for line in lines:
        line.text = line.text.translate(_LIGATURES)
        prev = out[-1] if out else None
        if prev and prev.text[-1:] in (SOFT_HYPHEN, "-", "\u00ad") and abs(prev.size - line.size) < 1:
            first = re.match(r"\S+", line.text.lstrip())
            if first and prev.text[-2:-1].isalpha() and first.group()[0].islower():
                prev.text = prev.text[:-1] + first.group()
                line.text = line.text.lstrip()[first.end():].lstrip()
            elif prev.text.endswith(SOFT_HYPHEN):
                prev.text = prev.text[:-1] + "-"
        elif prev and prev.text.endswith(SOFT_HYPHEN):
            prev.text = prev.text[:-1] + "-"
        out.append(line)
    if out and out[-1].text.endswith(SOFT_HYPHEN):
        out[-1].text = out[-1].text[:-1] + "-"
    return [line for line in out if line.text.strip()]


@dataclass(slots=True)
class _Style:
    """What the document's own layout says is ordinary."""

    body: float
    pitch: float
    left: float
    right: float


def _style(lines: list[Line]) -> _Style:
    """Body size (most text), line pitch, left margin and right edge of body lines."""
    body = body_size(lines)
    body_lines = [line for line in lines if abs(line.size - body) < 0.6]
    gaps = [a.y - b.y for a, b in pairwise(body_lines)
            if a.page == b.page and 0 < a.y - b.y < 3 * body]
    lefts = Counter(round(line.x0) for line in body_lines)
    rights = sorted(line.x1 for line in body_lines)
    return _Style(body, median(gaps) if gaps else 1.2 * body, lefts.most_common(1)[0][0] if lefts else 0.0,
                  rights[int(len(rights) * 0.9)] if rights else 0.0)


def _heading_styles(lines: list[Line], style: _Style) -> dict[tuple[float, bool], int]:
    """Heading level for each (size, bold) that marks headings: larger than body, or bold at body size."""
    found: set[tuple[float, bool]] = set()
    for line in lines:
        if _looks_heading(line, style):
            found.add((round(line.size * 2) / 2, line.bold))
    ranked = sorted(found, key=lambda s: (-s[0], not s[1]))
    return {s: min(i + 1, 6) for i, s in enumerate(ranked)}


def _looks_heading(line: Line, style: _Style) -> bool:
    """A short line set larger than the body, or bold at about body size without sentence punctuation."""
    words = len(line.text.split())
    if line.size >= style.body * 1.12 and words <= 20:
        return True
    return line.bold and line.size >= style.body * 0.95 and words <= 14 and not line.text.endswith((",", ";"))


def _ends_block(prev: Line, style: _Style) -> bool:
    """A line that stops well short of the right edge after finishing a sentence closes its paragraph."""
    return prev.text.rstrip().endswith(_ENDS_SENTENCE) and prev.x1 < style.right - 2 * style.body


@dataclass(slots=True)
class _Block:
    """A block being assembled from lines."""

    kind: BlockKind
    level: int
    skip: int
    lines: list[Line]


def _blocks(lines: list[Line], style: _Style) -> list[_Block]:
    """Group lines into heading, item and paragraph blocks (item levels are set afterwards)."""
    levels = _heading_styles(lines, style)
    numbered_only = not levels
    blocks: list[_Block] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        cur = blocks[-1] if blocks else None
        heading = levels.get((round(line.size * 2) / 2, line.bold)) if _looks_heading(line, style) else None
        if heading is None and numbered_only:
            heading = _numbered_heading(line, prev, style)
        marker = _MARKER.match(line.text)
        new_block = prev is None or cur is None or _breaks(prev, line, style)
        if cur is not None and cur.kind == "item" and line.x0 < cur.lines[0].x0 - 2:
            new_block = True  # back out to the left of the item's marker
        if heading is not None:
            if cur and cur.kind == "heading" and cur.level == heading and not _far(prev, line, style):
                cur.lines.append(line)  # a heading set on two lines
            else:
                blocks.append(_Block("heading", heading, 0, [line]))
        elif marker and (new_block or abs(line.x0 - prev.x0) > 2 or cur.kind == "item"):  # type: ignore[union-attr]
            blocks.append(_Block("item", 1, marker.end(), [line]))
        elif new_block or cur.kind == "heading":  # type: ignore[union-attr]
            blocks.append(_Block("paragraph", 0, 0, [line]))
        else:
            cur.lines.append(line)  # type: ignore[union-attr]
    return blocks


def _item_levels(blocks: list[_Block]) -> None:
    """Set each item's level from how far its marker is indented, clustering positions within 4 points."""
    positions = sorted({b.lines[0].x0 for b in blocks if b.kind == "item"})
    clusters: list[float] = []
    for x in positions:
        if not clusters or x - clusters[-1] > 4:
            clusters.append(x)
    for block in blocks:
        if block.kind == "item":
            x = block.lines[0].x0
            block.level = min(sum(1 for c in clusters if c <= x + 0.01), 6)


def build(pages: list[list[Line]], builder: TextBuilder) -> list[int]:
    """Append the document's blocks to `builder`; return the text offset where each page starts."""
    lines = join_hyphens([line for page in pages for line in page])
    for line in lines:
        line.text = clean_inline(line.text)
    lines = [line for line in lines if line.text]
    blocks = _blocks(lines, _style(lines))
    _item_levels(blocks)
    page_starts: list[int | None] = [None] * len(pages)
    for block in blocks:
        offset = builder.length
        if not builder.add(block.kind, [line.text for line in block.lines], block.level, skip=block.skip):
            break
        for line in block.lines:
            if page_starts[line.page] is None:
                page_starts[line.page] = offset
            offset += len(line.text) + 1
    return _fill(page_starts, builder.length)


def _breaks(prev: Line, line: Line, style: _Style) -> bool:
    """Whether `line` starts a new paragraph rather than continuing the one `prev` is in."""
    if abs(prev.size - line.size) >= 1 or prev.bold != line.bold:
        return True
    if prev.page != line.page:
        return prev.text.rstrip().endswith((".", "!", "?", ":")) or not line.text[:1].islower()
    if _far(prev, line, style) or _ends_block(prev, style):
        return True
    return line.x0 > prev.x0 + style.body and not _MARKER.match(prev.text)  # a first-line indent


def _far(prev: Line | None, line: Line, style: _Style) -> bool:
    """A vertical gap clearly larger than the line pitch, or a jump back up the page (a new column)."""
    if prev is None or prev.page != line.page:
        return True
    gap = prev.y - line.y
    return gap <= 0 or gap > 1.45 * style.pitch


def _numbered_heading(line: Line, prev: Line | None, style: _Style) -> int | None:
    """For documents set in one font: a short numbered title line ('3.1 Reporting') standing alone."""
    match = _NUMBERED.match(line.text)
    if not match or len(line.text.split()) > 10 or line.text.endswith((".", ",", ";", ":")):
        return None
    if line.x1 > style.left + 0.7 * (style.right - style.left):
        return None
    if prev is not None and not _far(prev, line, style) and not _ends_block(prev, style):
        return None
    return min(match.group(1).count(".") + 1, 6)


def _fill(starts: list[int | None], end: int) -> list[int]:
    """Give pages without text the offset of the next page that has some, so lookups skip them."""
    out: list[int] = []
    nxt = end
    for start in reversed(starts):
        nxt = start if start is not None else nxt
        out.append(nxt)
    return out[::-1]
