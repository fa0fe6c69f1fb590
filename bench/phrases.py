#!/usr/bin/env python3
"""Which of a pack's phrases the labelled corpus actually uses, and which are redundant.

Run by hand (not a test):

    python bench/phrases.py                     # the repo's rules/ against ../shared/corpus/dev
    python bench/phrases.py --only-single       # phrases found in exactly one document

For every phrase of every term set and cue list it prints the number of corpus documents in which
it occurs (in any inflection, as the matcher reads it). A phrase that occurs in a single document is
what tuning to one text looks like: keep it only when the catalogue names that phrasing, and say so
in a comment. It also lists phrases that another phrase of the same list already covers through its
inflections ("budgets" beside "budget"), which can go.

Standard library and the policy_audit package only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from policy_audit.audit import AuditOptions, load_all  # noqa: E402
from policy_audit.engine.lexicon import load_lexicon  # noqa: E402
from policy_audit.engine.matcher import INFLECTED_MODALITIES, phrase_variants, phrase_words, tokenize  # noqa: E402
from policy_audit.language import ast  # noqa: E402
from policy_audit.language.pack import load_pack  # noqa: E402


def occurs(words: tuple[str, ...], doc: list[str], index: dict[str, list[int]]) -> bool:
    """Does the word sequence (a trailing `*` is a prefix wildcard) occur in the document's words?
    `index` maps each word of the document to its positions, so only real starts are tried."""
    n = len(words)

    def same(w: str, p: str) -> bool:
        return w.startswith(p[:-1]) if p.endswith("*") else w == p

    first = words[0]
    if first.endswith("*"):
        starts = [i for w, pos in index.items() if w.startswith(first[:-1]) for i in pos]
    else:
        starts = index.get(first, [])
    return any(i + n <= len(doc) and all(same(doc[i + k], words[k]) for k in range(1, n)) for i in starts)


def word_index(words: list[str]) -> dict[str, list[int]]:
    """Each word of a document and the positions it stands at (what `occurs` starts from)."""
    index: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        index.setdefault(w, []).append(i)
    return index


def found_in(variants: list[tuple[str, ...]], texts: dict[str, list[str]],
             indexes: dict[str, dict[str, list[int]]]) -> list[str]:
    """The documents, in `texts` order, in which any of a phrase's word sequences occurs."""
    return [name for name, words in texts.items() if any(occurs(v, words, indexes[name]) for v in variants)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--rules", default=str(REPO / "rules"))
    ap.add_argument("--only-single", action="store_true", help="only phrases found in exactly one document")
    args = ap.parse_args(argv)

    pack = load_pack([Path(args.rules)])
    lexicon = load_lexicon()
    labelled = Path(args.corpus) / "labels.json"
    names = set(json.loads(labelled.read_text(encoding="utf-8"))) if labelled.is_file() else None
    docs, _, _ = load_all([Path(args.corpus)], AuditOptions())
    docs = [d for d in docs if names is None or Path(d.path).name in names]
    texts = {d.path: [w for s in d.sentences for w in tokenize(s.text).words] for d in docs}
    indexes = {path: word_index(doc) for path, doc in texts.items()}

    lists: list[tuple[str, list[str], bool]] = []
    for name, decl in pack.terms.items():
        own = [item.text for item in decl.items if isinstance(item, ast.Phrase)]
        lists.append((f"terms {name}", own, True))
    for name, mod in pack.modalities.items():
        lists.append((f"modality {name}", [p.text for p in mod.phrases], name in INFLECTED_MODALITIES))

    single = redundant = 0
    for title, phrases, inflected in lists:
        rows = []
        words_of = {p: phrase_words(p) for p in phrases}
        variants = {p: (phrase_variants(w, lexicon) if inflected else [w]) for p, w in words_of.items()}
        for p in phrases:
            found = sorted(found_in(variants[p], texts, indexes))
            covered_by = [q for q in phrases if q != p and words_of[p] in variants[q]]
            if len(found) == 1:
                single += 1
            if covered_by:
                redundant += 1
            if args.only_single and len(found) != 1:
                continue
            note = f"  (covered by {covered_by[0]!r})" if covered_by else ""
            where = f"  [{Path(found[0]).name}]" if len(found) == 1 else ""
            rows.append(f"  {len(found):>3}  {p}{note}{where}")
        if rows:
            print(title)
            print("\n".join(rows))
    print(f"\n{len(texts)} documents; {single} phrases occur in exactly one; {redundant} are covered by another "
          "phrase's inflections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
