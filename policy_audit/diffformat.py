"""Render a `DiffReport` as text, JSON or Markdown: pure functions, so a PR comment and a terminal agree."""

from __future__ import annotations

import textwrap
from typing import Callable

from .diff import Change, DiffReport, Quote, RuleDiff

MD_BUDGET = 60_000  # GitHub rejects comments over 65,536 characters


def _state(s: str | None) -> str:
    return s if s is not None else "absent"


def _scope(r: RuleDiff, report: DiffReport) -> str:
    """`folder`, or the document as named in each version (`old -> new` when the names differ)."""
    if r.scope == "folder":
        return "folder"
    for d in report.documents:
        if d.key == r.scope:
            names = [p for p in (d.old_path, d.new_path) if p]
            return names[0] if len(set(names)) == 1 else f"{names[0]} -> {names[1]}"
    return r.scope


def _headline(c: Change) -> str:
    if c.old and c.new:
        return f"{c.kind} ({c.old.strength} -> {c.new.strength})"
    return c.kind


def summary_line(report: DiffReport) -> str:
    """One sentence of totals, ending with whether it is a regression."""
    s = report.summary
    text = (f"{s.weakened} weakened, {s.removed} removed, {s.strengthened} strengthened, {s.added} added; "
            f"rule states: {s.states_dropped} dropped, {s.states_improved} improved")
    return text + (". Regression." if s.regression else ". No regression.")


def _documents_line(report: DiffReport) -> str:
    paired = sum(1 for d in report.documents if d.status == "paired")
    parts = [f"{paired} document{'s' if paired != 1 else ''} paired"]
    for status, attr in (("added", "new_path"), ("deleted", "old_path")):
        names = [getattr(d, attr) for d in report.documents if d.status == status]
        if names:
            parts.append(f"{len(names)} {status} ({', '.join(names)})")
    return ", ".join(parts)


def _text_quote(sign: str, q: Quote, color: bool) -> list[str]:
    head = f"    {sign} {q.path}:{q.location} [{q.strength}] "
    lines = textwrap.wrap(q.text, width=max(40, 110 - len(head)))
    out = [head + (lines[0] if lines else "")] + [" " * len(head) + line for line in lines[1:]]
    if color:
        import click

        out = [click.style(line, fg="red" if sign == "-" else "green") for line in out]
    return out


def render_text(report: DiffReport, color: bool = False) -> str:
    """Grouped by rule: the state change, then each change as `-` old and `+` new sentences with places."""
    out = [f"policy-audit diff: {report.old} -> {report.new}", _documents_line(report)]
    out += [f"unreadable: {u}" for u in report.unreadable]
    for r in report.rules:
        state = f"{_state(r.old_state)} -> {_state(r.new_state)}" if r.state_change != "unchanged" \
            else f"{_state(r.new_state)} (unchanged)"
        out += ["", f"{r.rule_id}  {r.title}  [{_scope(r, report)}]  {state}"]
        for c in r.changes:
            out.append(f"  {_headline(c)}")
            if c.old:
                out += _text_quote("-", c.old, color)
            if c.new:
                out += _text_quote("+", c.new, color)
    if not report.rules:
        out += ["", "No commitment changed."]
    out += ["", summary_line(report)]
    return "\n".join(out) + "\n"


def render_json(report: DiffReport) -> str:
    """The report as indented JSON, byte-for-byte the same for the same inputs."""
    return report.model_dump_json(indent=2) + "\n"


def _md_inline(text: str) -> str:
    from .report.formats.markdown import inline

    return inline(text)


def _md_rule(r: RuleDiff, report: DiffReport) -> str:
    state = f"{_state(r.old_state)} → {_state(r.new_state)}" if r.state_change != "unchanged" \
        else f"{_state(r.new_state)} (unchanged)"
    parts = [f"#### {r.rule_id} {_md_inline(r.title)}: {state}", f"Scope: `{_scope(r, report)}`"]
    for c in r.changes:
        lines = [f"{sign} {q.path}:{q.location} [{q.strength}] {q.text}" for sign, q in (("-", c.old), ("+", c.new)) if q]
        parts.append(f"**{_headline(c).capitalize()}**\n\n```diff\n" + "\n".join(lines) + "\n```")
    return "\n\n".join(parts)


def render_markdown(report: DiffReport) -> str:
    """A PR comment: verdict and totals first, then one section per rule with a `diff` block of sentences."""
    s = report.summary
    verdict = "**Regression:** commitments were removed or weakened." if s.regression \
        else "**No regression:** no commitment was removed or weakened."
    head = [f"### policy-audit diff: `{report.old}` → `{report.new}`", verdict, _md_inline(_documents_line(report)),
            "| Weakened | Removed | Strengthened | Added | States dropped | States improved |\n"
            "|---:|---:|---:|---:|---:|---:|\n"
            f"| {s.weakened} | {s.removed} | {s.strengthened} | {s.added} | {s.states_dropped} | {s.states_improved} |"]
    head += [f"- unreadable: {_md_inline(u)}" for u in report.unreadable]
    text = "\n\n".join(head)
    shown = 0
    for r in report.rules:
        section = _md_rule(r, report)
        if len(text) + len(section) > MD_BUDGET:
            break
        text += "\n\n" + section
        shown += 1
    if shown < len(report.rules):
        text += f"\n\n*… and {len(report.rules) - shown} more rules: see the full report (`--format json`).*"
    if not report.rules:
        text += "\n\nNo commitment changed."
    return text + "\n"


RENDERERS: dict[str, Callable[[DiffReport], str]] = {"text": render_text, "json": render_json,
                                                     "markdown": render_markdown}
