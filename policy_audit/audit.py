"""The pipeline in one place: discover -> load -> analyse -> evaluate -> report."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .documents.discover import discover
from .documents.load import DEFAULT_MAX_BYTES, load_document
from .documents.model import Document, LoadFailure

if TYPE_CHECKING:  # the engine and the report builder load on first use: a report from the cache needs neither
    from .engine.analyze import Analysis
    from .engine.compiled import CompiledPack
    from .engine.evaluate import RuleOutcome
    from .engine.modality import Verdict
    from .engine.summary import DocSummary
    from .folderindex import FolderIndex
    from .language import ast
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
    from .engine.analyze import analyze
    from .engine.evaluate import evaluate_pack

    analyses = [analyze(d, pack, i) for i, d in enumerate(docs)]
    return analyses, evaluate_pack(pack, analyses)


@dataclass
class Mapped:
    """The map step's output: per pack, the summaries in discovery order, and every file not audited."""

    per_pack: list[list[DocSummary]]
    failures: list[LoadFailure]
    skipped: list[str]
    keys: list[tuple[str, tuple[str, ...]]] | None  # (shown, summary keys) per document; None: not all cached


@dataclass
class ReportRun:
    """A finished audit as `check` needs it: the report, and the documents that carry inline suppressions."""

    report: Report
    directive_docs: list[Document]


@dataclass
class StoredReport:
    """A `ReportRun` as the cache keeps it: the report as plain data (see `report.plain`), read back
    without importing pydantic."""

    data: dict[str, object]
    directive_docs: list[Document]


def _discovered(paths: list[Path], options: AuditOptions) -> tuple[list[tuple[Path, str]], list[LoadFailure], list[str]]:
    found = discover(paths, options.exclude, options.base, follow_links=options.follow_links)
    documents = sorted(found.documents + options.extra, key=lambda t: t[1])
    return documents, [LoadFailure(shown, "unknown", reason) for shown, reason in found.errors], found.skipped


def _map(documents: list[tuple[Path, str]], failures: list[LoadFailure], skipped: list[str],
         packs: list[CompiledPack], options: AuditOptions, index: FolderIndex | None,
         known: list[tuple[str, ...] | None], progress: Callable[[str], None] | None) -> Mapped:
    from .engine.workers import map_documents

    failures = list(failures)
    per_pack: list[list[DocSummary]] = [[] for _ in packs]
    keys: list[tuple[str, tuple[str, ...]]] | None = []
    cache = index.cache if index is not None else None
    shared: dict[Verdict | str, Verdict | str] = {}  # one object per distinct verdict and index name
    got = map_documents(documents, packs, options.max_bytes, options.kinds, cache, options.jobs, known)
    for (real, _), (shown, done) in zip(documents, got):
        if progress:
            progress(shown)
        if index is not None:
            index.record(real, shown, done)
        if keys is not None and done.keys:
            keys.append((shown, done.keys))
        else:
            keys = None
        if isinstance(done.result, LoadFailure):
            failures.append(done.result)
            continue
        for pack, summaries, s in zip(packs, per_pack, done.result):
            summaries.append(s.bind(pack, len(summaries), shared))
    if index is not None:
        index.save({shown for _, shown in documents})
    return Mapped(per_pack, failures, skipped, keys)


def _index(paths: list[Path], pack_keys: list[str], options: AuditOptions) -> FolderIndex | None:
    if options.cache_dir is None:
        return None
    from .cache import Cache
    from .folderindex import FolderIndex

    return FolderIndex(Cache(options.cache_dir), paths, pack_keys, options.kinds, options.max_bytes)


def summarize_all(paths: list[Path], packs: list[CompiledPack], options: AuditOptions,
                  progress: Callable[[str], None] | None = None
                  ) -> tuple[list[list[DocSummary]], list[LoadFailure], list[str]]:
    """The map step over every document (in workers when `jobs` > 1): per pack, the summaries in
    discovery order; failures and skipped files are kept, never dropped."""
    m = _summaries(paths, packs, options, progress)
    return m.per_pack, m.failures, m.skipped


def _summaries(paths: list[Path], packs: list[CompiledPack], options: AuditOptions,
               progress: Callable[[str], None] | None) -> Mapped:
    documents, failures, skipped = _discovered(paths, options)
    index = _index(paths, [p.digest for p in packs], options)
    known = [index.known(real, shown) for real, shown in documents] if index is not None else []
    return _map(documents, failures, skipped, packs, options, index, known, progress)


