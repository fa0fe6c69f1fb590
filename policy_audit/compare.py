"""Diff mode: what changed, rule by rule, between two versions of a policy or folder.

Each rule's sentences (those matching its `require` and `partial` judgements, with their strength)
are collected in both versions and paired by text, so a sentence that only moved is no change.
A paired sentence whose strength dropped is *weakened* (shall -> may, binding -> negated), one
whose strength rose is *strengthened*; an unpaired commitment is *removed* or *added*.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .audit import AuditRun
from .engine.analyze import Analysis, Match
from .language import ast
from .language.walk import judgements

ChangeKind = Literal["added", "removed", "weakened", "strengthened"]
RANK = {"negated": 0, "mention": 1, "hedged": 2, "binding": 3}
STATE_RANK = {"missing": 0, "weak": 1, "met": 2, "not-applicable": 2}
SIMILAR = 0.6  # difflib ratio above which two sentences are one sentence, edited


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sentence(_Model):
    """A sentence of one version, where it is and how strongly it commits."""

    path: str
    line: int
    page: int | None = None
    text: str
    strength: str
    reason: str


class Change(_Model):
    """One commitment that changed, with the old and new sentence."""

    kind: ChangeKind
    old: Sentence | None = None
    new: Sentence | None = None


class RuleDiff(_Model):
    """A rule's state in both versions and its sentence-level changes."""

    rule_id: str
    title: str
    area: str
    old_state: str
    new_state: str
    changes: list[Change]

    @property
    def regressed(self) -> bool:
        """A commitment removed or weakened, or the rule's state dropped."""
        return (STATE_RANK[self.new_state] < STATE_RANK[self.old_state]
                or any(c.kind in ("removed", "weakened") for c in self.changes))


class DiffSummary(_Model):
    added: int
    removed: int
    weakened: int
    strengthened: int
    rules_changed: int
    regressions: int


def relabel(report: DiffReport, prefix: str, label: str) -> DiffReport:
    """Show paths under a temporary folder (a git revision's export) as `label:path`."""
    def fix(path: str) -> str:
        return f"{label}:{path[len(prefix):].lstrip('/')}" if path.startswith(prefix) else path

    def fix_sentence(s: Sentence | None) -> Sentence | None:
        return s.model_copy(update={"path": fix(s.path)}) if s else None

    rules = [rd.model_copy(update={"changes": [c.model_copy(update={"old": fix_sentence(c.old), "new": fix_sentence(c.new)})
                                              for c in rd.changes]}) for rd in report.rules]
    errors = [fix(e) if e.startswith(prefix) else e for e in report.errors]
    return report.model_copy(update={"rules": rules, "errors": errors, "old": label})


class DiffReport(_Model):
    """Everything `policy-audit diff` found, sorted for byte-identical output."""

    tool: str = "policy-audit"
    version: str
    old: str
    new: str
    rules: list[RuleDiff]
    summary: DiffSummary
    errors: list[str]


@dataclass(frozen=True)
class _Item:
    key: str  # the document's path relative to its root, for pairing
    norm: str
    sentence: Sentence


_NON_WORD = re.compile(r"[^\w]+")


