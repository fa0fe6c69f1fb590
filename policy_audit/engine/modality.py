"""How strongly a sentence commits to what a pattern matched: binding, hedged, negated or a mention.

Decided per clause from the pack's modality word lists (data, never constants here):
- the governing cue is the nearest binding/hedged/belief/past cue before the match in its clause
  (else the first one after it, else the last one of an earlier clause, else the list lead-in's);
- a negation cue right after the governing verb ("will not") or shortly before it ("no funds shall")
  negates the commitment; with no governing verb, a negation before the match does;
- a past or reported cue governing the match makes it a mention (a past fact, another body's words);
- a hedge anywhere in the clause makes a binding verb hedged ("shall, to the extent possible, ...");
- a belief cue ("the Board believes") is a hedged commitment at best.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal, NamedTuple

from .clauses import Clause, Subject, Tense, other_body_before, read_clause
from .lexicon import ADJ, NOUN, VERB_3SG, VERB_BASE, Lexicon
from .matcher import Hits, Tokens

Strength = Literal["binding", "hedged", "negated", "mention"]
GOVERNING = ("binding", "hedged", "belief", "past")
NEG_BEFORE = 6  # words a negation may stand before the governing verb ("no additional funds shall")
NEG_AFTER = 1  # words a negation may stand after it ("shall not")
HEDGE_AFTER = 3  # words after the governing verb where a one-word hedge still qualifies it ("will also consider")


class Cue(NamedTuple):
    start: int
    end: int
    kind: str


class Why(Enum):
    """Why a sentence got its strength; each reason renders with the cue words that decided it."""

    NO_WORDS = "no words"
    HEADING = "a heading, not a statement"
    QUESTION = "a question, not a statement"
    BINDING = "binding: '{cue}'"
    HEDGED = "hedged: '{cue}'"
    BELIEF = "belief, not a commitment: '{cue}'"
    NEGATED = "'{cue}' negates {target}"
    REPORTED = "another body's words: '{cue}'"
    OTHER_BODY = "another body is the subject: '{cue}'"
    PAST = "past fact: '{cue}'"
    PAST_TENSE = "past tense: '{cue}'"
    PRESENT_FACT = "a present-tense statement of fact: '{cue}'"
    DUTY_LINE = "a duty stated with its verb: '{cue}'"
    IMPERATIVE = "an instruction: '{cue}'"
    PLAIN = "a plain statement, no commitment verb"
    INHERITED = "inherits from its lead-in: {cue}"
    HEADING_LEADIN = "a duty under the heading '{cue}'"
    KIND_PLAIN = "a duty stated plainly in a {cue}"
    QUALIFICATION = "a qualification asked of a candidate: '{cue}'"
    NAVIGATION = "an instruction to the reader of the page: '{cue}'"
    AIM = "an aim ('... is to ...'), not a commitment"


class Verdict(NamedTuple):
    strength: Strength
    why: Why
    cue: str = ""
    plain: bool = False  # a plain statement with no cue at all: asserts, but does not bind
    target: str = ""  # what a negation negates: the governing verb's words

    @property
    def reason(self) -> str:
        """The reason in words, as reports show it."""
        return self.why.value.format(cue=self.cue, target=f"'{self.target}'" if self.target else "the statement")


RANK: dict[str, int] = {"binding": 3, "hedged": 2, "mention": 1, "negated": 0}


def cues_of(hits: Hits) -> list[Cue]:
    """All modality cues of a sentence, in word order; cues inside an `ignore` phrase are dropped
    ("not only", "no later than" are not negations)."""
    out: list[Cue] = []
    ignored = hits.get("@ignore", ())
    for name, spans in hits.items():
        if name.startswith("@") and name != "@ignore":
            kind = name[1:]
            for s, e in spans:
                if kind == "imperative":  # a directive only when it opens the sentence: "Use this tool ..."
                    if s != 0:
                        continue
                    kind = "binding"
                elif kind in ASIDES and s != 0:  # "Ability to ...", "View the plan": only at the start
                    continue
                if not any(i0 <= s and e <= i1 for i0, i1 in ignored):
                    out.append(Cue(s, e, kind))
                kind = name[1:]
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    # a shorter cue inside a longer one of the same start or span ("will" in "will not") keeps both;
    # but a cue wholly inside a longer cue of another kind yields to it ("may" in "as resources may permit")
    longer = [o for o in out if o.end - o.start >= 2]
    if not longer:
        return out
    return [c for c in out if not any(o.kind != c.kind and o.start <= c.start and c.end <= o.end
                                      and (o.end - o.start) > (c.end - c.start) for o in longer)]


def _words(tokens: Tokens, cue: Cue) -> str:
    return " ".join(tokens.words[cue.start:cue.end])


def judge(tokens: Tokens, cues: list[Cue], spans: list[tuple[int, int]], lexicon: Lexicon,
          inherited: Verdict | None = None, cache: dict[int, Verdict] | None = None,
          readings: dict[int, Clause] | None = None) -> Verdict:
    """The strongest verdict over the clauses the match touches (`cache`: verdicts by word position,
    `readings`: the clause reader's result by clause, both shared by every judgement that matches
    the same sentence)."""
    if not tokens.words:
        return Verdict("mention", Why.NO_WORDS)
    last = len(tokens.words) - 1
    if len(spans) == 1:  # the common case: one place to judge
        return _judge_cached(tokens, cues, min(max(spans[0][0], 0), last), lexicon, inherited, cache, readings)
    positions = sorted({min(max(s, 0), last) for s, _ in spans}) or [0]  # lead-in words judge at the item's start
    best: Verdict | None = None
    for pos in positions:
        v = _judge_cached(tokens, cues, pos, lexicon, inherited, cache, readings)
        if best is None or RANK[v.strength] > RANK[best.strength]:
            best = v
            if v.strength == "binding":
                break
    assert best is not None
    return best


def _judge_cached(tokens: Tokens, cues: list[Cue], pos: int, lexicon: Lexicon, inherited: Verdict | None,
                  cache: dict[int, Verdict] | None, readings: dict[int, Clause] | None) -> Verdict:
    """The verdict at one word position, from `cache` when a judgement already asked for it."""
    v = cache.get(pos) if cache is not None else None
    if v is None:
        v = _judge_at(tokens, cues, pos, lexicon, inherited, readings)
        if cache is not None:
            cache[pos] = v
    return v


def _judge_at(tokens: Tokens, cues: list[Cue], pos: int, lexicon: Lexicon, inherited: Verdict | None,
              readings: dict[int, Clause] | None = None) -> Verdict:
    clause_of = tokens.clause
    clause = clause_of[pos]
    in_clause = [c for c in cues if clause_of[c.start] == clause]
    governing = [c for c in in_clause if c.kind in GOVERNING]
    before = [c for c in governing if c.start <= pos]
    # after the match, a past cue is usually a relative clause ("students who have been underserved")
    after = [c for c in governing if c.start > pos and c.kind != "past"]
    gov = before[-1] if before else (after[0] if after else None)
    if gov is None:
        earlier = [c for c in cues if clause_of[c.start] < clause and c.kind in GOVERNING]
        gov = earlier[-1] if earlier else None
    gov_clause = clause_of[gov.start] if gov is not None else clause
    negations = [c for c in cues if c.kind == "negation" and clause_of[c.start] == gov_clause]
    anchor = gov.start if gov is not None else pos
    reported = [c for c in in_clause if c.kind == "reported" and c.start < anchor]

    read = None
    if gov is None:
        read = readings.get(clause) if readings is not None else None
        if read is None:
            read = read_clause(tokens.words, clause_of, clause, lexicon, _spans(cues, "actor"),
                               _spans(cues, "other-body"), tokens.joined)
            if readings is not None:
                readings[clause] = read
    negation = None
    if gov is not None:
        negation = next((n for n in negations if gov.start - NEG_BEFORE <= n.start < gov.start
                         or gov.end <= n.start < gov.end + NEG_AFTER), None)
    elif read is not None and read.verb >= 0:
        negation = next((n for n in negations if read.verb - NEG_BEFORE <= n.start <= read.verb + 1 + NEG_AFTER), None)
    else:
        negation = next((n for n in negations if n.start <= pos), None)
    if negation is not None:
        verb_end = gov.end if gov is not None else negation.end
        denial = next((c for c in cues if c.kind == "denial" and clause_of[c.start] == gov_clause
                       and c.start >= verb_end), None)
        if denial is None:
            verb = _words(tokens, gov) if gov is not None else (tokens.words[read.verb] if read and read.verb >= 0 else "")
            return Verdict("negated", Why.NEGATED, _words(tokens, negation), target=verb)
        # "no student shall be denied ...": two negations affirm the commitment
    if reported:
        return Verdict("mention", Why.REPORTED, _words(tokens, reported[-1]))
    if gov is None:
        assert read is not None
        return _plain(tokens, read, inherited)
    if gov.kind == "past":
        return Verdict("mention", Why.PAST, _words(tokens, gov))
    if gov.kind in ("hedged", "belief"):
        body = _other_body_subject(tokens, cues, clause, gov.start)
        if body:
            return Verdict("mention", Why.OTHER_BODY, body)
    belief = _governing_belief(tokens, in_clause, gov)
    if belief is not None:
        return Verdict("hedged", Why.BELIEF, _words(tokens, belief))
    hedge = gov if gov.kind == "hedged" else _qualifying_hedge(in_clause, gov)
    if hedge is not None:
        return Verdict("hedged", Why.HEDGED, _words(tokens, hedge))
    if gov.kind == "belief":
        return Verdict("hedged", Why.BELIEF, _words(tokens, gov))
    return Verdict("binding", Why.BINDING, _words(tokens, gov))


def _plain(tokens: Tokens, read: Clause, inherited: Verdict | None) -> Verdict:
    """A clause with no modal cue, judged by its verb and subject (clauses.py)."""
    if read.aim:  # a plain statement (a mission "is to ..." states it), but no duty in any kind
        return Verdict("mention", Why.AIM, plain=True)
    if read.verb >= 0:
        verb = tokens.words[read.verb]
        if read.tense is Tense.PAST:
            return Verdict("mention", Why.PAST_TENSE, verb)
        if read.subject is Subject.OTHER_BODY:
            return Verdict("mention", Why.OTHER_BODY, verb)
        if read.subject is Subject.ACTOR:
            return Verdict("binding", Why.PRESENT_FACT, verb)
        if read.imperative and inherited is None:
            return Verdict("binding", Why.IMPERATIVE, verb)
        if read.subject is Subject.NONE and inherited is None:
            # "Supervises the staff of the Equity Office": a duty line; it binds in the kinds of
            # document whose pack declares that plain statements bind (job descriptions, plans)
            return Verdict("mention", Why.DUTY_LINE, verb, plain=True)
    if inherited is not None:
        return Verdict(inherited.strength, Why.INHERITED, inherited.reason, inherited.plain)
    return Verdict("mention", Why.PLAIN, plain=True)


def _spans(cues: list[Cue], kind: str) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in cues if c.kind == kind]


def _other_body_subject(tokens: Tokens, cues: list[Cue], clause: int, verb: int) -> str:
    """The name of another body that is the subject before `verb` ("The State Board of Education
    encourages ..."), or ""."""
    first = tokens.clause.index(clause)
    body = other_body_before(first, verb, _spans(cues, "other-body"))
    return " ".join(tokens.words[body[0]:body[1]]) if body else ""


BELIEF_REACH = 6  # words a belief may stand before the verb it frames ("we believe we must confront ...")


def _governing_belief(tokens: Tokens, in_clause: list[Cue], gov: Cue) -> Cue | None:
    """A belief that frames the governing verb ("We believe we must ...", "WHEREAS, the district
    shall ..."): the verb is the content of the belief, not a commitment. A coordinated verb ("The
    Board believes in equity and shall fund ...") has its own force."""
    if gov.kind != "binding":
        return None
    for c in in_clause:
        if c.kind == "belief" and c.end <= gov.start and (gov.start - c.end <= BELIEF_REACH or c.start == 0):
            between = tokens.words[c.end:gov.start]
            if "and" not in between and "or" not in between:
                return c
    return None


def _qualifying_hedge(in_clause: list[Cue], gov: Cue) -> Cue | None:
    """A hedge that qualifies the governing verb: before it, right after it ("shall consider"), or a
    conditional phrase anywhere in the clause ("as resources permit"); a lone "may" later in the
    clause usually belongs to a subordinate clause ("... so that students may succeed") and does not."""
    for c in in_clause:
        if c.kind != "hedged":
            continue
        if c.start < gov.start or gov.end <= c.start < gov.end + HEDGE_AFTER or c.end - c.start >= 2:
            return c
    return None


# Determiners after which a noun/verb form is the noun ("our values", "the guides"): no verb follows
# a determiner, so the word governs nothing there.
NOUN_MODIFIERS = 2  # adjectives or hyphenated words a determiner may stand before the noun
_NOUN_MARKERS = frozenset(("the", "a", "an", "our", "its", "their", "his", "her", "my", "your", "these", "those"))


def without_noun_cues(tokens: Tokens, cues: list[Cue], lexicon: Lexicon) -> list[Cue]:
    """A sentence's cues less the one-word binding or belief cues that stand as nouns after a
    determiner ("aligned with our values and vision", "the guides for each course")."""
    words = tokens.words

    def noun_here(c: Cue) -> bool:
        if c.kind not in ("binding", "belief") or c.end - c.start != 1 or c.start == 0:
            return False
        bits = lexicon.bits(words[c.start])
        if not (bits & NOUN and bits & (VERB_3SG | VERB_BASE)):
            return False
        j = c.start - 1
        for _ in range(NOUN_MODIFIERS):  # "our core values", "our equity-driven values"
            if j in tokens.joined:
                while j in tokens.joined:
                    j -= 1
                j -= 1
            elif j > 0 and words[j] not in _NOUN_MARKERS and lexicon.bits(words[j]) & ADJ:
                j -= 1
        return j >= 0 and words[j] in _NOUN_MARKERS

    kept = [c for c in cues if not noun_here(c)]
    return kept if len(kept) < len(cues) else cues


PURPOSE_REACH = 4  # words between "so that" and the modal of its clause ("so that every student can")
_PURPOSE = (("so", "that"), ("in", "order", "that"), ("such", "that"))


def without_purpose_modals(tokens: Tokens, cues: list[Cue]) -> list[Cue]:
    """A sentence's cues less the modals of its purpose clauses (read once per sentence)."""
    if not any(c.kind == "hedged" for c in cues):
        return cues
    return [c for c in cues if not _purpose_modal(tokens, c)]


def _purpose_modal(tokens: Tokens, cue: Cue) -> bool:
    """A modal in a purpose clause ("... so that every student can succeed") says what the duty is
    for; it neither hedges nor makes the duty."""
    if cue.kind != "hedged" or cue.end - cue.start != 1:
        return False
    words = tokens.words
    for k in range(max(0, cue.start - PURPOSE_REACH - 3), cue.start):
        for lead in _PURPOSE:
            end = k + len(lead)
            if end <= cue.start and tuple(words[k:end]) == lead and cue.start - end <= PURPOSE_REACH:
                return True
    return False


ASIDES = {"qualification": Why.QUALIFICATION, "navigation": Why.NAVIGATION}


def aside_verdict(tokens: Tokens, cues: list[Cue]) -> Verdict | None:
    """A line that opens with a qualification cue ("Ability to communicate with families",
    "Knowledge of culturally responsive practice") asks something of a candidate, and one that opens
    with a navigation cue ("View the plan", "Click here") speaks to a web page's reader: neither
    commits anyone, whatever else it says (decided once per sentence)."""
    first = next((c for c in cues if c.start == 0 and c.kind in ASIDES), None)
    if first is not None:
        return Verdict("mention", ASIDES[first.kind], _words(tokens, first))
    return None


def leadin_verdict(tokens: Tokens, cues: list[Cue], lexicon: Lexicon) -> Verdict | None:
    """The verdict a lead-in ("The district shall:") passes to its list items; None if it has no verb.
    A qualification lead-in ("Knowledge of:") makes its items qualifications."""
    aside = aside_verdict(tokens, cues)
    if aside is not None:
        return aside
    if not tokens.words or not any(c.kind in GOVERNING for c in cues):
        return None
    v = _judge_at(tokens, cues, len(tokens.words) - 1, lexicon, None)
    return v if v.strength != "mention" or v.why is Why.PAST else None
