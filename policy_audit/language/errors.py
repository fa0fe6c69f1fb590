"""One error channel for the rule language: located, rendered like a compiler's, with a hint."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

REPLACEMENT = "\ufffd"


def visible(text: str) -> str:
    """`text` with control and format characters (escape sequences, bidi overrides) shown as U+FFFD.

    A rule file is untrusted input: its lines are echoed in diagnostics and must not drive the
    terminal. One character for one keeps the caret under its column.
    """
    return "".join(REPLACEMENT if ch != "\t" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
                   for ch in text)


@dataclass(frozen=True)
class RuleDiagnostic:
    """A problem in a rule file at `file:line:col`, with the source line and an optional hint."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    source_line: str = ""

    def render(self) -> str:
        """`rules/x.rules:12:5: message`, the line, one caret under the column, then the hint."""
        out = [visible(f"{self.file}:{self.line}:{self.column}: {self.message}")]
        if self.source_line:
            text = visible(self.source_line.rstrip("\n").expandtabs(1))
            out.append(f"    {text}")
            out.append("    " + " " * max(self.column - 1, 0) + "^")
        if self.hint:
            out.append(visible(f"  hint: {self.hint}"))
        return "\n".join(out)


@dataclass
class RuleError(Exception):
    """Raised with every diagnostic found; the CLI renders them and exits 2."""

    diagnostics: list[RuleDiagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(d.render() for d in self.diagnostics)


def source_line(text: str, line: int) -> str:
    """The 1-based `line` of `text`, or '' past the end."""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""
