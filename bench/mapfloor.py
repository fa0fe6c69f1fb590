#!/usr/bin/env python3
"""The floor of the map step: what reading a folder and finding the pack's phrases cost, judging nothing.

Run by bench/speed.py with the tree measured on PYTHONPATH (or by hand: python bench/mapfloor.py FOLDER).
It prints, as JSON, the CPU seconds of loading every file (reading, decoding, segmenting into sentences)
and of tokenising and matching every sentence against the compiled pack: the work no judgement can skip,
so a check can be no faster than these two together.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    from policy_audit.documents.load import load_document
    from policy_audit.documents.model import LoadFailure
    from policy_audit.engine.compiled import CompiledPack
    from policy_audit.engine.matcher import tokenize
    from policy_audit.language.pack import default_rules_path, load_pack

    folder = Path(sys.argv[1])
    pack = CompiledPack.build(load_pack([default_rules_path()]))
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    started = time.process_time()
    docs = [d for d in (load_document(p, p.name, 10**9) for p in files) if not isinstance(d, LoadFailure)]
    loaded = time.process_time()
    scan, sentences = pack.matcher.scan, 0
    for doc in docs:
        for s in doc.sentences:
            scan(tokenize(s.text).words)
            sentences += 1
    matched = time.process_time()
    print(json.dumps({"bytes": sum(p.stat().st_size for p in files), "sentences": sentences,
                      "load_cpu": loaded - started, "match_cpu": matched - loaded}))


if __name__ == "__main__":
    main()
