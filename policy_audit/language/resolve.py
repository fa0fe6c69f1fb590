"""Named expressions and patterns replaced by their definitions, so the engine sees plain nodes.

Each `define` and `pattern` is resolved once, in dependency order, and shared by every use (the
result is a DAG of frozen nodes). Cycles are reported; so is a definition or rule whose expansion
would nest too deeply or grow too large (`define D0 = D1 and D1` ... forty levels is 2**40 nodes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import ast
from .graph import dependency_order

MAX_DEPTH = 64  # levels of nesting after expansion, names counted as one level each
MAX_NODES = 20_000  # nodes of one rule field or definition after expansion


@dataclass(frozen=True)
class Problem:
    span: ast.Span
    message: str
    hint: str


@dataclass
class _Shape:
    node: Any
    depth: int
    size: int
    broken: bool = False  # depends on a definition already reported


def _expr_refs(e: ast.SourceExpr) -> list[str]:
    if isinstance(e, ast.ExprRef):
        return [e.name]
    if isinstance(e, (ast.Not, ast.Quantified)):
        return _expr_refs(e.item)
    if isinstance(e, (ast.AllOf, ast.AnyOf, ast.AtLeast)):
        return [n for i in e.items for n in _expr_refs(i)]
    return []


def _pattern_refs(p: ast.Pattern) -> list[str]:
    if isinstance(p, ast.TermRef):
        return [p.name]
    if isinstance(p, ast.PNot):
        return _pattern_refs(p.item)
    if isinstance(p, ast.PNear):
        return _pattern_refs(p.left) + _pattern_refs(p.right)
    if isinstance(p, (ast.PAll, ast.PAny)):
        return [n for i in p.items for n in _pattern_refs(i)]
    return []


@dataclass
class Resolver:
    """Resolves the pack's definitions on construction; `expr`, `pattern` and `kind` then resolve uses."""

    defines: dict[str, ast.Define]
    patterns: dict[str, ast.NamedPattern]
    problems: list[Problem] = field(default_factory=list)
    _pat: dict[str, _Shape] = field(default_factory=dict)
    _def: dict[str, _Shape] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._resolve_all(self.patterns, _pattern_refs, self._pattern, self._pat, "pattern")
        self._resolve_all(self.defines, _expr_refs, self._expr, self._def, "define")

    def _resolve_all(self, decls: Mapping[str, ast.Define | ast.NamedPattern], refs: Callable[[Any], Iterable[str]],
                     resolve: Callable[[Any], _Shape], into: dict[str, _Shape], what: str) -> None:
        """Resolve every pattern (or define) after those it uses; a cycle is a problem at its first name."""
        order, cycles = dependency_order(decls, lambda n: refs(decls[n].body))
        for c in cycles:
            self.problems.append(Problem(decls[c[0]].span, f"{what}s refer to each other: " + " -> ".join(c),
                                         f"a {what} cannot use itself, directly or through others"))
        for name in order:
            into[name] = self._named(resolve(decls[name].body), decls[name], what)

    def _named(self, s: _Shape, decl: ast.Define | ast.NamedPattern, what: str) -> _Shape:
        s = _Shape(s.node.model_copy(update={"origin": decl.name}), s.depth, s.size, s.broken)
        if not s.broken and self._too_big(s, decl.span, f"{what} '{decl.name}'"):
            s.broken = True
        return s

    def _too_big(self, s: _Shape, span: ast.Span, what: str) -> bool:
        if s.depth > MAX_DEPTH:
            self.problems.append(Problem(span, f"{what} nests {s.depth} levels deep once its names are expanded "
                                         f"(limit {MAX_DEPTH})", "flatten the chain of defines or patterns it uses"))
            return True
        if s.size > MAX_NODES:
            self.problems.append(Problem(span, f"{what} expands to {s.size} nodes (limit {MAX_NODES})",
                                         "a name used twice in a definition doubles it at each level: use it once"))
            return True
        return False

    # ---- uses
    def expr(self, e: ast.Expr | None, where: str) -> ast.Expr | None:
        """`e` with every define replaced; a problem if it grows past the limits."""
        if e is None:
            return None
        s = self._expr(e)
        if not s.broken:
            self._too_big(s, e.span, where)
        return s.node  # type: ignore[no-any-return]

    def pattern(self, p: ast.Pattern) -> ast.Pattern:
        """`p` with every named pattern replaced."""
        return self._pattern(p).node  # type: ignore[no-any-return]

    def kind(self, c: ast.KindCond) -> ast.KindCond:
        """A kind condition with every named pattern replaced."""
        if isinstance(c, (ast.TitleHas, ast.HeadingHas, ast.TextHas)):
            p = self.pattern(c.pattern)
            return c if p is c.pattern else c.model_copy(update={"pattern": p})
        if isinstance(c, ast.KindNot):
            return c.model_copy(update={"item": self.kind(c.item)})
        if isinstance(c, (ast.KindAll, ast.KindAny)):
            return c.model_copy(update={"items": [self.kind(i) for i in c.items]})
        return c

    def define(self, name: str) -> ast.Expr | None:
        """The resolved body of a define (None if it could not be resolved)."""
        s = self._def.get(name)
        return None if s is None else s.node

    # ---- the walk: recursion over one parsed body only, names are looked up
    def _pattern(self, p: ast.Pattern) -> _Shape:
        if isinstance(p, ast.TermRef):
            s = self._pat.get(p.name)
            if s is None:
                return _Shape(p, 1, 1)
            return _Shape(s.node, s.depth + 1, s.size, s.broken)
        if isinstance(p, ast.Phrase):
            return _Shape(p, 1, 1)
        if isinstance(p, ast.PNot):
            return self._wrap(p, {"item": self._pattern(p.item)})
        if isinstance(p, ast.PNear):
            return self._wrap(p, {"left": self._pattern(p.left), "right": self._pattern(p.right)})
        return self._wrap_list(p, [self._pattern(i) for i in p.items])

    def _expr(self, e: ast.SourceExpr) -> _Shape:
        if isinstance(e, ast.ExprRef):
            s = self._def.get(e.name)
            if s is None:
                return _Shape(e, 1, 1, broken=True)  # unknown or cyclic: reported by the checker or above
            return _Shape(s.node, s.depth + 1, s.size, s.broken)
        if isinstance(e, ast.Judgement):
            return self._wrap(e, {"pattern": self._pattern(e.pattern)})
        if isinstance(e, ast.MetRef):
            return _Shape(e, 1, 1)
        if isinstance(e, (ast.Not, ast.Quantified)):
            return self._wrap(e, {"item": self._expr(e.item)})
        return self._wrap_list(e, [self._expr(i) for i in e.items])

    @staticmethod
    def _wrap(node: Any, parts: dict[str, _Shape]) -> _Shape:
        changed = {k: s.node for k, s in parts.items() if s.node is not getattr(node, k)}
        out = node.model_copy(update=changed) if changed else node
        return _Shape(out, 1 + max(s.depth for s in parts.values()), 1 + sum(s.size for s in parts.values()),
                      any(s.broken for s in parts.values()))

    @staticmethod
    def _wrap_list(node: Any, parts: list[_Shape]) -> _Shape:
        same = all(s.node is i for s, i in zip(parts, node.items))
        out = node if same else node.model_copy(update={"items": [s.node for s in parts]})
        return _Shape(out, 1 + max(s.depth for s in parts), 1 + sum(s.size for s in parts),
                      any(s.broken for s in parts))
