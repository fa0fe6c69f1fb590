"""Walks over rule expressions, shared by the engine, the diff and `--explain`."""

from __future__ import annotations

from . import ast


def judgements(e: ast.Expr | None) -> list[ast.Judgement]:
    """Every judgement inside an expression, in source order."""
    if e is None or isinstance(e, ast.MetRef):
        return []
    if isinstance(e, ast.Judgement):
        return [e]
    if isinstance(e, (ast.Not, ast.Quantified)):
        return judgements(e.item)
    return [j for item in e.items for j in judgements(item)]


def pattern_leaves(p: ast.Pattern) -> list[ast.Phrase | ast.TermRef]:
    """Every phrase and term-set reference inside a pattern."""
    if isinstance(p, (ast.Phrase, ast.TermRef)):
        return [p]
    if isinstance(p, ast.PNear):
        return pattern_leaves(p.left) + pattern_leaves(p.right)
    if isinstance(p, ast.PNot):
        return pattern_leaves(p.item)
    return [leaf for item in p.items for leaf in pattern_leaves(item)]


def kind_patterns(c: ast.KindCond) -> list[ast.Pattern]:
    """Every pattern inside a kind condition (path globs have none)."""
    if isinstance(c, (ast.TitleHas, ast.HeadingHas, ast.TextHas)):
        return [c.pattern]
    if isinstance(c, ast.KindNot):
        return kind_patterns(c.item)
    if isinstance(c, (ast.KindAll, ast.KindAny)):
        return [p for item in c.items for p in kind_patterns(item)]
    return []
