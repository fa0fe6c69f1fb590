#!/usr/bin/env python3
"""Matcher benchmark: CPU time of each per-document step (tokenise, scan, analyse, summarise) on a folder.

Run by hand (not a test):  python bench/matchbench.py FOLDER [--repeat N] [--save F | --compare F]

Documents are loaded once, outside the timings. `--save` writes every sentence's hits and every
document's judgement matches to a file; `--compare` checks a later run gives exactly the same (same
names, spans, order and verdicts), so a faster matcher can be shown to change nothing.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policy_audit.documents.load import load_document
from policy_audit.documents.loaders import format_of
from policy_audit.documents.model import Document
from policy_audit.engine.analyze import analyze
from policy_audit.engine.compiled import CompiledPack
from policy_audit.engine.matcher import tokenize
from policy_audit.engine.summary import summarize_packs
from policy_audit.language.pack import default_rules_path, load_pack


def load_folder(folder: Path) -> list[Document]:
    """Every document of a supported format under `folder` (PDF and DOCX too), in path order."""
    docs = []
    for p in sorted(folder.rglob("*")):
        if format_of(p.name) and p.is_file() and p.name != "SOURCES.md":
            d = load_document(p, str(p.relative_to(folder)))
            if isinstance(d, Document):
                docs.append(d)
    return docs


def timed(label: str, repeat: int, fn: Callable[[], object]) -> object:
    """Run `fn` `repeat` times and print the CPU seconds of the fastest run."""
    best = float("inf")
    out: object = None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t)
    print(f"{label:<22} {best:7.3f} s cpu")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--save", type=Path)
    ap.add_argument("--compare", type=Path)
    args = ap.parse_args()
    pack = CompiledPack.build(load_pack([default_rules_path()]))
    docs = load_folder(args.folder)
    n = sum(len(d.sentences) for d in docs)
    print(f"{len(docs)} documents, {n} sentences, {sum(len(d.text) for d in docs) / 1e6:.1f} M characters")
    texts = [s.text for d in docs for s in d.sentences]
    timed("tokenize", args.repeat, lambda: [tokenize(t) for t in texts])
    words = [tokenize(t).words for t in texts]
    scan = pack.matcher.scan
    hits = timed("tokenize+scan", args.repeat, lambda: [scan(tokenize(t).words) for t in texts])
    timed("scan", args.repeat, lambda: [scan(w) for w in words])
    timed("analyze", args.repeat, lambda: [analyze(d, pack) for d in docs])
    sums = timed("summarize", args.repeat, lambda: [summarize_packs(d, [pack]) for d in docs])
    record: dict[str, list[Any]] = {
        "hits": [[(k, list(v)) for k, v in h.items()] for h in hits],  # type: ignore[attr-defined]
        "found": [(s.kind, s.plain_binds, [(k, list(v)) for k, v in s.found.items()], s.verdicts,
                   [(k, list(v)) for k, v in s.index.items()], s.kind_choice)
                  for ss in sums for s in ss],  # type: ignore[attr-defined]
    }
    if args.save:
        args.save.write_bytes(pickle.dumps(record))
    if args.compare:
        ref = pickle.loads(args.compare.read_bytes())
        for key in ("hits", "found"):
            same = ref[key] == record[key]
            bad = next((i for i, (a, b) in enumerate(zip(ref[key], record[key])) if a != b), None)
            print(f"{key}: {'identical' if same else f'DIFFERENT (first at {bad})'}")
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
