"""The remembered-start matcher and the fast tokeniser give exactly what the plain word trie and the
token-by-token reading give: the same words, clauses, names, spans and order."""

from __future__ import annotations

import pickle
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from policy_audit.documents.load import load_document
from policy_audit.documents.model import Document
from policy_audit.engine import matcher as matcher_module
from policy_audit.engine.compiled import CompiledPack
from policy_audit.engine.lexicon import load_lexicon
from policy_audit.engine.matcher import (
    Hits,
    Matcher,
    Tokens,
    compile_matcher,
    phrase_words,
    tokenize,
)
from policy_audit.language.pack import default_rules_path, load_pack

REPO = Path(__file__).resolve().parents[1]

# ---- the reference: the matcher and tokeniser as first written, one word and one token at a time --

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019]t\b)?|[;:]|\s[-\u2013\u2014]+\s")
_NT_BASE = {"won": "will", "can": "can", "shan": "shall", "ain": "is"}


def reference_tokenize(text: str) -> Tokens:
    words: list[str] = []
    clause: list[int] = []
    c = 0
    for m in _TOKEN.finditer(text.casefold()):
        w = m.group()
        if w in (";", ":") or not w[0].isalnum():
            c += 1
            continue
        if w[-2:] in ("'t", "\u2019t"):
            stem = w[:-2]
            if stem.endswith("n") and len(stem) > 1:
                words += [_NT_BASE.get(stem, stem[:-1]), "not"]
            else:
                words += [stem, "t"]
            clause += [c, c]
            continue
        words.append(w)
        clause.append(c)
    return Tokens(words, clause)


def reference_scan(m: Matcher, words: list[str]) -> Hits:
    """Every start word looked up afresh, every continuation walked with a stack."""
    hits: Hits = {}
    n = len(words)
    root = m._root
    first_prefix = dict(root.prefix)
    lengths = sorted({len(p) for p in first_prefix})
    for i, w in enumerate(words):
        stack = []
        node = root.exact.get(w)
        if node is not None:
            if node.exact or node.prefix:
                stack.append((node, i + 1))
            else:
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


def ordered(hits: Hits) -> list[tuple[str, list[tuple[int, int]]]]:
    """Hits with their order made visible: names in the order first found, spans in order."""
    return [(k, list(v)) for k, v in hits.items()]


# ---- tricky inputs -------------------------------------------------------------------------------

TRICKY = [
    "The district doesn't fund it; the Board won't, and staff can't.",
    "We shan't wait. It ain't so. Don\u2019t stop \u2014 never. 'Tis the season; isn't it?",
    "Equity Office \u2013 Duties: supervises the staff - reports to the Board -- annually.",
    "High-quality, well-funded programs; re-allocate funds: fund-raising (equitable).",
    "Inequitable inequities, INEQUITY and inequity-related gaps; equitably funded.",
    "\u00c9quit\u00e9 et caf\u00e9 na\u00efve \u00dcBER stra\u00dfe \u0130stanbul \ufb01nance \u2167 \u00bd 2024 students_first",
    "The Office of Equity shall allocate funds to the equity office, which allocates funding.",
    "as resources permit, to the extent possible, the district may strive to consider it",
    "",
    "   ;;: - \u2014 ",
    "It's the district's plan: 'the state encourages' the board; nothing in this policy",
    "won't'nt can't't n't 't doesn\u2019t  didn't wasn't",
    # one kind of special token each, so that no other one sends the sentence the slow way
    "The Board doesn't fund it and staff won't",
    "Staff don\u2019t fund it",
    "The equity office - the board",
    "The equity office \u2014the board \u2013 staff",
    "Funding: the board",
    "Eh 'tis odd",
]


def _default_pack() -> CompiledPack:
    return CompiledPack.build(load_pack([default_rules_path()]))


@pytest.fixture(scope="module")
def packs(mini_pack: CompiledPack) -> list[CompiledPack]:
    return [mini_pack, _default_pack()]


def _sample_sentences() -> Iterator[str]:
    for path in sorted((REPO / "sample_policies").rglob("*.md")):
        doc = load_document(path, path.name)
        assert isinstance(doc, Document)
        yield from (s.text for s in doc.sentences)
        yield doc.text


def _random_sentences(m: Matcher, count: int) -> Iterator[str]:
    """Sentences made of the pack's own phrase words (wildcards filled in), cue words and noise, so
    that phrases overlap, nest, repeat and run to the sentence's end."""
    rng = random.Random(7)
    vocab: list[str] = []

    def collect(node: matcher_module._Node, depth: int) -> None:
        for w, child in node.exact.items():
            vocab.append(w)
            if depth < 3:
                collect(child, depth + 1)
        for stem, child in node.prefix:
            vocab.extend([stem, stem + "ed", stem + "ing"])
            if depth < 3:
                collect(child, depth + 1)

    collect(m._root, 0)
    vocab = sorted(set(vocab)) + ["the", "of", ";", ":", " - ", "doesn't", "won't", "can't", "x", "y"]
    for _ in range(count):
        yield " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 40)))


