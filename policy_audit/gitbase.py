"""Write paths as they were at a git revision into a folder, so `check --diff-base` can diff against them."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not a repository, the revision is unknown or a path lies outside."""


@dataclass
class Snapshot:
    """The requested paths at `rev`, written under `dest` at their repository-relative places."""

    root: Path  # the repository's top-level folder (resolved)
    rev: str
    dest: Path
    relpaths: list[str]  # each requested path relative to `root` ('.' for the root itself)
    files: list[str] = field(default_factory=list)  # files written, relative to `root`


def git(args: list[str], cwd: Path) -> bytes:
    """Run git in `cwd` and return its stdout; GitError with git's message on failure."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on PATH)") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise GitError(f"git {' '.join(args[:2])}: {message}")
    return done.stdout


def _existing_folder(path: Path) -> Path:
    """The nearest folder at or above `path` that exists (a path may be deleted in the working tree)."""
    p = path.absolute()
    while not p.is_dir() and p != p.parent:
        p = p.parent
    return p


def repo_root(path: Path) -> Path:
    """The top-level folder of the repository holding `path`."""
    out = git(["rev-parse", "--show-toplevel"], _existing_folder(path))
    return Path(out.decode("utf-8").strip()).resolve()


def relative_to_root(path: Path, root: Path) -> str:
    """`path` relative to the repository root, posix style ('.' for the root); GitError when outside."""
    for candidate in (path.absolute(), path.resolve()):
        try:
            return candidate.relative_to(root).as_posix() or "."
        except ValueError:
            continue
    raise GitError(f"{path} is outside the git repository at {root}")


def snapshot(rev: str, paths: list[Path], dest: Path) -> Snapshot:
    """Write every file under `paths` as it was at `rev` into `dest`; paths absent at `rev` give no files."""
    if not paths:
        paths = [Path(".")]
    root = repo_root(paths[0])
    try:
        git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    except GitError as exc:
        raise GitError(f"unknown git revision {rev!r}") from exc
    rels = [relative_to_root(p, root) for p in paths]
    snap = Snapshot(root, rev, dest, rels)
    listing = git(["ls-tree", "-r", "-z", "--full-tree", rev, "--", *rels], root)
    base = dest.resolve()
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_name = entry.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split()
        if kind != "blob" or mode == "120000":  # submodules and symbolic links hold no document
            continue
        name = raw_name.decode("utf-8", "surrogateescape")
        target = (dest / name).resolve()
        if not target.is_relative_to(base):
            raise GitError(f"refusing to write {name!r} outside the snapshot folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(git(["cat-file", "blob", oid], root))
        snap.files.append(name)
    return snap
