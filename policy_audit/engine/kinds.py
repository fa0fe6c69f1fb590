"""Document kinds: which `kind ... when ...` declaration of the pack a document answers to, and why.

What a document says it is comes first: its title, the short lines it opens with (a policy code
such as "BP 0415", an adoption line), its headings and its path; the first kind in pack order that
these make hold is chosen. Only when none does is the body read, and then the kind with the most
supporting sentences wins (pack order breaks ties): a board policy titled "Equity" that mentions
"the Chief Equity Officer's job description" once, but speaks of "the Board" and "this policy"
throughout, is a policy.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from ..language import ast
from .compiled import CompiledPack
from .matcher import Hits, tokenize
from .patterns import match

if TYPE_CHECKING:
    from .analyze import Analysis, Facts

OPENING_WORDS = 10  # an opening line this short is title-like: "BP 0415", "Adopted: May 12, 2021"
OPENING_LINES = 6  # opening sentences looked at before the body starts
TEXT_CAP = 20  # body sentences counted per condition


class Place(Enum):
    """Where a piece of kind evidence was found."""

    TITLE = "title"
    OPENING = "opening line"  # a short line before the body: a policy code, an adoption line
    HEADING = "heading"
    PATH = "path"
    TEXT = "text"


class KindSource(Enum):
    """Who decided a document's kind."""

    FRONT_MATTER = "front matter"
    CONFIG = "a config glob"
    SAYS = "what the document says it is (title, opening lines, headings, path)"
    TEXT = "its text (the kind with the most supporting sentences)"
    NONE = "nothing: no kind declaration of the pack holds"


@dataclass(frozen=True)
class Evidence:
    """One place that supports a kind: where, and the text (or path) found there."""

    place: Place
    text: str


@dataclass
class Candidate:
    """A kind whose condition holds, with what supports it."""

    kind: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class KindChoice:
    """The kind chosen for a document, by what, and the kinds it was chosen among (chosen first)."""

    kind: str | None
    source: KindSource
    candidates: list[Candidate] = field(default_factory=list)
    detail: str = ""  # e.g. the config glob


def choose_kind(a: Analysis, pack: CompiledPack) -> KindChoice:
    """Weigh every kind declaration of the pack against the document."""
    reader = _Reader(a, pack)
    kinds = list(pack.pack.kinds.items())
    says = [Candidate(name, _dedupe(ev)) for name, decl in kinds
            if (ev := reader.holds(decl.condition, use_text=False)) is not None]
    if says:
        return KindChoice(says[0].kind, KindSource.SAYS, says)
    texts = [Candidate(name, _dedupe(ev)) for name, decl in kinds
             if (ev := reader.holds(decl.condition, use_text=True)) is not None]
    if not texts:
        return KindChoice(None, KindSource.NONE)
    ranked = sorted(texts, key=lambda c: -len(c.evidence))  # stable: pack order breaks ties
    return KindChoice(ranked[0].kind, KindSource.TEXT, ranked)


def explain_kind(a: Analysis, config_glob: str | None = None) -> KindChoice:
    """How `a` got its kind: front matter, a config glob, or the pack's declarations."""
    if a.doc.kind is not None:
        if config_glob is not None:
            return KindChoice(a.doc.kind, KindSource.CONFIG, detail=config_glob)
        return KindChoice(a.doc.kind, KindSource.FRONT_MATTER)
    assert a.kind_choice is not None  # analyze() chose the kind from the pack when nothing else set it
    return a.kind_choice


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    seen: set[Evidence] = set()
    out = []
    for e in evidence:
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out


class _Reader:
    """Evaluates kind conditions over one document, collecting the evidence of each atom that holds."""

    def __init__(self, a: Analysis, pack: CompiledPack) -> None:
        self.a = a
        title = a.doc.title or ""
        self.title: tuple[str, Hits] = (title, pack.matcher.scan(tokenize(title).words))
        self.opening = _opening_lines(a.facts)

    def holds(self, c: ast.KindCond, use_text: bool) -> list[Evidence] | None:
        """The evidence when `c` holds (possibly none, e.g. for `not ...`), else None; body text is
        read only with `use_text` (a negated test always reads it)."""
        if isinstance(c, ast.KindNot):
            return None if self.holds(c.item, True) is not None else []
        if isinstance(c, ast.KindAll):
            out: list[Evidence] = []
            for item in c.items:
                ev = self.holds(item, use_text)
                if ev is None:
                    return None
                out += ev
            return out
        if isinstance(c, ast.KindAny):
            any_out: list[Evidence] | None = None
            for item in c.items:
                ev = self.holds(item, use_text)
                if ev is not None:
                    any_out = (any_out or []) + ev
            return any_out
        if isinstance(c, ast.TextHas) and not use_text:
            return None
        found = self._atom(c)
        return found or None

    def _atom(self, c: ast.KindCond) -> list[Evidence]:
        a = self.a
        if isinstance(c, ast.TitleHas):
            out = [Evidence(Place.TITLE, self.title[0])] if match(c.pattern, self.title[1]) is not None else []
            return out + [Evidence(Place.OPENING, f.sentence.text) for f in self.opening
                          if match(c.pattern, f.hits) is not None]
        if isinstance(c, ast.HeadingHas):
            return [Evidence(Place.HEADING, f.sentence.text) for f in a.facts
                    if f.sentence.is_heading and match(c.pattern, f.hits) is not None]
        if isinstance(c, ast.TextHas):
            out = []
            for f in a.facts:
                if match(c.pattern, f.hits) is not None:
                    out.append(Evidence(Place.TEXT, f.sentence.text))
                    if len(out) >= TEXT_CAP:
                        break
            return out
        if isinstance(c, ast.PathMatches):
            path = a.doc.path.lower()
            glob = c.glob.lower()
            hit = fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], glob)
            return [Evidence(Place.PATH, a.doc.path)] if hit else []
        return []


def _opening_lines(facts: list[Facts]) -> list[Facts]:
    """The short lines a document opens with, before its first full sentence: where a policy code
    ("BP 0415") and an adoption line ("Adopted: May 12, 2021") stand."""
    out = []
    for f in facts[:OPENING_LINES]:
        if f.sentence.is_heading:
            continue
        if len(f.tokens.words) > OPENING_WORDS or f.sentence.is_item:
            break
        out.append(f)
    return out
