#!/usr/bin/env python3
"""What the pack would do on each document had its wording never been seen: a leave-one-out estimate.

Run by hand (not a test):

    python bench/holdout.py                      # the repo's rules/ against ../shared/corpus/dev
    python bench/holdout.py --terms-only         # ablate term sets and inline phrases, keep cue lists

Every document of the labelled corpus is audited with a copy of the pack from which each phrase
that occurs in that document and in no other one has been taken out (term-set entries, inline
phrases of rules and kinds, and, unless `--terms-only`, modality cue phrases). Such a phrase is
what reading that one document could have added; without it the pack is closer to what it would
be had the document been held out, so the figures estimate accuracy on wording the pack was not
tuned to. They are an upper bound of that: grammar and conventions tuned while reading the
document stay in. The script prints the figures beside those of the whole pack and the keyword
baseline, the phrases taken out per document, and the pairs that change.

Standard library and the policy_audit package only.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from pydantic import BaseModel

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from accuracy import (
    Row,
    _clip,
    accuracy,
    audit_corpus,
    corpus_groups,
    fmt,
    kappa,
    met_prf,
    print_table,
)
from phrases import found_in, word_index

from policy_audit.audit import AuditOptions, load_all
from policy_audit.engine.compiled import CompiledPack
from policy_audit.engine.lexicon import load_lexicon
from policy_audit.engine.matcher import (
    INFLECTED_MODALITIES,
    phrase_variants,
    phrase_words,
    tokenize,
)
from policy_audit.language import ast
from policy_audit.language.pack import Pack, load_pack

NEVER = "qqzxv-never-occurs"  # stands in for a phrase taken out where a list may not be empty


def _nodes(value: object) -> Iterator[BaseModel]:
    """Every pydantic node under `value`, depth first."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _nodes(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _nodes(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _nodes(v)


def _inline_phrases(pack: Pack) -> Iterator[ast.Phrase]:
    """Phrases written in rules, named patterns and kind conditions (not term sets or cue lists)."""
    roots: list[object] = [pack.rules, pack.patterns, pack.kinds]
    for root in roots:
        for node in _nodes(root):
            if isinstance(node, ast.Phrase):
                yield node


def phrases_of(pack: Pack, terms_only: bool) -> dict[str, bool]:
    """Every phrase the ablation may take out, and whether the matcher inflects it."""
    out: dict[str, bool] = {}
    for decl in pack.terms.values():
        for item in decl.items:
            if isinstance(item, ast.Phrase):
                out[item.text] = True
    for p in _inline_phrases(pack):
        out.setdefault(p.text, True)
    if not terms_only:
        for name, mod in pack.modalities.items():
            for p in mod.phrases:
                out.setdefault(p.text, name in INFLECTED_MODALITIES)
    return out


def _replaced(value: object, gone: set[str]) -> object:
    """`value` rebuilt with every phrase of `gone` written as one that never occurs (nodes are frozen)."""
    if isinstance(value, ast.Phrase):
        return value.model_copy(update={"text": NEVER}) if value.text in gone else value
    if isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _replaced(old, gone)
            if new is not old:
                update[name] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, list):
        items = [_replaced(v, gone) for v in value]
        return items if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, dict):
        items = {k: _replaced(v, gone) for k, v in value.items()}
        return items if any(items[k] is not value[k] for k in value) else value
    return value


def without(pack: Pack, gone: set[str], terms_only: bool) -> Pack:
    """A copy of `pack` in which the phrases of `gone` can match nothing."""
    terms = {}
    for name, decl in pack.terms.items():
        kept = [i for i in decl.items if not (isinstance(i, ast.Phrase) and i.text in gone)]
        terms[name] = decl.model_copy(update={"items": kept or [ast.Phrase(text=NEVER)]})
    modalities = pack.modalities
    if not terms_only:
        modalities = {name: mod.model_copy(update={"phrases": [p for p in mod.phrases if p.text not in gone]
                                                    or [ast.Phrase(text=NEVER)]})
                      for name, mod in pack.modalities.items()}
    return dataclasses.replace(
        pack, terms=terms, modalities=modalities,
        rules=cast("list[ast.Rule]", _replaced(pack.rules, gone)),
        patterns=cast("dict[str, ast.Pattern]", _replaced(pack.patterns, gone)),
        kinds=cast("dict[str, ast.KindDecl]", _replaced(pack.kinds, gone)))


