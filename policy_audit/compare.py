"""Diff mode: what changed, rule by rule, between two versions of a policy or folder.

Each rule's sentences (those matching its `require` and `partial` judgements, with their strength)
are collected in both versions and paired by text, so a sentence that only moved is no change.
A paired sentence whose strength dropped is *weakened* (shall -> may, binding -> negated), one
whose strength rose is *strengthened*; an unpaired commitment is *removed* or *added*.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .audit import AuditRun
from .engine.analyze import Match
from .engine.summary import DocSummary
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


@functools.lru_cache(maxsize=65536)
def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def rule_sentences(rule: ast.Rule, analyses: list[DocSummary], root: Path) -> list[_Item]:
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
    """Pair sentences across versions in linear time: each document's sentences aligned by text
    first, then identical text anywhere (a move), then the most similar sentence, looked for only
    inside an edited stretch of the same document, near the same place, of similar length and words."""
    pairs: list[tuple[_Item, _Item]] = []
    paired_o: set[int] = set()
    paired_n: set[int] = set()
    blocks: list[tuple[list[int], list[int]]] = []  # edited stretches: old and new positions
    by_doc_o = _by_document(old)
    by_doc_n = _by_document(new)
    for key, rows_o in by_doc_o.items():
        rows_n = by_doc_n.get(key)
        if not rows_n:
            continue
        sm = difflib.SequenceMatcher(None, [old[i].norm for i in rows_o], [new[k].norm for k in rows_n],
                                     autojunk=False)
        for tag, a0, a1, b0, b1 in sm.get_opcodes():
            if tag == "equal":
                for i, k in zip(rows_o[a0:a1], rows_n[b0:b1]):
                    pairs.append((old[i], new[k]))
                    paired_o.add(i)
                    paired_n.add(k)
            elif tag == "replace":
                blocks.append((rows_o[a0:a1], rows_n[b0:b1]))
    by_text: dict[str, list[int]] = {}
    for k, n in enumerate(new):
        if k not in paired_n:
            by_text.setdefault(n.norm, []).append(k)
    for i, o in enumerate(old):
        same = by_text.get(o.norm) if i not in paired_o else None
        if same:
            k = same.pop(0)
            pairs.append((o, new[k]))
            paired_o.add(i)
            paired_n.add(k)
    for rows_o, rows_n in blocks:
        _pair_similar(old, new, rows_o, rows_n, paired_o, paired_n, pairs)
    removed = [o for i, o in enumerate(old) if i not in paired_o]
    added = [n for k, n in enumerate(new) if k not in paired_n]
    return pairs, removed, added


def similarity(a: str, b: str) -> float:
    """difflib's ratio of two sentences, with their common start and end set aside first: an edit
    of one word in a long sentence costs the length of the edit, not the square of the sentence."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    mid_a, mid_b = a[start:len(a) - end], b[start:len(b) - end]
    same = start + end
    if not mid_a or not mid_b:
        return 2.0 * same / total
    if len(mid_a) + len(mid_b) <= CHAR_LEVEL:
        sm = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        return 2.0 * (same + sum(m.size for m in sm.get_matching_blocks())) / total
    # long edited stretches are compared word by word (a character-level match is quadratic), each
    # matched word counting its characters and the space after it
    words_a, words_b = _SPACE.split(mid_a), _SPACE.split(mid_b)
    sm = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    for m in sm.get_matching_blocks():
        same += sum(len(w) + 1 for w in words_a[m.a:m.a + m.size])
    return min(1.0, 2.0 * same / total)


CHAR_LEVEL = 400  # edited stretches up to this many characters are compared character by character
_SPACE = re.compile(r" ")


WINDOW = 8  # how far from its proportional place an edited sentence's counterpart is looked for


def _by_document(items: list[_Item]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        out.setdefault(item.key, []).append(i)
    return out


def _pair_similar(old: list[_Item], new: list[_Item], rows_o: list[int], rows_n: list[int], paired_o: set[int],
                  paired_n: set[int], pairs: list[tuple[_Item, _Item]]) -> None:
    """Inside one edited stretch, pair each old sentence with the most similar new one nearby."""
    left = [i for i in rows_o if i not in paired_o]
    right = [k for k in rows_n if k not in paired_n]
    if not left or not right:
        return
    words = {k: set(new[k].norm.split()) for k in right}
    scored = []
    scale = len(right) / len(left)
    for a, i in enumerate(left):
        o = old[i]
        o_words = set(o.norm.split())
        mid = int(a * scale)
        for k in right[max(0, mid - WINDOW):mid + WINDOW + 1]:
            n = new[k]
            la, lb = len(o.norm), len(n.norm)
            if 2 * min(la, lb) < SIMILAR * (la + lb) or not o_words & words[k]:
                continue  # too different in length or words for the ratio to reach SIMILAR
            r = similarity(o.norm, n.norm)
            if r >= SIMILAR:
                scored.append((-r, i, k))
    for _, i, k in sorted(scored):
        if i not in paired_o and k not in paired_n:
            paired_o.add(i)
            paired_n.add(k)
            pairs.append((old[i], new[k]))


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
