"""DOCX loader: reads the OOXML body straight from the zip (no python-docx, no lxml), one paragraph per line.

Headings come from Word styles (Title, Heading 1-6, or an outline level); list items from numbering (numPr
on the paragraph or its style) or List styles; table cells' paragraphs are paragraphs; text boxes follow
the paragraph that anchors them. Headers, footers, footnotes, comments and deleted text are left out.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from ..model import LoadedText
from .base import LoadError
from .limits import MAX_DEPTH, check_input, clean_inline, guarded
from .textbuild import TextBuilder
from .xmlsafe import parse_xml
from .ziputil import ZipPackage

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_STRICT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"  # ISO 29500 Strict, as Word can save
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DC = "{http://purl.org/dc/elements/1.1/}"
OFFICE_DOCUMENT = "/officeDocument"

_INLINE = {W + "tab": " ", W + "ptab": " ", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "-"}
# Subtrees of a paragraph whose text is not part of it: field codes, deleted text, fallbacks that repeat
# the preferred content, footnote/comment marks. Text boxes are collected and emitted after the paragraph.
_SKIP = {W + "instrText", W + "delText", W + "delInstrText", MC + "Fallback", W + "footnoteReference",
         W + "endnoteReference", W + "commentReference", W + "rPr", W + "pPr"}
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml"}
_HEADING_NAME = re.compile(r"heading\s*([1-9])$")
_LIST_NAME = re.compile(r"list(?: (?:bullet|number|continue))?(?: ([2-9]))?$")


@dataclass(slots=True)
class Style:
    """What the loader needs from one paragraph style."""

    name: str
    based_on: str | None
    outline: int | None  # 0-based outline level, as Word stores it
    list_level: int | None  # 1-based, when the style carries numbering


def _val(elem: Element | None, tag: str) -> str | None:
    """The w:val attribute of a child element, if present."""
    child = elem.find(tag) if elem is not None else None
    return child.get(W + "val") if child is not None else None


def _transitional(root: Element) -> Element:
    """Rename Strict OOXML's WordprocessingML namespace to the usual one, so one set of names reads both."""
    if not root.tag.startswith(W_STRICT):
        return root
    for elem in root.iter():
        if elem.tag.startswith(W_STRICT):
            elem.tag = W + elem.tag[len(W_STRICT):]
        for key in [k for k in elem.attrib if k.startswith(W_STRICT)]:
            elem.attrib[W + key[len(W_STRICT):]] = elem.attrib.pop(key)
    return root


def _int(text: str | None) -> int | None:
    """An integer attribute, or None when absent or malformed."""
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _main_part(pkg: ZipPackage) -> str:
    """The main document part named by the package relationships (word/document.xml by default)."""
    if pkg.has("_rels/.rels"):
        rels = parse_xml(pkg.read("_rels/.rels"), "_rels/.rels", "DOCX")
        for rel in rels.iter(PKG_REL + "Relationship"):
            if rel.get("Type", "").endswith(OFFICE_DOCUMENT):
                target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                if pkg.has(target):
                    return target
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    raise LoadError("not a Word document: the package has no word/document.xml")


def _styles(pkg: ZipPackage, main: str) -> dict[str, Style]:
    """Paragraph styles by id, from the styles part next to the main part."""
    part = posixpath.join(posixpath.dirname(main), "styles.xml")
    if not pkg.has(part):
        return {}
    root = _transitional(parse_xml(pkg.read(part), part, "DOCX"))
    styles: dict[str, Style] = {}
    for style in root.iter(W + "style"):
        sid = style.get(W + "styleId")
        if sid is None or style.get(W + "type", "paragraph") != "paragraph":
            continue
        ppr = style.find(W + "pPr")
        num = ppr.find(W + "numPr") if ppr is not None else None
        list_level = None
        if num is not None and _val(num, W + "numId") not in (None, "0"):
            list_level = (_int(_val(num, W + "ilvl")) or 0) + 1
        styles[sid] = Style((_val(style, W + "name") or sid).strip().lower(), _val(style, W + "basedOn"),
                            _int(_val(ppr, W + "outlineLvl")), list_level)
    return styles


def _style_chain(styles: dict[str, Style], sid: str | None) -> list[Style]:
    """A style and the styles it is based on, nearest first (cycles and long chains cut)."""
    chain: list[Style] = []
    while sid and sid in styles and len(chain) < 16:
        style = styles[sid]
        if style in chain:
            break
        chain.append(style)
        sid = style.based_on
    return chain


