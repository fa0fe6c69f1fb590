"""Renderers for `policy-audit diff`: text for people, JSON for scripts, Markdown for a PR comment."""

from __future__ import annotations

import textwrap

from ..compare import Change, DiffReport, Sentence
from .escape import decodable_report, json_safe, safe_report

_VERB = {"removed": "removed", "weakened": "weakened", "added": "added", "strengthened": "strengthened"}


def _where(s: Sentence) -> str:
    return f"{s.path}:p{s.page}:{s.line}" if s.page is not None else f"{s.path}:{s.line}"


def _text_change(c: Change) -> list[str]:
    out = []
    if c.kind in ("weakened", "strengthened") and c.old and c.new:
        out.append(f"  {c.kind:<12} {c.old.strength} -> {c.new.strength}  ({c.new.reason})")
    else:
        s = c.old or c.new
        out.append(f"  {c.kind:<12} {s.strength}  ({s.reason})" if s else f"  {c.kind}")
    if c.old:
        out.append(textwrap.fill(c.old.text, 100, initial_indent="    - ", subsequent_indent="      ")
                   + f"\n      [{_where(c.old)}]")
    if c.new:
        out.append(textwrap.fill(c.new.text, 100, initial_indent="    + ", subsequent_indent="      ")
                   + f"\n      [{_where(c.new)}]")
    return out


def render_text(d: DiffReport) -> str:
    """Changes grouped by rule, old sentences with '-', new with '+'."""
    d = safe_report(d)
    out: list[str] = [f"comparing {d.old} -> {d.new}", ""]
    for rd in d.rules:
        state = f"{rd.old_state} -> {rd.new_state}" if rd.old_state != rd.new_state else f"{rd.new_state} (unchanged)"
        flag = "  REGRESSION" if rd.regressed else ""
        out.append(f"{rd.rule_id} {rd.title}: {state}{flag}")
        for c in rd.changes:
            out.extend(_text_change(c))
        out.append("")
    for e in d.errors:
        out.append(f"error: {e}")
    s = d.summary
    if not d.rules:
        out.append("No commitment changed.")
    out.append(f"{s.weakened} weakened, {s.removed} removed, {s.added} added, {s.strengthened} strengthened "
               f"in {s.rules_changed} rule{'s' if s.rules_changed != 1 else ''}; {s.regressions} regression"
               f"{'s' if s.regressions != 1 else ''}.")
    return "\n".join(out) + "\n"


def render_json(d: DiffReport) -> str:
    """The diff report as stable JSON."""
    return json_safe(decodable_report(d).model_dump_json(indent=2)) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")


def render_markdown(d: DiffReport) -> str:
    """A pull-request comment: a table of changed rules, then each change with both sentences."""
    d = safe_report(d)
    s = d.summary
    head = "regressions" if s.regressions else "no regressions"
    out = [f"## policy-audit diff: {head}", "",
           f"{s.weakened} weakened, {s.removed} removed, {s.added} added, {s.strengthened} strengthened.", ""]
    if d.rules:
        out += ["| Rule | Before | After | Changes |", "| --- | --- | --- | --- |"]
        for rd in d.rules:
            kinds = ", ".join(f"{sum(1 for c in rd.changes if c.kind == k)} {k}"
                              for k in ("removed", "weakened", "added", "strengthened")
                              if any(c.kind == k for c in rd.changes)) or "-"
            mark = " ⚠️" if rd.regressed else ""
            out.append(f"| **{rd.rule_id}** {_md(rd.title)}{mark} | {rd.old_state} | {rd.new_state} | {kinds} |")
        out.append("")
        for rd in d.rules:
            for c in rd.changes:
                out.append(f"**{rd.rule_id}** {c.kind}")
                if c.old:
                    out.append(f"> ~~{_md(c.old.text)}~~ ({c.old.strength}, `{_where(c.old)}`)")
                if c.new:
                    out.append(f"> {_md(c.new.text)} ({c.new.strength}, `{_where(c.new)}`)")
                out.append("")
    for e in d.errors:
        out.append(f"- error: {_md(e)}")
    return "\n".join(out).rstrip() + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
