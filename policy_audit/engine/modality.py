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
NEG_BEFORE = 6  # words a negation may stand before the governing verb ("no additional funds shall")
NEG_AFTER = 1  # words a negation may stand after it ("shall not")
HEDGE_AFTER = 3  # words after the governing verb where a one-word hedge still qualifies it ("will also consider")


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
                if not any(i0 <= s and e <= i1 for i0, i1 in ignored):
                    out.append(Cue(s, e, kind))
                kind = name[1:]
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    # a shorter cue inside a longer one of the same start or span ("will" in "will not") keeps both;
    # but a cue wholly inside a longer cue of another kind yields to it ("may" in "as resources may permit")
    return [c for c in out if not any(o is not c and o.kind != c.kind and o.start <= c.start and c.end <= o.end
                                      and (o.end - o.start) > (c.end - c.start) for o in out)]


def _words(tokens: Tokens, cue: Cue) -> str:
    return " ".join(tokens.words[cue.start:cue.end])


def judge(tokens: Tokens, cues: list[Cue], spans: list[tuple[int, int]],
          inherited: Verdict | None = None, cache: dict[int, Verdict] | None = None) -> Verdict:
    """The strongest verdict over the clauses the match touches (`cache`: verdicts by word position,
    shared by every judgement that matches the same sentence)."""
    if not tokens.words:
        return Verdict("mention", "no words")
    last = len(tokens.words) - 1
    positions = sorted({min(max(s, 0), last) for s, _ in spans}) or [0]  # lead-in words judge at the item's start
    best: Verdict | None = None
    for pos in positions:
        v = cache.get(pos) if cache is not None else None
        if v is None:
            v = _judge_at(tokens, cues, pos, inherited)
            if cache is not None:
                cache[pos] = v
        if best is None or RANK[v.strength] > RANK[best.strength]:
            best = v
            if v.strength == "binding":
                break
    return best  # type: ignore[return-value]


def _judge_at(tokens: Tokens, cues: list[Cue], pos: int, inherited: Verdict | None) -> Verdict:
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

    negation = None
    if gov is not None:
        negation = next((n for n in negations if gov.start - NEG_BEFORE <= n.start < gov.start
                         or gov.end <= n.start < gov.end + NEG_AFTER), None)
    else:
        negation = next((n for n in negations if n.start <= pos), None)
    if negation is not None:
        verb_end = gov.end if gov is not None else negation.end
        denial = next((c for c in cues if c.kind == "denial" and clause_of[c.start] == gov_clause
                       and c.start >= verb_end), None)
        if denial is None:
            target = f"'{_words(tokens, gov)}'" if gov is not None else "the statement"
            return Verdict("negated", f"'{_words(tokens, negation)}' negates {target}")
        # "no student shall be denied ...": two negations affirm the commitment
    if reported:
        return Verdict("mention", f"another body's words: '{_words(tokens, reported[-1])}'")
    if gov is None:
        if inherited is not None:
            return Verdict(inherited.strength, f"inherits from its lead-in: {inherited.reason}", inherited.plain)
        return Verdict("mention", "a plain statement, no commitment verb", plain=True)
    if gov.kind == "past":
        return Verdict("mention", f"past fact: '{_words(tokens, gov)}'")
    hedge = gov if gov.kind == "hedged" else _qualifying_hedge(in_clause, gov)
    if hedge is not None:
        return Verdict("hedged", f"hedged: '{_words(tokens, hedge)}'")
    if gov.kind == "belief":
        return Verdict("hedged", f"belief, not a commitment: '{_words(tokens, gov)}'")
    return Verdict("binding", f"binding: '{_words(tokens, gov)}'")


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


def leadin_verdict(tokens: Tokens, cues: list[Cue]) -> Verdict | None:
    """The verdict a lead-in ("The district shall:") passes to its list items; None if it has no verb."""
    if not tokens.words or not any(c.kind in GOVERNING for c in cues):
        return None
    v = _judge_at(tokens, cues, len(tokens.words) - 1, None)
    return v if v.strength != "mention" or v.reason.startswith("past") else None
