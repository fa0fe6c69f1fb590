"""Extract paths as they were at a git revision, for `check --diff-base REV`."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, this is not a repository, or the revision is unknown."""


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if out.returncode != 0:
        raise GitError(out.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return out.stdout


def export_at(rev: str, paths: list[Path], target: Path) -> list[Path]:
    """Write `paths` (files or folders) as they were at `rev` under `target`, mirroring their
    location in the repository; return the exported counterpart of each path (it may not exist
    when the path is new since `rev`)."""
    cwd = Path.cwd()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    out: list[Path] = []
    for p in paths:
        rel = p.resolve().relative_to(top.resolve()).as_posix() if p.resolve() != top.resolve() else "."
        listing = _git(["ls-tree", "-r", "-z", "--name-only", rev, "--", rel], top).split(b"\0")
        for name in filter(None, (n.decode("utf-8", "surrogateescape") for n in listing)):
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(_git(["show", f"{rev}:{name}"], top))
        counterpart = target / rel
        if not counterpart.exists() and p.is_dir():
            counterpart.mkdir(parents=True, exist_ok=True)  # a folder new since rev: everything is added
        out.append(counterpart)
    return out
