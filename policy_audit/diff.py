"""Compare two versions of a policy folder sentence by sentence, so a reviewer sees a `shall` that became `may`.

Pure functions over two audits: for each rule, the sentences its `require`/`partial` judgements match
in the old and the new version are paired by text (identical first, then similar), so a sentence
that only moved is not a change; what remains is a commitment added, removed, weakened or strengthened.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field

from .audit import evaluate
from .documents.model import Document, LoadFailure
from .engine.analyze import Analysis, Match
from .engine.compiled import CompiledPack
from .engine.evaluate import RuleOutcome
from .engine.modality import RANK
from .language import ast
from .report.models import State, Strength

SIMILAR = 0.6  # word-level difflib ratio at or above which two sentences are versions of one another
COMMITTED = ("binding", "hedged")
ChangeKind = Literal["weakened", "removed", "strengthened", "added"]
KIND_ORDER: dict[str, int] = {"weakened": 0, "removed": 1, "strengthened": 2, "added": 3}
_STATE_RANK = {"missing": 0, "weak": 1, "met": 2}
_WORD = re.compile(r"\w+")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Quote(_Frozen):
    """One sentence of one version, where it is and how strongly it commits."""

    path: str
    line: int
    column: int
    page: int | None = None
    location: str = Field(description="The place as reports print it after the path: `12:5`, `p3:12`, `para7`.")
    text: str
    strength: Strength
    reason: str = ""


class Change(_Frozen):
    """A commitment that changed: `old` is absent for added ones, `new` for removed ones."""

    kind: ChangeKind
    old: Quote | None = None
    new: Quote | None = None
    similarity: float | None = Field(None, description="Word-level similarity of the paired sentences (0..1).")


class RuleDiff(_Frozen):
    """What changed for one rule over one scope (the folder, or one document for `doc` rules)."""

    rule_id: str
    title: str
    area: str
    severity: str
    scope: str = Field(description="'folder', or the document's path relative to the compared roots.")
    old_state: State | None = Field(None, description="None when the document does not exist in that version.")
    new_state: State | None = None
    state_change: Literal["dropped", "improved", "changed", "unchanged"]
    changes: list[Change] = Field(default_factory=list)


class DocumentPair(_Frozen):
    """A document as paired across the two versions."""

    key: str
    old_path: str | None = None
    new_path: str | None = None
    status: Literal["paired", "added", "deleted"]


class DiffSummary(_Frozen):
    """Counts over every rule, and whether any of them is a regression."""

    weakened: int = 0
    removed: int = 0
    strengthened: int = 0
    added: int = 0
    states_dropped: int = 0
    states_improved: int = 0
    regression: bool = Field(False, description="A commitment was removed or weakened, or a rule's state dropped.")


class DiffReport(_Frozen):
    """The whole comparison; every diff output format is a pure function of this."""

    tool: str = "policy-audit"
    version: str
    old: str
    new: str
    documents: list[DocumentPair] = Field(default_factory=list)
    unreadable: list[str] = Field(default_factory=list, description="'path: reason' for files either version could not read.")
    rules: list[RuleDiff] = Field(default_factory=list)
    summary: DiffSummary


@dataclass
class Version:
    """One side of a diff: its documents, each with the key that pairs it with the other side."""

    label: str
    docs: list[Document]
    keys: list[str]
    failures: list[LoadFailure] = field(default_factory=list)


@dataclass
class _Hit:
    analysis: Analysis
    match: Match
    words: tuple[str, ...]

    @property
    def strength(self) -> str:
        return self.match.verdict.strength


def normalise(text: str) -> tuple[str, ...]:
    """The sentence as lower-case words, so punctuation, case and line breaks do not count as edits."""
    return tuple(_WORD.findall(text.lower()))


def judgements(e: ast.Expr | None, kinds: tuple[str, ...] = ()) -> list[tuple[ast.Judgement, tuple[str, ...]]]:
    """Each judgement of an expression with the document kinds it is restricted to (not under `not`)."""
    if e is None or isinstance(e, (ast.MetRef, ast.Not)):
        return []
    if isinstance(e, ast.Judgement):
        return [(e, kinds + ((e.kind,) if e.kind else ()))]
    if isinstance(e, ast.Quantified):
        return judgements(e.item, kinds + (e.kind,))
    return [pair for item in e.items for pair in judgements(item, kinds)]


def rule_sentences(rule: ast.Rule, scope: list[Analysis]) -> list[_Hit]:
    """Every sentence the rule's require/partial judgements match, once, with its strongest verdict."""
    best: dict[tuple[int, int], _Hit] = {}
    for j, kinds in judgements(rule.require) + judgements(rule.partial):
        for a in scope:
            if any(a.kind != k for k in kinds):
                continue
            for m in a.matches(j):
                key = (a.number, m.sentence)
                old = best.get(key)
                if old is None or RANK[m.verdict.strength] > RANK[old.strength]:
                    best[key] = _Hit(a, m, normalise(a.doc.sentences[m.sentence].text))
    return [best[k] for k in sorted(best)]


