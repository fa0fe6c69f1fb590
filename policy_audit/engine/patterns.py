"""Evaluate a pattern against one sentence's hits: the word spans that satisfy it, or None.

Each pattern is compiled once into a tree of closures (no type dispatch per sentence); names are
looked up directly where a part is a term or a phrase, the common case.
"""

from __future__ import annotations

from collections.abc import Callable

from ..language import ast
from .matcher import Hits, inline_name

Spans = list[tuple[int, int]]
Compiled = Callable[[Hits], "Spans | None"]

# id(pattern) -> (pattern, its compiled form); the pattern is kept so that its id is never reused
_COMPILED: dict[int, tuple[ast.Pattern, Compiled]] = {}


def match(p: ast.Pattern, hits: Hits) -> Spans | None:
    """Spans of the words that satisfy `p` in a sentence with these hits; None when it fails.

    An empty list means "satisfied with nothing to point at" (e.g. `not X` alone).
    """
    return compiled(p)(hits)


def compiled(p: ast.Pattern) -> Compiled:
    """`p` compiled once per process (see `compile_pattern`), for callers that test many sentences."""
    entry = _COMPILED.get(id(p))
    if entry is None or entry[0] is not p:
        entry = _COMPILED[id(p)] = (p, compile_pattern(p))
    return entry[1]


def _leaf_name(p: ast.Pattern) -> str | None:
    """The hit name a term or phrase pattern looks up; None for a compound pattern."""
    if isinstance(p, ast.TermRef):
        return p.name
    if isinstance(p, ast.Phrase):
        return inline_name(p.text)
    return None


def compile_pattern(p: ast.Pattern) -> Compiled:
    """`p` as a function of a sentence's hits, with `match`'s result for every input."""
    name = _leaf_name(p)
    if name is not None:
        return lambda hits: hits.get(name)
    if isinstance(p, ast.PAny):
        return _any(p.items)
    if isinstance(p, ast.PAll):
        return _all(p.items)
    if isinstance(p, ast.PNot):
        inner = compile_pattern(p.item)
        return lambda hits: [] if inner(hits) is None else None
    assert isinstance(p, ast.PNear)
    return _near(p.left, p.right, p.distance)


def _any(items: list[ast.Pattern]) -> Compiled:
    """Every part's spans, in order; None when no part holds."""
    names = [_leaf_name(i) for i in items]
    if all(n is not None for n in names):
        keys = tuple(n for n in names if n is not None)

        def any_names(hits: Hits) -> Spans | None:
            found: Spans | None = None
            for key in keys:
                m = hits.get(key)
                if m is not None:
                    found = list(m) if found is None else found + m
            return found
        return any_names
    parts = [compile_pattern(i) for i in items]

    def any_parts(hits: Hits) -> Spans | None:
        found: Spans | None = None
        for part in parts:
            m = part(hits)
            if m is not None:
                found = list(m) if found is None else found + m
        return found
    return any_parts


def _all(items: list[ast.Pattern]) -> Compiled:
    """Every part's spans, in order; None as soon as one part fails."""
    names = [_leaf_name(i) for i in items]
    if all(n is not None for n in names):
        keys = tuple(n for n in names if n is not None)

        def all_names(hits: Hits) -> Spans | None:
            out: Spans = []
            for key in keys:
                m = hits.get(key)
                if m is None:
                    return None
                out += m
            return out
        return all_names
    parts = [compile_pattern(i) for i in items]

    def all_parts(hits: Hits) -> Spans | None:
        out: Spans = []
        for part in parts:
            m = part(hits)
            if m is None:
                return None
            out += m
        return out
    return all_parts


def _near(left_p: ast.Pattern, right_p: ast.Pattern, distance: int) -> Compiled:
    """The spans of both parts that lie within `distance` words of each other, sorted and distinct."""
    left_name, right_name = _leaf_name(left_p), _leaf_name(right_p)
    left_f = compile_pattern(left_p)
    right_f = compile_pattern(right_p)

    def near(hits: Hits) -> Spans | None:
        left = hits.get(left_name) if left_name is not None else left_f(hits)
        if not left:
            return None
        right = hits.get(right_name) if right_name is not None else right_f(hits)
        if not right:
            return None
        pairs: set[tuple[int, int]] = set()
        for a in left:
            a0, a1 = a
            for b in right:
                b0, b1 = b
                if b != a and (b0 - a1 if b0 >= a1 else a0 - b1) <= distance:  # two places, not one twice
                    pairs.add(a)
                    pairs.add(b)
        return sorted(pairs) if pairs else None
    return near


def required_names(p: ast.Pattern) -> frozenset[str] | None:
    """Names of which a matching sentence must hold at least one; None when any sentence may match."""
    if isinstance(p, ast.TermRef):
        return frozenset([p.name])
    if isinstance(p, ast.Phrase):
        return frozenset([inline_name(p.text)])
    if isinstance(p, ast.PNot):
        return None
    if isinstance(p, ast.PAny):
        out: set[str] = set()
        for item in p.items:
            r = required_names(item)
            if r is None:
                return None
            out |= r
        return frozenset(out)
    parts = [p.left, p.right] if isinstance(p, ast.PNear) else p.items
    best: frozenset[str] | None = None
    for item in parts:
        r = required_names(item)
        if r is not None and (best is None or len(r) < len(best)):
            best = r
    return best
