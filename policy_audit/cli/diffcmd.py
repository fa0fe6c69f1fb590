"""`policy-audit diff OLD NEW` and the diff behind `check --diff-base REV`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__, exitcodes
from .common import fail, load_packs, resolve_config, split_codes, write_atomic

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..audit import AuditOptions, AuditRun
    from ..compare import DiffReport, Sentence
    from ..config import Config


def audit_options(cfg: Config) -> AuditOptions:
    """The config's settings that change how a document is read and judged, for both sides of a diff."""
    from ..audit import AuditOptions

    return AuditOptions(severity=dict(cfg.severity), kinds=dict(cfg.kinds), exclude=list(cfg.exclude),
                        max_bytes=cfg.max_file_size)


def _present(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.exists() or p.is_symlink()]


def _finish(report: DiffReport, fmt: str, output: str | None, fail_on_regression: bool) -> None:
    from ..report.diff_formats import RENDERERS

    text = RENDERERS[fmt](report)
    if output:
        write_atomic(output, text)
    else:
        from .output import emit

        emit(text)  # UTF-8 whatever the locale, as every report
    if report.errors:
        sys.exit(exitcodes.FINDINGS)
    sys.exit(exitcodes.FINDINGS if fail_on_regression and report.summary.regressions else exitcodes.OK)


def _wanted(runs: AuditRun, select: list[str], ignore: list[str]) -> set[str]:
    from ..audit import selected

    return {r.id for p in runs.packs for r in p.pack.rules if selected(r.id, r.area, select, ignore)}


def _base_of(paths: list[Path]) -> Path | None:
    """The folder one side's shown paths are relative to: the compared folder, or a file's folder."""
    if len(paths) != 1:
        return None
    p = paths[0]
    return (p if p.is_dir() else p.parent).absolute()


def run_diff(old: list[Path], new: list[Path], rule_paths: list[str], select: list[str], ignore: list[str],
             fmt: str, output: str | None, fail_on_regression: bool, options: AuditOptions) -> None:
    """Audit both versions with the same packs and settings, compare rule by rule, print, exit by policy.

    Each side is read with paths relative to the folder compared, so a document's kind (which may
    come from its path) never depends on the folder a version is kept in; reports show full paths."""
    from dataclasses import replace

    from ..audit import run_audit
    from ..compare import diff_runs
    from ..documents.discover import shown_path

    packs = load_packs(rule_paths)
    old_base, new_base = _base_of(old), _base_of(new)
    old_run = run_audit(_present(old), packs, replace(options, base=old_base), __version__)
    new_run = run_audit(_present(new), packs, replace(options, base=new_base), __version__)
    here = Path.cwd().absolute()

    def under(base: Path | None) -> Callable[[str], str]:
        if base is None:
            return lambda p: p
        return lambda p: shown_path(base / p, here)

    report = diff_runs(old_run, new_run, Path("."), Path("."), __version__, _wanted(new_run, select, ignore))
    report = _label(report, old_run, new_run, under(old_base), under(new_base))
    old_label = old[0].as_posix() if len(old) == 1 else "."
    new_label = new[0].as_posix() if len(new) == 1 else "."
    _finish(report.model_copy(update={"old": old_label, "new": new_label}), fmt, output, fail_on_regression)


def _label(report: DiffReport, old_run: AuditRun, new_run: AuditRun, old_path: Callable[[str], str],
           new_path: Callable[[str], str]) -> DiffReport:
    """Show each side's sentences and errors under the path a reader opens (or `REV:path` for git)."""
    def moved(s: Sentence | None, fix: Callable[[str], str]) -> Sentence | None:
        return s.model_copy(update={"path": fix(s.path)}) if s else None

    rules = [rd.model_copy(update={"changes": [
        c.model_copy(update={"old": moved(c.old, old_path), "new": moved(c.new, new_path)}) for c in rd.changes]})
        for rd in report.rules]
    errors = sorted([f"{old_path(d.path)}: {d.error}" for d in old_run.report.documents if d.error]
                    + [f"{new_path(d.path)}: {d.error}" for d in new_run.report.documents if d.error])
    return report.model_copy(update={"rules": rules, "errors": errors})


def diff_against_revision(rev: str, paths: list[Path], rule_paths: list[str], select: list[str], ignore: list[str],
                          fmt: str, output: str | None, fail_on_regression: bool, options: AuditOptions) -> None:
    """Compare the working tree's `paths` with the same paths at git revision `rev`.

    The revision's copy is read with the working tree's shown paths and settings, so an unchanged
    document is judged the same on both sides whatever folder holds the copy."""
    from dataclasses import replace

    from ..audit import run_audit
    from ..compare import diff_runs
    from ..gitrev import GitError, export_at

    packs = load_packs(rule_paths)
    with tempfile.TemporaryDirectory(prefix="policy-audit-base-") as tmp:
        try:
            exported = export_at(rev, paths, Path(tmp))
        except (GitError, ValueError) as exc:
            fail(f"error: --diff-base {rev}: {exc}")
        old_run = run_audit(_present(exported.paths), packs, replace(options, base=exported.base.absolute()),
                            __version__)
    new_run = run_audit(_present(paths), packs, options, __version__)
    root = paths[0] if len(paths) == 1 else Path(".")
    report = diff_runs(old_run, new_run, root, root, __version__, _wanted(new_run, select, ignore))
    report = _label(report, old_run, new_run, lambda p: f"{rev}:{p}", lambda p: p)
    _finish(report.model_copy(update={"old": rev}), fmt, output, fail_on_regression)


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("--rules", "rule_paths", multiple=True, metavar="PATH", help="Rule pack folder or .rules file.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules: IDs, ID prefixes or areas.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text")
@click.option("-o", "--output", default=None, metavar="FILE", help="Write to FILE atomically instead of stdout.")
@click.option("--fail-on-regression", is_flag=True, help="Exit 1 when a commitment was removed or weakened.")
def diff(old: Path, new: Path, rule_paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
         fmt: str, output: str | None, fail_on_regression: bool) -> None:
    """Compare two versions of a policy or folder: commitments added, removed, weakened, strengthened.

    Exit codes: 0 (or 1 with --fail-on-regression when a commitment was removed or weakened);
    1 when a document cannot be read; 2 usage or rule-file errors.
    """
    cfg = resolve_config(None, False)
    run_diff([old], [new], list(rule_paths) or cfg.rules, split_codes(select) or cfg.select,
             split_codes(ignore) or cfg.ignore, fmt, output, fail_on_regression, audit_options(cfg))
