"""PDF loader on pypdfium2 (PDFium: fast, permissive licences, wheels with no system libraries).

Reads each page's text lines with font size, weight and position, then lets `pdflayout` drop running
headers and footers, join hyphenated words, find headings and list items and re-flow paragraphs. Text
is one line per line of the page, so a location is a page and a line on that page.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any

from ..model import LoadedText
from .base import LoadError
from .limits import MAX_PAGES, check_input, guarded
from .pdflayout import SOFT_HYPHEN, Line, build, drop_running
from .textbuild import TextBuilder

NO_TEXT = "no text layer (scanned image?): run OCR first, e.g. ocrmypdf, then audit the result"
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "demi")
_FORCE_BOLD = 1 << 18  # font descriptor flag
_OLD_SOFT_HYPHEN = "\x02"  # PDFium builds before 2024 mark a line-end hyphen with this


def _check_bytes(data: bytes) -> None:
    """Refuse what is plainly not a whole PDF before PDFium sees it."""
    check_input(data)
    if b"%PDF-" not in data[:1024]:
        raise LoadError("not a PDF file: no %PDF header (binary data or another format with a .pdf name)")
    if b"%%EOF" not in data[-2048:]:
        raise LoadError("truncated PDF: the end-of-file marker is missing (an incomplete download or copy?)")


def _open(data: bytes) -> Any:
    """Open the document, turning PDFium's error codes into reasons."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    from pypdfium2 import raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD or (code is None and "password" in str(exc).lower()):
            raise LoadError("encrypted PDF: it needs a password to open; save an unprotected copy and "
                            "audit that") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise LoadError("encrypted PDF: its encryption scheme is not supported") from None
        raise LoadError(f"corrupt PDF: {exc}") from None


class _Page:
    """Reads the lines of one page through PDFium's text API."""

    def __init__(self, raw: Any, textpage: Any, page_no: int, height: float) -> None:
        self.raw = raw
        self.tp = textpage
        self.page_no = page_no
        self.height = height or 792.0
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.matrix = raw.FS_MATRIX()
        self.x = ctypes.c_double()
        self.y = ctypes.c_double()
        self.right = ctypes.c_double()
        self.unused = ctypes.c_double()

    def text(self) -> str:
        """The page text as PDFium lays it out (lines joined by CR LF), read through the raw API."""
        count = self.raw.FPDFText_CountChars(self.tp)
        if count <= 0:
            return ""
        buf = ctypes.create_string_buffer((count + 1) * 2)
        got = self.raw.FPDFText_GetText(self.tp, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
        return buf.raw[: max(0, got - 1) * 2].decode("utf-16-le", "replace")

    def lines(self) -> list[Line]:
        """Every non-empty line, split where PDFium broke lines or marked a line-end hyphen."""
        text = self.text()
        units = _utf16_offsets(text)
        out: list[Line] = []
        start = 0
        size = len(text)
        while start < size:
            end = text.find("\r\n", start)
            end = size if end == -1 else end
            hyphen = _find_hyphen(text, start, end)
            stop = hyphen + 1 if hyphen != -1 else end
            line = self._line(text, start, stop, units)
            if line is not None:
                out.append(line)
            start = stop if hyphen != -1 else end + 2
        return out

    def _char(self, text_index: int, units: list[int] | None) -> int:
        """PDFium's character index for a position in the page text (they differ where PDFium inserted
        or left out characters, and for characters outside the BMP)."""
        unit = units[text_index] if units is not None else text_index
        found = self.raw.FPDFText_GetCharIndexFromTextIndex(self.tp, unit)
        return found if found >= 0 else unit

    def _line(self, text: str, start: int, stop: int, units: list[int] | None) -> Line | None:
        """One line's record, from the first and last visible characters of text[start:stop]."""
        seg = text[start:stop].replace("\r", " ").replace("\n", " ")
        first = len(seg) - len(seg.lstrip())
        last = len(seg.rstrip()) - 1
        if last < first:
            return None
        raw, tp = self.raw, self.tp
        i = self._char(start + first, units)
        j = self._char(start + last, units)
        raw.FPDFText_GetMatrix(tp, i, ctypes.byref(self.matrix))
        scale = math.hypot(self.matrix.c, self.matrix.d) or 1.0
        size = raw.FPDFText_GetFontSize(tp, i) * scale
        raw.FPDFText_GetFontInfo(tp, i, self.name, 128, ctypes.byref(self.flags))
        name = self.name.value.decode("latin-1").lower()
        weight = raw.FPDFText_GetFontWeight(tp, i)
        bold = weight >= 600 or bool(self.flags.value & _FORCE_BOLD) or any(b in name for b in _BOLD_NAMES)
        raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(self.x), ctypes.byref(self.y))
        x0, y = self.x.value, self.y.value
        raw.FPDFText_GetCharBox(tp, j, ctypes.byref(self.unused), ctypes.byref(self.right),
                                ctypes.byref(self.unused), ctypes.byref(self.unused))
        seg = seg.strip()
        if seg.endswith(_OLD_SOFT_HYPHEN):
            seg = seg[:-1] + SOFT_HYPHEN
        return Line(self.page_no, seg, round(size, 2), bold, x0, self.right.value, y, y / self.height)


