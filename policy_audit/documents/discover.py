"""Find the documents to audit: folders walked iteratively in a stable order, nothing lost silently.

Only regular files are read (a named pipe would block the run forever), symbolic links are followed
only to places inside the given paths unless the user opts in, and anything that cannot be listed
or inspected is an error for that path, never an exception out of the run.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..safeio import special_kind
from .loaders import format_of

OUTSIDE_LINK = "symbolic link to a place outside the audited paths: not read (use --follow-links to read it)"


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


def _under(path: Path, base: Path) -> bool:
    """Whether `shown_path` gives `path` relative to `base` (and so its children too)."""
    try:
        path.absolute().relative_to(base)
    except ValueError:
        return False
    return True


def _child(prefix: str, name: str) -> str:
    """The shown path of `name` in a folder inside the base shown as `prefix`."""
    return name if prefix == "." else f"{prefix}/{name}"


def _excluded(shown: str, excludes: list[str]) -> bool:
    name = shown.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(shown, g) or fnmatch.fnmatch(name, g) for g in excludes)


def _inside(target: str, roots: list[str]) -> bool:
    """Whether the resolved `target` is one of the resolved roots or lies under one."""
    return any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


class _Walker:
    """One discovery run: the roots it may read, what it has seen, and what it found."""

    def __init__(self, excludes: list[str], base: Path, roots: list[str], follow_links: bool) -> None:
        self.excludes = excludes
        self.base = base
        self.roots = roots
        self.follow_links = follow_links
        self.found = Discovery()
        self.seen: set[str] = set()
        self.visited: set[tuple[int, int]] = set()

    def error(self, path: Path, reason: str) -> None:
        """Record a per-path error."""
        self.found.errors.append((shown_path(path, self.base), reason))

    def inspect(self, path: Path, explicit: bool) -> os.stat_result | None:
        """The stat of what `path` leads to, or None after recording why it is not read."""
        try:
            is_link = path.is_symlink()
        except OSError as exc:
            self.error(path, f"cannot inspect: {exc.strerror or exc}")
            return None
        if is_link:
            try:
                target = os.path.realpath(path, strict=True)
            except FileNotFoundError:
                self.error(path, "broken symbolic link")
                return None
            except OSError as exc:
                loop = "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40
                self.error(path, "symbolic link loop" if loop else f"cannot follow symbolic link: {exc.strerror or exc}")
                return None
            if not explicit and not self.follow_links and not _inside(target, self.roots):
                self.error(path, OUTSIDE_LINK)
                return None
        try:
            return os.stat(path)
        except OSError as exc:
            self.error(path, f"cannot inspect: {exc.strerror or exc}")
            return None

    def inspect_entry(self, entry: os.DirEntry[str], path: Path) -> os.stat_result | None:
        """As `inspect`, with the link test the folder listing answers: one system call for a plain file."""
        try:
            if entry.is_symlink():
                return self.inspect(path, explicit=False)
            return os.stat(path)
        except OSError as exc:
            self.error(path, f"cannot inspect: {exc.strerror or exc}")
            return None

    def add_file(self, p: Path, mode: int, shown: str | None = None) -> None:
        """A file: a document, a skipped unknown type, or an error when it is not a regular file."""
        shown = shown_path(p, self.base) if shown is None else shown
        if shown in self.seen:
            return
        self.seen.add(shown)
        if _excluded(shown, self.excludes):
            self.found.excluded += 1
            return
        refused = REFUSED.get(os.path.splitext(shown)[1].lower())
        if refused:
            self.found.errors.append((shown, refused))
        elif format_of(shown) is None:
            self.found.skipped.append(shown)
        elif not stat.S_ISREG(mode):
            self.found.errors.append((shown, f"not a regular file ({special_kind(mode)}): not read"))
        else:
            self.found.documents.append((p, shown))

    def walk(self, root: Path, st: os.stat_result) -> None:
        """Every file under the folder `root`, depth first, without recursion (trees may be very deep)."""
        stack: list[tuple[Path, os.stat_result]] = [(root, st)]
        while stack:
            folder, fst = stack.pop()
            key = (fst.st_dev, fst.st_ino)
            if key in self.visited:
                self.error(folder, "symbolic link loop: folder already visited")
                continue
            self.visited.add(key)
            try:
                with os.scandir(folder) as it:
                    entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
            except OSError as exc:
                self.error(folder, f"cannot list folder: {exc.strerror or exc}")
                continue
            # inside the base, a child's shown path is the folder's plus its name: no path arithmetic per file
            prefix = shown_path(folder, self.base)
            inside = _under(folder, self.base)
            subfolders: list[tuple[Path, os.stat_result]] = []
            for entry in entries:
                name = entry.name
                p = folder / name
                shown = _child(prefix, name) if inside else shown_path(p, self.base)
                if _excluded(shown, self.excludes):  # before any look at what it is
                    self.found.excluded += not os.path.isdir(p)
                    continue
                pst = self.inspect_entry(entry, p)
                if pst is None:
                    continue
                if stat.S_ISDIR(pst.st_mode):
                    subfolders.append((p, pst))
                else:
                    self.add_file(p, pst.st_mode, shown)
            stack.extend(reversed(subfolders))


def _resolved(path: Path) -> str | None:
    try:
        return os.path.realpath(path, strict=True)
    except OSError:
        return None


def discover(paths: list[Path], excludes: list[str] | None = None, base: Path | None = None,
             follow_links: bool = False) -> Discovery:
    """Expand files and folders; hidden folders and excluded globs are skipped, links leaving the given
    paths (unless `follow_links`), special files, loops and unreadable paths are reported."""
    base = (base or Path.cwd()).absolute()
    roots = [r for r in (_resolved(p) for p in paths) if r is not None]
    walker = _Walker(excludes or [], base, roots, follow_links)
    for root in paths:
        try:
            missing = not root.exists() and not root.is_symlink()
        except OSError:
            missing = False
        if missing:
            walker.found.errors.append((root.as_posix(), "no such file or folder"))
            continue
        st = walker.inspect(root, explicit=True)
        if st is None:
            continue
        if stat.S_ISDIR(st.st_mode):
            if (st.st_dev, st.st_ino) in walker.visited:
                continue  # a folder given twice, or inside one given before: already read, not a loop
            walker.walk(root, st)
        else:
            walker.add_file(root, st.st_mode)
    found = walker.found
    found.documents.sort(key=lambda t: t[1])
    found.skipped.sort()
    return found
