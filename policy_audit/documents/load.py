"""Read one file into a segmented `Document`, or a `LoadFailure` with the reason: never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from .loaders import LoadError, format_of, loader_for
from .model import Document, LoadFailure
from .segment import segment

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def _title_of(metadata: dict[str, object], doc_sentences: list, path: str) -> str:
    title = metadata.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    first = next((s for s in doc_sentences), None)
    if first is not None and not first.is_heading and len(first.text) <= 100 and len(first.text.split()) <= 15:
        return first.text  # a pasted page's first short line names it ("Job Posting: Director of ...")
    for s in doc_sentences:
        if s.is_heading:
            return s.text
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("-", " ").replace("_", " ").strip()


def load_document(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | LoadFailure:
    """Load, decode and segment `path`; `shown` is the path as reports print it."""
    fmt = format_of(shown) or "unknown"
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return LoadFailure(shown, fmt, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise max-file-size in config)")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            return LoadFailure(shown, fmt, f"file grew past the {max_bytes:,}-byte limit while reading")
        loaded = loader_for(shown)(data, shown)
    except LoadError as exc:
        return LoadFailure(shown, fmt, str(exc))
    except PermissionError:
        return LoadFailure(shown, fmt, "permission denied: the file cannot be read")
    except IsADirectoryError:
        return LoadFailure(shown, fmt, "is a directory")
    except OSError as exc:
        return LoadFailure(shown, fmt, f"cannot read: {os.strerror(exc.errno) if exc.errno else exc}")
    except MemoryError:
        return LoadFailure(shown, fmt, "out of memory while reading the file")
    except Exception as exc:  # a loader bug must not lose the other documents
        return LoadFailure(shown, fmt, f"internal error while reading ({type(exc).__name__}: {exc}); please report it")
    sentences = segment(loaded.text, loaded.blocks)
    if not any(not s.is_heading for s in sentences) and not sentences:
        return LoadFailure(shown, fmt, "no text found in the document")
    kind = loaded.metadata.get("kind")
    return Document(
        path=shown, format=fmt, text=loaded.text, blocks=loaded.blocks, sentences=sentences,
        title=_title_of(loaded.metadata, sentences, shown), kind=str(kind) if kind else None,
        metadata=loaded.metadata, page_starts=loaded.page_starts, line_unit=loaded.line_unit,
        line_map=loaded.line_map, directives=loaded.directives, warnings=list(loaded.warnings),
    )
