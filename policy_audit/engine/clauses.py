"""The clause reader: what a careful reader sees in a clause that has no modal cue.

A clause with "shall" or "may" is judged by its cue (modality.py). A clause with none is a plain
statement, and what it is depends on its verb and its subject:
- a present-tense verb whose subject is the district, the board, an office, a role or a plan
  ("The Board allocates funds to the Office of Equity") states a fact that establishes a
  commitment: binding, as the catalogue's "present-tense statement of fact" says;
- a present-tense verb opening the clause ("Supervises the staff of the Equity Office") is a duty
  line, as job descriptions and office pages write them: binding;
- a past-tense verb ("The Chief Equity Officer reported to the Superintendent") is a past fact;
- no finite verb ("Public progress reports twice a year") is a fragment, judged by what leads into it.

Parts of speech come from the lexicon (every form a word can take) and the word's neighbours; the
subject is the words of the clause before the verb, an actor or another body when the pack's
`actor` and `other-body` modality lists name one there. Plain tuples and enums: cheap to make.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from .lexicon import (
    ADJ,
    NOUN,
    VERB_3SG,
    VERB_BASE,
    VERB_ING,
    VERB_PART,
    VERB_PAST,
    Lexicon,
)


class Tense(Enum):
    """The tense of a clause's finite verb."""

    NONE = "none"
    PRESENT = "present"
    PAST = "past"


class Subject(Enum):
    """Who the clause is about."""

    NONE = "none"          # the verb opens the clause: a duty line or an instruction
    ACTOR = "actor"        # the district, the board, an office, a role, a plan
    OTHER_BODY = "other"   # the state, a federal agency, researchers: not the district's own words
    OTHER = "other-subject"


class Clause(NamedTuple):
    """The finite verb of a clause (its word position, -1 when there is none), its tense and subject;
    `imperative` when a base-form verb opens the clause ("Develop an ongoing programme ...")."""

    verb: int
    tense: Tense
    subject: Subject
    imperative: bool = False
    aim: bool = False  # "The aim is to ...", "Our goals are to ...": what is hoped for, not a fact


# Words after which a noun/verb form is a noun ("the reports", "its funds", "equity plans").
_NOUN_CONTEXT = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "our", "his", "her", "my", "your",
    "each", "every", "all", "any", "some", "no", "both", "such", "another", "other", "of", "for", "with",
    "by", "to", "in", "on", "at", "from", "into", "about", "per", "many", "several", "more", "most", "few",
))
_PRONOUN_SUBJECTS = frozenset(("we", "they", "i", "you"))
_DETERMINERS = frozenset(("the", "a", "an", "its", "their", "our", "each", "every", "all"))
# A past form right after "and" before any finite verb coordinates with a modifier, not a verb:
# "current and proposed curriculum", "new and revised policies" (a finite verb would have come first).
_COORDINATORS = frozenset(("and", "or", "nor"))
_BE_PRESENT = frozenset(("is", "are", "am"))
_HAVE_PRESENT = frozenset(("has", "have"))
_DO_PRESENT = frozenset(("does", "do"))
_PAST_AUX = frozenset(("was", "were", "had", "did"))
_MODALS = frozenset(("shall", "will", "must", "may", "might", "should", "could", "would", "can"))


# Words that open a subordinate clause: the main verb comes before them or the clause has none here
# ("Some schools use the tool when they have time": "have" is not the main verb).
_SUBORDINATORS = frozenset(("when", "whenever", "if", "because", "although", "though", "whereas", "unless",
                            "which", "who", "whom", "whose", "that", "until", "wherever"))
_RELATIVES = frozenset(("who", "which"))
_PREPOSITIONS = frozenset(("to", "in", "for", "at", "on", "by", "with", "from", "of", "under", "after", "before",
                           "during", "until"))
# Words after which a sentence-opening noun/verb form is an instruction ("Recruit and retain ...",
# "Invite all families ..."), not a noun ("Input from parents ...").
_OBJECT_START = _DETERMINERS | frozenset(("and", "more", "new", "and/or", "opportunities", "students", "staff",
                                          "families"))
