"""HTML loader on the standard library's html.parser: the page's main content, its structure and source lines.

Content comes from <main> (or role="main") when the page has one, else from its <article>s, else the
whole body. Script, style, nav, header, footer, aside, form, noscript and hidden elements are dropped
(a header or footer inside the main content or an article is kept: it often holds the title). Each line
of the text maps back to its line in the source file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any

from ..model import Block, BlockKind, LoadedText
from .base import LoadError
from .htmlsafe import defuse
from .limits import MAX_DEPTH, MAX_HTML_BYTES, check_input, clean_inline, guarded
from .textbuild import TextBuilder

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen"}
SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg",
        "math", "iframe", "object", "button", "select", "textarea", "dialog", "head", "canvas", "audio",
        "video", "map"}
CHROME = {"header", "footer"}  # skipped only outside the main content and articles
BLOCK = {"p", "div", "li", "ul", "ol", "menu", "dl", "dt", "dd", "table", "tr", "td", "th", "caption",
         "thead", "tbody", "tfoot", "blockquote", "pre", "section", "article", "main", "body", "html",
         "address", "figure", "figcaption", "details", "summary", "hr", "fieldset", "legend", "center",
         "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "search"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
LISTS = {"ul", "ol", "menu"}
CLOSES_P = BLOCK - {"li", "dt", "dd", "tr", "td", "th", "caption", "thead", "tbody", "tfoot", "summary",
                    "legend", "figcaption", "body", "html"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass(slots=True)
class _Found:
    """One block found in the page, before the main-content choice."""

    kind: BlockKind
    level: int
    lines: list[str]
    sources: list[int]
    in_main: bool
    in_article: bool


@dataclass(slots=True)
class _Open:
    """One open element on the parser's stack."""

    tag: str
    skip: bool = False
    main: bool = False


