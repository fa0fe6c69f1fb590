"""Paths as they were at a git revision (for `check --diff-base REV`) and staged changes (for `--staged`)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git is missing, this is not a repository, or the revision is unknown."""


@dataclass(frozen=True)
class Export:
    """A revision's copy of some paths: where each path's counterpart is, and the counterpart of the
    working folder, so the copy's documents get the same shown paths as the working tree's."""

    paths: list[Path]
    base: Path


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if out.returncode != 0:
        raise GitError(out.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return out.stdout


def _top(cwd: Path) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8", "surrogateescape").strip()).resolve()


def _relative(p: Path, top: Path) -> str:
    """`p` relative to the repository's top folder; ValueError when it lies outside the repository."""
    resolved = p.absolute().resolve() if not p.is_symlink() else p.absolute()
    return resolved.relative_to(top).as_posix() if resolved != top else "."


def export_at(rev: str, paths: list[Path], target: Path) -> Export:
    """Write `paths` (files or folders) as they were at `rev` under `target`, mirroring their
    location in the repository; the counterpart of a path new since `rev` may not exist."""
    cwd = Path.cwd()
    top = _top(cwd)
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    out: list[Path] = []
    for p in paths:
        rel = _relative(p, top)
        listing = _git(["ls-tree", "-r", "-z", "--name-only", rev, "--", rel], top).split(b"\0")
        for name in filter(None, (n.decode("utf-8", "surrogateescape") for n in listing)):
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(_git(["show", f"{rev}:{name}"], top))
        counterpart = target / rel
        if not counterpart.exists() and p.is_dir():
            counterpart.mkdir(parents=True, exist_ok=True)  # a folder new since rev: everything is added
        out.append(counterpart)
    return Export(out, target / _relative(cwd, top))


def staged_changes(paths: list[Path]) -> list[Path]:
    """Files with staged changes (added, modified, renamed, copied or deleted; both names of a rename)
    under `paths` (default: the whole repository), relative to the working folder, sorted."""
    cwd = Path.cwd()
    top = _top(cwd)
    scope = [_relative(p, top) for p in paths] or ["."]
    raw = _git(["diff", "--cached", "--name-status", "-z", "--no-renames", "--no-ext-diff", "--", *scope], top)
    fields = [f.decode("utf-8", "surrogateescape") for f in raw.split(b"\0") if f]
    names = {fields[i + 1] for i in range(0, len(fields) - 1, 2)}
    here = cwd.resolve()
    out = []
    for name in names:
        full = top / name
        try:
            out.append(Path(full.relative_to(here).as_posix()))
        except ValueError:
            out.append(full)
    return sorted(out)


def anything_staged() -> bool:
    """Whether the index differs from HEAD at all (false in a manual run or `pre-commit run --all-files`)."""
    cwd = Path.cwd()
    top = _top(cwd)
    return bool(_git(["diff", "--cached", "--name-only", "-z", "--no-ext-diff"], top))
