"""What to adopt, as Markdown: the page a compliance officer hands the superintendent.

For each weak or missing requirement, most important first: the model language, the document it
belongs in, and the sentences the folder has today.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..adopt import adopt_items

if TYPE_CHECKING:
    from ..models import Report

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Text safe in Markdown: markup characters escaped, control characters shown, one line."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(text.split()))
    return _MARKDOWN.sub(r"\\\1", text)


def render(report: Report) -> str:
    """The adopt list as Markdown."""
    items = adopt_items(report)
    s = report.summary
    name = report.subject or "the policy folder"
    count = f"{len(items)} weak or missing requirement{'s' if len(items) != 1 else ''}"
    lines = [f"# What to adopt: {_md(name)}", "",
             f"{s.met} of {s.results - s.not_applicable} requirements are met. {count} to close, most important first.",
             ""]
    if not items:
        lines += ["Nothing to adopt: every requirement is met, accepted or not applicable.", ""]
    for n, it in enumerate(items, 1):
        f = it.finding
        lines += [f"## {n}. {_md(f.title)} ({_md(f.rule_id)}, {f.state}, {f.severity})", "",
                  f"**Adopt:** {_md(it.language)}", "", f"**Where it belongs:** {_md(it.home)}", ""]
        if it.today:
            lines.append("**There today:**")
            lines.append("")
            lines += [f"- “{_md(e.quote)}” (`{e.path.replace('`', '')}`, {_md(e.location)}; {e.strength})"
                      for e in it.today]
        else:
            lines.append("**There today:** nothing yet.")
        lines.append("")
    return "\n".join(lines)
