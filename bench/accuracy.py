#!/usr/bin/env python3
"""Accuracy benchmark: the default rule pack against a labelled corpus of real district texts.

Run by hand (not a test):

    python bench/accuracy.py                       # ../shared/corpus/dev, relative to the repo root
    python bench/accuracy.py path/to/corpus --rules rules/ --only SEA-03

Each document of the corpus is audited alone (it is the whole folder), and every requirement's
state is compared with the label a careful reader gave (`labels.json`: document -> rule ID ->
{"state", "evidence"}). The script prints, per requirement and overall, the 3-state accuracy
(met / weak / missing, with not-applicable as its own label), Cohen's kappa and precision, recall
and F1 of `met`, side by side with a naive keyword baseline (a requirement is `met` when any of its
key words appears anywhere in the document). Then it lists every disagreement with the label's
deciding sentence and the auditor's evidence sentence.

Standard library and the policy_audit package only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from policy_audit.audit import AuditOptions, evaluate, load_all  # noqa: E402
from policy_audit.engine.compiled import CompiledPack  # noqa: E402
from policy_audit.language.errors import RuleError  # noqa: E402
from policy_audit.language.pack import load_pack  # noqa: E402

STATES = ("met", "weak", "missing", "not-applicable")

# The naive baseline: a requirement is `met` when any of these words or phrases occurs anywhere in
# the document (case-insensitive, whole words), else `missing`. Each list is the requirement's most
# obvious nouns, as someone searching the text by hand would try first.
BASELINE_KEYWORDS: dict[str, list[str]] = {
    "ALN-01": ["mission", "vision"],
    "ALN-02": ["equity policy", "racial equity", "educational equity"],
    "ALN-03": ["superintendent", "report"],
    "ALN-04": ["strategic plan", "equity plan"],
    "ALN-05": ["students of color", "english learners", "students with disabilities", "low-income", "underserved"],
    "ALN-06": ["equity officer", "director of equity", "chief equity"],
    "FND-01": ["budget", "funding"],
    "FND-02": ["staff", "positions"],
    "FND-03": ["professional development", "coaching", "mentor"],
    "FND-04": ["network", "partnership", "university"],
    "INT-01": ["all departments", "every department", "district-wide", "all staff"],
    "INT-02": ["human resources", "curriculum", "budget", "transportation", "discipline", "family engagement"],
    "INT-03": ["equity lens", "equity impact", "equity analysis", "equity tool"],
    "SEA-01": ["cabinet", "senior leadership", "executive team"],
    "SEA-02": ["reports to the superintendent", "reports directly"],
    "SEA-03": ["access to data", "advise", "authority"],
    "SEA-04": ["multi-year", "long-term", "annually", "review"],
    "COM-01": ["definition", "means", "defined"],
    "COM-02": ["data", "disparities", "gap"],
    "COM-03": ["goal", "timeline", "target", "action"],
    "COM-04": ["community", "families", "stakeholder"],
    "COM-05": ["communication", "public", "website"],
    "COM-06": ["all students", "every student", "each student"],
}


@dataclass
class Row:
    """One (document, rule) pair: the label, the auditor's state and the baseline's."""

    doc: str
    rule: str
    expected: str
    got: str
    baseline: str
    label_evidence: str
    auditor_evidence: str
    auditor_strength: str


# ------------------------------------------------------------------------------------------ metrics

def accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(1 for e, g in pairs if e == g) / len(pairs) if pairs else float("nan")


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa over the four labels; 1.0 when both sides agree on one constant label."""
    n = len(pairs)
    if not n:
        return float("nan")
    po = accuracy(pairs)
    ce = Counter(e for e, _ in pairs)
    cg = Counter(g for _, g in pairs)
    pe = sum(ce[s] * cg[s] for s in STATES) / (n * n)
    if pe >= 1.0:
        return 1.0 if po == 1.0 else 0.0
    return (po - pe) / (1 - pe)


