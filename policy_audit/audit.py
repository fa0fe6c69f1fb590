"""The pipeline in one place: discover -> load -> analyse -> evaluate -> report."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .documents.discover import discover
from .documents.load import DEFAULT_MAX_BYTES, load_document
from .documents.model import Document, LoadFailure
from .engine.analyze import Analysis, analyze
from .engine.compiled import CompiledPack
from .engine.evaluate import RuleOutcome, evaluate_pack
from .engine.summary import DocSummary
from .language import ast
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
    jobs: int = 1  # worker processes that read and analyse documents (the map step)
    base: Path | None = None  # the folder shown paths are relative to (default: the working folder)
    extra: list[tuple[Path, str]] = field(default_factory=list)  # (real, shown) read as given, e.g. stdin
    follow_links: bool = False  # read what symbolic links point to outside the given paths
    cache_dir: Path | None = None  # where summaries are cached by content hash; None: no cache


@dataclass
class AuditRun:
    """A finished audit: the report plus every pack's document summaries (for --explain and the diff)."""

    report: Report
    analyses: list[DocSummary]  # the first pack's: documents, kinds and anchors of the report
    outcomes: list[RuleOutcome]
    packs: list[CompiledPack] = field(default_factory=list)
    pack_analyses: list[list[DocSummary]] = field(default_factory=list)  # per pack, in `packs` order
    kind_globs: dict[str, str] = field(default_factory=dict)  # shown path -> config glob that set its kind

    def analyses_for(self, rule: ast.Rule) -> list[DocSummary]:
        """The analyses made with the pack that declares `rule` (each pack reads documents its own way)."""
        for pack, analyses in zip(self.packs, self.pack_analyses):
            if any(r is rule for r in pack.pack.rules):
                return analyses
        return self.analyses


def selected(rule_id: str, area: str, select: list[str], ignore: list[str]) -> bool:
    """ruff-style selection: IDs, ID prefixes (`FND`) or area names (`fund`); ignore wins."""
    def hit(codes: list[str]) -> bool:
        return any(rule_id == c or area == c or rule_id.startswith((c.rstrip("-") + "-", c))
                   for c in codes if c)
    if ignore and hit(ignore):
        return False
    return not select or hit(select)


def load_all(paths: list[Path], options: AuditOptions, progress: Callable[[str], None] | None = None,
             kind_globs: dict[str, str] | None = None) -> tuple[list[Document], list[LoadFailure], list[str]]:
    """Discover and load every document; failures and skipped files are kept, never dropped.

    A kind set by a config glob is recorded in `kind_globs` (shown path -> glob) for --explain."""
    found = discover(paths, options.exclude, options.base, follow_links=options.follow_links)
    documents = sorted(found.documents + options.extra, key=lambda t: t[1])
    docs: list[Document] = []
    failures = [LoadFailure(shown, "unknown", reason) for shown, reason in found.errors]
    for shown, loaded in _read(documents, options, progress):
        if isinstance(loaded, LoadFailure):
            failures.append(loaded)
            continue
        if not loaded.kind:
            for glob, kind in options.kinds.items():
                if fnmatch.fnmatch(shown, glob):
                    loaded.kind = kind
                    if kind_globs is not None:
                        kind_globs[shown] = glob
                    break
        docs.append(loaded)
    return docs, failures, found.skipped


def _read(documents: list[tuple[Path, str]], options: AuditOptions,
          progress: Callable[[str], None] | None) -> Iterator[tuple[str, Document | LoadFailure]]:
    """Load documents in order (for `rules test`, which reads whole documents)."""
    for real, shown in documents:
        if progress:
            progress(shown)
        yield shown, load_document(real, shown, options.max_bytes)


def evaluate(docs: list[Document], pack: CompiledPack) -> tuple[list[Analysis], list[RuleOutcome]]:
    """Analyse each document, then evaluate folder rules over all and doc rules over each."""
    analyses = [analyze(d, pack, i) for i, d in enumerate(docs)]
    return analyses, evaluate_pack(pack, analyses)


def summarize_all(paths: list[Path], packs: list[CompiledPack], options: AuditOptions,
                  progress: Callable[[str], None] | None = None
                  ) -> tuple[list[list[DocSummary]], list[LoadFailure], list[str]]:
    """The map step over every document (in workers when `jobs` > 1): per pack, the summaries in
    discovery order; failures and skipped files are kept, never dropped."""
    from .cache import Cache
    from .engine.workers import map_documents

    found = discover(paths, options.exclude, options.base, follow_links=options.follow_links)
    documents = sorted(found.documents + options.extra, key=lambda t: t[1])
    failures = [LoadFailure(shown, "unknown", reason) for shown, reason in found.errors]
    per_pack: list[list[DocSummary]] = [[] for _ in packs]
    cache = Cache(options.cache_dir) if options.cache_dir is not None else None
    for shown, got in map_documents(documents, packs, options.max_bytes, options.kinds, cache, options.jobs):
        if progress:
            progress(shown)
        if isinstance(got, LoadFailure):
            failures.append(got)
            continue
        for pack, summaries, s in zip(packs, per_pack, got):
            summaries.append(s.bind(pack, len(summaries)))
    return per_pack, failures, found.skipped


def run_audit(paths: list[Path], packs: list[CompiledPack], options: AuditOptions, version: str,
              progress: Callable[[str], None] | None = None) -> AuditRun:
    """Audit `paths` with every pack; the report holds only the selected rules."""
    per_pack, failures, skipped = summarize_all(paths, packs, options, progress)
    outcomes: list[RuleOutcome] = []
    for pack, summaries in zip(packs, per_pack):
        outcomes.extend(o for o in evaluate_pack(pack, summaries)
                        if selected(o.rule.id, o.rule.area, options.select, options.ignore))
    first = per_pack[0] if per_pack else []
    kind_globs = {s.doc.path: s.kind_glob for s in first if s.kind_glob is not None}
    # a summary has what build_report reads of an analysis (doc, kind, index)
    report = build_report(packs, first, outcomes, failures, skipped, options.severity, version,  # type: ignore[arg-type]
                          rule_filter=lambda r: selected(r.id, r.area, options.select, options.ignore))
    return AuditRun(report, first, outcomes, list(packs), per_pack, kind_globs)
