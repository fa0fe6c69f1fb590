"""`check --explain ID`: every sentence one rule considered, its strength, and why it counted or not."""

from __future__ import annotations

import textwrap

from ..audit import AuditRun
from ..engine.analyze import Match
from ..engine.evaluate import Evaluator
from ..language import ast
from ..language.unparse import expr as unparse
from ..language.unparse import pattern as unparse_pattern
from ..language.walk import judgements

_COUNTS = {"commits": {"binding": "counts: met", "hedged": "counts: weak"},
           "states": {"binding": "counts: met", "hedged": "counts: weak"},
           "mentions": {"binding": "counts", "hedged": "counts", "mention": "counts"},
           "defines": {}}


def _effect(j: ast.Judgement, m: Match) -> str:
    if j.verb == "states" and m.verdict.plain:
        return "counts: met (a plain statement)"
    if j.verb == "defines":
        return "counts: a definition" if m.definition and m.verdict.strength != "negated" else "does not count: not a definition"
    return _COUNTS[j.verb].get(m.verdict.strength, "does not count")


def _plain(text: str, width: int = 80) -> str:
    """Document text on one terminal line: control characters shown as '?', long text cut."""
    one = " ".join("".join(ch if ch.isprintable() else "?" for ch in text).split())
    return one if len(one) <= width else one[:width - 3] + "..."


def render_kinds(run: AuditRun, rule: ast.Rule) -> list[str]:
    """Why each document has its kind (kinds decide which documents `in kind ...` judgements read)."""
    from ..engine.kinds import KindSource

    pack = next((p for p in run.packs if any(r is rule for r in p.pack.rules)), None)
    if pack is None:
        return []
    out = ["Document kinds"]
    for a in run.analyses_for(rule):
        choice = a.kind_choice  # decided where the document was read (the map step)
        how = choice.source.value + (f" {choice.detail!r}" if choice.detail else "")
        out.append(f"  {_plain(a.doc.path, 200)} -> {choice.kind or '(none)'}: from {how}"
                   + (", the first such kind in pack order" if choice.source is KindSource.SAYS else ""))
        for cand in choice.candidates:
            shown = [f'{e.place.value} "{_plain(e.text, 60)}"' for e in cand.evidence[:2]]
            more = len(cand.evidence) - len(shown)
            if choice.source is KindSource.TEXT:
                n = len(cand.evidence)
                line = f"{n} sentence{'s' if n != 1 else ''}, e.g. {shown[0]}" if shown else "(a negated test)"
            else:
                line = "; ".join(shown) + (f" (+{more} more)" if more else "") if shown else "(a negated test)"
            out.append(f"    {cand.kind:<16} {line}")
    return [*out, ""]


def render_explain(run: AuditRun, rule_id: str) -> str:
    """A plain account of how one rule reached its state in each scope, and of the documents' kinds."""
    out: list[str] = []
    explained: ast.Rule | None = None
    docs = [a.doc for a in run.analyses]
    for o in run.outcomes:
        if o.rule.id != rule_id:
            continue
        r = o.rule
        explained = explained or r
        out.append(f"{r.id} {r.title}  [{o.scope}] -> {o.state}" + (f" ({o.note})" if o.note else ""))
        analyses = run.analyses_for(r)
        scope = analyses if o.scope == "folder" else [a for a in analyses if a.doc.path == o.scope]
        ev = Evaluator(scope, o.scope)
        for label, e in (("when", r.when), ("require", r.require), ("partial", r.partial)):
            if e is None:
                continue
            out.append(f"\n{label}: {unparse(e)}")
            for j in judgements(e):
                state = ev.expr(j).state
                out.append(f"  {j.verb}({unparse_pattern(j.pattern)}) -> {state}")
                matches = [m for a in scope if j.kind is None or a.kind == j.kind for m in a.matches(j)]
                if not matches:
                    out.append("    no sentence matches")
                for m in matches:
                    d = docs[m.doc]
                    s = d.sentences[m.sentence]
                    loc = d.locate(s.start)
                    where = f"{d.path}:{loc.label()}"
                    out.append(f"    {where}  {m.verdict.strength:<8} {_effect(j, m)}  ({m.verdict.reason})")
                    out.append(textwrap.fill(s.text, 100, initial_indent="      | ", subsequent_indent="      | "))
        out.append("")
    if explained is not None:
        out += render_kinds(run, explained)
    return "\n".join(out) + ("\n" if out else f"{rule_id}: no result (rule not selected?)\n")