class _Collector(HTMLParser):
    """Builds blocks from parser events; tolerant of unclosed p, li, td and friends as browsers are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_Found] = []
        self.stack: list[_Open] = []
        self.skipping = 0
        self.mains = 0
        self.articles = 0
        self.title: list[str] = []
        self.in_title = False
        self.lines: list[tuple[int, list[str]]] = []  # (source line, pieces) of the block being read
        self.comments: list[tuple[int, int, str, int]] = []  # (line, column, text, blocks found before it)

    # --- stack
    def _push(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element, noting whether it starts skipped content or the main content."""
        values = dict(attrs)
        hidden = "hidden" in values or values.get("aria-hidden") == "true" or \
            bool(_HIDDEN_STYLE.search(values.get("style") or ""))
        chrome_kept = tag in CHROME and (self.mains or self.articles)
        skip = hidden or (tag in SKIP and not chrome_kept)
        main = tag == "main" or values.get("role") == "main"
        self.stack.append(_Open(tag, skip, main))
        self.skipping += skip
        self.mains += main
        self.articles += tag == "article"

    def _pop(self) -> None:
        """Close the innermost open element."""
        top = self.stack.pop()
        self.skipping -= top.skip
        self.mains -= top.main
        self.articles -= top.tag == "article"

    def _close_to(self, tag: str, stop_at: set[str]) -> None:
        """Close up to and including the nearest open `tag`, unless one of `stop_at` comes first."""
        for i in range(len(self.stack) - 1, -1, -1):
            name = self.stack[i].tag
            if name == tag:
                self._flush()
                while len(self.stack) > i:
                    self._pop()
                return
            if name in stop_at:
                return

    # --- parser events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element, closing what HTML closes implicitly first."""
        if tag == "title":
            self.in_title = True
            return
        if tag == "br":
            self._newline()
            return
        if tag in BLOCK:
            self._flush()
            if self.stack and self.stack[-1].tag == "p" and tag in CLOSES_P:
                self._pop()
            if tag == "li":
                self._close_to("li", LISTS)
            elif tag in ("dt", "dd"):
                self._close_to("dt", {"dl"})
                self._close_to("dd", {"dl"})
            elif tag in ("td", "th"):
                self._close_to("td", {"tr", "table"})
                self._close_to("th", {"tr", "table"})
            elif tag == "tr":
                self._close_to("tr", {"table"})
            elif tag in HEADINGS and self.stack and self.stack[-1].tag in HEADINGS:
                self._pop()
        if tag not in VOID and len(self.stack) < MAX_DEPTH:
            self._push(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        """Close the matching open element, if any (a stray end tag is ignored, as browsers do)."""
        if tag == "title":
            self.in_title = False
            return
        if tag in BLOCK:
            self._flush()
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 64), -1):
            if self.stack[i].tag == tag:
                while len(self.stack) > i:
                    self._pop()
                return

    def handle_data(self, data: str) -> None:
        """Collect text, split at source newlines so every line keeps its source line number."""
        if self.in_title:
            self.title.append(data)
            return
        if self.skipping:
            return
        line = self.getpos()[0]
        pieces = data.split("\n")
        for n, piece in enumerate(pieces):
            if n:
                self.lines.append((line + n, []))
            elif not self.lines:
                self.lines.append((line, []))
            self.lines[-1][1].append(piece)

    def handle_comment(self, data: str) -> None:
        """Keep `policy-audit:` suppression comments with their source position."""
        if "policy-audit" in data:
            self._flush()
            line, col = self.getpos()
            self.comments.append((line, col + 1, data, len(self.found)))

    # --- blocks
    def _newline(self) -> None:
        """A <br>: the next text starts a new line of the same block."""
        if self.lines:
            self.lines.append((self.getpos()[0], []))

    def _flush(self) -> None:
        """Turn the text read since the last block boundary into a block."""
        if not self.lines:
            return
        lines, sources = [], []
        for source, pieces in self.lines:
            text = clean_inline("".join(pieces))
            if text:
                lines.append(text)
                sources.append(source)
        self.lines = []
        if not lines:
            return
        kind: BlockKind = "paragraph"
        level = 0
        for open_ in reversed(self.stack):
            if open_.tag in HEADINGS:
                kind, level = "heading", HEADINGS[open_.tag]
                break
            if open_.tag == "li":
                kind, level = "item", max(1, sum(o.tag in LISTS for o in self.stack))
                break
        self.found.append(_Found(kind, level, lines, sources, self.mains > 0, self.articles > 0))

    def close(self) -> None:
        """Finish parsing and flush the last block."""
        super().close()
        self._flush()


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text: BOM, then a declared charset, then UTF-8, then Windows-1252 (with a warning)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace"), []
    head = data[:4096]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > len(head) // 50:
        raise LoadError("binary data, not an HTML page")
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    declared = match.group(1).decode("ascii").lower() if match else None
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = None
    if declared in ("utf-16", "utf-16le", "utf-16be", "utf-32"):  # a BOM-less claim the bytes do not back
        declared = None
    try:
        return data.decode(declared or "utf-8"), []
    except UnicodeDecodeError:
        if declared and declared.replace("-", "") != "utf8":
            return data.decode(declared, "replace"), [f"some bytes are not valid {declared}: replaced"]
        # The HTML standard's fallback for unlabelled pages in English-language locales.
        return data.decode("cp1252", "replace"), ["not valid UTF-8 and no charset declared: read as Windows-1252"]


@guarded("HTML")
def load(data: bytes, path: str) -> LoadedText:
    """Load an .html/.htm file: the main content as blocks, each text line mapped to its source line."""
    check_input(data, MAX_HTML_BYTES)
    text, warnings = decode(data)
    parser = _Collector()
    parser.feed(defuse(text))
    parser.close()
    found = parser.found
    if any(f.in_main for f in found):
        found = [f for f in found if f.in_main]
    elif any(f.in_article for f in found):
        found = [f for f in found if f.in_article]
    builder = TextBuilder(track_lines=True)
    emitted: dict[int, int] = {}  # id of a found block -> its index in builder.blocks
    for block in found:
        if not builder.add(block.kind, block.lines, block.level, block.sources):
            break
        emitted[id(block)] = len(builder.blocks) - 1
    title = clean_inline("".join(parser.title))
    loaded = builder.result(metadata={"title": title} if title else {}, warnings=warnings)
    loaded.directives = _directives(parser, emitted, loaded.blocks)
    return loaded


def _directives(parser: _Collector, emitted: dict[int, int], blocks: list[Block]) -> list[Any]:
    """Suppression comments at their source line and column, each `ignore` covering the next kept block."""
    from ..directives import parse_directives

    out: list[Any] = []
    for line, column, text, before in parser.comments:
        for directive in parse_directives(f"<!--{text}-->", []):
            cover = next((emitted[id(b)] for b in parser.found[before:] if id(b) in emitted), None)
            start, end = (blocks[cover].start, blocks[cover].end) if cover is not None else (-1, -1)
            if directive.whole_file:
                start, end = -1, -1
            out.append(replace(directive, line=line, column=column, cover_start=start, cover_end=end))
    return out