def test_tokenize_agrees_with_the_token_by_token_reading() -> None:
    texts = TRICKY + list(_sample_sentences())
    for text in texts:
        got, want = tokenize(text), reference_tokenize(text)
        assert (got.words, got.clause) == (want.words, want.clause), text


def test_tokenize_reads_contractions_clause_breaks_and_dashes() -> None:
    t = tokenize("The Board doesn't fund it; staff won't \u2014 high-quality")
    assert t.words == ["the", "board", "does", "not", "fund", "it", "staff", "will", "not", "high", "quality"]
    assert t.clause == [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
    plain = tokenize("Equity-minded staff fund programs")  # a hyphen inside a word breaks no clause
    assert plain.words == ["equity", "minded", "staff", "fund", "programs"]
    assert plain.clause == [0, 0, 0, 0, 0]


def test_scan_agrees_with_the_plain_trie_on_tricky_sample_and_random_text(packs: list[CompiledPack]) -> None:
    for pack in packs:
        m = pack.matcher
        texts = TRICKY + list(_sample_sentences()) + list(_random_sentences(m, 3000))
        found = 0
        for text in texts:
            words = tokenize(text).words
            got = ordered(m.scan(words))
            assert got == ordered(reference_scan(m, words)), text
            assert ordered(m.scan(words)) == got  # the second time, from the remembered starts
            found += len(got)
        assert found > 1000


def test_scan_finds_prefix_wildcards_inflections_and_phrases_to_the_end(mini_pack: CompiledPack) -> None:
    words = tokenize("The Board allocates funding to the Office of Equity").words
    hits = mini_pack.matcher.scan(words)
    assert hits["FUNDING"] == [(2, 3), (3, 4)]  # "allocat*", "fund*"
    assert hits["OFFICE"] == [(6, 9)]  # a phrase ending at the last word
    assert hits["BOARD"] == [(1, 2)]
    assert mini_pack.matcher.scan(tokenize("equities").words)["EQUITY"] == [(0, 1)]  # an inflection
    assert "EQUITY" not in mini_pack.matcher.scan(tokenize("equityish boards").words)  # no wildcard
    assert mini_pack.matcher.scan(tokenize("inequitable").words)["EQUITY"] == [(0, 1)]


def test_a_phrase_with_a_wildcard_inside_and_overlapping_phrases_keep_the_trie_order() -> None:
    m = Matcher()
    for text, name in [("equit* plan*", "P"), ("equity plan", "E"), ("equity", "Q"), ("equit*", "W"),
                       ("plan", "L"), ("equity plan review", "R")]:
        m.add(phrase_words(text), name)
    m.freeze()
    for text in ["equity plans", "equity plan review equity", "equitable planning; equity", "plan equity plan"]:
        words = tokenize(text).words
        assert ordered(m.scan(words)) == ordered(reference_scan(m, words)), text
    hits = m.scan(tokenize("equity plan review").words)
    assert list(hits) == ["W", "P", "Q", "E", "R", "L"]  # the wildcard node is popped first
    assert hits["P"] == [(0, 2)] and hits["R"] == [(0, 3)]


def test_the_remembered_starts_are_neither_pickled_nor_stale(mini_pack: CompiledPack) -> None:
    m = compile_matcher(mini_pack.pack, load_lexicon())
    m.scan(tokenize("The Board shall fund the equity office").words)
    assert m._starts
    copy = pickle.loads(pickle.dumps(m))
    assert copy._starts == {}
    assert len(pickle.dumps(m)) == len(pickle.dumps(copy))
    words = tokenize("The budget board").words
    assert ordered(copy.scan(words)) == ordered(m.scan(words))
    m.add(phrase_words("budget board"), "NEW")  # a phrase added after a scan is found too
    m.freeze()
    assert m.scan(words)["NEW"] == [(1, 3)]


def test_many_distinct_words_do_not_grow_the_memory_without_bound(monkeypatch: pytest.MonkeyPatch,
                                                                  mini_pack: CompiledPack) -> None:
    monkeypatch.setattr(matcher_module, "_MAX_STARTS", 50)
    m = compile_matcher(mini_pack.pack, load_lexicon())
    for k in range(40):
        words = [f"w{k}x{i}" for i in range(10)] + ["board"]
        assert m.scan(words) == {"BOARD": [(10, 11)]}
        assert len(m._starts) <= 50 + len(words)