def summary(label: str, rows: list[Row]) -> str:
    a = [(r.expected, r.got) for r in rows]
    b = [(r.expected, r.baseline) for r in rows]
    _, _, fa = met_prf(a)
    _, _, fb = met_prf(b)
    docs = len({r.doc for r in rows})
    return (f"  {label:<34} {docs:>3} docs {len(rows):>4} pairs | acc {fmt(accuracy(a))} ({sum(e == g for e, g in a)} agree) kappa {fmt(kappa(a))} "
            f"F1(met) {fmt(fa)} | baseline acc {fmt(accuracy(b))} kappa {fmt(kappa(b))} F1(met) {fmt(fb)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--rules", default=str(REPO / "rules"))
    ap.add_argument("--terms-only", action="store_true", help="keep modality cue lists whole")
    ap.add_argument("--quiet", action="store_true", help="figures only")
    args = ap.parse_args(argv)

    corpus = Path(args.corpus)
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    pack = load_pack([Path(args.rules)])
    lexicon = load_lexicon()
    docs, _, _ = load_all([corpus], AuditOptions())
    texts = {Path(d.path).name: [w for s in d.sentences for w in tokenize(s.text).words]
             for d in docs if Path(d.path).name in labels}
    indexes = {name: word_index(words) for name, words in texts.items()}

    single: dict[str, set[str]] = {name: set() for name in texts}
    for text, inflected in sorted(phrases_of(pack, args.terms_only).items()):
        words = phrase_words(text)
        if not words:
            continue
        variants = phrase_variants(words, lexicon) if inflected else [words]
        found = found_in(variants, texts, indexes)
        if len(found) == 1:
            single[found[0]].add(text)

    whole = CompiledPack.build(pack)
    full: list[Row] = []
    held: list[Row] = []
    for name in sorted(labels):
        one = {name: labels[name]}
        base = audit_corpus(corpus, whole, one, set())
        full += base
        gone = single.get(name, set())
        rows = audit_corpus(corpus, CompiledPack.build(without(pack, gone, args.terms_only)), one, set()) \
            if gone else base
        held += rows
        if args.quiet:
            continue
        changed = [(b, r) for b, r in zip(base, rows) if b.got != r.got]
        print(f"{name}: {len(gone)} phrases found only here" + (f": {', '.join(sorted(gone))}" if gone else ""))
        for b, r in changed:
            mark = "  (was right)" if b.got == b.expected else ("  (now right)" if r.got == r.expected else "")
            print(f"    {r.rule}: {b.got} -> {r.got}, label {r.expected}{mark}")
            print(f"      was: {_clip(b.auditor_evidence)}\n      now: {_clip(r.auditor_evidence)}")

    print(f"\ncorpus: {corpus} ({len(texts)} documents); phrases taken out: "
          f"{sum(len(s) for s in single.values())}" + (" (term sets and inline phrases only)" if args.terms_only
                                                        else " (term sets, inline phrases and cue lists)"))
    if not args.quiet:
        print("\nper requirement, each document's own phrases out")
        print_table(held)
        print()
    print(summary("whole pack", full))
    print(summary("each document's own phrases out", held))
    groups = corpus_groups(corpus)
    for group in ("first", "A", "B"):
        sub = [r for r in held if groups.get(r.doc) == group]
        if sub:
            print(summary(f"  of which {group}", sub))
    return 0


if __name__ == "__main__":
    sys.exit(main())
