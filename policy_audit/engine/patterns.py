"""Evaluate a pattern against one sentence's hits: the word spans that satisfy it, or None."""

from __future__ import annotations

from ..language import ast
from .matcher import Hits, inline_name

Spans = list[tuple[int, int]]


def match(p: ast.Pattern, hits: Hits) -> Spans | None:
    """Spans of the words that satisfy `p` in a sentence with these hits; None when it fails.

    An empty list means "satisfied with nothing to point at" (e.g. `not X` alone).
    """
    if isinstance(p, ast.TermRef):
        return hits.get(p.name)
    if isinstance(p, ast.Phrase):
        return hits.get(inline_name(p.text))
    if isinstance(p, ast.PAny):
        found: Spans | None = None
        for item in p.items:
            m = match(item, hits)
            if m is not None:
                found = (found or []) + m
        return found
    if isinstance(p, ast.PAll):
        out: Spans = []
        for item in p.items:
            m = match(item, hits)
            if m is None:
                return None
            out.extend(m)
        return out
    if isinstance(p, ast.PNot):
        return [] if match(p.item, hits) is None else None
    left = match(p.left, hits)
    if not left:
        return None
    right = match(p.right, hits)
    if not right:
        return None
    pairs: Spans = []
    for a in left:
        for b in right:
            gap = b[0] - a[1] if b[0] >= a[1] else a[0] - b[1]
            if gap <= p.distance:
                pairs.append(a)
                pairs.append(b)
    return sorted(set(pairs)) if pairs else None


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