def _classify(ppr: Element | None, styles: dict[str, Style]) -> tuple[str, int]:
    """Block kind and level of a paragraph from its properties and style."""
    sid = _val(ppr, W + "pStyle")
    chain = _style_chain(styles, sid)
    outline = _int(_val(ppr, W + "outlineLvl"))
    if outline is not None and outline < 9:
        return "heading", min(outline + 1, 6)
    for style in chain:
        match = _HEADING_NAME.match(style.name)
        if match:
            return "heading", min(int(match.group(1)), 6)
        if style.name == "title":
            return "heading", 1
        if style.outline is not None and style.outline < 9:
            return "heading", min(style.outline + 1, 6)
    if not chain and sid:  # no styles part: fall back on Word's built-in style ids
        match = re.match(r"Heading([1-9])$", sid)
        if match:
            return "heading", min(int(match.group(1)), 6)
        if sid == "Title":
            return "heading", 1
    num = ppr.find(W + "numPr") if ppr is not None else None
    if num is not None and _val(num, W + "numId") not in (None, "0"):
        return "item", (_int(_val(num, W + "ilvl")) or 0) + 1
    for style in chain:
        if style.list_level is not None:
            return "item", style.list_level
        match = _LIST_NAME.match(style.name)
        if match and style.name != "list paragraph":
            return "item", int(match.group(1) or 1)
    return "paragraph", 0


def _paragraph_text(para: Element) -> tuple[str, list[Element]]:
    """The visible text of a paragraph, and the text-box contents anchored in it."""
    out: list[str] = []
    boxes: list[Element] = []
    stack = list(reversed(list(para)))
    while stack:
        elem = stack.pop()
        tag = elem.tag
        if tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(elem.text or "")
        elif tag in _INLINE:
            out.append(_INLINE[tag])
        elif tag == W + "txbxContent":
            boxes.append(elem)
        else:
            stack.extend(reversed(list(elem)))
    return clean_inline("".join(out)), boxes


def _children(elem: Element, tag: str) -> list[Element]:
    """Children with `tag`, looking through content-control and custom-XML wrappers (rows, cells)."""
    found: list[Element] = []
    stack = list(reversed(list(elem)))
    while stack:
        child = stack.pop()
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            stack.extend(reversed(list(child)))
    return found


class _Walker:
    """Walks block-level content (paragraphs, tables, content controls) in reading order."""

    def __init__(self, styles: dict[str, Style]) -> None:
        self.styles = styles
        self.builder = TextBuilder()

    def container(self, elem: Element, depth: int = 0) -> None:
        """Emit every block inside a body, cell, text box or content control."""
        if depth > MAX_DEPTH:
            raise LoadError("this DOCX file is nested too deeply to read")
        for child in elem:
            if self.builder.full:
                return
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, depth)
            elif tag == W + "tbl":
                for row in _children(child, W + "tr"):
                    for cell in _children(row, W + "tc"):
                        self.container(cell, depth + 1)
            elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins",
                         MC + "AlternateContent", MC + "Choice"):
                self.container(child, depth + 1)

    def paragraph(self, para: Element, depth: int) -> None:
        """Emit one paragraph as a block, then any text boxes anchored in it."""
        text, boxes = _paragraph_text(para)
        if text:
            kind, level = _classify(para.find(W + "pPr"), self.styles)
            self.builder.add(kind, [text], level)  # type: ignore[arg-type]
        for box in boxes:
            self.container(box, depth + 1)


def _title(pkg: ZipPackage) -> str | None:
    """The document title from the core properties, when set."""
    if not pkg.has("docProps/core.xml"):
        return None
    root = parse_xml(pkg.read("docProps/core.xml"), "docProps/core.xml", "DOCX")
    title = root.find(DC + "title")
    if title is None:
        return None
    return clean_inline(title.text or "") or None


@guarded("DOCX")
def load(data: bytes, path: str) -> LoadedText:
    """Load a .docx file: one line of text per non-empty paragraph; locations are paragraph indexes."""
    check_input(data)
    pkg = ZipPackage(data, "DOCX")
    main = _main_part(pkg)
    walker = _Walker(_styles(pkg, main))
    root = _transitional(parse_xml(pkg.read(main), main, "DOCX"))
    body = root.find(W + "body")
    if body is None:
        raise LoadError(f"corrupt DOCX file: {main} has no document body")
    walker.container(body)
    metadata: dict[str, object] = {}
    title = _title(pkg)
    if title:
        metadata["title"] = title
    return walker.builder.result(metadata=metadata, line_unit="paragraph")
