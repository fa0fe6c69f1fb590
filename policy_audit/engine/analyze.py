"""The map step: a document and a compiled pack in, per-sentence hits and verdicts out.

A pure function of the document's content and the pack, so it can be cached by content hash or run
in a worker pool; folder rules are a cheap reduce over these analyses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..documents.model import Document, Sentence
from ..language import ast
from .clauses import Clause
from .compiled import CompiledPack
from .kinds import KindChoice, choose_kind
from .lexicon import Lexicon
from .matcher import Hits, Tokens, tokenize
from .modality import (
    Cue,
    Verdict,
    Why,
    aside_verdict,
    cues_of,
    judge,
    leadin_verdict,
    without_noun_cues,
    without_purpose_modals,
)
from .patterns import Compiled, compiled, required_names


@dataclass(slots=True)
class Facts:
    """What the matcher found in one sentence."""

    sentence: Sentence
    tokens: Tokens
    hits: Hits
    cues: list[Cue]
    inherited: Verdict | None
    defines: bool = False  # the sentence holds a definition cue ("means", "is defined as")
    aside: Verdict | None = None  # it opens with a qualification or navigation cue: it commits no one
    verdicts: dict[int, Verdict] = field(default_factory=dict)  # by word position, shared by judgements
    readings: dict[int, Clause] = field(default_factory=dict)  # the clause reader's, by clause


@dataclass(slots=True)
class Match:
    """A sentence that matched a judgement's pattern, with its verdict."""

    doc: int
    sentence: int
    verdict: Verdict
    definition: bool = False


@dataclass
class Analysis:
    """A document's facts, indexed by name, plus memoised judgement matches."""

    doc: Document
    number: int
    facts: list[Facts]
    index: dict[str, list[int]]
    heading_defines: list[bool]
    lexicon: Lexicon
    kind: str | None = None
    plain_binds: bool = False  # the document's kind declares `plain statements bind`
    title_line: int = -1  # a first line that names the document ("From Words to Action: Our Equity Plan")
    kind_choice: KindChoice | None = None  # how the pack's declarations chose the kind, when they did
    pack_cache: dict[int, object] = field(default_factory=dict)  # per-pack facts about judgements, shared
    _memo: dict[int, list[Match]] = field(default_factory=dict)

    def matches(self, j: ast.Judgement) -> list[Match]:
        """Sentences of this document matching `j`'s pattern (section restriction applied), memoised."""
        key = id(j)
        found = self._memo.get(key)
        if found is None:
            found = self._compute(j)
            self._memo[key] = found
        return found

    def _compute(self, j: ast.Judgement) -> list[Match]:
        plan = self.pack_cache.get(id(j))
        if plan is None:
            plan = self.pack_cache[id(j)] = _Plan.of(j)
        assert isinstance(plan, _Plan)
        candidates: Iterable[int]
        if plan.need is None:
            candidates = range(len(self.facts))
        elif len(plan.need) == 1:
            candidates = self.index.get(plan.need[0], ())
        else:
            seen: set[int] = set()
            for name in plan.need:
                seen.update(self.index.get(name, ()))
            candidates = sorted(seen)
        section_words, test = plan.section_words, plan.test
        facts, out = self.facts, []
        for i in candidates:
            f = facts[i]
            if section_words and not _in_section(f.sentence, section_words):
                continue
            spans = test(f.hits)
            if spans is None:
                continue
            if f.sentence.is_heading or i == self.title_line:
                verdict = Verdict("mention", Why.HEADING)
            elif _is_question(f.sentence.text):
                verdict = Verdict("mention", Why.QUESTION)  # "How will you address the barriers?" asks, commits nothing
            elif f.aside is not None:
                verdict = f.aside
            else:
                verdict = judge(f.tokens, f.cues, spans, self.lexicon, f.inherited, f.verdicts, f.readings)
                if verdict.plain and self.plain_binds and verdict.why is not Why.AIM:
                    verdict = Verdict("binding", Why.KIND_PLAIN, self.kind or "", plain=True)
            definition = self.heading_defines[i] or f.defines or _copula_definition(f.tokens, spans)
            out.append(Match(self.number, i, verdict, definition))
        return out


