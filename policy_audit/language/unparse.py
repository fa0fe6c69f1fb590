"""Print AST nodes back as rule-language source, for `rules explain` and `--explain`.

Nodes that came from a `define` or `pattern` print as its name, as the author wrote them; `expr`
then lists what each name stands for on `where` lines.
"""

from __future__ import annotations

from . import ast

_Named = dict[str, "ast.Expr | ast.Pattern"]


def pattern(p: ast.Pattern, top: bool = True) -> str:
    """A pattern as source text (named patterns by name)."""
    return _pattern(p, top, {}, root=False)


def expr(e: ast.Expr, top: bool = True) -> str:
    """An expression as source text, then `where NAME = ...` for every define and pattern it uses."""
    used: _Named = {}
    text = _expr(e, top, used, root=False)
    lines: list[str] = []
    done: set[str] = set()
    while len(done) < len(used):
        name = next(n for n in used if n not in done)
        done.add(name)
        node = used[name]
        body = (_pattern(node, True, used, root=True) if isinstance(node, _PATTERNS)
                else _expr(node, True, used, root=True))
        lines.append(f"where {name} = " + body.replace("\n", "\n  "))
    return "\n".join([text, *lines])


_PATTERNS = (ast.Phrase, ast.TermRef, ast.PAll, ast.PAny, ast.PNear, ast.PNot)


def _pattern(p: ast.Pattern, top: bool, used: _Named, root: bool) -> str:
    if p.origin and not root:
        used.setdefault(p.origin, p)
        return p.origin
    if isinstance(p, ast.Phrase):
        return '"' + p.text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(p, ast.TermRef):
        return p.name
    if isinstance(p, ast.PNot):
        return "not " + _pattern(p.item, False, used, False)
    if isinstance(p, ast.PNear):
        s = f"{_pattern(p.left, False, used, False)} near {p.distance} {_pattern(p.right, False, used, False)}"
    else:
        sep = " and " if isinstance(p, ast.PAll) else " or "
        s = sep.join(_pattern(i, False, used, False) for i in p.items)
    return s if top else f"({s})"


def _expr(e: ast.Expr, top: bool, used: _Named, root: bool) -> str:
    if e.origin and not root:
        used.setdefault(e.origin, e)
        return e.origin
    if isinstance(e, ast.Judgement):
        s = f"{e.verb}({_pattern(e.pattern, True, used, False)})"
        if e.section:
            s += f' in section "{e.section}"'
        if e.kind:
            s += f" in kind {e.kind}"
        return s
    if isinstance(e, ast.MetRef):
        return f"met({e.rule_id})"
    if isinstance(e, ast.ExprRef):  # only before the pack is checked
        return e.name
    if isinstance(e, ast.Not):
        return "not " + _expr(e.item, False, used, False)
    if isinstance(e, ast.AtLeast):
        inner = ",\n  ".join(_expr(i, True, used, False) for i in e.items)
        return f"at least {e.count} of [\n  {inner}\n]"
    if isinstance(e, ast.Quantified):
        return f"{e.quantifier} document of kind {e.kind} {_expr(e.item, False, used, False)}"
    sep = " and " if isinstance(e, ast.AllOf) else " or "
    s = sep.join(_expr(i, False, used, False) for i in e.items)
    return s if top else f"({s})"
