"""`policy-audit diff OLD NEW` and the diff behind `check --diff-base REV`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from .. import __version__, exitcodes
from .common import fail, load_packs, resolve_config, split_codes, write_atomic


def run_diff(old: list[Path], new: list[Path], rule_paths: list[str], select: list[str], ignore: list[str],
             fmt: str, output: str | None, fail_on_regression: bool, old_label: tuple[str, str] | None = None) -> None:
    """Audit both versions with the same packs, compare rule by rule, print, and exit by policy."""
    from ..audit import AuditOptions, run_audit, selected
    from ..compare import diff_runs
    from ..report.diff_formats import RENDERERS

    packs = load_packs(rule_paths)
    options = AuditOptions()
    old_run = run_audit([p for p in old if p.exists()], packs, options, __version__)
    new_run = run_audit(new, packs, options, __version__)
    wanted = {r.id for p in packs for r in p.pack.rules if selected(r.id, r.area, select, ignore)}
    old_root = old[0] if len(old) == 1 else Path(".")
    new_root = new[0] if len(new) == 1 else Path(".")
    report = diff_runs(old_run, new_run, old_root, new_root, __version__, wanted)
    if old_label:
        from ..compare import relabel

        report = relabel(report, *old_label)
    text = RENDERERS[fmt](report)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    if report.errors:
        sys.exit(exitcodes.FINDINGS)
    sys.exit(exitcodes.FINDINGS if fail_on_regression and report.summary.regressions else exitcodes.OK)


def diff_against_revision(rev: str, paths: list[Path], rule_paths: list[str], select: list[str], ignore: list[str],
                          fmt: str, output: str | None, fail_on_regression: bool) -> None:
    """Compare the working tree's `paths` with the same paths at git revision `rev`."""
    from ..gitrev import GitError, export_at

    with tempfile.TemporaryDirectory(prefix="policy-audit-base-") as tmp:
        try:
            old = export_at(rev, paths, Path(tmp))
        except (GitError, ValueError) as exc:
            fail(f"error: --diff-base {rev}: {exc}")
        shown_tmp = Path(tmp).resolve().as_posix()
        old = [Path(shown_tmp) / p.relative_to(Path(tmp)) if p.is_relative_to(Path(tmp)) else p for p in old]
        run_diff(old, paths, rule_paths, select, ignore, fmt, output, fail_on_regression,
                 old_label=(shown_tmp, rev))


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
             split_codes(ignore) or cfg.ignore, fmt, output, fail_on_regression)