@dataclass(frozen=True, slots=True)
class _Plan:
    """How a judgement is looked for, worked out once per pack: the names of which a matching sentence
    holds one (None: any sentence may match), its compiled pattern and its section's words."""

    need: tuple[str, ...] | None
    test: Compiled
    section_words: tuple[str, ...] | None

    @classmethod
    def of(cls, j: ast.Judgement) -> _Plan:
        need = required_names(j.pattern)
        return cls(tuple(sorted(need)) if need is not None else None, compiled(j.pattern),
                   _heading_words(j.section) if j.section else None)


def _is_question(text: str) -> bool:
    """A sentence that asks, also with its examples in parentheses after the mark ("What are the
    barriers? (e.g. financial, programmatic)")."""
    s = text.rstrip(" \"'\u201d")
    if s.endswith(")") and "(" in s:
        before = s[:s.rindex("(")].rstrip(" \"'\u201d")
        if before.endswith("?"):
            return True
    return s.rstrip(" )").endswith("?")


def _split_clauses(tokens: Tokens, cues: list[tuple[int, int]]) -> None:
    """A terminating cue ("but", "however", "except") ends the scope of what came before it, as in
    NegEx and ConText: the words from it on form a new clause."""
    starts = sorted({s for s, _ in cues if s > 0})
    shift = 0
    for i in range(len(tokens.clause)):
        while shift < len(starts) and starts[shift] <= i:
            shift += 1
        tokens.clause[i] += shift


_COPULAS = frozenset(("is", "are", "means"))
_DEFINITION_NOUNS = frozenset(("definition", "concept", "meaning"))
_DEFINITION_LINKS = frozenset(("is", "as", "means"))


def _copula_definition(tokens: Tokens, spans: list[tuple[int, int]]) -> bool:
    """A sentence that opens with the matched term and says what it is ("Equity is ...",
    "Equity: giving each student what they need") defines it, as does one that gives the term's
    definition ("our definition of equity as ...")."""
    words = tokens.words
    for start, end in spans:
        if start >= 2 and words[start - 1] == "of" and words[start - 2] in _DEFINITION_NOUNS \
                and end < len(words) and words[end] in _DEFINITION_LINKS:
            return True  # "our definition of racial equity as ...", "the concept of belonging is ..."
        if 0 <= start <= 2 and end + 2 < len(words) and words[end] == "or" and words[end + 2] in _COPULAS:
            end += 2  # "Educational equity or equity is ..."
        if 0 <= start <= 2 and end < len(words) and (
                tokens.clause[end] != tokens.clause[start] or words[end] in _COPULAS):
            return end + 1 < len(words) and words[end + 1] != "to"
    return False


@functools.lru_cache(maxsize=4096)
def _heading_words(heading: str) -> tuple[str, ...]:
    return tuple(tokenize(heading).words)


def _in_section(sentence: Sentence, words: tuple[str, ...]) -> bool:
    n = len(words)
    for heading in sentence.section:
        hw = _heading_words(heading)
        if any(tuple(hw[k:k + n]) == words for k in range(len(hw) - n + 1)):
            return True
    return False


def analyze(doc: Document, pack: CompiledPack, number: int = 0) -> Analysis:
    """Scan every sentence once and judge lead-ins; detect the document's kind."""
    facts: list[Facts] = []
    index: dict[str, list[int]] = {}
    definition_heading: dict[tuple[str, ...], bool] = {}
    heading_leads: dict[str, Verdict | None] = {}
    heading_defines: list[bool] = []
    for i, s in enumerate(doc.sentences):
        tokens = tokenize(s.text)
        hits = _without_cue_words(pack.matcher.scan(tokens.words))
        if "@terminate" in hits:
            _split_clauses(tokens, hits["@terminate"])
        cues = without_purpose_modals(tokens, without_noun_cues(
            tokens, _contrast_not_recital(s.text, tokens, cues_of(hits)), pack.lexicon))
        inherited = None
        if s.is_item and 0 <= s.leadin < len(facts):
            lead = facts[s.leadin]
            inherited = leadin_verdict(lead.tokens, lead.cues, pack.lexicon)
            hits = _with_leadin_words(hits, lead)
        elif s.section and not s.is_heading:
            inherited = _heading_leadin(s.section[-1], pack, heading_leads)
        facts.append(Facts(s, tokens, hits, cues, inherited, any(c.kind == "definition" for c in cues),
                           aside_verdict(tokens, cues)))
        for name in hits:
            index.setdefault(name, []).append(i)
        if s.section not in definition_heading:
            definition_heading[s.section] = any(
                w.startswith("definition") for h in s.section for w in _heading_words(h))
        heading_defines.append(definition_heading[s.section] and not s.is_heading)
    a = Analysis(doc, number, facts, index, heading_defines, pack.lexicon, pack_cache=pack.judgement_cache)
    a.title_line = _title_line(doc)
    if doc.kind is None:
        a.kind_choice = choose_kind(a, pack)  # kept: explaining the kind later reuses it
        a.kind = a.kind_choice.kind
    else:
        a.kind = doc.kind
    decl = pack.pack.kinds.get(a.kind) if a.kind else None
    a.plain_binds = bool(decl and decl.plain_binds)
    return a


