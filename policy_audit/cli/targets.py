"""What `check` audits: the given paths checked up front, `-` for standard input, and `--staged`."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click

from .common import fail

STDIN = Path("-")


@dataclass
class Targets:
    """The paths to discover plus documents read as given (standard input, saved under its shown name)."""

    paths: list[Path]
    extra: list[tuple[Path, str]] = field(default_factory=list)  # (real file, shown path)


def require_existing(paths: list[Path]) -> None:
    """A path that does not exist is a mistake on the command line: exit 2 before auditing anything."""
    for p in paths:
        if p != STDIN and not p.exists() and not p.is_symlink():
            fail(f"error: {p.as_posix()}: no such file or folder")


@contextmanager
def stdin_targets(paths: list[Path], stdin_filename: str | None) -> Iterator[Targets]:
    """Read `-` from standard input into a temporary file named like --stdin-filename (its format
    comes from that name, and reports show it); other paths pass through."""
    if STDIN not in paths:
        if stdin_filename:
            fail("error: --stdin-filename names the document read from '-'; give '-' as a path")
        yield Targets(paths)
        return
    if not stdin_filename:
        fail("error: reading '-' (standard input) needs --stdin-filename NAME, e.g. --stdin-filename policy.md")
    if paths.count(STDIN) > 1:
        fail("error: '-' (standard input) can be given once")
    name = Path(stdin_filename).name
    if name in ("", ".", ".."):
        fail(f"error: --stdin-filename {stdin_filename!r} has no file name")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="policy-audit-stdin-") as tmp:
        real = Path(tmp) / name
        real.write_bytes(data)
        yield Targets([p for p in paths if p != STDIN], [(real, Path(stdin_filename).as_posix())])


def staged_targets(paths: list[Path]) -> list[Path]:
    """Documents with staged changes under `paths` (deleted and renamed ones too). When changes are
    staged but none touches a document, exit 0 without auditing; with nothing staged at all (a manual
    run, `pre-commit run --all-files`) return no paths and let the audit run as usual.

    This is how the pre-commit hooks see a deletion: pre-commit passes only files that still exist."""
    from ..documents.loaders import format_of
    from ..gitrev import GitError, anything_staged, staged_changes

    try:
        changed = [p for p in staged_changes(paths) if format_of(p.name) is not None]
        if not changed and anything_staged():
            click.echo("policy-audit: no staged change touches a policy document: nothing to check", err=True)
            sys.exit(0)
    except (GitError, ValueError) as exc:
        fail(f"error: --staged: {exc}")
    return changed