def pair_sentences(old: list[_Hit], new: list[_Hit]) -> tuple[list[tuple[_Hit, _Hit, float]], list[_Hit], list[_Hit]]:
    """Pairs (identical words first, then the most similar >= SIMILAR), unpaired old, unpaired new."""
    waiting: dict[tuple[str, ...], list[int]] = {}
    for j, h in enumerate(new):
        waiting.setdefault(h.words, []).append(j)
    pairs: list[tuple[int, int, float]] = []
    rest_old: list[int] = []
    for i, h in enumerate(old):
        bucket = waiting.get(h.words)
        if bucket:
            pairs.append((i, bucket.pop(0), 1.0))
        else:
            rest_old.append(i)
    rest_new = sorted(j for bucket in waiting.values() for j in bucket)
    candidates: list[tuple[float, int, int]] = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for i in rest_old:
        matcher.set_seq2(old[i].words)  # type: ignore[arg-type]
        for j in rest_new:
            matcher.set_seq1(new[j].words)  # type: ignore[arg-type]
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILAR:
                candidates.append((-ratio, i, j))
    used_old, used_new = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    for neg, i, j in sorted(candidates):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, -neg))
    return ([(old[i], new[j], r) for i, j, r in pairs],
            [h for i, h in enumerate(old) if i not in used_old], [h for j, h in enumerate(new) if j not in used_new])


def quote(h: _Hit) -> Quote:
    """The sentence of a hit as a located quote."""
    doc = h.analysis.doc
    s = doc.sentences[h.match.sentence]
    loc = doc.locate(s.start)
    return Quote(path=doc.path, line=loc.line, column=loc.column, page=loc.page, location=loc.label(),
                 text=" ".join(s.text.split()), strength=h.strength, reason=h.match.verdict.reason)  # type: ignore[arg-type]


def sentence_changes(old: list[_Hit], new: list[_Hit]) -> list[Change]:
    """Commitments added, removed, weakened or strengthened between two lists of matching sentences."""
    pairs, gone, came = pair_sentences(old, new)
    out: list[Change] = []
    for o, n, ratio in pairs:
        ro, rn = RANK[o.strength], RANK[n.strength]
        if ro != rn and max(ro, rn) >= RANK["hedged"]:
            out.append(Change(kind="weakened" if rn < ro else "strengthened", old=quote(o), new=quote(n),
                              similarity=round(ratio, 3)))
    out += [Change(kind="removed", old=quote(h)) for h in gone if h.strength in COMMITTED]
    out += [Change(kind="added", new=quote(h)) for h in came if h.strength in COMMITTED]

    def order(c: Change) -> tuple[int, str, int, int, str]:
        q = c.new or c.old
        assert q is not None
        return (KIND_ORDER[c.kind], q.path, q.page or 0, q.line, q.text)
    return sorted(out, key=order)