_RECITAL = re.compile(r"^whereas\s*[,:;]", re.IGNORECASE)


def _contrast_not_recital(text: str, tokens: Tokens, cues: list[Cue]) -> list[Cue]:
    """A resolution's recital is set off as one ("WHEREAS, the district ..."); an opening "Whereas"
    with no comma contrasts two clauses ("Whereas equality gives the same to all, equity ...") and
    frames no belief."""
    if not any(c.start == 0 and c.kind == "belief" for c in cues) or tokens.words[0] != "whereas":
        return cues
    stripped = text.lstrip(" \t\"'\u201c\u2018(")
    if stripped.startswith("WHEREAS") or _RECITAL.match(stripped):
        return cues
    return [c for c in cues if not (c.start == 0 and c.kind == "belief")]


def _title_line(doc: Document) -> int:
    """The document's first line when it is its title and reads as one (no sentence punctuation): a
    name, not a statement, even in the kinds where plain statements bind."""
    if not doc.sentences:
        return -1
    first = doc.sentences[0]
    if first.is_heading or first.is_item or first.text != doc.title:
        return -1
    return -1 if first.text.rstrip(" \"'\u201d)").endswith((".", "!", "?", ":", ";")) else 0


def _heading_leadin(heading: str, pack: CompiledPack, memo: dict[str, Verdict | None]) -> Verdict | None:
    """A heading that is itself a binding lead-in ("Essential Functions", "Duties and
    Responsibilities": a binding cue of the pack) makes the plain lines under it duties; a
    qualification heading ("Minimum Qualifications") makes them qualifications."""
    if heading not in memo:
        words = tokenize(heading).words
        cues = cues_of(pack.matcher.scan(words))
        binding = [c for c in cues if c.kind == "binding" and c.start == 0]
        qualification = next((c for c in cues if c.start == 0 and c.kind == "qualification"), None)
        if qualification is not None:  # "Minimum Qualifications"
            memo[heading] = Verdict("mention", Why.QUALIFICATION,
                                    " ".join(words[qualification.start:qualification.end]))
        else:
            memo[heading] = Verdict("binding", Why.HEADING_LEADIN, heading[:60]) if binding else None
    return memo[heading]


_QUALIFYING = frozenset({"@hedged", "@negation", "@past", "@reported", "@belief"})


def _without_cue_words(hits: Hits) -> Hits:
    """Drop term hits inside a multi-word modality phrase: "resources" in "as resources permit" is a
    hedge, not a commitment of resources. An `ignore` phrase only hides cues: "no later than" is
    still a deadline, "consider whether" still a review."""
    phrases = [span for name, spans in hits.items() if name in _QUALIFYING
               for span in spans if span[1] - span[0] >= 2]
    if not phrases:
        return hits
    out: Hits = {}
    for name, spans in hits.items():
        if name.startswith("@"):
            out[name] = spans
            continue
        kept = [sp for sp in spans if not any(a <= sp[0] and sp[1] <= b for a, b in phrases)]
        if kept:
            out[name] = kept
    return out


def _with_leadin_words(hits: Hits, lead: Facts) -> Hits:
    """A list item is read with its lead-in ("The Chief Equity Officer will:" + "Report to the Board."):
    the lead-in's term hits join the item's, at negative positions so `near` counts the words between."""
    shift = len(lead.tokens.words) + 1
    merged = {name: list(spans) for name, spans in hits.items()}
    for name, spans in lead.hits.items():
        if name.startswith("@"):
            continue
        merged.setdefault(name, []).extend((a - shift, b - shift) for a, b in spans)
    return merged
