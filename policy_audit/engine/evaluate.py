"""The reduce step: rule expressions evaluated over a scope of analysed documents, into states.

State algebra (REQUIREMENTS.md): met > weak > missing; `and` is the weaker state, `or` the stronger,
`at least N of` the N-th strongest, `not` swaps met and missing. A rule whose `when` is not met is
not-applicable; a rule whose `require` is missing but whose `partial` holds is weak.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from ..documents.model import Document
from ..language import ast
from .analyze import Match
from .compiled import CompiledPack
from .heap import settled
from .modality import Why

State = Literal["met", "weak", "missing", "not-applicable"]
_RANK = {"missing": 0, "weak": 1, "met": 2}
_BY_RANK = ("missing", "weak", "met")


class Judged(Protocol):
    """What the reduce reads of a document: an `Analysis`, or the `DocSummary` a worker made of one."""

    @property
    def doc(self) -> Document: ...

    @property
    def kind(self) -> str | None: ...

    def matches(self, j: ast.Judgement) -> list[Match]: ...


@dataclass
class Outcome:
    """A state and the sentences behind it (for missing: the nearest partial matches)."""

    state: str
    evidence: list[Match] = field(default_factory=list)
    note: str = ""


@dataclass
class RuleOutcome:
    """A rule's final state over one scope."""

    rule: ast.Rule
    scope: str
    state: State
    evidence: list[Match]
    note: str


class Evaluator:
    """Evaluates the rules of a pack over one scope (a list of analysed documents)."""

    def __init__(self, scope: Sequence[Judged], scope_name: str, holders: Holders | None = None) -> None:
        self.scope = scope
        self.scope_name = scope_name
        self.states: dict[str, State] = {}
        self.evidence: dict[str, list[Match]] = {}  # each evaluated rule's evidence, for met() references
        self.holders = holders

    def rule(self, r: ast.Rule) -> RuleOutcome:
        """Evaluate one rule (its met() dependencies must have been evaluated first)."""
        if r.when is not None:
            w = self.expr(r.when)
            if w.state != "met":
                note = "condition not met: " + (w.note or "no sentence satisfies the rule's 'when'")
                self.states[r.id] = "not-applicable"
                return RuleOutcome(r, self.scope_name, "not-applicable", w.evidence, note)
        o = self.expr(r.require) if r.require is not None else Outcome("missing")
        state, evidence, note = o.state, o.evidence, o.note
        if state == "missing" and r.partial is not None:
            p = self.expr(r.partial)
            if p.state in ("met", "weak"):
                state, evidence = "weak", _merge([p, o])
                note = "only part of the requirement is committed to"
        if state == "met":
            note = ""
        elif state == "missing":
            note = ("no sentence mentions it" if not evidence
                    else note if note and note != "no sentence mentions it"
                    else "the nearest sentences do not commit to it")
        self.states[r.id] = state  # type: ignore[assignment]
        self.evidence[r.id] = evidence
        return RuleOutcome(r, self.scope_name, state, evidence, note)  # type: ignore[arg-type]

    def expr(self, e: ast.Expr) -> Outcome:
        """Evaluate an expression node over the scope."""
        if isinstance(e, ast.Judgement):
            return self._judgement(e, self.scope)
        if isinstance(e, ast.MetRef):
            # "met(X)" asks whether X is met: a weak X is not (not-applicable counts as met)
            st = self.states.get(e.rule_id, "missing")
            return Outcome("met" if st in ("met", "not-applicable") else "missing", self.evidence.get(e.rule_id, []),
                           note=f"{e.rule_id} is {st}")
        if isinstance(e, ast.AllOf):
            parts = [self.expr(i) for i in e.items]
            state = _BY_RANK[min(_RANK[p.state] for p in parts)]
            deciding = sorted(parts, key=lambda p: _RANK[p.state])  # the weakest part decided: its evidence first
            if state == "missing":  # met parts are context, not partial commitments: show what is lacking
                deciding = [p for p in deciding if p.state != "met"]
            return Outcome(state, _merge(deciding), _notes(parts, state))
        if isinstance(e, ast.AnyOf):
            parts = [self.expr(i) for i in e.items]
            state = _BY_RANK[max(_RANK[p.state] for p in parts)]
            best = [p for p in parts if p.state == state]
            return Outcome(state, _merge(best if state != "missing" else parts), _notes(parts, state))
        if isinstance(e, ast.AtLeast):
            parts = sorted((self.expr(i) for i in e.items), key=lambda p: -_RANK[p.state])
            state = parts[e.count - 1].state
            strong = sum(1 for p in parts if p.state == "met")
            note = f"{strong} of {len(parts)} met, {e.count} required"
            counted = parts[:e.count] if state != "missing" else parts  # the parts that decided the state
            return Outcome(state, _merge(counted), note)
        if isinstance(e, ast.Not):
            inner = self.expr(e.item)
            flipped = {"met": "missing", "missing": "met", "weak": "weak"}[inner.state]
            return Outcome(flipped, [], f"not ({inner.note})" if inner.note else "")
        return self._quantified(e)

    def _quantified(self, e: ast.Quantified) -> Outcome:
        docs = [a for a in self.scope if a.kind == e.kind]
        if not docs:
            return Outcome("missing", [], f"no document of kind {e.kind}")
        sub = [Evaluator([a], a.doc.path) for a in docs]
        for s in sub:
            s.states, s.evidence = self.states, self.evidence
        parts = [s.expr(e.item) for s in sub]
        pick = max if e.quantifier == "any" else min
        state = _BY_RANK[pick(_RANK[p.state] for p in parts)]
        return Outcome(state, _merge([p for p in parts if p.state == state] or parts), _notes(parts, state))

    def _judgement(self, j: ast.Judgement, scope: Sequence[Judged]) -> Outcome:
        matches: list[Match] = []
        if self.holders is not None and scope is self.scope:  # only the documents with matches for j
            scope = [scope[i] for i in self.holders.of(j)]
        for a in scope:
            if j.kind is not None and a.kind != j.kind:
                continue
            matches.extend(a.matches(j))
        if j.verb in ("commits", "states"):
            state = "missing"
            for m in matches:
                if m.verdict.strength == "binding" or (j.verb == "states" and m.verdict.plain):
                    state = "met"
                    break
                if m.verdict.strength == "hedged":
                    state = "weak"
        elif j.verb == "mentions":  # a question states nothing ("Does this policy worsen disparities?")
            state = "met" if any(m.verdict.strength != "negated" and m.verdict.why is not Why.QUESTION
                                 for m in matches) else "missing"
        else:
            state = "met" if any(m.definition and m.verdict.strength != "negated" for m in matches) else "missing"
        note = "" if matches else "no sentence mentions it"
        if matches and state == "missing":
            note = "sentences mention it without committing to it"
        if matches and j.verb == "defines" and state == "missing":
            note = "sentences use the terms but none defines them"
        ordered = _strongest_first(matches)
        if j.verb == "defines":  # the definitions decided the state: show them first
            ordered = [m for m in ordered if m.definition] + [m for m in ordered if not m.definition]
        return Outcome(state, ordered, note)


