"""Hard limits and the error guard every loader shares, so a hostile or huge file costs bounded time and memory."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ..model import LoadedText
from .base import LoadError

MAX_FILE_BYTES = 200 * 1024 * 1024  # the input file itself
MAX_MARKUP_BYTES = 50 * 1024 * 1024  # RTF, tokenized in Python (pictures inside make big files)
MAX_HTML_BYTES = 20 * 1024 * 1024  # HTML, parsed in Python at about 1 MB a second at worst
MAX_MEMBER_BYTES = 50 * 1024 * 1024  # one member of a zip package, once inflated
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all members read from one package, once inflated
MAX_MEMBERS = 10_000  # entries in one zip package
MAX_RATIO = 200  # inflated / compressed size of one member above RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_CHARS = 10_000_000  # characters of text kept from one document (about 4,000 dense pages)
MAX_SENTENCES = 100_000  # sentences audited in one document: bounds memory whatever the layout
MAX_PAGES = 3_000  # PDF pages read from one document
MAX_DEPTH = 2_000  # nesting of elements or groups a loader follows
READ_MEMORY_BYTES = 1024 * 1024 * 1024  # address space a child reading PDF, DOCX, ODT or RTF may add
READ_TIMEOUT_SECONDS = 120.0  # wall-clock time that child may take for one file

Loader = Callable[[bytes, str], LoadedText]

_SPACES = re.compile(r"\s+")
# C0/C1 controls (tab and newline are handled as spaces before this), zero-width marks, soft hyphen.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff\ufffe\uffff]")


def mb(size: int) -> str:
    """A byte count as messages show it: whole megabytes, or bytes below one megabyte."""
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def check_input(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse empty and oversized input before any parsing."""
    if not data:
        raise LoadError("empty file")
    if len(data) > max_bytes:
        raise LoadError(f"file too large: {mb(len(data))}, the limit is {mb(max_bytes)}")


# Source text keeps its length (offsets are locations): controls become spaces, line breaks other than
# LF and CR LF become LF, so a terminal never sees an escape and every line break counts as a line.
_SOURCE_TABLE = {c: " " for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]}
_SOURCE_TABLE.update({c: "\n" for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)})
_LONE_CR = re.compile("\r(?!\n)")
# any character the table changes: most documents hold none, and a search is cheaper than `translate`
_SOURCE_CHANGES = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_SOURCE_TABLE)) + "]")


def clean_source(text: str) -> str:
    """Markdown or plain text made safe to show and to count lines in, character for character."""
    if _SOURCE_CHANGES.search(text):
        text = text.translate(_SOURCE_TABLE)
    return _LONE_CR.sub("\n", text)


def clean_inline(text: str) -> str:
    """One line of text: invisible characters removed, every run of whitespace made a single space."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def guarded(format_name: str) -> Callable[[Loader], Loader]:
    """Wrap a loader so anything unexpected surfaces as a LoadError with a reason, never a traceback."""

    def wrap(load: Loader) -> Loader:
        @functools.wraps(load)
        def safe_load(data: bytes, path: str) -> LoadedText:
            try:
                return load(data, path)
            except LoadError:
                raise
            except MemoryError:
                raise LoadError(f"ran out of memory reading this {format_name} file") from None
            except RecursionError:
                raise LoadError(f"this {format_name} file is nested too deeply to read") from None
            except Exception as exc:
                detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
                what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
                raise LoadError(f"could not read this {format_name} file ({what})") from exc

        return safe_load

    return wrap
