"""Speed benchmark: the full audit against `grep` over the same text, plus start-up time.

Run by hand:  python bench/speed.py [--docs 400]
It copies the sample policies into a temporary folder until it holds --docs documents, then times
(1) `grep -r -i -c -F -f PHRASES` with every phrase of the default pack (grep only finds words; it
judges nothing), (2) the whole audit in-process (load, segment, match, judge, evaluate, report),
(3) the `policy-audit check` command end to end, and (4) `policy-audit --version`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def build_corpus(target: Path, docs: int) -> tuple[int, int]:
    """Copy sample documents (Markdown) into `target` until it holds `docs` files; return (files, bytes)."""
    sources = sorted(p for p in (REPO / "sample_policies").rglob("*.md"))
    n = size = 0
    while n < docs:
        for src in sources:
            if n >= docs:
                break
            dst = target / f"district-{n // len(sources):03d}" / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            size += dst.stat().st_size
            n += 1
    return n, size


def phrases_file(target: Path) -> Path:
    """Every literal phrase of the default pack (wildcards cut to their prefix), one per line."""
    from policy_audit.engine.matcher import flatten_terms
    from policy_audit.language.pack import default_rules_path, load_pack

    pack = load_pack([default_rules_path()])
    words = {p.replace("*", "") for phrases in flatten_terms(pack).values() for p in phrases}
    words |= {p.text.replace("*", "") for m in pack.modalities.values() for p in m.phrases}
    out = target / "phrases.txt"
    out.write_text("\n".join(sorted(w for w in words if w.strip())) + "\n", encoding="utf-8")
    return out


def best_of(fn, runs: int = 5) -> float:  # noqa: ANN001
    """Median wall-clock seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from policy_audit import __version__
    from policy_audit.audit import AuditOptions, run_audit
    from policy_audit.cli.common import load_packs

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        files, size = build_corpus(corpus, args.docs)
        phrases = phrases_file(root)
        grep = shutil.which("grep")
        t_grep = best_of(lambda: subprocess.run([grep, "-r", "-i", "-c", "-F", "-f", str(phrases), str(corpus)],
                                                capture_output=True), args.runs) if grep else float("nan")
        packs = load_packs([])
        run = run_audit([corpus], packs, AuditOptions(), __version__)
        sentences = sum(d.sentences for d in run.report.documents)
        t_audit = best_of(lambda: run_audit([corpus], packs, AuditOptions(), __version__), args.runs)
        exe = [sys.executable, "-m", "policy_audit"]
        t_cli = best_of(lambda: subprocess.run(exe + ["check", str(corpus), "-f", "json", "-o", str(root / "r.json")],
                                               capture_output=True), args.runs)
        one = next(corpus.rglob("*.md"))
        t_one = best_of(lambda: subprocess.run(exe + ["check", str(one)], capture_output=True), args.runs)
        t_ver = best_of(lambda: subprocess.run(exe + ["--version"], capture_output=True), args.runs)

    mb = size / 1e6
    print(f"corpus: {files} documents, {sentences:,} sentences, {mb:.2f} MB (sample policies repeated)")
    print(f"{'what':<44}{'seconds':>9}{'docs/s':>10}{'MB/s':>8}{'x grep':>9}")
    rows = [("grep -r -i -F (every pack phrase; no judging)", t_grep),
            ("audit in-process (load..report)", t_audit),
            ("policy-audit check DIR -f json (end to end)", t_cli)]
    for label, t in rows:
        print(f"{label:<44}{t:>9.3f}{files / t:>10.0f}{mb / t:>8.2f}{t / t_grep:>9.1f}")
    print(f"{'policy-audit check ONE.md (start-up + 1 doc)':<44}{t_one:>9.3f}")
    print(f"{'policy-audit --version (start-up)':<44}{t_ver:>9.3f}")
    print(f"sentences/s in-process: {sentences / t_audit:,.0f}")


if __name__ == "__main__":
    main()
