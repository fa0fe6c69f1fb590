"""The pipeline in one place: discover -> load -> analyse -> evaluate -> report."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterator

from .documents.discover import discover
from .documents.load import DEFAULT_MAX_BYTES, load_document
from .documents.model import Document, LoadFailure
from .engine.analyze import Analysis, analyze
from .engine.compiled import CompiledPack
from .engine.evaluate import RuleOutcome, evaluate_scope
from .report.build import build_report
from .report.models import Report


@dataclass
class AuditOptions:
    """What to audit and how; filled from config and flags."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # path glob -> kind
    exclude: list[str] = field(default_factory=list)
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1  # worker processes that read documents (the slow part for PDF and DOCX)
    follow_links: bool = False  # read what symbolic links point to outside the given paths


@dataclass
class AuditRun:
    """A finished audit: the report plus the analyses (for --explain and the diff)."""

    report: Report
    analyses: list[Analysis]
    outcomes: list[RuleOutcome]


def selected(rule_id: str, area: str, select: list[str], ignore: list[str]) -> bool:
    """ruff-style selection: IDs, ID prefixes (`FND`) or area names (`fund`); ignore wins."""
    def hit(codes: list[str]) -> bool:
        return any(rule_id == c or area == c or rule_id.startswith(c.rstrip("-") + "-") or rule_id.startswith(c)
                   for c in codes if c)
    if ignore and hit(ignore):
        return False
    return not select or hit(select)


def load_all(paths: list[Path], options: AuditOptions,
             progress: Callable[[str], None] | None = None) -> tuple[list[Document], list[LoadFailure], list[str]]:
    """Discover and load every document; failures and skipped files are kept, never dropped."""
    found = discover(paths, options.exclude, follow_links=options.follow_links)
    docs: list[Document] = []
    failures = [LoadFailure(shown, "unknown", reason) for shown, reason in found.errors]
    for shown, loaded in _read(found.documents, options, progress):
        if isinstance(loaded, LoadFailure):
            failures.append(loaded)
            continue
        if not loaded.kind:
            for glob, kind in options.kinds.items():
                if fnmatch.fnmatch(shown, glob):
                    loaded.kind = kind
                    break
        docs.append(loaded)
    return docs, failures, found.skipped


def _read(documents: list[tuple[Path, str]], options: AuditOptions,
          progress: Callable[[str], None] | None) -> Iterator[tuple[str, Document | LoadFailure]]:
    """Load documents in order, in worker processes when `jobs` > 1 (loading is a pure function of
    the file, the map step of DESIGN.md); results come back in discovery order either way."""
    if options.jobs <= 1 or len(documents) < 2:
        for real, shown in documents:
            if progress:
                progress(shown)
            yield shown, load_document(real, shown, options.max_bytes)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(options.jobs, len(documents))) as pool:
        loaded = pool.map(load_document, [r for r, _ in documents], [s for _, s in documents],
                          [options.max_bytes] * len(documents), chunksize=4)
        for (_, shown), doc in zip(documents, loaded):
            if progress:
                progress(shown)
            yield shown, doc


def evaluate(docs: list[Document], pack: CompiledPack) -> tuple[list[Analysis], list[RuleOutcome]]:
    """Analyse each document, then evaluate folder rules over all and doc rules over each."""
    analyses = [analyze(d, pack, i) for i, d in enumerate(docs)]
    if not analyses:  # nothing was read: there is nothing to judge, and no finding to make up
        return analyses, []
    rules = pack.pack.rules
    order = pack.pack.order
    folder_rules = [r for r in rules if r.scope == "folder"]
    outcomes = evaluate_scope(folder_rules, order, analyses, "folder") if folder_rules else []
    doc_rules = [r for r in rules if r.scope == "doc"]
    if doc_rules:
        for a in analyses:
            outcomes.extend(evaluate_scope(doc_rules, order, [a], a.doc.path))
    return analyses, outcomes


def run_audit(paths: list[Path], packs: list[CompiledPack], options: AuditOptions, version: str,
              progress: Callable[[str], None] | None = None) -> AuditRun:
    """Audit `paths` with every pack; the report holds only the selected rules."""
    docs, failures, skipped = load_all(paths, options, progress)
    analyses: list[Analysis] = []
    outcomes: list[RuleOutcome] = []
    for pack in packs:
        analyses, pack_outcomes = evaluate(docs, pack)
        outcomes.extend(o for o in pack_outcomes
                        if selected(o.rule.id, o.rule.area, options.select, options.ignore))
    report = build_report(packs, analyses, outcomes, failures, skipped, options.severity, version,
                          rule_filter=lambda r: selected(r.id, r.area, options.select, options.ignore))
    return AuditRun(report, analyses, outcomes)