def state_change(old: str | None, new: str | None) -> Literal["dropped", "improved", "changed", "unchanged"]:
    """`dropped` met->weak->missing, `improved` the other way, `changed` to/from not-applicable or absent."""
    if old == new:
        return "unchanged"
    if old in _STATE_RANK and new in _STATE_RANK:
        return "dropped" if _STATE_RANK[new] < _STATE_RANK[old] else "improved"  # type: ignore[index]
    return "changed"


def diff_pack(pack: CompiledPack, old: tuple[list[Analysis], list[RuleOutcome], list[str]],
              new: tuple[list[Analysis], list[RuleOutcome], list[str]],
              keep: Callable[[ast.Rule], bool]) -> list[RuleDiff]:
    """Per kept rule and scope: the state change and the sentence-level changes between two audits."""
    sides = []
    for analyses, outcomes, keys in (old, new):
        key_of = {a.doc.path: keys[a.number] for a in analyses}
        states = {(o.rule.id, "folder" if o.scope == "folder" else key_of[o.scope]): o.state for o in outcomes}
        by_key = {keys[a.number]: a for a in analyses}
        sides.append((analyses, states, by_key))
    (o_all, o_states, o_by), (n_all, n_states, n_by) = sides
    out: list[RuleDiff] = []
    for rule in pack.pack.rules:
        if not keep(rule):
            continue
        scopes = ["folder"] if rule.scope == "folder" else sorted(set(o_by) | set(n_by))
        for scope in scopes:
            o_scope = o_all if scope == "folder" else [o_by[scope]] if scope in o_by else []
            n_scope = n_all if scope == "folder" else [n_by[scope]] if scope in n_by else []
            changes = sentence_changes(rule_sentences(rule, o_scope), rule_sentences(rule, n_scope))
            before, after = o_states.get((rule.id, scope)), n_states.get((rule.id, scope))
            moved = state_change(before, after)
            if changes or moved != "unchanged":
                out.append(RuleDiff(rule_id=rule.id, title=rule.title, area=rule.area, severity=rule.severity,
                                    scope=scope, old_state=before, new_state=after, state_change=moved,
                                    changes=changes))
    return out


def compare(old: Version, new: Version, packs: list[CompiledPack], keep: Callable[[ast.Rule], bool],
            version: str) -> DiffReport:
    """Audit both versions with every pack and report what changed, rule by rule."""
    rules: list[RuleDiff] = []
    for pack in packs:
        o_an, o_out = evaluate(old.docs, pack)
        n_an, n_out = evaluate(new.docs, pack)
        rules += diff_pack(pack, (o_an, o_out, old.keys), (n_an, n_out, new.keys), keep)
    o_paths = dict(zip(old.keys, (d.path for d in old.docs)))
    n_paths = dict(zip(new.keys, (d.path for d in new.docs)))
    documents = [DocumentPair(key=k, old_path=o_paths.get(k), new_path=n_paths.get(k),
                              status="paired" if k in o_paths and k in n_paths else "added" if k in n_paths else "deleted")
                 for k in sorted(set(o_paths) | set(n_paths))]
    unreadable = sorted(f"{f.path}: {f.reason}" for f in old.failures + new.failures)
    return DiffReport(version=version, old=old.label, new=new.label, documents=documents, unreadable=unreadable,
                      rules=rules, summary=summarise(rules))


def summarise(rules: list[RuleDiff]) -> DiffSummary:
    """Totals of each kind of change and whether the new version is a regression."""
    count = {k: sum(1 for r in rules for c in r.changes if c.kind == k) for k in KIND_ORDER}
    dropped = sum(1 for r in rules if r.state_change == "dropped")
    improved = sum(1 for r in rules if r.state_change == "improved")
    return DiffSummary(weakened=count["weakened"], removed=count["removed"], strengthened=count["strengthened"],
                       added=count["added"], states_dropped=dropped, states_improved=improved,
                       regression=bool(count["weakened"] or count["removed"] or dropped))
