"""Turn a text file's bytes into str: UTF-8 first, BOMs honoured, other encodings detected."""

from __future__ import annotations

import codecs

from .loaders.base import LoadError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding); raise LoadError for empty or binary content."""
    if not data.strip():
        raise LoadError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise LoadError(f"invalid {encoding} text at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise LoadError("binary content, not text (NUL bytes found)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # lazy: only for the rare non-UTF-8 file

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoadError("not valid text in any known encoding")
    return str(best), best.encoding
