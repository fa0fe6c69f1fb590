"""Print AST nodes back as rule-language source, for `rules explain` and `--explain`."""

from __future__ import annotations

from . import ast


def pattern(p: ast.Pattern, top: bool = True) -> str:
    """A pattern as source text."""
    if isinstance(p, ast.Phrase):
        return '"' + p.text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(p, ast.TermRef):
        return p.name
    if isinstance(p, ast.PNot):
        return "not " + pattern(p.item, False)
    if isinstance(p, ast.PNear):
        s = f"{pattern(p.left, False)} near {p.distance} {pattern(p.right, False)}"
    else:
        sep = " and " if isinstance(p, ast.PAll) else " or "
        s = sep.join(pattern(i, False) for i in p.items)
    return s if top else f"({s})"


def expr(e: ast.Expr, top: bool = True) -> str:
    """An expression as source text."""
    if isinstance(e, ast.Judgement):
        s = f"{e.verb}({pattern(e.pattern)})"
        if e.section:
            s += f' in section "{e.section}"'
        if e.kind:
            s += f" in kind {e.kind}"
        return s
    if isinstance(e, ast.MetRef):
        return f"met({e.rule_id})"
    if isinstance(e, ast.Not):
        return "not " + expr(e.item, False)
    if isinstance(e, ast.AtLeast):
        inner = ",\n  ".join(expr(i) for i in e.items)
        return f"at least {e.count} of [\n  {inner}\n]"
    if isinstance(e, ast.Quantified):
        return f"{e.quantifier} document of kind {e.kind} {expr(e.item, False)}"
    sep = " and " if isinstance(e, ast.AllOf) else " or "
    s = sep.join(expr(i, False) for i in e.items)
    return s if top else f"({s})"