_ADVERBS = frozenset(("then", "also", "now", "still", "further", "currently", "annually", "already", "thus",
                      "therefore", "hereby", "jointly", "together", "regularly", "often", "always"))


def read_clause(words: list[str], clause_of: list[int], clause: int, lexicon: Lexicon,
                actors: list[tuple[int, int]], others: list[tuple[int, int]],
                joined: frozenset[int] = frozenset()) -> Clause:
    """The finite verb, tense and subject of clause number `clause` of a sentence."""
    positions = [i for i, c in enumerate(clause_of) if c == clause]
    if not positions:
        return Clause(-1, Tense.NONE, Subject.NONE)
    first = positions[0]
    actor_ends = {e for _, e in actors}
    prev, prev_end = "", -1
    gerund = False  # the clause opens with a gerund: "Routinely assessing needs ... equity-focused planning"
    relative = skipped = False  # a relative clause after the subject ("The Director, who ..."), its verb passed
    for k, i in enumerate(positions):
        w = words[i]
        if w in _ADVERBS or (w.endswith("ly") and len(w) > 4):
            continue  # adverbs are transparent: "The Board annually allocates ..."
        if w in _RELATIVES and not relative and _actor_opens(first, i, actors):
            # "The Director, who was hired in 2024, oversees ...": the relative clause's own verb
            # comes first; the actor's verb is the next one
            relative = True
            prev, prev_end = w, i + 1
            continue
        if w in _SUBORDINATORS and k > 0 and not (w == "that" and prev in _PREPOSITIONS):
            break  # ("to that end", "at that time": "that" after a preposition is a determiner)
        if relative and not skipped:
            # the word after the pronoun is the relative clause's verb; past forms right after it
            # belong to it too ("who was hired in 2024")
            if prev in _RELATIVES or (lexicon.bits(w) & VERB_PAST and lexicon.bits(prev) & (VERB_PAST | VERB_3SG)) \
                    or prev in _BE_PRESENT or prev in _PAST_AUX or prev in _HAVE_PRESENT:
                prev, prev_end = w, i + 1
                continue
            skipped = True
        if not prev and lexicon.bits(w) & VERB_ING:
            gerund = True
        found = _finite(w, prev, k, words, positions, lexicon, prev_end in actor_ends)
        if found is Tense.PAST and (gerund or i in joined) and w not in _PAST_AUX:
            # a participle inside a gerund's phrase ("Assessing data disaggregated by race"), or half
            # of a hyphenated adjective ("an equity-focused plan"): no past tense
            found = None
        if found is Tense.NONE:
            return Clause(i, Tense.PRESENT, Subject.NONE, imperative=True)
        if found is not None:
            subject = _subject(first, i, actors, others)
            if found is Tense.PRESENT and w in _BE_PRESENT and _next(words, positions, k) == "to" \
                    and subject is not Subject.ACTOR:
                return Clause(-1, Tense.NONE, Subject.NONE, aim=True)  # "The aim is to ...": an aim, not a fact
            if found is Tense.PRESENT and w in _BE_PRESENT and _passive(words, positions, k, lexicon):
                # "The plan is revisited every two years": the district's practice, whoever does it
                subject = subject if subject is Subject.OTHER_BODY else Subject.ACTOR
            return Clause(i, found, subject)
        prev, prev_end = w, i + 1
    return Clause(-1, Tense.NONE, Subject.NONE)


