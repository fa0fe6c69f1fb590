"""`policy-audit check`: audit files and folders, render every requested format, exit by policy."""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__, exitcodes
from ..report.formats import FORMATS
from ..report.plain import as_model
from .common import fail, resolve_config, split_codes, write_atomic

if TYPE_CHECKING:
    from ..config import Config
    from ..documents.model import Document
    from ..report.models import Report
    from .common import LazyPacks


def exit_code(report: Report, fail_on: str) -> int:
    """1 when any document is unreadable or any unsuppressed finding is at or above `fail_on`, else 0."""
    if report.summary.errored:
        return exitcodes.FINDINGS
    if fail_on == "never":
        return exitcodes.OK
    from ..report.levels import SEVERITY_ORDER

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
@click.option("-f", "--format", "--output-format", "formats", multiple=True, type=click.Choice(sorted(FORMATS)),
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
              help="Documents audited at once, this process included (N - 1 workers; 0: one per CPU).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of document summaries and rule packs.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Cache folder (default: $XDG_CACHE_HOME/policy-audit or ~/.cache/policy-audit).")
@click.option("--follow-links", is_flag=True,
              help="Also read files and folders that symbolic links point to outside the given paths.")
@click.option("--report-date", "report_date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date shown in the HTML report (default: SOURCE_DATE_EPOCH if set, else today).")
@click.option("--color/--no-color", default=None,
              help="Colour text on the terminal, even when piped (default: NO_COLOR, then FORCE_COLOR, then a tty).")
@click.option("-q", "--quiet", is_flag=True, help="Only the reports: no summary on stderr, no progress bar.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every file found and what became of it, on stderr.")
@click.option("--statistics", is_flag=True, help="Print counts per rule instead of the text report.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal, not in CI).")
@click.option("--stdin-filename", metavar="NAME", default=None,
              help="With '-' as a path: the name (and so the format) of the document read from standard input.")
@click.option("--staged", is_flag=True,
              help="Run only when git has staged changes to documents (deleted and renamed ones too) under the "
                   "given folders; with --diff-base, compare those documents as well. For pre-commit hooks.")
@click.option("--show-files", is_flag=True, help="List the files that would be audited, then exit.")
@click.option("--show-settings", is_flag=True, help="Print the settings in force (config and flags), then exit.")
def check(paths: tuple[Path, ...], rule_paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
          formats: tuple[str, ...], outputs: tuple[str, ...], fail_on: str | None, config_path: str | None,
          no_config: bool, explain_id: str | None, baseline_path: Path | None, write_baseline: Path | None,
          waiver_path: Path | None, no_suppressions: bool, diff_base: str | None, fail_on_regression: bool,
          jobs: int, no_cache: bool, cache_dir: Path | None, follow_links: bool,
          report_date: datetime.datetime | None, color: bool | None, progress: bool | None,
          quiet: bool, verbose: bool, statistics: bool, stdin_filename: str | None, staged: bool,
          show_files: bool, show_settings: bool) -> None:
    """Audit policy documents (files or folders; default: the current folder; '-': standard input).

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it, or an unreadable
    document; 2 usage, config or rule-file errors (a path that does not exist is one).
    """
    from ..cache import default_cache_dir
    from .targets import require_existing, stdin_targets

    require_existing(list(paths))
    with stdin_targets(list(paths), stdin_filename) as targets:
        _check(targets.paths, targets.extra, rule_paths, select, ignore, formats, outputs, fail_on, config_path,
               no_config, explain_id, baseline_path, write_baseline, waiver_path, no_suppressions, diff_base,
               fail_on_regression, jobs, color, progress, staged, show_files, show_settings,
               report_date, quiet, verbose, statistics, follow_links,
               None if no_cache else cache_dir or default_cache_dir())


