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
