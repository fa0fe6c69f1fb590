"""Compiled patterns give exactly what a plain recursive reading of the pattern gives."""

from __future__ import annotations

import random

from policy_audit.engine.matcher import Hits, inline_name
from policy_audit.engine.patterns import Spans, compile_pattern, match
from policy_audit.language import ast

NAMES = ["A", "B", "C", "D"]
PHRASES = ["equity office", "fund*"]


def reference(p: ast.Pattern, hits: Hits) -> Spans | None:
    """The pattern semantics written out directly, one node type at a time."""
    if isinstance(p, ast.TermRef):
        return hits.get(p.name)
    if isinstance(p, ast.Phrase):
        return hits.get(inline_name(p.text))
    if isinstance(p, ast.PAny):
        found: Spans | None = None
        for item in p.items:
            m = reference(item, hits)
            if m is not None:
                found = (found or []) + m
        return found
    if isinstance(p, ast.PAll):
        out: Spans = []
        for item in p.items:
            m = reference(item, hits)
            if m is None:
                return None
            out.extend(m)
        return out
    if isinstance(p, ast.PNot):
        return [] if reference(p.item, hits) is None else None
    assert isinstance(p, ast.PNear)
    left = reference(p.left, hits)
    if not left:
        return None
    right = reference(p.right, hits)
    if not right:
        return None
    pairs: Spans = []
    for a in left:
        for b in right:
            gap = b[0] - a[1] if b[0] >= a[1] else a[0] - b[1]
            if a != b and gap <= p.distance:  # two places: one span does not stand near itself
                pairs += [a, b]
    return sorted(set(pairs)) if pairs else None


def random_pattern(rng: random.Random, depth: int) -> ast.Pattern:
    roll = rng.random()
    if depth == 0 or roll < 0.3:
        if rng.random() < 0.75:
            return ast.TermRef(name=rng.choice(NAMES))
        return ast.Phrase(text=rng.choice(PHRASES))
    kind = rng.choice(["any", "all", "not", "near"])
    if kind == "not":
        return ast.PNot(item=random_pattern(rng, depth - 1))
    if kind == "near":
        return ast.PNear(left=random_pattern(rng, depth - 1), right=random_pattern(rng, depth - 1),
                         distance=rng.randint(0, 6))
    items = [random_pattern(rng, depth - 1) for _ in range(rng.randint(1, 4))]
    return ast.PAny(items=items) if kind == "any" else ast.PAll(items=items)


def random_hits(rng: random.Random) -> Hits:
    hits: Hits = {}
    for name in NAMES + [inline_name(t) for t in PHRASES]:
        if rng.random() < 0.5:
            spans = []
            for _ in range(rng.randint(1, 4)):
                start = rng.randint(-8, 30)  # lead-in words sit at negative positions
                spans.append((start, start + rng.randint(1, 3)))
            hits[name] = spans
    return hits


def test_compiled_patterns_agree_with_the_reference_on_random_patterns_and_hits() -> None:
    rng = random.Random(12)
    checked = 0
    for _ in range(400):
        p = random_pattern(rng, 4)
        f = compile_pattern(p)
        for _ in range(25):
            hits = random_hits(rng)
            assert f(hits) == reference(p, hits), (p, hits)
            assert match(p, hits) == reference(p, hits)
            checked += 1
    assert checked == 10_000


def test_near_needs_two_places_not_one_span_named_twice() -> None:
    # "special education" is both a functional area and a student group: alone it is not one near the other
    near = ast.PNear(left=ast.TermRef(name="A"), right=ast.TermRef(name="B"), distance=12)
    assert match(near, {"A": [(3, 5)], "B": [(3, 5)]}) is None
    assert match(near, {"A": [(3, 5)], "B": [(3, 5), (9, 10)]}) == [(3, 5), (9, 10)]
    assert match(near, {"A": [(3, 5)], "B": [(4, 5)]}) == [(3, 5), (4, 5)]  # overlapping is two places


def test_near_keeps_both_sides_sorted_once_and_fails_on_an_empty_side() -> None:
    p = ast.PNear(left=ast.TermRef(name="A"), right=ast.TermRef(name="B"), distance=2)
    hits: Hits = {"A": [(9, 10), (0, 1)], "B": [(3, 4), (11, 12)]}
    assert match(p, hits) == [(0, 1), (3, 4), (9, 10), (11, 12)]
    assert match(p, {"A": [(0, 1)], "B": [(7, 8)]}) is None
    # `not B` holds with nothing to point at: an empty side is no match for `near`
    q = ast.PNear(left=ast.TermRef(name="A"), right=ast.PNot(item=ast.TermRef(name="B")), distance=2)
    assert match(q, {"A": [(0, 1)]}) is None


def test_any_and_all_keep_the_order_of_their_parts_and_do_not_share_the_hit_lists() -> None:
    hits: Hits = {"A": [(5, 6)], "B": [(1, 2)]}
    any_p = ast.PAny(items=[ast.TermRef(name="A"), ast.TermRef(name="C"), ast.TermRef(name="B")])
    got = match(any_p, hits)
    assert got == [(5, 6), (1, 2)]
    assert got is not hits["A"]
    all_p = ast.PAll(items=[ast.TermRef(name="B"), ast.PNot(item=ast.TermRef(name="C")), ast.TermRef(name="A")])
    assert match(all_p, hits) == [(1, 2), (5, 6)]
    assert match(ast.PAll(items=[ast.TermRef(name="A"), ast.TermRef(name="C")]), hits) is None


def test_a_pattern_equal_to_another_but_not_the_same_object_is_compiled_for_itself() -> None:
    first = ast.TermRef(name="A")
    assert match(first, {"A": [(0, 1)]}) == [(0, 1)]
    other = ast.TermRef(name="B")
    assert match(other, {"A": [(0, 1)]}) is None
    assert match(other, {"B": [(2, 3)]}) == [(2, 3)]