def _reduce(packs: list[CompiledPack], m: Mapped, options: AuditOptions, version: str,
            keep_matches: bool = True) -> AuditRun:
    """Evaluate every pack over its summaries and build the report; without `keep_matches` the
    summaries' match lists are let go once evaluated (the report reads documents and indexes only)
    and the outcomes' once reported: the run then holds the report, documents and indexes only."""
    from .engine.evaluate import evaluate_pack
    from .report.build import build_report

    outcomes: list[RuleOutcome] = []
    for pack, summaries in zip(packs, m.per_pack):
        outcomes.extend(o for o in evaluate_pack(pack, summaries)
                        if selected(o.rule.id, o.rule.area, options.select, options.ignore))
        if not keep_matches:
            for s in summaries:
                s.forget_matches()
    first = m.per_pack[0] if m.per_pack else []
    kind_globs = {s.doc.path: s.kind_glob for s in first if s.kind_glob is not None}
    # a summary has what build_report reads of an analysis (doc, kind, index)
    report = build_report(packs, first, outcomes, m.failures, m.skipped, options.severity, version,  # type: ignore[arg-type]
                          rule_filter=lambda r: selected(r.id, r.area, options.select, options.ignore),
                          release_evidence=not keep_matches)
    return AuditRun(report, first, outcomes, list(packs), m.per_pack, kind_globs)


def run_audit(paths: list[Path], packs: list[CompiledPack], options: AuditOptions, version: str,
              progress: Callable[[str], None] | None = None) -> AuditRun:
    """Audit `paths` with every pack; the report holds only the selected rules."""
    return _reduce(packs, _summaries(paths, packs, options, progress), options, version)


def _report_key(pack_keys: list[str], options: AuditOptions, version: str, failures: list[LoadFailure],
                skipped: list[str], keys: list[tuple[str, tuple[str, ...]]]) -> str:
    """What decides a report: the tool, the packs, the settings the reduce reads, and every input's key."""
    from .cache import code_fingerprint, digest

    def text(*values: str) -> bytes:
        return "\x1f".join(values).encode("utf-8", "surrogatepass")

    settings = [text(version), text(*options.select), text(*options.ignore),
                text(*(f"{k}={v}" for k, v in sorted(options.severity.items())))]
    files = [text(shown, *k) for shown, k in keys] + [b"failed"] + [text(f.path, f.format, f.reason) for f in failures]
    return "r" + digest(code_fingerprint().encode(), *(k.encode() for k in pack_keys), *settings, *files,
                        b"skipped", *(text(s) for s in skipped))


def audit_report(paths: list[Path], packs: Callable[[], list[CompiledPack]], keys: list[str] | None,
                 options: AuditOptions, version: str, progress: Callable[[str], None] | None = None) -> ReportRun:
    """The report of `run_audit` and the documents with inline suppressions. `keys` are the packs' cache
    keys (None: not cached); when every file is unchanged since a run with the same packs and settings,
    that run's report is returned without reading a file or compiling a pack (as a view of its
    stored data: `report.plain`)."""
    documents, failures, skipped = _discovered(paths, options)
    index = _index(paths, keys, options) if keys is not None else None
    known = [index.known(real, shown) for real, shown in documents] if index is not None else []
    if index is not None and keys is not None and all(known):
        key = _report_key(keys, options, version, failures, skipped,
                          [(shown, k) for (_, shown), k in zip(documents, known) if k])
        hit = index.cache.get(key)
        if isinstance(hit, StoredReport) and isinstance(hit.data, dict):
            from .report.plain import view

            if progress is not None:  # the progress bar still counts every file
                for _, shown in documents:
                    progress(shown)
            return ReportRun(view(hit.data), hit.directive_docs)
    compiled = packs()
    if index is not None and keys != [p.digest for p in compiled]:  # a rule file changed since it was keyed
        index, known = None, []
    m = _map(documents, failures, skipped, compiled, options, index, known, progress)
    run = _reduce(compiled, m, options, version, keep_matches=False)
    out = ReportRun(run.report, [s.doc for s in run.analyses if s.doc.directives])
    if index is not None and keys is not None and m.keys is not None:
        from .report.plain import dump

        index.cache.put(_report_key(keys, options, version, failures, skipped, m.keys),
                        StoredReport(dump(out.report), out.directive_docs))
    return out
