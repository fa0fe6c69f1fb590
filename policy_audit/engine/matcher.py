"""One matcher for every phrase of a pack: each sentence is tokenised and scanned once.

Phrases are word sequences (case-insensitive, whole words, `*` ends a word as a prefix wildcard).
A scan yields, for every name (term set, modality `@binding`..., inline phrase `"..."`), the word
spans where it occurs. Rules then work on those hits, never on raw text.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass

from ..language import ast
from ..language.pack import Pack
from ..language.terms import expand_terms
from ..language.walk import judgements, kind_patterns, pattern_leaves
from .lexicon import Lexicon

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019]t\b)?|[;:]|\s[-\u2013\u2014]+\s")
# Contractions are read as their words ("doesn't" -> "does not", "won't" -> "will not"), so the
# negation and modal cues of a pack see them.
_NT_BASE = {"won": "will", "can": "can", "shan": "shall", "ain": "is"}
_PHRASE_WORD = re.compile(r"[^\W_]+\*?")

Hits = dict[str, list[tuple[int, int]]]


def phrase_words(text: str) -> tuple[str, ...]:
    """Normalise a phrase into its words (a trailing `*` marks a prefix wildcard)."""
    return tuple(_PHRASE_WORD.findall(text.casefold()))


@functools.cache
def inline_name(text: str) -> str:
    """The hit name of a phrase written inline in a rule: the phrase's words in quotes."""
    return '"' + " ".join(phrase_words(text)) + '"'


@dataclass(slots=True)
class Tokens:
    """A sentence as words, with the clause each word sits in (clauses split at ';' and ':')."""

    words: list[str]
    clause: list[int]


def tokenize(text: str) -> Tokens:
    """Lower-case words of a sentence with clause numbers."""
    words: list[str] = []
    clause: list[int] = []
    c = 0
    intern = sys.intern  # policy vocabulary repeats: one string per distinct word keeps big files small
    for m in _TOKEN.finditer(text.casefold()):
        w = m.group()
        if w in (";", ":") or not w[0].isalnum():  # a spaced dash separates a label from its text too
            c += 1
            continue
        if w[-2:] in ("'t", "\u2019t"):
            stem = w[:-2]
            if stem.endswith("n") and len(stem) > 1:  # "doesn't", "won't", "can't"
                words += [intern(_NT_BASE.get(stem, stem[:-1])), "not"]
            else:
                words += [intern(stem), "t"]
            clause += [c, c]
            continue
        words.append(intern(w))
        clause.append(c)
    return Tokens(words, clause)


class _Node:
    """A trie node: the words that may follow, prefix-wildcard words, and the names ending here."""

    __slots__ = ("exact", "names", "prefix")

    def __init__(self) -> None:
        self.exact: dict[str, _Node] = {}
        self.prefix: list[tuple[str, _Node]] = []
        self.names: tuple[str, ...] = ()

    def child(self, word: str) -> _Node:
        if word.endswith("*"):
            stem = word[:-1]
            for p, node in self.prefix:
                if p == stem:
                    return node
            node = _Node()
            self.prefix.append((stem, node))
            return node
        return self.exact.setdefault(word, _Node())


class Matcher:
    """All phrases of a pack compiled into one word trie; `scan` finds every hit in one pass."""

    def __init__(self) -> None:
        self._root = _Node()
        self._names: dict[int, set[str]] = defaultdict(set)
        self._first_prefix: dict[str, _Node] = {}
        self._prefix_lengths: list[int] = []

    def add(self, words: tuple[str, ...], name: str) -> None:
        """Register a phrase under a name."""
        if not words:
            return
        node = self._root
        for w in words:
            node = node.child(w)
        self._names[id(node)].add(name)
        node.names = tuple(sorted(self._names[id(node)]))

    def freeze(self) -> None:
        """Precompute the first-word prefix index after the last `add`."""
        self._first_prefix = dict(self._root.prefix)
        self._prefix_lengths = sorted({len(p) for p in self._first_prefix})

    def scan(self, words: list[str]) -> Hits:
        """Every (name -> word spans) occurring in the words of one sentence."""
        hits: Hits = {}
        n = len(words)
        exact, first_prefix, lengths = self._root.exact, self._first_prefix, self._prefix_lengths
        for i, w in enumerate(words):
            stack: list[tuple[_Node, int]] = []
            node = exact.get(w)
            if node is not None:
                if node.exact or node.prefix:
                    stack.append((node, i + 1))
                else:  # a one-word phrase: the common case, no walk needed
                    for name in node.names:
                        hits.setdefault(name, []).append((i, i + 1))
            for length in lengths:
                if length > len(w):
                    break
                node = first_prefix.get(w[:length])
                if node is not None:
                    stack.append((node, i + 1))
            while stack:
                node, j = stack.pop()
                for name in node.names:
                    hits.setdefault(name, []).append((i, j))
                if j >= n:
                    continue
                nxt = words[j]
                child = node.exact.get(nxt)
                if child is not None:
                    stack.append((child, j + 1))
                for stem, child in node.prefix:
                    if nxt.startswith(stem):
                        stack.append((child, j + 1))
        return hits


def _phrases(patterns: list[ast.Pattern]) -> list[ast.Phrase]:
    """The inline phrases (not term-set references) of some patterns."""
    return [leaf for p in patterns for leaf in pattern_leaves(p) if isinstance(leaf, ast.Phrase)]


def flatten_terms(pack: Pack) -> dict[str, list[str]]:
    """Each term set's distinct phrases, included sets expanded (language/terms.py; limits checked at load)."""
    return expand_terms(pack.terms).phrases


# Cue lists whose words mean the same in every form ("recommends", "recommending"; "offices");
# the others are matched as written, because their form is what they say ("reports to" binds,
# "reported to" is past).
INFLECTED_MODALITIES = frozenset(("hedged", "belief", "actor", "other-body"))
MAX_VARIANTS = 64  # inflected variants of one phrase; past it, only the phrase's last word is inflected


def phrase_variants(words: tuple[str, ...], lexicon: Lexicon) -> list[tuple[str, ...]]:
    """A phrase's word sequences with every inflection of its lemmas ("allocate funds" also matches
    "allocated funds", "allocates fund"); wildcard and closed-class words stay as written."""
    options = [(w,) if w.endswith("*") else lexicon.inflections(w) for w in words]
    if math.prod(len(o) for o in options) > MAX_VARIANTS:
        options = [(w,) for w in words[:-1]] + [options[-1]]
    return list(itertools.product(*options))


def compile_matcher(pack: Pack, lexicon: Lexicon) -> Matcher:
    """Compile every term set, modality list and inline phrase of the pack into one matcher.

    Term sets, inline phrases and the cue lists in INFLECTED_MODALITIES match every inflection of
    their words; other cues match as written."""
    m = Matcher()

    def add_inflected(text: str, name: str) -> None:
        for words in phrase_variants(phrase_words(text), lexicon):
            m.add(words, name)

    for name, phrases in flatten_terms(pack).items():
        for text in phrases:
            add_inflected(text, name)
    for name, decl in pack.modalities.items():
        for p in decl.phrases:
            if name in INFLECTED_MODALITIES:
                add_inflected(p.text, "@" + name)
            else:
                m.add(phrase_words(p.text), "@" + name)
    for rule in pack.rules:
        for e in (rule.when, rule.require, rule.partial):
            for p in _phrases([j.pattern for j in judgements(e)]):
                add_inflected(p.text, inline_name(p.text))
    for kind in pack.kinds.values():
        for p in _phrases(kind_patterns(kind.condition)):
            add_inflected(p.text, inline_name(p.text))
    m.freeze()
    return m
