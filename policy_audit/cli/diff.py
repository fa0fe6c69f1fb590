"""`policy-audit diff OLD NEW` and `check --diff-base REV`: what a revision did to each rule's commitments."""

from __future__ import annotations

import dataclasses
import fnmatch
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from .. import __version__, exitcodes
from .common import fail, load_packs, resolve_config, split_codes, write_atomic

if TYPE_CHECKING:
    from ..audit import AuditOptions
    from ..diff import DiffReport, Version

DIFF_FORMATS = ("text", "json", "markdown")


def load_version(label: str, roots: list[Path], options: "AuditOptions", key_of: Callable[[str], str],
                 shown: Callable[[str], str] | None = None) -> "Version":
    """Load every document under `roots` (absent roots give none), keyed for pairing and renamed by `shown`."""
    from ..audit import load_all
    from ..diff import Version

    docs, failures, _ = load_all([r for r in roots if r.exists()], dataclasses.replace(options, kinds={}))
    keys = [key_of(d.path) for d in docs]
    for d, key in zip(docs, keys):
        if shown is not None:
            d.path = shown(key)
        if not d.kind:  # path globs from config apply to the name the reader sees
            d.kind = next((k for g, k in options.kinds.items() if fnmatch.fnmatch(d.path, g)), None)
    if shown is not None:
        failures = [dataclasses.replace(f, path=shown(key_of(f.path))) for f in failures]
    return Version(label, docs, keys, failures)


def _relative(shown_path: str, roots: list[Path]) -> str:
    """A document's path relative to whichever root holds it (a root that is a file gives its name)."""
    p = Path(shown_path).absolute()
    for root in roots:
        base = root.absolute()
        if p == base:
            return p.name
        if p.is_relative_to(base):
            return p.relative_to(base).as_posix()
    return shown_path


def emit(report: "DiffReport", formats: tuple[str, ...], outputs: tuple[str, ...], color: bool | None) -> None:
    """Render every requested format to its output file, or to stdout."""
    from ..diffformat import RENDERERS, render_text

    use_color = sys.stdout.isatty() if color is None else color
    for i, fmt in enumerate(formats):
        text = render_text(report, color=use_color and not outputs) if fmt == "text" else RENDERERS[fmt](report)
        if outputs:
            write_atomic(outputs[i], text)
        else:
            click.echo(text, nl=False)


def exit_code(report: "DiffReport", fail_on_regression: bool) -> int:
    """1 for a regression when asked to fail on one, else 0."""
    return exitcodes.FINDINGS if fail_on_regression and report.summary.regression else exitcodes.OK


def _check_formats(formats: tuple[str, ...], outputs: tuple[str, ...]) -> tuple[str, ...]:
    formats = formats or ("text",)
    wrong = [f for f in formats if f not in DIFF_FORMATS]
    if wrong:
        fail(f"error: the diff report comes in {', '.join(DIFF_FORMATS)}, not {', '.join(wrong)}")
    if outputs and len(outputs) != len(formats):
        fail("error: give one --output per --format (e.g. -f json -o diff.json -f markdown -o diff.md)")
    if not outputs and len(formats) > 1:
        fail("error: several --format values need one --output each")
    return formats


def _keep(options: "AuditOptions") -> Callable:  # noqa: ANN202
    from ..audit import selected

    return lambda r: selected(r.id, r.area, options.select, options.ignore)


def run_diff_base(paths: list[Path], rev: str, packs: list, options: "AuditOptions", formats: tuple[str, ...],
                  outputs: tuple[str, ...], fail_on_regression: bool, color: bool | None) -> int:
    """`check --diff-base REV`: diff PATHS at REV against the working tree; return the exit code."""
    from ..diff import compare
    from ..gitbase import GitError, relative_to_root, snapshot

    formats = _check_formats(formats, outputs)
    with tempfile.TemporaryDirectory(prefix="policy-audit-base-") as tmp:
        try:
            snap = snapshot(rev, paths, Path(tmp))
        except GitError as exc:
            fail(f"error: {exc}")
        old = load_version(rev, [Path(tmp) / r for r in snap.relpaths], options,
                           key_of=lambda p: _relative(p, [Path(tmp)]),
                           shown=lambda key: f"{rev}:{key}")

        def new_key(path: str) -> str:
            try:
                return relative_to_root(Path(path), snap.root)
            except GitError:
                return path
        new = load_version("working tree", paths, options, key_of=new_key)
        report = compare(old, new, packs, _keep(options), __version__)
    emit(report, formats, outputs, color)
    return exit_code(report, fail_on_regression)


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("--rules", "rule_paths", multiple=True, metavar="PATH",
              help="Rule pack folder or .rules file (repeatable). Default: the built-in pack.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules: IDs, ID prefixes or areas, comma-separated.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules: IDs, ID prefixes or areas.")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(DIFF_FORMATS),
              help="Output format (repeatable, paired with --output in order). Default: text.")
@click.option("-o", "--output", "outputs", multiple=True, metavar="FILE", help="Write to FILE instead of stdout (repeatable).")
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when a commitment was removed or weakened, or a rule's state dropped.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Config file (default: nearest .policy-audit.toml or pyproject.toml [tool.policy-audit]).")
@click.option("--no-config", is_flag=True, help="Ignore config files.")
@click.option("--color/--no-color", default=None, help="Colour text output (default: only on a terminal).")
def diff(old: Path, new: Path, rule_paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
         formats: tuple[str, ...], outputs: tuple[str, ...], fail_on_regression: bool, config_path: str | None,
         no_config: bool, color: bool | None) -> None:
    """Compare two versions of a policy (two files, or two folders paired by relative path).

    Reports per rule each commitment added, removed, weakened (e.g. 'shall' -> 'may') or strengthened,
    with both sentences, and each change of the rule's state. A sentence that only moved is not a change.

    Exit codes: 0 done (or no regression with --fail-on-regression); 1 a regression with
    --fail-on-regression; 2 usage, config or rule-file errors.
    """
    from ..audit import AuditOptions
    from ..diff import compare

    if old.is_dir() != new.is_dir():
        fail("error: compare two files or two folders, not a file with a folder")
    formats = _check_formats(formats, outputs)
    cfg = resolve_config(config_path, no_config)
    packs = load_packs(list(rule_paths) or cfg.rules)
    options = AuditOptions(select=split_codes(select) or cfg.select, ignore=split_codes(ignore) or cfg.ignore,
                           kinds=dict(cfg.kinds), exclude=list(cfg.exclude), max_bytes=cfg.max_file_size)
    sides = []
    for root in (old, new):
        key_of = (lambda p, r=root: _relative(p, [r])) if root.is_dir() else (lambda p: new.name)
        sides.append(load_version(root.as_posix(), [root], options, key_of))
    report = compare(sides[0], sides[1], packs, _keep(options), __version__)
    emit(report, formats, outputs, color)
    sys.exit(exit_code(report, fail_on_regression))
