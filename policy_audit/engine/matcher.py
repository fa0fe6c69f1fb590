"""One matcher for every phrase of a pack: each sentence is tokenised and scanned once.

Phrases are word sequences (case-insensitive, whole words, `*` ends a word as a prefix wildcard).
A scan yields, for every name (term set, modality `@binding`..., inline phrase `"..."`), the word
spans where it occurs. Rules then work on those hits, never on raw text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..language import ast
from ..language.pack import Pack

_TOKEN = re.compile(r"[^\W_]+|[;:]")
_PHRASE_WORD = re.compile(r"[^\W_]+\*?")

Hits = dict[str, list[tuple[int, int]]]


def phrase_words(text: str) -> tuple[str, ...]:
    """Normalise a phrase into its words (a trailing `*` marks a prefix wildcard)."""
    return tuple(_PHRASE_WORD.findall(text.casefold()))


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
    for m in _TOKEN.finditer(text.casefold()):
        w = m.group()
        if w in (";", ":"):
            c += 1
        else:
            words.append(w)
            clause.append(c)
    return Tokens(words, clause)


class Matcher:
    """All phrases of a pack compiled into first-word indexes; `scan` finds every hit in one pass."""

    def __init__(self) -> None:
        # phrase words -> names it stands for
        self._names: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._exact: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        self._prefix_lengths: list[int] = []

    def add(self, words: tuple[str, ...], name: str) -> None:
        """Register a phrase under a name."""
        if not words:
            return
        if words not in self._names:
            first = words[0]
            if first.endswith("*"):
                self._prefix[first[:-1]].append(words)
            else:
                self._exact[first].append(words)
        self._names[words].add(name)

    def freeze(self) -> None:
        """Precompute lookups after the last `add`."""
        self._prefix_lengths = sorted({len(p) for p in self._prefix})
        self._frozen_names = {w: tuple(sorted(n)) for w, n in self._names.items()}

    @staticmethod
    def _rest_matches(phrase: tuple[str, ...], words: list[str], i: int) -> bool:
        if i + len(phrase) > len(words):
            return False
        for k in range(1, len(phrase)):
            pw, w = phrase[k], words[i + k]
            if pw.endswith("*"):
                if not w.startswith(pw[:-1]):
                    return False
            elif pw != w:
                return False
        return True

    def scan(self, words: list[str]) -> Hits:
        """Every (name -> word spans) occurring in the words of one sentence."""
        hits: Hits = {}
        exact, prefix, lengths, names = self._exact, self._prefix, self._prefix_lengths, self._frozen_names
        for i, w in enumerate(words):
            candidates = exact.get(w)
            if candidates:
                for phrase in candidates:
                    if len(phrase) == 1 or self._rest_matches(phrase, words, i):
                        span = (i, i + len(phrase))
                        for n in names[phrase]:
                            hits.setdefault(n, []).append(span)
            for length in lengths:
                if length > len(w):
                    break
                group = prefix.get(w[:length])
                if group:
                    for phrase in group:
                        if len(phrase) == 1 or self._rest_matches(phrase, words, i):
                            span = (i, i + len(phrase))
                            for n in names[phrase]:
                                hits.setdefault(n, []).append(span)
        return hits


def _walk_pattern(p: ast.Pattern) -> list[ast.Phrase]:
    if isinstance(p, ast.Phrase):
        return [p]
    if isinstance(p, ast.TermRef):
        return []
    if isinstance(p, ast.PNear):
        return _walk_pattern(p.left) + _walk_pattern(p.right)
    if isinstance(p, ast.PNot):
        return _walk_pattern(p.item)
    return [x for item in p.items for x in _walk_pattern(item)]


def _expr_phrases(e: ast.Expr | None) -> list[ast.Phrase]:
    if e is None or isinstance(e, ast.MetRef):
        return []
    if isinstance(e, ast.Judgement):
        return _walk_pattern(e.pattern)
    if isinstance(e, (ast.Not, ast.Quantified)):
        return _expr_phrases(e.item)
    return [x for item in e.items for x in _expr_phrases(item)]


def _kind_phrases(c: ast.KindCond) -> list[ast.Phrase]:
    if isinstance(c, (ast.TitleHas, ast.HeadingHas, ast.TextHas)):
        return _walk_pattern(c.pattern)
    if isinstance(c, ast.KindNot):
        return _kind_phrases(c.item)
    if isinstance(c, (ast.KindAll, ast.KindAny)):
        return [x for item in c.items for x in _kind_phrases(item)]
    return []


def flatten_terms(pack: Pack) -> dict[str, list[str]]:
    """Each term set's phrases, with included sets expanded (cycles were rejected by the checker)."""
    memo: dict[str, list[str]] = {}

    def expand(name: str) -> list[str]:
        if name not in memo:
            memo[name] = []
            out: list[str] = []
            for item in pack.terms[name].items:
                out.extend([item.text] if isinstance(item, ast.Phrase) else expand(item.name))
            memo[name] = out
        return memo[name]

    return {name: expand(name) for name in pack.terms}


def compile_matcher(pack: Pack) -> Matcher:
    """Compile every term set, modality list and inline phrase of the pack into one matcher."""
    m = Matcher()
    for name, phrases in flatten_terms(pack).items():
        for text in phrases:
            m.add(phrase_words(text), name)
    for name, decl in pack.modalities.items():
        for p in decl.phrases:
            m.add(phrase_words(p.text), "@" + name)
    for rule in pack.rules:
        for e in (rule.when, rule.require, rule.partial):
            for p in _expr_phrases(e):
                m.add(phrase_words(p.text), inline_name(p.text))
    for kind in pack.kinds.values():
        for p in _kind_phrases(kind.condition):
            m.add(phrase_words(p.text), inline_name(p.text))
    m.freeze()
    return m
