"""`policy-audit check`: audit files and folders, render every requested format, exit by policy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from typing import TYPE_CHECKING

from .. import __version__, exitcodes
from ..report.formats import FORMATS
from .common import fail, load_packs, resolve_config, split_codes, write_atomic


if TYPE_CHECKING:
    from ..report.models import Report


def exit_code(report: Report, fail_on: str) -> int:
    """1 when any document is unreadable or any unsuppressed finding is at or above `fail_on`, else 0."""
    if report.summary.errored:
        return exitcodes.FINDINGS
    if fail_on == "never":
        return exitcodes.OK
    from ..report.models import SEVERITY_ORDER

    floor = SEVERITY_ORDER[fail_on]
    if any(SEVERITY_ORDER[f.severity] >= floor for f in report.findings if f.suppressed is None):
        return exitcodes.FINDINGS
    return exitcodes.OK


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rule_paths", multiple=True, metavar="PATH",
              help="Rule pack folder or .rules file (repeatable). Default: the built-in equity-leadership pack.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules: IDs, ID prefixes or areas, comma-separated.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules: IDs, ID prefixes or areas.")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(sorted(FORMATS)),
              help="Output format (repeatable, paired with --output in order). Default: text.")
@click.option("-o", "--output", "outputs", multiple=True, metavar="FILE",
              help="Write the report to FILE atomically instead of stdout (repeatable).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest finding severity that makes the run exit 1. Default: error (or config).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Config file (default: nearest .policy-audit.toml or pyproject.toml [tool.policy-audit]).")
@click.option("--no-config", is_flag=True, help="Ignore config files.")
@click.option("--explain", "explain_id", metavar="RULE-ID", default=None,
              help="Show every sentence considered for one rule, its strength and why it counted or not.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Record the current findings in this baseline file.")
@click.option("--waivers", "waiver_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A TOML file of [[waivers]] (rule, paths, justification, expires) for formats without comments.")
@click.option("--no-suppressions", is_flag=True, help="Ignore inline suppressions and waivers (see everything).")
@click.option("--diff-base", "diff_base", metavar="REV", default=None,
              help="Compare the working tree with git revision REV and report changed commitments instead.")
@click.option("--fail-on-regression", is_flag=True,
              help="With --diff-base: exit 1 when a commitment was removed or weakened.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=1, show_default=True,
              help="Worker processes reading documents (0: one per CPU); worth it for folders of PDFs.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of document summaries and rule packs.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Cache folder (default: $XDG_CACHE_HOME/policy-audit or ~/.cache/policy-audit).")
@click.option("--color/--no-color", default=None, help="Colour text output (default: only on a terminal).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal, not in CI).")
def check(paths: tuple[Path, ...], rule_paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
          formats: tuple[str, ...], outputs: tuple[str, ...], fail_on: str | None, config_path: str | None,
          no_config: bool, explain_id: str | None, baseline_path: Path | None, write_baseline: Path | None,
          waiver_path: Path | None, no_suppressions: bool, diff_base: str | None, fail_on_regression: bool,
          jobs: int, no_cache: bool, cache_dir: Path | None, color: bool | None, progress: bool | None) -> None:
    """Audit policy documents (files or folders; default: the current folder).

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it, or an unreadable
    document; 2 usage, config or rule-file errors.
    """
    from ..audit import AuditOptions, run_audit
    from ..report.formats import renderer

    cfg = resolve_config(config_path, no_config)
    formats = formats or ("text",)
    if outputs and len(outputs) != len(formats):
        fail("error: give one --output per --format (e.g. -f json -o report.json -f sarif -o report.sarif)")
    if not outputs and len(formats) > 1:
        fail("error: several --format values need one --output each")
    if diff_base is not None:
        from .diffcmd import diff_against_revision

        if len(formats) > 1 or formats[0] not in ("text", "json", "markdown"):
            fail("error: --diff-base reports in one format: text, json or markdown")
        fmt = formats[0]
        diff_against_revision(diff_base, list(paths) or [Path(".")], list(rule_paths) or cfg.rules,
                              split_codes(select) or cfg.select, split_codes(ignore) or cfg.ignore, fmt,
                              outputs[0] if outputs else None, fail_on_regression)
    from ..cache import default_cache_dir

    cache_root = None if no_cache else cache_dir or default_cache_dir()
    packs = load_packs(list(rule_paths) or cfg.rules, cache_root)
    from .common import check_codes

    check_codes(packs, split_codes(select) or cfg.select, split_codes(ignore) or cfg.ignore)
    if explain_id and not any(p.pack.rule(explain_id) for p in packs):
        fail(f"error: no rule {explain_id} in the loaded packs (see: policy-audit rules list)")
    options = AuditOptions(select=split_codes(select) or cfg.select, ignore=split_codes(ignore) or cfg.ignore,
                           severity=dict(cfg.severity), kinds=dict(cfg.kinds), exclude=list(cfg.exclude),
                           max_bytes=cfg.max_file_size, jobs=jobs or (os.cpu_count() or 1),
                           cache_dir=cache_root)
    targets = list(paths) or [Path(".")]
    from .progress import progress_reporter

    with progress_reporter(progress) as tick:
        run = run_audit(targets, packs, options, __version__, progress=tick)
    if run.report.summary.discovered == 0:
        fail("error: no documents found in " + ", ".join(p.as_posix() for p in targets)
             + " (looked for .md, .txt, .docx, .pdf, .html, .odt, .rtf)")
    if explain_id:
        from .explain import render_explain

        click.echo(render_explain(run, explain_id), nl=False)
        sys.exit(exitcodes.OK)
    report = run.report
    if not no_suppressions:
        report = _suppress(report, run, packs, cfg, waiver_path)
    if write_baseline is not None:
        from ..baseline import baseline_text

        write_atomic(str(write_baseline), baseline_text(report))
        click.echo(f"wrote {write_baseline} ({sum(1 for f in report.findings if f.suppressed is None)} findings)", err=True)
    if baseline_path is not None:
        from ..baseline import BaselineError, apply_baseline, read_baseline

        try:
            report = apply_baseline(report, read_baseline(baseline_path), baseline_path.as_posix())
        except BaselineError as exc:
            fail(f"error: {exc}")
    use_color = sys.stdout.isatty() if color is None else color
    for i, fmt in enumerate(formats):
        if fmt == "text":
            from ..report.formats.text import render as render_text

            text = render_text(report, color=use_color and not outputs)
        else:
            text = renderer(fmt)(report)
        if outputs:
            write_atomic(outputs[i], text)
        else:
            click.echo(text, nl=False)
    sys.exit(exit_code(report, fail_on or cfg.fail_on))


def _suppress(report: Report, run, packs, cfg, waiver_path: Path | None) -> Report:  # noqa: ANN001
    """Apply inline suppressions and waivers (config and --waivers); exit 2 on a malformed waiver."""
    from pydantic import ValidationError

    from ..config import tomllib
    from ..suppress import apply_suppressions, waivers_from

    try:
        waivers = waivers_from(cfg.waivers, cfg.path or "config",
                               Path(cfg.path).read_text(encoding="utf-8") if cfg.path else "")
        if waiver_path is not None:
            text = waiver_path.read_text(encoding="utf-8")
            waivers += waivers_from(tomllib.loads(text).get("waivers", []), waiver_path.as_posix(), text)
    except (ValidationError, tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        fail(f"error: invalid waivers: {exc}")
    known = {r.id for p in packs for r in p.pack.rules}
    return apply_suppressions(report, [a.doc for a in run.analyses], waivers, known)
