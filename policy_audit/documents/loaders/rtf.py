"""RTF loader: a small, bounded tokenizer (no recursion), because plain-text strippers lose headings and lists.

Paragraphs end at \\par (and table cells at \\cell); headings come from the stylesheet ("heading N",
"title") or \\outlinelevel; list paragraphs from \\ls/\\ilvl or old-style \\pn numbering. Headers,
footers, footnotes, comments, pictures, objects and field instructions are skipped. One paragraph
per line of text, so locations are paragraph indexes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..model import BlockKind, LoadedText
from .base import LoadError
from .limits import MAX_DEPTH, MAX_MARKUP_BYTES, check_input, clean_inline, guarded
from .textbuild import TextBuilder

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([\r\n]+)|([^\\{}\r\n]+)",
                    re.DOTALL)
# Destinations whose content is not body text. Any other \* destination is skipped too.
_SKIP = {b"fonttbl", b"colortbl", b"info", b"header", b"headerl", b"headerr", b"headerf", b"footer",
         b"footerl", b"footerr", b"footerf", b"footnote", b"pict", b"object", b"fldinst", b"listtable",
         b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl", b"themedata", b"colorschememapping",
         b"latentstyles", b"datastore", b"pntext", b"pntxta", b"pntxtb", b"listtext", b"annotation",
         b"atnid", b"atnauthor", b"shp", b"shppict", b"nonshppict", b"revtbl", b"filetbl", b"bkmkstart",
         b"bkmkend", b"stylesheet", b"pn", b"author", b"operator", b"comment", b"doccomm", b"keywords",
         b"subject", b"company", b"manager", b"category", b"buptim", b"creatim", b"printim", b"revtim",
         b"mmathPr", b"wgrffmtfilter", b"pgdsctbl", b"protusertbl", b"userprops", b"txe", b"xe", b"tc"}
_SYMBOLS = {b"tab": " ", b"line": " ", b"emdash": "\u2014", b"endash": "\u2013", b"bullet": "\u2022",
            b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c", b"rdblquote": "\u201d",
            b"emspace": " ", b"enspace": " ", b"qmspace": " ", b"page": " ", b"column": " "}
_CONTROL_SYMBOLS = {b"~": "\u00a0", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}", b"\n": "", b"\r": ""}
_CODEPAGES = {b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850", b"ansi": "cp1252"}
_HEADING_NAME = re.compile(r"heading\s*([1-9])$")


@dataclass(slots=True)
class _Group:
    """State scoped to one {...} group."""

    skip: bool = False
    uc: int = 1  # how many fallback characters follow each \uN
    dest: str = ""  # "style" inside a stylesheet entry, "title" inside the info title


@dataclass(slots=True)
class _Para:
    """Paragraph properties, reset by \\pard."""

    style: int = 0
    outline: int | None = None
    list_level: int | None = None


@dataclass
class _Reader:
    """Token-by-token reader state."""

    codec: str = "cp1252"
    groups: list[_Group] = field(default_factory=lambda: [_Group()])
    para: _Para = field(default_factory=_Para)
    chars: list[str] = field(default_factory=list)
    styles: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    style_entry: list[str] = field(default_factory=list)
    style_num: int | None = None
    style_outline: int | None = None
    title: list[str] = field(default_factory=list)
    pending_skip: int = 0
    complete: bool = False
    builder: TextBuilder = field(default_factory=TextBuilder)

    def text(self, value: str) -> None:
        """Append visible text to wherever the current group sends it."""
        group = self.groups[-1]
        if self.pending_skip:
            drop = min(self.pending_skip, len(value))
            self.pending_skip -= drop
            value = value[drop:]
        if not value:
            return
        if group.dest == "style":
            self.style_entry.append(value)
        elif group.dest == "title":
            self.title.append(value)
        elif not group.skip:
            self.chars.append(value)

    def end_paragraph(self) -> None:
        """Emit the paragraph read so far as a block."""
        joined = "".join(self.chars)
        if any("\ud800" <= ch <= "\udfff" for ch in joined):  # \uN pairs spelling one character
            joined = joined.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        text = clean_inline(joined)
        self.chars = []
        if text:
            kind, level = self.classify()
            self.builder.add(kind, [text], level)

    def classify(self) -> tuple[BlockKind, int]:
        """Kind and level from the paragraph's style and properties."""
        name, style_outline = self.styles.get(self.para.style, ("", None))
        match = _HEADING_NAME.match(name)
        if match:
            return "heading", min(int(match.group(1)), 6)
        if name == "title":
            return "heading", 1
        for outline in (self.para.outline, style_outline):
            if outline is not None and 0 <= outline < 9:
                return "heading", min(outline + 1, 6)
        if self.para.list_level is not None:
            return "item", self.para.list_level
        return "paragraph", 0

    def end_style_entry(self) -> None:
        """Record a stylesheet entry when its group closes: number, outline level and lower-case name."""
        if self.style_num is not None or self.style_entry:
            name = "".join(self.style_entry).strip().rstrip(";").strip().lower()
            self.styles[self.style_num or 0] = (name, self.style_outline)
        self.style_entry, self.style_num, self.style_outline = [], None, None


