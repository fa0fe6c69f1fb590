"""A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: scorecard first, then what to fix."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..escape import safe_report

if TYPE_CHECKING:
    from ..models import Evidence, Finding, Report

GROUPS = (("error", "error"), ("warning", "warning"), ("info", "info"))  # severity, word (the same words as the text report)
MAX_QUOTES = 3
MAX_QUOTE_CHARS = 280
BUDGET = 60_000  # GitHub rejects comments over 65,536 characters; leave room for the tail
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def inline(text: str) -> str:
    """`text` on one line with Markdown and HTML punctuation escaped, so policy text renders as written."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """`text` as a code span (escaped prose when it holds a backtick)."""
    return inline(text) if "`" in text else f"`{text}`"


def plural(n: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def place(path: str, line: int, page: int | None) -> str:
    """`path:line` as code, with the page for paged formats."""
    return code(f"{path}:{line}") + (f" (p. {page})" if page is not None else "")


def quote(ev: Evidence) -> str:
    """An evidence sentence as a blockquote, shortened when long, with where it is and how strong it is."""
    text = ev.quote  # chosen and cut by the report builder, the same in every format
    why = ev.reason if ev.reason.startswith(ev.strength) else f"{ev.strength}: {ev.reason}".rstrip(": ")
    return f"> {inline(text)}\n>\n> {place(ev.path, ev.line, ev.page)}, *{inline(why)}*"


def section(finding: Finding, note: str) -> str:
    """One finding: rule, title, state, place (and why anchored), message, fix, source and evidence."""
    where = place(finding.path, finding.line, finding.page)
    if finding.anchored and "anchored" not in finding.message.lower():
        where += " (anchored: no single line states this, so it points at the most relevant heading or line 1)"
    parts = [f"#### {finding.rule_id} {inline(finding.title)} ({finding.state})", where, inline(finding.message)]
    advice = [f"**{label}:** {inline(value)}" for label, value in (("How to fix", finding.hint),
                                                                   ("Source", finding.cite)) if value]
    if advice:
        parts.append("  \n".join(advice))
    parts += [quote(ev) for ev in finding.evidence[:MAX_QUOTES]]
    if not finding.evidence:
        parts.append(f"*No evidence: {inline((note or 'no sentence in scope mentions it').rstrip('.'))}.*")
    if len(finding.evidence) > MAX_QUOTES:
        parts.append(f"*… and {len(finding.evidence) - MAX_QUOTES} more evidence sentences in the full report.*")
    return "\n\n".join(parts)


def scorecard(report: Report) -> list[str]:
    """The per-area table of rule states, with a total row."""
    rows = ["| Area | Met | Weak | Missing | N/A |", "| --- | ---: | ---: | ---: | ---: |"]
    for a in report.summary.areas:
        rows.append(f"| {inline(a.area)} | {a.met} | {a.weak} | {a.missing} | {a.not_applicable} |")
    s = report.summary
    rows.append(f"| **Total** | {s.met} | {s.weak} | {s.missing} | {s.not_applicable} |")
    return rows


def unreadable(report: Report) -> list[str]:
    """A section listing every document that could not be read, or nothing when all were read."""
    broken = [d for d in report.documents if d.error is not None]
    if not broken:
        return []
    rows = [f"### Unreadable documents ({len(broken)})", "",
            "These files were not audited; the run fails until they can be read.", "",
            "| Document | Format | Error |", "| --- | --- | --- |"]
    rows += [f"| {inline(d.path)} | {inline(d.format)} | {inline(d.error or '')} |" for d in broken]
    return rows + [""]


def skipped(report: Report) -> list[str]:
    """A line naming the files found but not audited (the first ten), or nothing when there are none."""
    paths = report.summary.skipped_paths
    if not paths:
        return []
    shown = ", ".join(code(p) for p in paths[:10]) + (f" and {len(paths) - 10} more" if len(paths) > 10 else "")
    return [f"Skipped (not a document policy-audit reads): {shown}.", ""]


def render(report: Report) -> str:
    """The summary: headline, scorecard, unreadable documents, then findings grouped by severity."""
    report = safe_report(report)
    s = report.summary
    counts = [plural(s.findings.get(severity, 0), word) for severity, word in GROUPS]
    packs = ", ".join(f"**{inline(p.name)}** {inline(p.version)}" for p in report.packs)
    lines = [f"## {report.tool}: {', '.join(counts)}", "",
             (f"Rule pack {packs or '(none)'}; {s.audited} of {plural(s.discovered, 'document')} audited, "
              f"{s.errored} unreadable, {s.skipped} skipped; {plural(s.results, 'result')}."), ""]
    lines += scorecard(report) + [""] + unreadable(report) + skipped(report)
    active = [f for f in report.findings if f.suppressed is None]
    if s.suppressed:
        lines += [f"{plural(s.suppressed, 'finding')} suppressed with a recorded reason.", ""]
    if not active:
        lines.append("No findings: every rule is met or not applicable.")
        return "\n".join(lines) + "\n"
    notes = {(r.rule_id, r.scope): r.note for r in report.results}
    used, shown = sum(len(line) + 1 for line in lines), 0
    for severity, word in GROUPS:
        group = [f for f in active if f.severity == severity]
        if not group or used > BUDGET:
            continue
        lines += [f"### {word.capitalize()}s ({len(group)})", ""]
        used += len(lines[-2]) + 2
        for finding in group:
            text = section(finding, notes.get((finding.rule_id, finding.scope), ""))
            if used + len(text) > BUDGET:
                break
            lines += [text, ""]
            used, shown = used + len(text) + 2, shown + 1
    if shown < len(active):
        lines.append(f"*{len(active) - shown} more findings not shown to keep this under GitHub's "
                     "comment limit; see the full report.*")
    return "\n".join(lines).rstrip("\n") + "\n"