def _finite(w: str, prev: str, k: int, words: list[str], positions: list[int], lexicon: Lexicon,
            after_actor: bool) -> Tense | None:
    """The tense of `w` when it is the clause's finite verb here (`prev`: the word before it, adverbs
    skipped; `after_actor`: that word ends an actor's name), else None."""
    if w in _MODALS or w in _BE_PRESENT or w in _HAVE_PRESENT or w in _DO_PRESENT:
        return Tense.PRESENT
    if w in _PAST_AUX:
        return Tense.PAST
    tag = lexicon.bits(w)
    if not tag & (VERB_3SG | VERB_PAST | VERB_BASE) or prev in _NOUN_CONTEXT or _possessive(prev, k, words, positions):
        return None
    if k == 0 and tag & VERB_BASE and not tag & ADJ and (
            not tag & NOUN or _next(words, positions, k) in _OBJECT_START
            or _modifier(_next(words, positions, k), lexicon)):
        return Tense.NONE  # an instruction opening the clause: "Implement ...", "Recruit and retain ..."
    after_subject = prev in _PRONOUN_SUBJECTS or after_actor
    if tag & VERB_3SG:
        if k == 0 or after_subject or (not tag & NOUN and _nounish(prev, lexicon)):
            return Tense.PRESENT
        if _nounish(prev, lexicon) and _next(words, positions, k) in _DETERMINERS:
            return Tense.PRESENT  # a noun/verb form before "the" or "a" is the verb: "the budget funds the Office"
        return None
    if tag & VERB_PAST and k > 0 and not tag & ADJ and prev not in _COORDINATORS and (
            after_subject or (_nounish(prev, lexicon) and not (tag & VERB_PART and lexicon.bits(prev) & NOUN))):
        # "PPS created a set of goals" is past; "data disaggregated by race" is a participle
        return Tense.PAST
    if tag & VERB_BASE and prev in _PRONOUN_SUBJECTS:
        return Tense.PRESENT
    return None


def _next(words: list[str], positions: list[int], k: int) -> str:
    return words[positions[k + 1]] if k + 1 < len(positions) else ""


# Words whose "'s" is "is" ("it's shared", "what's planned"); after any other word it marks a possessive.
_S_IS = frozenset(("it", "that", "what", "there", "here", "who", "he", "she", "where", "how", "let"))


def _possessive(prev: str, k: int, words: list[str], positions: list[int]) -> bool:
    """Does a possessive stand before the word ("the community's shared vision", "the Board's
    funds")? What follows it is a noun or its modifier, never the clause's verb."""
    return prev == "s" and k >= 2 and words[positions[k - 2]] not in _S_IS


def _modifier(word: str, lexicon: Lexicon) -> bool:
    """An adjective that cannot be a verb: after a sentence-opening noun/verb form it starts the
    verb's object ("Review current practices", "Monitor annual data"), as no verb follows a noun
    subject so."""
    bits = lexicon.bits(word)
    return bool(bits & ADJ) and not bits & (VERB_3SG | VERB_PAST | VERB_BASE)


def _passive(words: list[str], positions: list[int], k: int, lexicon: Lexicon) -> bool:
    """Is the form of "be" at `k` followed by a past participle ("is funded", "are annually reviewed")?"""
    for j in range(k + 1, min(k + 3, len(positions))):
        w = words[positions[j]]
        if w in _ADVERBS or w.endswith("ly"):
            continue
        return bool(lexicon.bits(w) & VERB_PART)
    return False


def _nounish(word: str, lexicon: Lexicon) -> bool:
    """Could `word` end a subject ("the Board", "the Office of Equity", "we")? Not nothing: a verb
    that opens its clause ("Formally established in 2016, ...") has no subject before it."""
    if not word:
        return False
    return word in _PRONOUN_SUBJECTS or bool(lexicon.bits(word) & NOUN) or lexicon.bits(word) == 0


def other_body_before(first: int, verb: int, others: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of another body named between the clause's start and its verb, if any."""
    return next(((s, e) for s, e in others if first <= s and e <= verb), None)


SUBJECT_REACH = 6  # words from the clause's start within which its subject is named


def _subject(first: int, verb: int, actors: list[tuple[int, int]], others: list[tuple[int, int]]) -> Subject:
    """Who the words before the verb name: another body wins over an actor word inside its name
    ("the State Board of Education")."""
    if verb <= first:
        return Subject.NONE
    if other_body_before(first, verb, others) is not None:
        return Subject.OTHER_BODY
    # the subject is the clause's opening noun phrase: an actor named far from the start belongs to
    # some other phrase ("The policy calls out disparities in schools, identifies ...")
    return Subject.ACTOR if _actor_opens(first, verb, actors) else Subject.OTHER


def _actor_opens(first: int, upto: int, actors: list[tuple[int, int]]) -> bool:
    """Is an actor named in the clause's opening words, ending by `upto`? (its subject)"""
    return any(first <= s < first + SUBJECT_REACH and e <= upto for s, e in actors)
