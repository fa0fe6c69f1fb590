"""Semantic checks of a whole pack: every name resolves, IDs are unique, `met()` has no cycles."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import ast
from .errors import RuleDiagnostic, source_line
from .graph import dependency_order
from .resolve import Resolver
from .terms import expand_terms
from .walk import kind_patterns, pattern_leaves

if TYPE_CHECKING:
    from .pack import Pack

SEVERITIES = ("error", "warning", "info")
SCOPES = ("folder", "doc")
MODALITIES = ("binding", "hedged", "negation", "belief", "past", "reported", "definition", "denial", "ignore",
              "imperative", "actor", "other-body", "terminate", "qualification", "navigation")
REQUIRED_MODALITIES = ("binding", "hedged", "negation")
_Decl = ast.TermSet | ast.Define | ast.NamedPattern


def _close(word: str, options: list[str] | tuple[str, ...]) -> str:
    m = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{m[0]}'? " if m else ""


class _Diag:
    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources
        self.items: list[RuleDiagnostic] = []

    def add(self, span: ast.Span, message: str, hint: str = "") -> None:
        text = self.sources.get(span.file, "")
        self.items.append(RuleDiagnostic(span.file, span.line or 1, span.column or 1, message, hint,
                                         source_line(text, span.line)))


def _patterns_of(expr: ast.SourceExpr | None) -> Iterator[ast.Judgement | ast.MetRef | ast.Quantified | ast.ExprRef]:
    """Every judgement, met() reference, quantifier and define used inside an (unexpanded) expression."""
    if expr is None:
        return
    if isinstance(expr, (ast.Judgement, ast.MetRef, ast.ExprRef)):
        yield expr
    elif isinstance(expr, ast.Quantified):
        yield expr
        yield from _patterns_of(expr.item)
    elif isinstance(expr, ast.Not):
        yield from _patterns_of(expr.item)
    else:
        for item in expr.items:
            yield from _patterns_of(item)


def check_phrase(d: _Diag, phrase: ast.Phrase) -> None:
    """A phrase needs at least one word; `*` may only end a word."""
    words = phrase.text.split()
    if not any(ch.isalnum() for ch in phrase.text):
        d.add(phrase.span, f"phrase {phrase.text!r} has no words", 'write a word or phrase, e.g. "equity office"')
    for w in words:
        if "*" in w[:-1]:
            d.add(phrase.span, f"'*' inside a word in {phrase.text!r}", "'*' is a prefix wildcard: it may only end a word, as in \"fund*\"")
        elif w == "*":
            d.add(phrase.span, f"lone '*' in {phrase.text!r}", "'*' must follow the start of a word, as in \"fund*\"")


def check_pack(files: list[ast.RuleFile], sources: dict[str, str]) -> tuple[Pack, list[RuleDiagnostic]]:
    """Merge the files of a pack and report every unresolved or inconsistent name."""
    from .pack import Pack

    d = _Diag(sources)
    headers = [f.pack for f in files if f.pack is not None]
    header = headers[0] if headers else None
    for extra in headers[1:]:
        d.add(extra.span, "a second 'pack' statement", f"the pack is already declared at {header.span.file}:{header.span.line}")  # type: ignore[union-attr]
    areas: dict[str, ast.AreaDecl] = {}
    terms: dict[str, ast.TermSet] = {}
    defines: dict[str, ast.Define] = {}
    patterns: dict[str, ast.NamedPattern] = {}
    named: dict[str, _Decl] = {}  # term sets, patterns and defines share one namespace
    modalities: dict[str, ast.ModalityDecl] = {}
    kinds: dict[str, ast.KindDecl] = {}
    rules: list[ast.Rule] = []
    for f in files:
        for a in f.areas:
            if a.name in areas:
                d.add(a.span, f"area '{a.name}' declared twice", f"first declared at {areas[a.name].span.file}:{areas[a.name].span.line}")
            areas.setdefault(a.name, a)
        decls: list[_Decl] = [*f.terms, *f.patterns, *f.defines]
        for decl in decls:
            first = named.get(decl.name)
            if first is not None:
                d.add(decl.span, f"{_what(decl)} '{decl.name}' declared twice" if type(first) is type(decl)
                      else f"'{decl.name}' is declared as a {_what(first)} and as a {_what(decl)}",
                      f"first declared at {first.span.file}:{first.span.line}; term sets, patterns and defines "
                      "share one set of names")
                continue
            named[decl.name] = decl
            if isinstance(decl, ast.TermSet):
                terms[decl.name] = decl
            elif isinstance(decl, ast.NamedPattern):
                patterns[decl.name] = decl
            else:
                defines[decl.name] = decl
        for m in f.modalities:
            if m.name not in MODALITIES:
                d.add(m.span, f"unknown modality '{m.name}'", _close(m.name, MODALITIES) + "modalities are " + ", ".join(MODALITIES))
            elif m.name in modalities:
                d.add(m.span, f"modality '{m.name}' declared twice", "list all its phrases in one statement")
            modalities.setdefault(m.name, m)
            for p in m.phrases:
                check_phrase(d, p)
        for k in f.kinds:
            if k.name in kinds:
                d.add(k.span, f"kind '{k.name}' declared twice", "a document kind is declared once")
            kinds.setdefault(k.name, k)
        rules.extend(f.rules)

    if header is None and files:
        d.add(ast.Span(file=files[0].path, line=1, column=1), "no 'pack' statement",
              'start one file of the pack with: pack my-pack "What it checks" version "1.0"')
    for name in REQUIRED_MODALITIES:
        if name not in modalities and files:
            d.add(ast.Span(file=files[0].path, line=1, column=1), f"the pack declares no '{name}' modality",
                  f'add: modality {name} = "..."')

    def check_pattern(p: ast.Pattern) -> None:
        for leaf in pattern_leaves(p):
            if isinstance(leaf, ast.TermRef) and leaf.name in defines:
                d.add(leaf.span, f"'{leaf.name}' is a define (an expression), not a pattern",
                      f"use it outside the judgement (require: {leaf.name}), or declare a pattern: pattern {leaf.name} = ...")
            elif isinstance(leaf, ast.TermRef) and leaf.name not in terms and leaf.name not in patterns:
                d.add(leaf.span, f"unknown term set '{leaf.name}'", _close(leaf.name, [*terms, *patterns]) + "declare it with: terms " + leaf.name + ' = "..."')
            elif isinstance(leaf, ast.Phrase):
                check_phrase(d, leaf)
        _check_near(d, p)

    for t in terms.values():
        for item in (*t.items, *t.minus):
            if isinstance(item, ast.TermRef) and item.name not in terms:
                if item.name in named:
                    d.add(item.span, f"term set '{t.name}' includes the {_what(named[item.name])} '{item.name}'",
                          "a term set lists phrases and other term sets; use patterns and defines in rules")
                else:
                    d.add(item.span, f"unknown term set '{item.name}'", _close(item.name, list(terms)) + "declare it before use or fix the name")
            elif isinstance(item, ast.Phrase):
                check_phrase(d, item)
    _check_term_cycles(d, terms)
    for tp in expand_terms(terms).problems:
        d.add(tp.span, tp.message, tp.hint)
    for k in kinds.values():
        for kp in kind_patterns(k.condition):
            check_pattern(kp)
    for np in patterns.values():
        check_pattern(np.body)

    by_id: dict[str, ast.Rule] = {}
    for r in rules:
        if r.id in by_id:
            seen = by_id[r.id].span
            d.add(r.span, f"duplicate rule ID '{r.id}'", f"first defined at {seen.file}:{seen.line}; rule IDs are unique in a pack")
            continue
        by_id[r.id] = r
    for r in rules:
        fs = r.field_spans
        if r.area not in areas:
            d.add(fs.area or r.span, f"unknown area '{r.area}'" if r.area else f"rule {r.id} has no area",
                  _close(r.area, list(areas)) + ("areas are " + ", ".join(areas) if areas else 'declare one: area fund "Fund"'))
        if r.severity not in SEVERITIES:
            d.add(fs.severity or r.span, f"unknown severity '{r.severity}'", _close(r.severity, SEVERITIES) + "severity is error, warning or info")
        if r.scope not in SCOPES:
            d.add(fs.scope or r.span, f"unknown scope '{r.scope}'", _close(r.scope, SCOPES) + "scope is folder or doc")
        if r.require is None:
            d.add(r.span, f"rule {r.id} has no 'require'", "add: require: commits(TERMS)")
        if not r.message:
            d.add(r.span, f"rule {r.id} has no 'message'", 'add: message: "What is missing, in plain English."')

    def check_expr(expr: ast.SourceExpr | None) -> None:
        for node in _patterns_of(expr):
            if isinstance(node, ast.Judgement):
                check_pattern(node.pattern)
                if node.kind is not None and node.kind not in kinds:
                    d.add(node.span, f"unknown kind '{node.kind}'", _close(node.kind, list(kinds)) + "kinds are " + (", ".join(kinds) or "(none declared)"))
            elif isinstance(node, ast.Quantified):
                if node.kind not in kinds:
                    d.add(node.span, f"unknown kind '{node.kind}'", _close(node.kind, list(kinds)) + "kinds are " + (", ".join(kinds) or "(none declared)"))
            elif isinstance(node, ast.ExprRef):
                _check_ref(d, node, defines, named)
            elif node.rule_id not in by_id:
                d.add(node.span, f"met() names unknown rule '{node.rule_id}'", _close(node.rule_id, list(by_id)))
        _check_counts(d, expr)

    for r in rules:
        for expr in (r.when, r.require, r.partial):
            check_expr(expr)
    for x in defines.values():
        check_expr(x.body)
    order = _evaluation_order(d, rules, by_id, defines)
    resolver = Resolver(defines, patterns)
    resolved = [r.model_copy(update={k: resolver.expr(getattr(r, k), f"{k} of rule {r.id}")
                                     for k in ("when", "require", "partial")}) for r in by_id.values()]
    kinds = {name: k.model_copy(update={"condition": resolver.kind(k.condition)}) for name, k in kinds.items()}
    for rp in resolver.problems:
        d.add(rp.span, rp.message, rp.hint)
    area_rank = {name: i for i, name in enumerate(areas)}
    listed = sorted(resolved, key=lambda r: (area_rank.get(r.area, len(area_rank)), r.id))
    pack = Pack(name=header.name if header else "", title=header.title if header else "",
                version=header.version if header else "0", files=[], areas=areas, terms=terms,
                modalities=modalities, kinds=kinds, rules=listed, order=order,
                defines={n: resolver.define(n) for n in defines}, patterns={n: resolver.pattern(p.body) for n, p in patterns.items()})
    return pack, d.items


def _what(decl: ast.Node) -> str:
    return {"TermSet": "term set", "Define": "define", "NamedPattern": "pattern"}.get(type(decl).__name__, "name")


def _check_ref(d: _Diag, ref: ast.ExprRef, defines: dict[str, ast.Define], named: dict[str, _Decl]) -> None:
    """A name used as an expression must be a define."""
    if ref.name in defines:
        return
    if ref.name in named:
        d.add(ref.span, f"bare {_what(named[ref.name])} '{ref.name}' where a judgement is expected",
              f"wrap it in a judgement: commits({ref.name}), mentions({ref.name}) or defines({ref.name})")
    else:
        d.add(ref.span, f"unknown define '{ref.name}'",
              _close(ref.name, list(defines)) + f"declare it with: define {ref.name} = commits(...)")


def _check_near(d: _Diag, p: ast.Pattern) -> None:
    if isinstance(p, ast.PNear):
        if p.distance < 1 or p.distance > 200:
            d.add(p.span, f"'near {p.distance}' is out of range", "use a word distance from 1 to 200")
        _check_near(d, p.left)
        _check_near(d, p.right)
    elif isinstance(p, ast.PNot):
        _check_near(d, p.item)
    elif isinstance(p, (ast.PAll, ast.PAny)):
        for item in p.items:
            _check_near(d, item)


def _check_counts(d: _Diag, expr: ast.SourceExpr | None) -> None:
    if isinstance(expr, ast.AtLeast) and not 1 <= expr.count <= len(expr.items):
        d.add(expr.span, f"'at least {expr.count} of' a list of {len(expr.items)}",
              f"N must be between 1 and {len(expr.items)}")
    if isinstance(expr, (ast.AtLeast, ast.AllOf, ast.AnyOf)):
        for item in expr.items:
            _check_counts(d, item)
    elif isinstance(expr, (ast.Not, ast.Quantified)):
        _check_counts(d, expr.item)


def _check_term_cycles(d: _Diag, terms: dict[str, ast.TermSet]) -> None:
    refs = {n: [i.name for i in (*t.items, *t.minus) if isinstance(i, ast.TermRef)] for n, t in terms.items()}
    _order, cycles = dependency_order(terms, lambda n: refs[n])
    for c in cycles:
        d.add(terms[c[0]].span, "term sets include each other: " + " -> ".join(c),
              "a term set cannot include itself, directly or through others")


def _met_refs(e: ast.SourceExpr | None) -> tuple[list[str], list[str]]:
    """The met() targets and the defines an unexpanded expression uses."""
    mets: list[str] = []
    refs: list[str] = []
    for n in _patterns_of(e):
        if isinstance(n, ast.MetRef):
            mets.append(n.rule_id)
        elif isinstance(n, ast.ExprRef):
            refs.append(n.name)
    return mets, refs


def _evaluation_order(d: _Diag, rules: list[ast.Rule], by_id: dict[str, ast.Rule],
                      defines: dict[str, ast.Define]) -> list[str]:
    """Order rules so every met() target (in the rule or the defines it uses) is evaluated first; report cycles."""
    define_refs = {n: _met_refs(x.body) for n, x in defines.items()}
    define_order, _cycles = dependency_order(defines, lambda n: define_refs[n][1])
    define_mets: dict[str, list[str]] = {}
    for n in define_order:  # a define's met() targets, its own and those of the defines it uses
        own, used = define_refs[n]
        define_mets[n] = list(dict.fromkeys([*own, *(m for u in used for m in define_mets.get(u, ()))]))
    deps: dict[str, list[str]] = {}
    for r in by_id.values():
        found: list[str] = []
        for e in (r.when, r.require, r.partial):
            own, used = _met_refs(e)
            found += own + [m for u in used for m in define_mets.get(u, ())]
        deps[r.id] = [m for m in dict.fromkeys(found) if m in by_id]
    order, cycles = dependency_order(by_id, lambda rid: deps[rid])
    for cycle in cycles:
        d.add(by_id[cycle[0]].span, "met() cycle: " + " -> ".join(cycle), "a rule cannot depend on itself through met()")
    return order
