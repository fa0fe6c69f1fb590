"""Read one file into a segmented `Document`, or a `LoadFailure` with the reason: never a traceback."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from . import isolate
from .loaders import ISOLATED, LoadError, format_of, loader_for, preload
from .loaders.limits import MAX_SENTENCES, clean_inline
from .model import Document, LoadedText, LoadFailure, Sentence
from .segment import segment

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def _title_of(metadata: dict[str, object], doc_sentences: list[Sentence], path: str) -> str:
    title = metadata.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    first = next((s for s in doc_sentences), None)
    if first is not None and not first.is_heading and len(first.text) <= 100 and len(first.text.split()) <= 15:
        return str(first.text)  # a pasted page's first short line names it ("Job Posting: Director of ...")
    for s in doc_sentences:
        if s.is_heading:
            return str(s.text)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("-", " ").replace("_", " ").strip()


def _read_regular(path: Path, fmt: str, max_bytes: int) -> bytes:
    """The file's bytes, opened without blocking and refused unless it is a regular file within the cap."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise LoadError("not a regular file (a named pipe, device or socket): not read")
        if st.st_size > max_bytes:
            raise LoadError(f"file is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit "
                            "(raise max-file-size in config)")
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise LoadError(f"file grew past the {max_bytes:,}-byte limit while reading")
    return data


def _loaded(path: Path, shown: str, fmt: str, max_bytes: int) -> LoadedText:
    """Read and parse the file: native-library formats in an isolated child process."""
    data = _read_regular(path, fmt, max_bytes)
    load = loader_for(shown)
    if fmt in ISOLATED and isolate.available():
        preload(fmt)
        return isolate.run_isolated(load, data, shown)
    return load(data, shown)


def load_document(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | LoadFailure:
    """Load, decode and segment `path`; `shown` is the path as reports print it."""
    fmt = format_of(shown) or "unknown"
    try:
        loaded = _loaded(path, shown, fmt, max_bytes)
        sentences = segment(loaded.text, loaded.blocks, MAX_SENTENCES + 1)
        if len(sentences) > MAX_SENTENCES:
            del sentences[MAX_SENTENCES:]
            loaded.warnings.append(f"text cut after {MAX_SENTENCES:,} sentences: the rest of the document "
                                   "was not audited")
    except LoadError as exc:
        return LoadFailure(shown, fmt, clean_inline(str(exc)))  # a reason may quote the file
    except PermissionError:
        return LoadFailure(shown, fmt, "permission denied: the file cannot be read")
    except IsADirectoryError:
        return LoadFailure(shown, fmt, "is a directory")
    except OSError as exc:
        return LoadFailure(shown, fmt, f"cannot read: {os.strerror(exc.errno) if exc.errno else exc}")
    except MemoryError:
        return LoadFailure(shown, fmt, "out of memory while reading the file")
    except Exception as exc:  # noqa: BLE001 - a loader bug must not lose the other documents
        return LoadFailure(shown, fmt, clean_inline(f"internal error while reading ({type(exc).__name__}: {exc}); "
                                                    "please report it"))
    if not sentences:
        return LoadFailure(shown, fmt, "text cut at the character limit before any sentence: nothing to audit"
                           if loaded.cut else "no text found in the document")
    kind = loaded.metadata.get("kind")
    return Document(
        path=shown, format=fmt, text=loaded.text, blocks=loaded.blocks, sentences=sentences,
        title=clean_inline(_title_of(loaded.metadata, sentences, shown)),
        kind=clean_inline(str(kind)) if kind else None,
        metadata=loaded.metadata, page_starts=loaded.page_starts, line_unit=loaded.line_unit,
        line_map=loaded.line_map, directives=loaded.directives, warnings=list(loaded.warnings),
    )
