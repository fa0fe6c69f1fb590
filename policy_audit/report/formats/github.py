"""GitHub Actions workflow commands, so each finding shows as an annotation on the policy file in the run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..escape import safe_report

if TYPE_CHECKING:
    from ..models import Evidence, Finding, Report

COMMANDS: dict[str, str] = {"error": "error", "warning": "warning", "info": "notice"}
MAX_QUOTES = 2  # annotations are read in a narrow box; the other formats carry every sentence
MAX_QUOTE_CHARS = 200


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions runner expects (`%`, CR, LF), so it stays one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus `:` and `,`, which would end the value early."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    """One workflow command line: `::name key=value,...::message`."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def quote(ev: Evidence, path: str) -> str:
    """An evidence sentence, shortened for an annotation on `path` (other files are named)."""
    text = ev.text if len(ev.text) <= MAX_QUOTE_CHARS else ev.text[: MAX_QUOTE_CHARS - 1].rstrip() + "…"
    where = f"line {ev.line}" if ev.path == path else f"{ev.path}:{ev.line}"
    return f'Evidence ({ev.strength}, {where}): "{text}"'


def message(finding: Finding) -> str:
    """The annotation body: message and state, the anchor when there is no natural line, the fix, evidence."""
    lines = [f"{finding.state.capitalize()}: {finding.message}"]
    if finding.anchored and "anchored" not in finding.message.lower():
        lines.append("No single line states this, so it is anchored at the most relevant heading or line 1.")
    if finding.hint:
        lines.append(f"How to fix: {finding.hint}")
    lines += [quote(ev, finding.path) for ev in finding.evidence[:MAX_QUOTES]]
    if len(finding.evidence) > MAX_QUOTES:
        lines.append(f"(and {len(finding.evidence) - MAX_QUOTES} more evidence sentences in the full report)")
    return "\n".join(lines)


def render(report: Report) -> str:
    """One command per finding, an `::error` per unreadable and a `::notice` per skipped file, then the counts."""
    report = safe_report(report)
    lines = [
        command(COMMANDS[f.severity], message(f), file=f.path, line=max(f.line, 1), col=max(f.column, 1),
                title=f"{f.rule_id} {f.title}")
        for f in report.findings
        if f.suppressed is None
    ]
    lines += [
        command("error", f"Could not read {d.path}: {d.error}", file=d.path, title="Unreadable document")
        for d in report.documents
        if d.error is not None
    ]
    lines += [command("notice", f"Skipped {path}: not a document policy-audit reads, so it was not audited",
                      file=path, title="Skipped document") for path in report.summary.skipped_paths]
    s = report.summary
    lines.append(command("notice", f"{s.audited} document{'s' if s.audited != 1 else ''} audited, "
                                   f"{s.errored} unreadable, {s.skipped} skipped ({s.discovered} found)",
                         title="policy-audit"))
    return "".join(line + "\n" for line in lines)