_STRENGTH_RANK = {"binding": 3, "hedged": 2, "mention": 1, "negated": 0}


def _strongest_first(matches: list[Match]) -> list[Match]:
    seen: set[tuple[int, int]] = set()
    out = []
    for m in sorted(matches, key=lambda m: (-_STRENGTH_RANK[m.verdict.strength], m.doc, m.sentence)):
        if (m.doc, m.sentence) not in seen:
            seen.add((m.doc, m.sentence))
            out.append(m)
    return out


def _merge(parts: list[Outcome]) -> list[Match]:
    """Evidence of several parts, in the order given (the deciding part first), without repeats."""
    seen: set[tuple[int, int]] = set()
    out = []
    for p in parts:
        for m in p.evidence:
            if (m.doc, m.sentence) not in seen:
                seen.add((m.doc, m.sentence))
                out.append(m)
    return out


def _notes(parts: list[Outcome], state: str) -> str:
    notes = [p.note for p in parts if p.note and p.state == state]
    return notes[0] if notes else ""


@dataclass
class Holders:
    """For each judgement key of a pack, the places in a scope of summaries of the documents that have
    matches for it: a folder judgement then reads those few documents, not every one (most documents
    match most judgements nowhere)."""

    pack: CompiledPack
    places: dict[int, array[int]]

    @classmethod
    def of_scope(cls, pack: CompiledPack, scope: Sequence[Judged]) -> Holders | None:
        """The index of a scope of summaries bound to `pack`; None for analyses or other packs' summaries."""
        from .summary import DocSummary

        places: dict[int, array[int]] = {}
        for i, a in enumerate(scope):
            if not isinstance(a, DocSummary) or a._pack is not pack:
                return None
            for key in a.found:
                held = places.get(key)
                if held is None:
                    held = places[key] = array("I")  # four bytes a place, not an int object's 32
                held.append(i)
        return cls(pack, places)

    def of(self, j: ast.Judgement) -> Sequence[int]:
        """The places, in scope order, of the documents with matches for `j`."""
        return self.places.get(self.pack.key_of(j), ())


def evaluate_scope(rules: list[ast.Rule], order: list[str], scope: Sequence[Judged],
                   scope_name: str, holders: Holders | None = None) -> list[RuleOutcome]:
    """Evaluate rules in dependency order over one scope; return outcomes in `rules` order."""
    ev = Evaluator(scope, scope_name, holders)
    by_id = {r.id: r for r in rules}
    done: dict[str, RuleOutcome] = {}
    for rid in order:
        if rid in by_id:
            done[rid] = ev.rule(by_id[rid])
    return [done[r.id] for r in rules if r.id in done]


def evaluate_pack(pack: CompiledPack, scope: Sequence[Judged]) -> list[RuleOutcome]:
    """Folder rules over every document, then doc rules over each; nothing read, nothing judged."""
    if not scope:  # nothing was read: there is nothing to judge, and no finding to make up
        return []
    with settled():  # the summaries and the pack are not walked by the collector while matches are made
        return _evaluate(pack, scope)


def _evaluate(pack: CompiledPack, scope: Sequence[Judged]) -> list[RuleOutcome]:
    rules = pack.pack.rules
    folder_rules = [r for r in rules if r.scope == "folder"]
    outcomes = (evaluate_scope(folder_rules, pack.pack.order, scope, "folder", Holders.of_scope(pack, scope))
                if folder_rules else [])
    doc_rules = [r for r in rules if r.scope == "doc"]
    if doc_rules:
        for a in scope:
            outcomes.extend(evaluate_scope(doc_rules, pack.pack.order, [a], a.doc.path))
    return outcomes
