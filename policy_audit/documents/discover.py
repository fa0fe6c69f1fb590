"""Find the documents to audit: folders walked recursively in a stable order, nothing lost silently."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from .loaders import format_of


@dataclass
class Discovery:
    """Every file found, split into those a loader reads, those skipped, and those that failed."""

    documents: list[tuple[Path, str]] = field(default_factory=list)  # (real path, shown path)
    skipped: list[str] = field(default_factory=list)  # unknown extensions, listed in the summary
    errors: list[tuple[str, str]] = field(default_factory=list)  # (shown path, reason)
    excluded: int = 0


# Formats that no loader reads, but that are documents: refused with a reason, never skipped silently.
REFUSED = {".doc": "a legacy Word .doc file (binary format) cannot be read: save it as .docx or PDF"}


def shown_path(path: Path, base: Path) -> str:
    """The path as reports print it: relative to the working folder when inside it, posix style."""
    try:
        return path.absolute().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _excluded(shown: str, excludes: list[str]) -> bool:
    name = shown.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(shown, g) or fnmatch.fnmatch(name, g) for g in excludes)


def discover(paths: list[Path], excludes: list[str] | None = None, base: Path | None = None) -> Discovery:
    """Expand files and folders; hidden folders and excluded globs are skipped, loops are reported."""
    excludes = excludes or []
    base = (base or Path.cwd()).absolute()
    found = Discovery()
    seen: set[str] = set()

    def add_file(p: Path) -> None:
        shown = shown_path(p, base)
        if shown in seen:
            return
        seen.add(shown)
        if _excluded(shown, excludes):
            found.excluded += 1
            return
        refused = REFUSED.get(os.path.splitext(shown)[1].lower())
        if refused:
            found.errors.append((shown, refused))
        elif format_of(shown) is None:
            found.skipped.append(shown)
        else:
            found.documents.append((p, shown))

    for root in paths:
        if not root.exists() and not root.is_symlink():
            found.errors.append((root.as_posix(), "no such file or folder"))
            continue
        if root.is_file() or (root.is_symlink() and not root.exists()):
            if root.is_symlink() and not root.exists():
                found.errors.append((shown_path(root, base), "broken symbolic link"))
            else:
                add_file(root)
            continue
        visited: set[tuple[int, int]] = set()
        def unlistable(e: OSError, root: Path = root) -> None:
            found.errors.append((shown_path(Path(e.filename or str(root)), base), f"cannot list folder: {e.strerror}"))

        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unlistable):
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
            if key in visited:
                found.errors.append((shown_path(Path(dirpath), base), "symbolic link loop: folder already visited"))
                dirnames[:] = []
                continue
            visited.add(key)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and not _excluded(shown_path(Path(dirpath) / d, base), excludes))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                p = Path(dirpath) / name
                if p.is_symlink() and not p.exists():
                    found.errors.append((shown_path(p, base), "broken symbolic link"))
                    continue
                add_file(p)
    found.documents.sort(key=lambda t: t[1])
    found.skipped.sort()
    return found
