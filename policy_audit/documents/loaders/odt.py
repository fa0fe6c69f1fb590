"""ODT loader: reads content.xml of an OpenDocument text package, one paragraph per line.

text:h gives headings (outline level), text:p paragraphs, nested text:list items with their depth, table
cells paragraphs. Headers and footers live in styles.xml and are never read; notes, annotations, tracked
deletions and generated indexes (a table of contents repeats the headings) are left out.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from ..model import LoadedText
from .base import LoadError
from .limits import MAX_DEPTH, check_input, clean_inline, guarded
from .textbuild import TextBuilder
from .xmlsafe import parse_xml
from .ziputil import ZipPackage

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
TEXT_MIME = "application/vnd.oasis.opendocument.text"

# Inside a paragraph: elements whose content is not the paragraph's own text.
_SKIP_INLINE = {TEXT + "note", OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "number",
                TEXT + "bookmark-ref"}
# Block level: containers that only hold generated or removed content.
_SKIP_BLOCK = {TEXT + "tracked-changes", TEXT + "table-of-content", TEXT + "alphabetical-index",
               TEXT + "illustration-index", TEXT + "table-index", TEXT + "object-index",
               TEXT + "user-index", TEXT + "bibliography", OFFICE + "forms", TEXT + "sequence-decls",
               TEXT + "variable-decls", TEXT + "user-field-decls", TABLE + "table-columns",
               TABLE + "table-column", TABLE + "table-header-columns"}
_LIST = {TEXT + "list"}
_LIST_ITEM = {TEXT + "list-item", TEXT + "list-header"}


def _paragraph_text(para: Element) -> tuple[str, list[Element]]:
    """The visible text of a text:p or text:h, and the text boxes anchored in it."""
    out: list[str] = []
    boxes: list[Element] = []

    def visit(elem: Element) -> None:
        if elem.text:
            out.append(elem.text)
        for child in elem:
            tag = child.tag
            if tag == TEXT + "s":
                try:
                    count = int(child.get(TEXT + "c", "1"))
                except ValueError:
                    count = 1
                out.append(" " * max(1, min(count, 100)))
            elif tag in (TEXT + "tab", TEXT + "line-break"):
                out.append(" ")
            elif tag == DRAW + "text-box":
                boxes.append(child)
            elif tag not in _SKIP_INLINE:
                visit(child)
            if child.tail:
                out.append(child.tail)

    visit(para)
    return clean_inline("".join(out)), boxes


class _Walker:
    """Walks office:text in reading order, tracking list depth."""

    def __init__(self) -> None:
        self.builder = TextBuilder()

    def container(self, elem: Element, list_depth: int = 0, depth: int = 0) -> None:
        """Emit every block inside a container (body, section, list item, cell, text box)."""
        if depth > MAX_DEPTH:
            raise LoadError("this ODT file is nested too deeply to read")
        for child in elem:
            if self.builder.full:
                return
            tag = child.tag
            if tag == TEXT + "h":
                self.paragraph(child, "heading", _outline_level(child), list_depth, depth)
            elif tag == TEXT + "p":
                kind = "item" if list_depth else "paragraph"
                self.paragraph(child, kind, list_depth, list_depth, depth)
            elif tag in _LIST:
                self.container(child, list_depth + 1, depth + 1)
            elif tag in _SKIP_BLOCK:
                continue
            else:  # list items, sections, tables, rows, cells, text boxes: their blocks, in order
                inner = 0 if tag == TABLE + "table" else list_depth
                self.container(child, inner, depth + 1)

    def paragraph(self, para: Element, kind: str, level: int, list_depth: int, depth: int) -> None:
        """Emit one paragraph or heading, then any text boxes drawn in it."""
        text, boxes = _paragraph_text(para)
        if text:
            self.builder.add(kind, [text], level)  # type: ignore[arg-type]
        for box in boxes:
            self.container(box, list_depth, depth + 1)


def _outline_level(heading: Element) -> int:
    """A text:h outline level clamped to 1..6 (ODF's default is 1)."""
    try:
        return max(1, min(int(heading.get(TEXT + "outline-level", "1")), 6))
    except ValueError:
        return 1


def _title(pkg: ZipPackage) -> str | None:
    """The title from meta.xml, when set."""
    if not pkg.has("meta.xml"):
        return None
    root = parse_xml(pkg.read("meta.xml"), "meta.xml", "ODT")
    title = root.find(f"{OFFICE}meta/{DC}title")
    if title is None:
        return None
    return clean_inline(title.text or "") or None


@guarded("ODT")
def load(data: bytes, path: str) -> LoadedText:
    """Load a .odt file: one line of text per non-empty paragraph; locations are paragraph indexes."""
    check_input(data)
    pkg = ZipPackage(data, "ODT")
    if pkg.has("mimetype"):
        mime = pkg.read("mimetype").decode("ascii", "replace").strip()
        if mime and not mime.startswith(TEXT_MIME):
            raise LoadError(f"not a text document: this OpenDocument package is {mime}")
    if not pkg.has("content.xml"):
        raise LoadError("not an ODT document: the package has no content.xml")
    root = parse_xml(pkg.read("content.xml"), "content.xml", "ODT")
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise LoadError("not a text document: content.xml has no office:text body")
    walker = _Walker()
    walker.container(body)
    title = _title(pkg)
    return walker.builder.result(metadata={"title": title} if title else {}, line_unit="paragraph")
