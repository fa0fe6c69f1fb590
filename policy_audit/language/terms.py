"""Term sets expanded to their phrases as sets, within limits a hostile pack cannot get past.

`terms L0 = L1, L1` forty levels deep is one phrase, not 2**40 copies; `except` removes phrases;
the expansion is iterative and capped in depth and in total phrases, with a located problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import ast
from .graph import dependency_order

MAX_TERM_DEPTH = 64  # term sets including term sets, this many levels at most
MAX_PHRASES = 100_000  # phrases of all term sets together, after expansion

# The matcher's phrase words (engine/matcher.py): lower-case runs of letters and digits, `*` ends a word.
_PHRASE_WORD = re.compile(r"[^\W_]+\*?")


def phrase_key(text: str) -> tuple[str, ...]:
    """The words a phrase matches, so "Home  Equity" and "home equity" are one phrase."""
    return tuple(_PHRASE_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class TermProblem:
    """A term set that cannot be expanded within the limits, or that `except` empties."""

    span: ast.Span
    message: str
    hint: str


@dataclass
class Expansion:
    """Each term set's distinct phrases in first-seen order, and the problems found."""

    phrases: dict[str, list[str]] = field(default_factory=dict)
    problems: list[TermProblem] = field(default_factory=list)


def _refs(t: ast.TermSet) -> list[str]:
    return [i.name for i in (*t.items, *t.minus) if isinstance(i, ast.TermRef)]


def _collect(items: list[ast.Phrase | ast.TermRef], done: dict[str, dict[tuple[str, ...], str]],
             out: dict[tuple[str, ...], str]) -> None:
    for item in items:
        if isinstance(item, ast.Phrase):
            out.setdefault(phrase_key(item.text), item.text)
        else:
            for key, text in done.get(item.name, {}).items():
                out.setdefault(key, text)


def expand_terms(terms: dict[str, ast.TermSet]) -> Expansion:
    """Expand every term set (unknown names and cycles are skipped: the checker reports them)."""
    order, _cycles = dependency_order(terms, lambda n: _refs(terms[n]) if n in terms else ())
    done: dict[str, dict[tuple[str, ...], str]] = {}
    depth: dict[str, int] = {}
    result = Expansion()
    total = 0
    for name in order:
        t = terms[name]
        inner = [depth[r] for r in _refs(t) if r in depth]
        depth[name] = 1 + max(inner, default=0)
        if depth[name] > MAX_TERM_DEPTH:
            if max(inner, default=0) <= MAX_TERM_DEPTH:  # report where the limit is crossed, once
                result.problems.append(TermProblem(
                    t.span, f"term set '{name}' includes term sets {depth[name]} levels deep (limit {MAX_TERM_DEPTH})",
                    "include the phrases of a deep chain in fewer, flatter term sets"))
            continue
        phrases: dict[tuple[str, ...], str] = {}
        _collect(t.items, done, phrases)
        if t.minus:
            removed: dict[tuple[str, ...], str] = {}
            _collect(t.minus, done, removed)
            phrases = {k: v for k, v in phrases.items() if k not in removed}
            if not phrases:
                result.problems.append(TermProblem(t.span, f"term set '{name}' is empty: 'except' removes every phrase",
                                                   "remove a set after 'except', or add phrases before it"))
        total += len(phrases)
        if total > MAX_PHRASES:
            result.problems.append(TermProblem(
                t.span, f"term sets expand to more than {MAX_PHRASES} phrases (reached at '{name}')",
                "a pack needs far fewer phrases: look for term sets that include large sets many times"))
            break
        done[name] = phrases
        result.phrases[name] = list(phrases.values())
    result.phrases = {n: result.phrases[n] for n in terms if n in result.phrases}  # declaration order
    return result
