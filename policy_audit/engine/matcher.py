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
from itertools import compress

from ..language import ast
from ..language.pack import Pack
from ..language.terms import expand_terms
from ..language.walk import judgements, kind_patterns, pattern_leaves
from .lexicon import Lexicon

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019]t\b)?|[;:]|\s[-\u2013\u2014]+\s")
# Contractions are read as their words ("doesn't" -> "does not", "won't" -> "will not"), so the
# negation and modal cues of a pack see them.
# The word tokens alone: all the tokens of a sentence that has no other kind (see `_plain`).
_WORD = re.compile(r"[^\W_]+")
# A spaced dash, one of the tokens other than words (see `_plain`).
_SPACED_DASH = re.compile(r"\s[-\u2013\u2014]+\s")
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
    joined: frozenset[int] = frozenset()  # words hyphen-joined to the one before ("equity-focused")


def _plain(folded: str) -> bool:
    """True when every token of the text is a plain word: no ';' or ':', no spaced dash, and no
    apostrophe-t (a contraction token needs one); plain substring tests, cheaper than a regex."""
    if ";" in folded or ":" in folded or "'t" in folded or "\u2019t" in folded:
        return False
    if "-" in folded or "\u2013" in folded or "\u2014" in folded:
        return _SPACED_DASH.search(folded) is None
    return True


def tokenize(text: str) -> Tokens:
    """Lower-case words of a sentence with clause numbers."""
    folded = text.casefold()
    hyphen = "-" in folded
    if _plain(folded):  # no clause break, no contraction: every token is a word
        words = list(map(sys.intern, _WORD.findall(folded)))  # policy vocabulary repeats: one string per word
        return Tokens(words, [0] * len(words), _joined(folded, _WORD) if hyphen else frozenset())
    found = _TOKEN.findall(folded)
    words = []
    clause: list[int] = []
    c = 0
    intern = sys.intern
    for w in found:
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
    return Tokens(words, clause, _joined(folded, _TOKEN) if hyphen else frozenset())


_JOIN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")


def _joined(folded: str, token: re.Pattern[str]) -> frozenset[int]:
    """Word positions written hyphen-joined to the word before them ("equity-focused", "data-driven"),
    counted as `tokenize` counts words (a contraction is two)."""
    hyphens = [m.start() for m in _JOIN.finditer(folded)]
    if not hyphens:
        return frozenset()
    if token is _WORD:  # every token a word: the words before the hyphen give the joined word's place
        return frozenset(len(_WORD.findall(folded, 0, h)) for h in hyphens)
    out: list[int] = []
    n = 0
    for m in token.finditer(folded, 0, hyphens[-1] + 2):  # through the first letter after the last hyphen
        w = m.group()
        if w in (";", ":") or not w[0].isalnum():
            continue
        s = m.start()
        if s >= 2 and folded[s - 1] == "-" and folded[s - 2].isalnum():
            out.append(n)
        n += 2 if w[-2:] in ("'t", "\u2019t") else 1
    return frozenset(out)


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
    """All phrases of a pack compiled into one word trie; `scan` finds every hit in one pass.

    Where a word's phrases start (its trie node, and the nodes of the prefix wildcards it fits) is
    worked out once per distinct word and remembered: policy vocabulary repeats, so most words of a
    sentence cost one dictionary look-up."""

    def __init__(self) -> None:
        self._root = _Node()
        self._names: dict[int, set[str]] = defaultdict(set)
        self._first_prefix: dict[str, _Node] = {}
        self._prefix_lengths: list[int] = []
        self._starts: dict[str, _Start] = {}

    def __getstate__(self) -> dict[str, object]:
        # the remembered starts depend on the documents read, not the pack: never cached or sent
        return {"_root": self._root, "_names": self._names, "_first_prefix": self._first_prefix,
                "_prefix_lengths": self._prefix_lengths}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._starts = {}

    def add(self, words: tuple[str, ...], name: str) -> None:
        """Register a phrase under a name."""
        if not words:
            return
        node = self._root
        for w in words:
            node = node.child(w)
        self._names[id(node)].add(name)
        node.names = tuple(sorted(self._names[id(node)]))
        self._starts.clear()

    def freeze(self) -> None:
        """Precompute the first-word prefix index after the last `add`."""
        self._first_prefix = dict(self._root.prefix)
        self._prefix_lengths = sorted({len(p) for p in self._first_prefix})
        self._starts.clear()

    def _start(self, w: str) -> _Start:
        """Where phrases start at word `w`: the names of a one-word phrase that ends there (the
        common case), then the nodes to walk on from; () when no phrase starts with `w`."""
        names: tuple[str, ...] = ()
        nodes: list[_Node] = []
        node = self._root.exact.get(w)
        if node is not None:
            if node.exact or node.prefix:
                nodes.append(node)
            else:
                names = node.names
        for length in self._prefix_lengths:
            if length > len(w):
                break
            node = self._first_prefix.get(w[:length])
            if node is not None:
                nodes.append(node)
        if not names and not nodes:
            return ()
        return names, tuple(reversed(nodes))

    def scan(self, words: list[str]) -> Hits:
        """Every (name -> word spans) occurring in the words of one sentence.

        The hits, and their order, are those of a depth-first walk from each word (the walk's stack
        holds the word's own node under its prefix-wildcard nodes, a node's exact child under its
        wildcard children); a stretch of the walk with no wildcard children is followed without a stack."""
        hits: Hits = {}
        n = len(words)
        starts = self._starts
        found = list(map(starts.get, words))
        if None in found:
            if len(starts) > _MAX_STARTS:
                starts.clear()
            for i, w in enumerate(words):
                if found[i] is None:
                    found[i] = starts.setdefault(w, self._start(w))
        for i in compress(range(n), found):
            names, nodes = found[i]  # type: ignore[misc]
            if names:
                span = (i, i + 1)  # one tuple for every name of the span
                for name in names:
                    if name in hits:
                        hits[name].append(span)
                    else:
                        hits[name] = [span]
            for node in nodes:  # already in the order the stack would pop them
                j = i + 1
                while not node.prefix:
                    if node.names:
                        span = (i, j)
                        for name in node.names:
                            if name in hits:
                                hits[name].append(span)
                            else:
                                hits[name] = [span]
                    if j >= n:
                        break
                    child = node.exact.get(words[j])
                    if child is None:
                        break
                    node = child
                    j += 1
                else:
                    _walk(node, i, j, words, hits)
        return hits


def _walk(node: _Node, i: int, j: int, words: list[str], hits: Hits) -> None:
    """The hits of the phrases from word `i` that go on through `node`, reached at word `j`."""
    n = len(words)
    stack = [(node, j)]
    while stack:
        node, j = stack.pop()
        for name in node.names:
            if name in hits:
                hits[name].append((i, j))
            else:
                hits[name] = [(i, j)]
        if j >= n:
            continue
        nxt = words[j]
        child = node.exact.get(nxt)
        if child is not None:
            stack.append((child, j + 1))
        for stem, child in node.prefix:
            if nxt.startswith(stem):
                stack.append((child, j + 1))


# A word's phrase starts: (names of the one-word phrase ending at it, nodes to walk on from), or ()
_Start = tuple[()] | tuple[tuple[str, ...], tuple[_Node, ...]]
_MAX_STARTS = 200_000  # distinct words remembered; past it the memory starts afresh


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