def _control(reader: _Reader, word: bytes, arg: int | None, ignorable: bool) -> None:
    """Apply one control word."""
    group = reader.groups[-1]
    if group.dest == "style":  # inside one stylesheet entry
        if word == b"s":
            reader.style_num = arg or 0
        elif word == b"outlinelevel":
            reader.style_outline = arg
        elif ignorable or word in _SKIP:  # a character style or a nested destination: not a paragraph style
            group.dest, group.skip = "", True
        return
    if word in (b"stylesheet", b"info"):
        group.dest, group.skip = word.decode(), True
    elif word == b"title" and group.dest == "info":
        group.dest = "title"
    elif word == b"pn":  # old-style numbering: the paragraph is a list item
        group.skip = True
        reader.para.list_level = reader.para.list_level or 1
    elif word in _SKIP or ignorable:
        group.skip = True
    elif word == b"uc":
        group.uc = max(0, min(arg or 0, 8))
    elif word == b"u" and arg is not None:
        code = arg + 65536 if arg < 0 else arg
        reader.text(chr(code) if code < 0x110000 else "\ufffd")
        reader.pending_skip = group.uc
    elif word in (b"pnlvlblt", b"pnlvlbody", b"pnlvl"):
        reader.para.list_level = max(1, min(arg or 1, 9))
    elif group.skip:  # the rest shapes body paragraphs only
        return
    elif word in (b"par", b"sect", b"cell", b"nestcell"):
        reader.end_paragraph()
    elif word == b"pard":
        reader.para = _Para()
    elif word == b"s":
        reader.para.style = arg or 0
    elif word == b"outlinelevel":
        reader.para.outline = arg
    elif word == b"ilvl":
        reader.para.list_level = max(0, min(arg or 0, 8)) + 1
    elif word == b"ls":
        reader.para.list_level = reader.para.list_level or 1
    elif word == b"ansicpg" and arg:
        try:
            reader.codec = codecs.lookup(f"cp{arg}").name
        except LookupError:
            pass
    elif word in _CODEPAGES:
        reader.codec = _CODEPAGES[word]
    elif word in _SYMBOLS:
        reader.text(_SYMBOLS[word])


def _parse(data: bytes) -> _Reader:
    """Run the tokenizer over the document, starting just inside its outer brace."""
    reader = _Reader()
    pos = 0
    ignorable = False
    size = len(data)
    hexbuf = bytearray()
    while pos < size and not reader.builder.full:
        match = _TOKEN.match(data, pos)
        if match is None:  # a lone backslash at the very end
            break
        pos = match.end()
        word, arg, hexbyte, symbol, brace, newline, text = match.groups()
        if hexbyte is not None:  # gathered, so double-byte code pages decode whole characters
            if reader.pending_skip:
                reader.pending_skip -= 1
            else:
                hexbuf.append(int(hexbyte, 16))
            continue
        if newline is not None:
            continue
        if hexbuf:
            reader.text(bytes(hexbuf).decode(reader.codec, "replace"))
            hexbuf.clear()
        if text is not None:
            reader.text(text.decode(reader.codec, "replace"))
        elif word is not None:
            number = int(arg) if arg is not None else None
            if word == b"bin":  # raw binary data follows: skip it unread
                pos += max(0, number or 0)
            else:
                _control(reader, word, number, ignorable)
            ignorable = False
        elif symbol is not None:
            if symbol == b"*":
                ignorable = True
                continue
            reader.text(_CONTROL_SYMBOLS.get(symbol, ""))
        elif brace == b"{":
            if len(reader.groups) > MAX_DEPTH:
                raise LoadError("this RTF file is nested too deeply to read")
            parent = reader.groups[-1]
            dest = "style" if parent.dest == "stylesheet" else ("info" if parent.dest == "info" else "")
            reader.groups.append(_Group(parent.skip, parent.uc, dest))
            reader.pending_skip = 0
        elif brace == b"}":
            if len(reader.groups) == 1:
                reader.complete = True
                break
            if reader.groups.pop().dest == "style":
                reader.end_style_entry()
            reader.pending_skip = 0
    if hexbuf:
        reader.text(bytes(hexbuf).decode(reader.codec, "replace"))
    return reader


@guarded("RTF")
def load(data: bytes, path: str) -> LoadedText:
    """Load an .rtf file: one line of text per paragraph; locations are paragraph indexes."""
    check_input(data, MAX_MARKUP_BYTES)
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"{\\rtf"):
        raise LoadError("not an RTF file: it does not start with {\\rtf")
    reader = _parse(start[1:])  # the outer group is the document itself
    warnings: list[str] = []
    if not reader.complete and not reader.builder.full:
        warnings.append("the file ends early (unbalanced braces): text was read up to there")
    reader.end_paragraph()
    title = clean_inline("".join(reader.title))
    return reader.builder.result(metadata={"title": title} if title else {}, line_unit="paragraph",
                                 warnings=warnings)
