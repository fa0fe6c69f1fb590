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

from typing import Literal, NamedTuple

from .matcher import Hits, Tokens

Strength = Literal["binding", "hedged", "negated", "mention"]
GOVERNING = ("binding", "hedged", "belief", "past")
NEG_BEFORE = 4  # words a negation may stand before the governing verb ("no funds shall")
NEG_AFTER = 1  # words a negation may stand after it ("shall not")


class Cue(NamedTuple):
    start: int
    end: int
    kind: str


class Verdict(NamedTuple):
    strength: Strength
    reason: str
    plain: bool = False  # a plain statement with no cue at all: asserts, but does not bind


RANK: dict[str, int] = {"binding": 3, "hedged": 2, "mention": 1, "negated": 0}


def cues_of(hits: Hits) -> list[Cue]:
    """All modality cues of a sentence, in word order (longest first at the same start)."""
    out: list[Cue] = []
    for name, spans in hits.items():
        if name.startswith("@"):
            kind = name[1:]
            out.extend(Cue(s, e, kind) for s, e in spans)
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    return out


def _words(tokens: Tokens, cue: Cue) -> str:
    return " ".join(tokens.words[cue.start:cue.end])


def judge(tokens: Tokens, cues: list[Cue], spans: list[tuple[int, int]],
          inherited: Verdict | None = None) -> Verdict:
    """The strongest verdict over the clauses the match touches."""
    if not tokens.words:
        return Verdict("mention", "no words")
    positions = sorted({s for s, _ in spans}) or [0]
    best: Verdict | None = None
    for pos in positions:
        v = _judge_at(tokens, cues, min(pos, len(tokens.words) - 1), inherited)
        if best is None or RANK[v.strength] > RANK[best.strength]:
            best = v
    return best  # type: ignore[return-value]


def _judge_at(tokens: Tokens, cues: list[Cue], pos: int, inherited: Verdict | None) -> Verdict:
    clause_of = tokens.clause
    clause = clause_of[pos]
    in_clause = [c for c in cues if clause_of[c.start] == clause]
    governing = [c for c in in_clause if c.kind in GOVERNING]
    before = [c for c in governing if c.start <= pos]
    gov = before[-1] if before else (governing[0] if governing else None)
    if gov is None:
        earlier = [c for c in cues if clause_of[c.start] < clause and c.kind in GOVERNING]
        gov = earlier[-1] if earlier else None
    negations = [c for c in cues if c.kind == "negation"]
    reported = [c for c in in_clause if c.kind == "reported" and c.start <= pos]

    if gov is not None:
        for n in negations:
            if gov.start - NEG_BEFORE <= n.start < gov.start or gov.end <= n.start < gov.end + NEG_AFTER:
                return Verdict("negated", f"'{_words(tokens, n)}' negates '{_words(tokens, gov)}'")
    else:
        for n in negations:
            if clause_of[n.start] == clause and n.start <= pos:
                return Verdict("negated", f"'{_words(tokens, n)}' negates the statement")
    if reported:
        return Verdict("mention", f"another body's words: '{_words(tokens, reported[-1])}'")
    if gov is None:
        if inherited is not None:
            return Verdict(inherited.strength, f"inherits from its lead-in: {inherited.reason}", inherited.plain)
        return Verdict("mention", "a plain statement, no commitment verb", plain=True)
    if gov.kind == "past":
        return Verdict("mention", f"past fact: '{_words(tokens, gov)}'")
    hedges = [c for c in in_clause if c.kind == "hedged"]
    if gov.kind == "hedged" or hedges:
        cue = gov if gov.kind == "hedged" else hedges[0]
        return Verdict("hedged", f"hedged: '{_words(tokens, cue)}'")
    if gov.kind == "belief":
        return Verdict("hedged", f"belief, not a commitment: '{_words(tokens, gov)}'")
    return Verdict("binding", f"binding: '{_words(tokens, gov)}'")


def leadin_verdict(tokens: Tokens, cues: list[Cue]) -> Verdict | None:
    """The verdict a lead-in ("The district shall:") passes to its list items; None if it has no verb."""
    if not tokens.words or not any(c.kind in GOVERNING for c in cues):
        return None
    v = _judge_at(tokens, cues, len(tokens.words) - 1, None)
    return v if v.strength != "mention" or v.reason.startswith("past") else None
