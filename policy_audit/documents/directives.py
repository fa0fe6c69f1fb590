"""Inline suppression comments in Markdown and HTML sources, parsed strictly.

    <!-- policy-audit: ignore FND-02 -- funded by the state grant, see budget book p. 12 -->
    <!-- policy-audit: ignore-file SEA-01, SEA-02 -- the officer role is defined by the county -->

`ignore` covers the next block (paragraph, list item or heading); `ignore-file` the whole file.
These two verbs are the whole grammar. The reason after `--` is required; a directive without
one, with another verb, or naming something that is not a rule ID is reported, not obeyed.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from .model import Block

_COMMENT = re.compile(r"<!--\s*policy-audit\s*:(?P<body>.*?)-->", re.DOTALL)
_BODY = re.compile(r"^\s*(?P<verb>ignore-file|ignore)(?=\s|$)(?P<rest>.*)$", re.DOTALL)
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]+$")


class DirectiveProblem(enum.Enum):
    """Why a directive is not obeyed; the suppression report maps each kind to its SUP rule."""

    MALFORMED = "malformed"  # not `ignore` or `ignore-file` (a typo such as `ignor`)
    NO_RULE = "no-rule"  # names no rule at all
    NOT_A_RULE_ID = "not-a-rule-id"  # names something shaped unlike a rule ID (`-next`, `fnd-01`)
    NO_REASON = "no-reason"  # no reason after `--`


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment: which rules, why, where it is and what it covers."""

    rules: tuple[str, ...]
    reason: str
    line: int
    column: int
    whole_file: bool
    cover_start: int = -1  # offsets of the block it covers (for `ignore`)
    cover_end: int = -1
    problem: DirectiveProblem | None = None  # set when the directive is not obeyed
    detail: str = ""  # the problem in words, for the report


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_directives(text: str, blocks: list[Block]) -> list[Directive]:
    """Every `policy-audit:` comment in `text`, with the block each `ignore` covers."""
    out: list[Directive] = []
    for m in _COMMENT.finditer(text):
        line, col = _line_col(text, m.start())
        body = _BODY.match(m.group("body"))
        if body is None:
            verb = [w[:40] for w in m.group("body").split()[:1]] or ["(nothing)"]
            out.append(Directive((), "", line, col, True, problem=DirectiveProblem.MALFORMED,
                                 detail=f"unknown directive '{verb[0]}': write 'ignore' or 'ignore-file'"))
            continue
        rest = body.group("rest")
        ids_part, sep, reason = rest.partition("--")
        ids = tuple(x for x in re.split(r"[\s,]+", ids_part.strip()) if x)
        problem, detail = None, ""
        if not ids:
            problem, detail = DirectiveProblem.NO_RULE, "names no rule: write e.g. 'ignore FND-02 -- reason'"
        elif bad := [x for x in ids if not _RULE_ID.match(x)]:
            problem, detail = DirectiveProblem.NOT_A_RULE_ID, f"'{bad[0]}' is not a rule ID"
        elif not sep or not reason.strip():
            problem, detail = DirectiveProblem.NO_REASON, "no reason given: add '-- why this is acceptable'"
        whole = body.group("verb") == "ignore-file"
        start = end = -1
        if not whole:
            nxt = next((b for b in blocks if b.start >= m.end()), None)
            if nxt is not None:
                start, end = nxt.start, nxt.end
        out.append(Directive(ids, " ".join(reason.split()), line, col, whole, start, end, problem, detail))
    return out