def _normal(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def rule_sentences(rule: ast.Rule, analyses: list[Analysis], root: Path) -> list[_Item]:
    """Every sentence a rule's commitment judgements match, with its strongest verdict, once each.

    Only `commits` and `states` judge how strongly a sentence commits; what `mentions` and
    `defines` rules lose shows as their state change."""
    best: dict[tuple[int, int], Match] = {}
    judged = [j for j in judgements(rule.require) + judgements(rule.partial) if j.verb in ("commits", "states")]
    for j in judged:
        for a in analyses:
            if j.kind is not None and a.kind != j.kind:
                continue
            for m in a.matches(j):
                old = best.get((m.doc, m.sentence))
                if old is None or RANK[m.verdict.strength] > RANK[old.verdict.strength]:
                    best[(m.doc, m.sentence)] = m
    docs = {a.number: a.doc for a in analyses}
    items = []
    for (d, s), m in sorted(best.items()):
        doc = docs[d]
        sent = doc.sentences[s]
        if sent.is_heading:
            continue
        loc = doc.locate(sent.start)
        items.append(_Item(_relative(doc.path, root), _normal(sent.text),
                           Sentence(path=doc.path, line=loc.line, page=loc.page, text=sent.text,
                                    strength=m.verdict.strength, reason=m.verdict.reason)))
    return items


def pair(old: list[_Item], new: list[_Item]) -> tuple[list[tuple[_Item, _Item]], list[_Item], list[_Item]]:
    """Pair sentences across versions: identical text first (anywhere), then the most similar."""
    pairs: list[tuple[_Item, _Item]] = []
    left = list(old)
    right = list(new)
    by_text: dict[str, list[_Item]] = {}
    for n in right:
        by_text.setdefault(n.norm, []).append(n)
    rest = []
    for o in left:
        same = by_text.get(o.norm)
        if same:
            n = same.pop(0)
            right.remove(n)
            pairs.append((o, n))
        else:
            rest.append(o)
    scored = []
    for i, o in enumerate(rest):
        for k, n in enumerate(right):
            sm = difflib.SequenceMatcher(None, o.norm, n.norm, autojunk=False)
            if sm.real_quick_ratio() >= SIMILAR and sm.quick_ratio() >= SIMILAR:
                r = sm.ratio()
                if r >= SIMILAR:
                    scored.append((-r, o.key != n.key, i, k))
    used_o: set[int] = set()
    used_n: set[int] = set()
    for _, _, i, k in sorted(scored):
        if i not in used_o and k not in used_n:
            used_o.add(i)
            used_n.add(k)
            pairs.append((rest[i], right[k]))
    removed = [o for i, o in enumerate(rest) if i not in used_o]
    added = [n for k, n in enumerate(right) if k not in used_n]
    return pairs, removed, added


def diff_rule(rule: ast.Rule, old_state: str, new_state: str, old: list[_Item], new: list[_Item]) -> RuleDiff:
    """The changes of one rule between two versions."""
    pairs, removed, added = pair(old, new)
    changes: list[Change] = []
    for o, n in pairs:
        a, b = RANK[o.sentence.strength], RANK[n.sentence.strength]
        if b < a and a >= RANK["hedged"]:
            changes.append(Change(kind="weakened", old=o.sentence, new=n.sentence))
        elif b > a and b >= RANK["hedged"]:
            changes.append(Change(kind="strengthened", old=o.sentence, new=n.sentence))
    changes += [Change(kind="removed", old=o.sentence) for o in removed if RANK[o.sentence.strength] >= RANK["hedged"]]
    changes += [Change(kind="added", new=n.sentence) for n in added if RANK[n.sentence.strength] >= RANK["hedged"]]
    order = {"removed": 0, "weakened": 1, "added": 2, "strengthened": 3}

    def where(c: Change) -> tuple[str, int]:
        s = c.old or c.new
        return (s.path, s.line) if s else ("", 0)

    changes.sort(key=lambda c: (order[c.kind], where(c)))
    return RuleDiff(rule_id=rule.id, title=rule.title, area=rule.area, old_state=old_state, new_state=new_state,
                    changes=changes)


def diff_runs(old: AuditRun, new: AuditRun, old_root: Path, new_root: Path, version: str,
              selected: set[str] | None = None) -> DiffReport:
    """Compare two audits made with the same pack(s), rule by rule (folder scope)."""
    old_states = {o.rule.id: o.state for o in old.outcomes if o.scope == "folder"}
    new_states = {o.rule.id: o.state for o in new.outcomes if o.scope == "folder"}
    rules: list[RuleDiff] = []
    seen: set[str] = set()
    for o in [*new.outcomes, *old.outcomes]:  # a rule only the old version was judged on (all deleted) too
        r = o.rule
        if o.scope != "folder" or r.id in seen or (selected is not None and r.id not in selected):
            continue
        seen.add(r.id)
        rd = diff_rule(r, old_states.get(r.id, "missing"), new_states.get(r.id, "missing"),
                       rule_sentences(r, old.analyses_for(r), old_root), rule_sentences(r, new.analyses_for(r), new_root))
        if rd.changes or rd.old_state != rd.new_state:
            rules.append(rd)
    count = {k: sum(1 for rd in rules for c in rd.changes if c.kind == k)
             for k in ("added", "removed", "weakened", "strengthened")}
    errors = sorted(f"{d.path}: {d.error}" for run in (old, new) for d in run.report.documents if d.error)
    summary = DiffSummary(**count, rules_changed=len(rules), regressions=sum(1 for rd in rules if rd.regressed))
    return DiffReport(version=version, old=old_root.as_posix(), new=new_root.as_posix(), rules=rules,
                      summary=summary, errors=errors)