def _check(paths: list[Path], extra: list[tuple[Path, str]], rule_paths: tuple[str, ...], select: tuple[str, ...],
           ignore: tuple[str, ...], formats: tuple[str, ...], outputs: tuple[str, ...], fail_on: str | None,
           config_path: str | None, no_config: bool, explain_id: str | None, baseline_path: Path | None,
           write_baseline: Path | None, waiver_path: Path | None, no_suppressions: bool, diff_base: str | None,
           fail_on_regression: bool, jobs: int, color: bool | None, progress: bool | None, staged: bool,
           show_files: bool, show_settings: bool, report_date: datetime.datetime | None, quiet: bool,
           verbose: bool, statistics: bool, follow_links: bool, cache_root: Path | None) -> None:
    from ..audit import AuditOptions, ReportRun, audit_report, run_audit

    cfg = resolve_config(config_path, no_config, cache_root)
    if staged:
        from .targets import staged_targets

        changed = staged_targets([p for p in paths if p.is_dir()])
        if diff_base is not None:
            paths = paths + [c for c in changed if c not in paths]
    formats = formats or ("text",)
    if outputs and len(outputs) != len(formats):
        fail("error: give one --output per --format (e.g. -f json -o report.json -f sarif -o report.sarif)")
    if not outputs and len(formats) > 1:
        fail("error: several --format values need one --output each")
    if statistics and "text" not in formats:
        fail("error: --statistics stands in for the text report; use it with -f text")
    from ..report.formats import BINARY

    if not outputs and BINARY.intersection(formats):
        fail("error: -f xlsx writes a binary workbook: give a file with -o (e.g. -f xlsx -o audit.xlsx)")
    if diff_base is not None:
        from .diffcmd import diff_against_revision

        if len(formats) > 1 or formats[0] not in ("text", "json", "markdown"):
            fail("error: --diff-base reports in one format: text, json or markdown")
        from .diffcmd import audit_options

        if extra:
            fail("error: --diff-base compares files in git; it cannot read standard input")
        fmt = formats[0]
        diff_against_revision(diff_base, paths or [Path(".")], list(rule_paths) or cfg.rules,
                              split_codes(select) or cfg.select, split_codes(ignore) or cfg.ignore, fmt,
                              outputs[0] if outputs else None, fail_on_regression, audit_options(cfg))
    from .common import LazyPacks, check_codes

    lazy = LazyPacks(list(rule_paths) or cfg.rules, cache_root)
    codes = (split_codes(select) or cfg.select, split_codes(ignore) or cfg.ignore)
    if codes[0] or codes[1]:
        check_codes(lazy.get(), *codes)
    if explain_id and not any(p.pack.rule(explain_id) for p in lazy.get()):
        fail(f"error: no rule {explain_id} in the loaded packs (see: policy-audit rules list)")
    options = AuditOptions(select=split_codes(select) or cfg.select, ignore=split_codes(ignore) or cfg.ignore,
                           severity=dict(cfg.severity), kinds=dict(cfg.kinds), exclude=list(cfg.exclude),
                           max_bytes=cfg.max_file_size, jobs=jobs or (os.cpu_count() or 1), extra=extra,
                           cache_dir=cache_root, follow_links=follow_links)
    targets = paths if paths or extra else [Path(".")]
    if show_files or show_settings:
        from .show import show_files as list_files
        from .show import show_settings as list_settings

        if show_settings:
            list_settings(cfg, list(rule_paths) or cfg.rules, lazy.get(), options, fail_on or cfg.fail_on)
        if show_files:
            list_files(targets, options)
        sys.exit(exitcodes.OK)
    from .progress import progress_reporter

    with progress_reporter(False if quiet else progress) as tick:
        # --explain reads every summary; a report alone may come whole from the cache
        run = run_audit(targets, lazy.get(), options, __version__, progress=tick) if explain_id else None
        done = ReportRun(run.report, [a.doc for a in run.analyses]) if run else \
            audit_report(targets, lazy.get, lazy.keys(), options, __version__, progress=tick)
    if done.report.summary.discovered == 0:
        fail("error: no documents found in " + ", ".join(p.as_posix() for p in targets or [Path("-")])
             + " (looked for .md, .txt, .docx, .pdf, .html, .odt, .rtf)")
    if run is not None and explain_id:
        from ..report.escape import visible
        from .explain import render_explain
        from .output import emit

        emit(visible(render_explain(run, explain_id)))
        sys.exit(exitcodes.OK)
    report = done.report
    if cfg.name:
        report = as_model(report).model_copy(update={"subject": cfg.name})
    if not no_suppressions:
        report = _suppress(report, done.directive_docs, lazy, cfg, waiver_path)
    if write_baseline is not None or baseline_path is not None:
        report = as_model(report)  # a stored report's view becomes the model the baseline code copies
    if write_baseline is not None:
        from ..baseline import baseline_text

        write_atomic(str(write_baseline), baseline_text(report))
        if not quiet:
            click.echo(f"wrote {write_baseline} ({sum(1 for f in report.findings if f.suppressed is None)} findings)",
                       err=True)
    if baseline_path is not None:
        from ..baseline import BaselineError, apply_baseline, read_baseline

        try:
            report = apply_baseline(report, read_baseline(baseline_path), baseline_path.as_posix())
        except BaselineError as exc:
            fail(f"error: {exc}")
    from .output import OutputOptions, write_reports

    write_reports(report, OutputOptions(formats, outputs, fail_on or cfg.fail_on, color, quiet, verbose, statistics,
                                         report_date.date() if report_date else None))
    sys.exit(exit_code(report, fail_on or cfg.fail_on))


def _suppress(report: Report, docs: list[Document], packs: LazyPacks, cfg: Config,
              waiver_path: Path | None) -> Report:
    """Apply inline suppressions and waivers (config and --waivers); exit 2 on a malformed waiver."""
    if not docs and not cfg.waivers and waiver_path is None:
        return report  # nothing to apply: neither the suppression code nor the packs' rule IDs are needed
    from pydantic import ValidationError

    from ..config import tomllib  # type: ignore[attr-defined]
    from ..safeio import CONFIG_CAP, SafeReadError, read_regular_text
    from ..suppress import apply_suppressions, waivers_from

    try:
        waivers = waivers_from(cfg.waivers, cfg.path or "config",
                               read_regular_text(Path(cfg.path), CONFIG_CAP, "config file") if cfg.path else "")
        if waiver_path is not None:
            text = read_regular_text(waiver_path, CONFIG_CAP, "waivers file")
            waivers += waivers_from(tomllib.loads(text).get("waivers", []), waiver_path.as_posix(), text)
    except (ValidationError, tomllib.TOMLDecodeError, SafeReadError) as exc:
        fail(f"error: invalid waivers: {exc}")
    known = {r.id for p in packs.get() for r in p.pack.rules}
    return apply_suppressions(as_model(report), docs, waivers, known)
