"""Turn a text file's bytes into str: UTF-8 first, BOMs honoured, other encodings detected.

A file that is UTF-8 but for a few stray bytes stays UTF-8 (the bytes become U+FFFD, with a caveat):
guessing a legacy encoding from one bad byte would garble every other non-ASCII character.
"""

from __future__ import annotations

import codecs
import re

from .loaders.base import LoadError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> int:
    """How many bytes are not valid UTF-8 when the file is UTF-8 with a few stray bytes, else 0: valid
    multi-byte sequences at least as many as bad bytes, or under one bad byte in a thousand."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= 0:
        return 0
    valid = len(_MULTIBYTE.findall(data))
    return bad if valid >= bad or bad * 1000 <= len(data) else 0


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding, caveats); raise LoadError for empty or binary content."""
    if not data.strip():
        raise LoadError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError as exc:
                raise LoadError(f"invalid {encoding} text at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise LoadError("binary content, not text (NUL bytes found)")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    bad = _mostly_utf8(data)
    if bad:
        return (data.decode("utf-8", "replace"), "utf-8",
                [f"{bad} byte{'s' if bad > 1 else ''} not valid UTF-8: replaced with U+FFFD"])
    from charset_normalizer import from_bytes  # lazy: only for the rare non-UTF-8 file

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoadError("not valid text in any known encoding")
    return str(best), best.encoding, []
