"""Human output, grouped by file like ruff or Vale, with a scorecard per area; colour only on a terminal."""

from __future__ import annotations

import textwrap
from itertools import groupby
from typing import TYPE_CHECKING

from ..escape import safe_report, safe_summary

if TYPE_CHECKING:
    from ..models import Evidence, Finding, Report

_COLORS = {"error": "red", "warning": "yellow", "info": "blue", "met": "green", "weak": "yellow",
           "missing": "red", "not-applicable": "bright_black", "invalid": "magenta"}


def _style(text: str, color: str | None, on: bool, bold: bool = False) -> str:
    if not on or color is None:
        return text
    import click

    return click.style(text, fg=color, bold=bold)


def location(path: str, line: int, column: int, page: int | None) -> str:
    """`path:12:5`, or `path:p3:12` for a page and line on that page."""
    return f"{path}:p{page}:{line}" if page is not None else f"{path}:{line}:{column}"


def _quote(e: Evidence, path: str, width: int = 100) -> str:
    text = e.quote  # chosen and cut by the report builder, the same in every format
    loc = f"p{e.page}:{e.line}" if e.page is not None else f"para{e.paragraph}" if e.paragraph else f"{e.line}"
    where = (f"line {loc}" if loc.isdigit() else loc) if e.path == path else f"{e.path}:{loc}"
    return textwrap.fill(f'"{text}" ({e.reason}; {where})', width=width,
                         initial_indent="      > ", subsequent_indent="        ")


def _finding(f: Finding, color: bool) -> list[str]:
    loc = f"p{f.page}:{f.line}" if f.page is not None else f"para{f.paragraph}" if f.paragraph else f"{f.line}:{f.column}"
    head = (f"  {loc:<8} {_style(f.severity, _COLORS[f.severity], color):<{7 + (9 if color else 0)}} "
            f"{_style(f.rule_id, None, color, bold=True)}  {_style(f.state, _COLORS[f.state], color)}  {f.title}")
    lines = [head]
    lines.extend(textwrap.wrap(f.message, width=100, initial_indent="      ", subsequent_indent="      "))
    lines.extend(_quote(e, f.path) for e in f.evidence)  # the builder's selection, as in every format
    if f.hint:
        lines.extend(textwrap.wrap("hint: " + f.hint, width=100, initial_indent="      ", subsequent_indent="            "))
    return lines


def render(report: Report, color: bool = False) -> str:
    """Findings grouped by file, unreadable files, then the per-area scorecard and totals."""
    report = safe_report(report)
    out: list[str] = []
    active = [f for f in report.findings if f.suppressed is None]
    for path, group in groupby(active, key=lambda f: f.path):
        out.append(_style(path, None, color, bold=True))
        for f in group:
            out.extend(_finding(f, color))
        out.append("")
    errors = [d for d in report.documents if d.error]
    if errors:
        out.append(_style("Unreadable documents", "red", color, bold=True))
        for d in errors:
            out.append(f"  {d.path}: {_style('error', 'red', color)}: {d.error}")
        out.append("")
    noted = [d for d in report.documents if d.warnings]
    if noted:
        out.append(_style("Notes", None, color, bold=True))
        for d in noted:
            out.extend(f"  {d.path}: {w}" for w in d.warnings)
        out.append("")
    return "\n".join(out + summary_lines(report, color, escaped=True)) + "\n"


def summary_lines(report: Report, color: bool = False, escaped: bool = False) -> list[str]:
    """The per-area scorecard and the totals line: what the terminal shows when the reports go to files."""
    s = report.summary if escaped else safe_summary(report)
    out: list[str] = []
    if s.areas:
        out.append(_style("Scorecard", None, color, bold=True))
        for a in s.areas:
            parts = [f"{a.met}/{a.total - a.not_applicable} met"]
            if a.weak:
                parts.append(_style(f"{a.weak} weak", "yellow", color))
            if a.missing:
                parts.append(_style(f"{a.missing} missing", "red", color))
            if a.not_applicable:
                parts.append(f"{a.not_applicable} n/a")
            out.append(f"  {a.area:<10} " + ", ".join(parts))
        out.append("")
    docs = f"{s.audited} document{'s' if s.audited != 1 else ''} audited"
    extra = []
    if s.errored:
        extra.append(_style(f"{s.errored} unreadable", "red", color))
    if s.skipped:
        extra.append(f"{s.skipped} skipped (unknown type: {', '.join(s.skipped_paths[:3])}{', ...' if s.skipped > 3 else ''})")
    fc = s.findings
    total = sum(fc.values())
    if total:
        counts = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in fc.items() if n)
        verdict = f"{total} finding{'s' if total != 1 else ''} ({counts})"
    elif not s.results:
        verdict = "no requirement was judged"
    elif s.met + s.not_applicable == s.results:
        verdict = _style("all commitments met", "green", color)
    else:
        verdict = "no findings to report"
    if s.suppressed:
        verdict += f"; {s.suppressed} suppressed with reasons"
    if s.baseline:
        b = s.baseline
        verdict += f"; baseline {b.path}: {b.matched} matched, {b.fixed} fixed, {b.new} new"
    out.append(f"{docs}{'; ' + '; '.join(extra) if extra else ''}. {s.met}/{s.results - s.not_applicable} requirements met; {verdict}.")
    return out


def statistics(report: Report) -> str:
    """`--statistics`: unsuppressed findings counted per rule, most first, like `ruff --statistics`."""
    report = safe_report(report)
    counts: dict[str, int] = {}
    for f in report.findings:
        if f.suppressed is None:
            counts[f.rule_id] = counts.get(f.rule_id, 0) + 1
    first = {f.rule_id: f for f in report.findings}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    ids = max((len(rule) for rule, _ in rows), default=6)
    lines = [f"{n:>{width}}  {rule:<{ids}}  {first[rule].severity:<7}  {first[rule].title}" for rule, n in rows]
    total = sum(counts.values())
    tail = f"{total} finding{'s' if total != 1 else ''} in {len(rows)} rule{'s' if len(rows) != 1 else ''}"
    if report.summary.suppressed:
        tail += f"; {report.summary.suppressed} suppressed with reasons"
    return "\n".join([*lines, tail + "."]) + "\n"