def met_prf(pairs: list[tuple[str, str]]) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1 of `met` (None where the ratio has no denominator)."""
    tp = sum(1 for e, g in pairs if e == "met" and g == "met")
    fp = sum(1 for e, g in pairs if e != "met" and g == "met")
    fn = sum(1 for e, g in pairs if e == "met" and g != "met")
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    if p is None and r is None:
        return None, None, None
    f = 2 * p * r / (p + r) if p and r else 0.0
    return p, r, f


def fmt(x: float | None) -> str:
    return "   -" if x is None or x != x else f"{x:4.2f}"


# ------------------------------------------------------------------------------------------ running

def baseline_state(rule_id: str, text: str) -> str:
    words = BASELINE_KEYWORDS.get(rule_id, [])
    low = text.lower()
    for w in words:
        if re.search(r"(?<![A-Za-z0-9])" + re.escape(w.lower()) + r"(?![A-Za-z0-9])", low):
            return "met"
    return "missing"


def audit_corpus(corpus: Path, pack: CompiledPack, labels: dict[str, dict[str, dict[str, str]]],
                 only: set[str]) -> list[Row]:
    rows: list[Row] = []
    for name in sorted(labels):
        path = corpus / name
        docs, failures, _ = load_all([path], AuditOptions())
        if failures or not docs:
            reason = failures[0].reason if failures else "not found"
            print(f"warning: cannot audit {name}: {reason}", file=sys.stderr)
            continue
        _, outcomes = evaluate(docs, pack)
        by_rule = {o.rule.id: o for o in outcomes}
        doc = docs[0]
        for rule_id, label in sorted(labels[name].items()):
            if only and rule_id not in only:
                continue
            o = by_rule.get(rule_id)
            got = o.state if o else "?"
            ev, strength = "", ""
            if o and o.evidence:
                m = o.evidence[0]
                ev = doc.sentences[m.sentence].text
                strength = f"{m.verdict.strength}: {m.verdict.reason}"
            elif o:
                ev = o.note
            rows.append(Row(name, rule_id, label["state"], got, baseline_state(rule_id, doc.text),
                            label.get("evidence", ""), ev, strength))
    return rows


def print_table(rows: list[Row]) -> None:
    rule_ids = sorted({r.rule for r in rows})
    head = (f"{'rule':<8} {'n':>3} | {'acc':>4} {'kappa':>5} {'P':>4} {'R':>4} {'F1':>4} "
            f"| {'acc':>4} {'kappa':>5} {'P':>4} {'R':>4} {'F1':>4}")
    print(f"{'':<12} | {'auditor':^28} | {'keyword baseline':^28}")
    print(head)
    print("-" * len(head))

    def line(label: str, sub: list[Row]) -> None:
        a = [(r.expected, r.got) for r in sub]
        b = [(r.expected, r.baseline) for r in sub]
        pa, ra, fa = met_prf(a)
        pb, rb, fb = met_prf(b)
        print(f"{label:<8} {len(sub):>3} | {fmt(accuracy(a))} {fmt(kappa(a)):>5} {fmt(pa)} {fmt(ra)} {fmt(fa)} "
              f"| {fmt(accuracy(b))} {fmt(kappa(b)):>5} {fmt(pb)} {fmt(rb)} {fmt(fb)}")

    for rid in rule_ids:
        line(rid, [r for r in rows if r.rule == rid])
    print("-" * len(head))
    line("overall", rows)


def corpus_groups(corpus: Path) -> dict[str, str]:
    """Each document's group, from the corpus's SOURCES.md: `first` (the collection the pack was
    first tuned on), or a half of the later collection split by district: `A` (tuned on) and `B`
    (held out: measured before anyone looks at it). A district is the publisher before its first
    comma; its half is decided by a hash of its name, so no one picks which documents are held out,
    and a district never sits in both halves. Districts already in the first collection go to A."""
    sources = corpus / "SOURCES.md"
    if not sources.is_file():
        return {}
    groups: dict[str, str] = {}
    first_districts: set[str] = set()
    second = False
    for line in sources.read_text(encoding="utf-8").splitlines():
        if line.startswith("## ") and "second" in line.lower():
            second = True
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].endswith(".md"):
            continue
        district = cells[1].split(",")[0].strip().lower()
        if not second:
            first_districts.add(district)
            groups[cells[0]] = "first"
        elif district in first_districts:
            groups[cells[0]] = "A"
        else:
            groups[cells[0]] = "AB"[hashlib.sha256(district.encode()).digest()[0] % 2]
    return groups


def print_groups(rows: list[Row], groups: dict[str, str]) -> None:
    """Overall figures per group of documents (see `corpus_groups`)."""
    if not groups:
        return
    print("\nby group (first: the first collection; A: later documents tuned on; B: later documents held out)")
    for name, keep in (("first", {"first"}), ("later (A+B)", {"A", "B"}), ("A", {"A"}), ("B", {"B"})):
        sub = [r for r in rows if groups.get(r.doc) in keep]
        if not sub:
            continue
        a = [(r.expected, r.got) for r in sub]
        b = [(r.expected, r.baseline) for r in sub]
        docs = len({r.doc for r in sub})
        _, _, fa = met_prf(a)
        _, _, fb = met_prf(b)
        print(f"  {name:<12} {docs:>3} docs {len(sub):>4} pairs | acc {fmt(accuracy(a))} kappa {fmt(kappa(a))} "
              f"F1(met) {fmt(fa)} | baseline acc {fmt(accuracy(b))} kappa {fmt(kappa(b))} F1(met) {fmt(fb)}")


def print_confusion(rows: list[Row]) -> None:
    print("\nconfusion (rows: label, columns: auditor)")
    print(f"{'':<15}" + "".join(f"{s:>16}" for s in STATES))
    for e in STATES:
        print(f"{e:<15}" + "".join(f"{sum(1 for r in rows if r.expected == e and r.got == g):>16}" for g in STATES))


def print_disagreements(rows: list[Row]) -> None:
    bad = [r for r in rows if r.expected != r.got]
    print(f"\n{len(bad)} disagreements")
    for r in bad:
        print(f"\n{r.doc}  {r.rule}: expected {r.expected}, got {r.got}")
        print(f"  label:   {_clip(r.label_evidence) or '(no sentence)'}")
        print(f"  auditor: {_clip(r.auditor_evidence) or '(no sentence)'}")
        if r.auditor_strength:
            print(f"           [{r.auditor_strength}]")


def _clip(text: str, width: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus" / "dev"),
                    help="folder with the documents and labels.json (default: ../shared/corpus/dev)")
    ap.add_argument("--rules", default=str(REPO / "rules"), help="rule pack folder (default: the repo's rules/)")
    ap.add_argument("--only", action="append", default=[], metavar="RULE-ID", help="only these rules (repeatable)")
    ap.add_argument("--no-disagreements", action="store_true", help="print the tables only")
    ap.add_argument("--group", choices=["first", "A", "B"], action="append", default=[],
                    help="list disagreements of this group only (repeatable; see 'by group')")
    args = ap.parse_args(argv)

    corpus = Path(args.corpus)
    labels_path = corpus / "labels.json"
    if not labels_path.is_file():
        print(f"error: no labels.json in {corpus}", file=sys.stderr)
        return 2
    try:
        pack = CompiledPack.build(load_pack([Path(args.rules)]))
    except RuleError as err:
        print(err, file=sys.stderr)
        return 2
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    rows = audit_corpus(corpus, pack, labels, {o.upper() for o in args.only})
    if not rows:
        print("error: nothing to compare", file=sys.stderr)
        return 2
    print(f"corpus: {corpus} ({len(labels)} documents, {len(rows)} labelled states)\n")
    print_table(rows)
    groups = corpus_groups(corpus)
    print_groups(rows, groups)
    print_confusion(rows)
    if not args.no_disagreements:
        shown = [r for r in rows if not args.group or groups.get(r.doc) in args.group]
        print_disagreements(shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
