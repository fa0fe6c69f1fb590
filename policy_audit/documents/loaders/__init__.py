"""Format loaders, one module per format, imported only when a file of that kind is seen.

Each loader module exposes `load(data: bytes, path: str) -> LoadedText` and raises `LoadError`
with a plain-English reason for anything it cannot read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..model import LoadedText
from .base import LoadError

# extension -> (format name, loader module). An explicit registry: tests walk it.
REGISTRY: dict[str, tuple[str, str]] = {
    ".md": ("markdown", "markdown"),
    ".markdown": ("markdown", "markdown"),
    ".txt": ("text", "text"),
    ".text": ("text", "text"),
    ".docx": ("docx", "docx"),
    ".pdf": ("pdf", "pdf"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
    ".xhtml": ("html", "html"),
    ".odt": ("odt", "odt"),
    ".rtf": ("rtf", "rtf"),
}

# formats read through native libraries or heavy parsers: read in a child process with limits (isolate.py)
ISOLATED = frozenset({"pdf", "docx", "odt", "rtf"})
# what those loaders import on first use, imported once by `preload` instead: each file's child is forked
# from this process, and a library the child imports itself (PDFium: tens of milliseconds) dies with it
_PRELOAD: dict[str, tuple[str, ...]] = {"pdf": ("pypdfium2", "pypdfium2.raw"), "docx": ("defusedxml.ElementTree",),
                                        "odt": ("defusedxml.ElementTree",)}


def format_of(path: str) -> str | None:
    """The format name for a path's extension, or None when no loader reads it."""
    dot = path.rfind(".")
    if dot == -1:
        return None
    entry = REGISTRY.get(path[dot:].lower())
    return entry[0] if entry else None


def loader_for(path: str) -> Callable[[bytes, str], LoadedText]:
    """Import the loader module for `path` lazily and return its `load` function."""
    dot = path.rfind(".")
    entry = REGISTRY.get(path[dot:].lower()) if dot != -1 else None
    if entry is None:
        raise LoadError(f"no loader for files ending in {path[dot:] if dot != -1 else '(no extension)'}")
    module = importlib.import_module(f"{__name__}.{entry[1]}")
    return module.load  # type: ignore[no-any-return]


def preload(fmt: str) -> None:
    """Import the libraries the loader of `fmt` uses, before its child process is forked."""
    for name in _PRELOAD.get(fmt, ()):
        try:
            importlib.import_module(name)
        except ImportError:  # the loader reports a missing library itself, per file
            break


__all__ = ["ISOLATED", "REGISTRY", "LoadError", "format_of", "loader_for", "preload"]