def _find_hyphen(text: str, start: int, end: int) -> int:
    """Where PDFium marked a line-end hyphen inside text[start:end] (U+FFFE, or 0x02 in older builds)."""
    for marker in (SOFT_HYPHEN, _OLD_SOFT_HYPHEN):
        found = text.find(marker, start, end)
        if found != -1:
            return found
    return -1


def _utf16_offsets(text: str) -> list[int] | None:
    """UTF-16 offsets of each character when the text holds characters outside the BMP, else None."""
    if text.isascii() or max(text) < "\U00010000":  # one pass in C, not a Python loop per character
        return None
    out, unit = [], 0
    for ch in text:
        out.append(unit)
        unit += 2 if ord(ch) >= 0x10000 else 1
    return out


def _read_page(pdf: Any, n: int) -> list[Line]:
    """The lines of page n (0-based)."""
    from pypdfium2 import raw

    page = pdf[n]
    try:
        textpage = page.get_textpage()
        try:
            # the raw handle: pypdfium2's wrapper would be asked for it again on every call
            return _Page(raw, textpage.raw, n, page.get_height()).lines()
        finally:
            textpage.close()
    finally:
        page.close()


def _read_pages(pdf: Any, count: int) -> tuple[list[list[Line]], list[int], list[int]]:
    """Lines of the first `count` pages, and the 1-based numbers of pages without text and of damaged ones."""
    import pypdfium2 as pdfium

    pages: list[list[Line]] = []
    empty: list[int] = []
    damaged: list[int] = []
    for n in range(count):
        try:
            lines = _read_page(pdf, n)
        except pdfium.PdfiumError:
            lines = []
            damaged.append(n + 1)
        pages.append(lines)
        if not lines:
            empty.append(n + 1)
    return pages, empty, damaged


def _numbers(pages: list[int]) -> str:
    """'page 3' or 'pages 3, 5, 8, ...' (at most ten listed)."""
    shown = ", ".join(map(str, pages[:10])) + (", ..." if len(pages) > 10 else "")
    return f"page{'s' if len(pages) > 1 else ''} {shown}"


@guarded("PDF")
def load(data: bytes, path: str) -> LoadedText:
    """Load a .pdf file: text per page with page starts; headings, items and paragraphs from the layout."""
    _check_bytes(data)
    pdf = _open(data)
    try:
        total = len(pdf)
        count = min(total, MAX_PAGES)
        pages, empty, damaged = _read_pages(pdf, count)
        metadata: dict[str, Any] = {"pages": total}
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
        if title:
            metadata["title"] = title
    finally:
        pdf.close()
    if total == 0:
        raise LoadError("corrupt PDF: it has no pages")
    if len(damaged) == count:
        raise LoadError("corrupt PDF: no page can be read")
    if len(empty) == count:
        raise LoadError(NO_TEXT)
    warnings: list[str] = []
    if count < total:
        warnings.append(f"only the first {count} of {total} pages were read (the limit is {MAX_PAGES})")
    if damaged:
        warnings.append(f"{_numbers(damaged)} could not be read (damaged): their text is not audited")
    blank = [n for n in empty if n not in damaged]
    if blank:
        warnings.append(f"no text on {_numbers(blank)} (blank, or scanned images that need OCR)")
    pages, dropped = drop_running(pages)
    builder = TextBuilder()
    page_starts = build(pages, builder)
    if dropped:
        metadata["running_lines_dropped"] = dropped
    return builder.result(metadata=metadata, page_starts=page_starts, warnings=warnings)
