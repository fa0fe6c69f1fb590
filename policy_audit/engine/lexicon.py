"""English word forms from LemmInflect's lexicon: the inflections of a pack's words, and the parts
of speech a document's words can take (for the clause reader).

LemmInflect ships its lexicon (derived from the NIH SPECIALIST Lexicon) inside its wheel as a small
gzipped table, `lemma,pos,forms...`. Reading that table directly takes ~80 ms and avoids importing
the package itself, whose start-up pulls in NumPy for an out-of-vocabulary model this project does
not use. The table is read once per process, when a pack is compiled.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
from dataclasses import dataclass
from enum import IntFlag
from pathlib import Path


class Tag(IntFlag):
    """What a word form can be (a word may be several: "reports" is a noun and a verb)."""

    NONE = 0
    NOUN = 1        # a noun, singular or plural
    VERB_BASE = 2   # "allocate": infinitive, imperative, or present after "we"/"they"/plural subjects
    VERB_3SG = 4    # "allocates": present tense, third person singular
    VERB_PAST = 8   # "allocated", "led": simple past
    VERB_PART = 16  # "allocated", "done": past participle (passive or perfect after an auxiliary)
    VERB_ING = 32   # "allocating"
    ADJ = 64        # "equitable", "lower"


# Closed-class words (articles, pronouns, prepositions, conjunctions, auxiliaries) are never
# inflected as if they were nouns or verbs: "will" is not "wills", "in" is not "ins".
CLOSED_CLASS = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "our", "his", "her", "my", "your",
    "each", "every", "all", "any", "some", "no", "both", "either", "neither", "such", "other", "another",
    "which", "who", "whom", "whose", "what", "where", "when", "why", "how", "whether", "i", "we", "you",
    "he", "she", "it", "they", "me", "us", "him", "them", "of", "to", "in", "on", "at", "by", "for", "from",
    "with", "without", "within", "into", "onto", "upon", "about", "above", "below", "over", "under",
    "between", "among", "through", "throughout", "during", "before", "after", "since", "until", "against",
    "toward", "towards", "across", "beyond", "via", "per", "and", "or", "nor", "but", "yet", "so", "if",
    "than", "as", "because", "although", "though", "while", "whereas", "unless", "is", "are", "am", "be",
    "been", "being", "was", "were", "has", "have", "had", "having", "do", "does", "did", "doing", "shall",
    "will", "must", "may", "might", "should", "could", "would", "can", "ought", "not",
))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word forms by lemma (for inflecting a pack's phrases) and tags by form (for reading clauses)."""

    forms: dict[str, tuple[str, ...]]
    tags: dict[str, int]  # Tag bits as plain ints: a table of 66,000 forms is built at every start

    def inflections(self, word: str) -> tuple[str, ...]:
        """Every form of `word` when it is a noun or verb lemma ("allocate" -> allocates, allocated,
        allocating), else the word alone: a form written in the pack ("staffing") is kept as written."""
        if word in CLOSED_CLASS:
            return (word,)
        return self.forms.get(word, (word,))

    def tag(self, word: str) -> Tag:
        """What `word` can be; Tag.NONE when the lexicon does not know it."""
        return Tag(self.tags.get(word, 0))

    def bits(self, word: str) -> int:
        """`tag` as a plain int, for the clause reader's inner loop (IntFlag arithmetic is slow)."""
        return self.tags.get(word, 0)


def _table_path() -> Path:
    """LemmInflect's inflection table, found without importing the package (see the module note)."""
    spec = importlib.util.find_spec("lemminflect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'lemminflect' package is missing: pip install lemminflect")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "infl_lu.csv.gz"
    if not path.is_file():
        raise RuntimeError(f"lemminflect's lexicon is not where it was expected: {path}")
    return path


# The Tag bits as plain ints, for building the table and for the clause reader's inner loop
# (IntFlag arithmetic is slow).
NOUN, VERB_BASE, VERB_3SG, VERB_PAST, VERB_PART, VERB_ING, ADJ = (int(t) for t in (
    Tag.NOUN, Tag.VERB_BASE, Tag.VERB_3SG, Tag.VERB_PAST, Tag.VERB_PART, Tag.VERB_ING, Tag.ADJ))


@functools.cache
def load_lexicon() -> Lexicon:
    """Read the lexicon once per process (plain ints while building: IntFlag arithmetic is slow)."""
    forms: dict[str, set[str]] = {}
    tags: dict[str, int] = {}
    get = tags.get
    with gzip.open(_table_path(), "rt", encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").lower().split(",")
            if len(cells) < 3 or not cells[0].isalpha():
                continue
            lemma, pos = cells[0], cells[1]
            if pos == "verb" and len(cells) >= 6:
                past, part, ing, third = (c.split("/") for c in cells[2:6])
                part = part if part != [""] else past
                tags[lemma] = get(lemma, 0) | VERB_BASE
                for group, bit in ((past, VERB_PAST), (part, VERB_PART), (ing, VERB_ING), (third, VERB_3SG)):
                    for w in group:
                        if w:
                            tags[w] = get(w, 0) | bit
                forms.setdefault(lemma, {lemma}).update(w for w in past + part + ing + third if w)
            elif pos == "noun":
                tags[lemma] = get(lemma, 0) | NOUN
                plural = [w for w in cells[2].split("/") if w]
                for w in plural:
                    tags[w] = get(w, 0) | NOUN
                forms.setdefault(lemma, {lemma}).update(plural)
            elif pos in ("adj", "adv"):
                for cell in cells[:1] + cells[2:]:
                    for w in cell.split("/"):
                        if w:
                            tags[w] = get(w, 0) | ADJ
    return Lexicon({k: tuple(sorted(v)) for k, v in forms.items() if k not in CLOSED_CLASS},
                   tags)
