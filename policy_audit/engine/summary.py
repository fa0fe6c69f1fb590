"""The map step of DESIGN.md: one document in, a compact picklable summary out.

`summarize` analyses a document with a pack, computes every judgement's matches and verdicts up
front, and keeps only what the reduce and the reports read: the kind, the matches keyed by each
judgement's stable key, the headings and the sentences that can be cited, and what locates an offset.
The full text is dropped, so a worker sends back kilobytes, not the document, and a summary can be
cached by content hash. Folder rules reduce over summaries through `matches(j)`, as over analyses.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..documents.load import load_document
from ..documents.model import Document, LoadFailure, Sentence
from ..language import ast
from .analyze import Match, analyze
from .compiled import CompiledPack

if TYPE_CHECKING:
    from ..cache import Cache

# What stands in for a sentence that no judgement matched: it is never cited, only counted.
OMITTED = Sentence(text="", start=0, end=0, section=(), index=-1)


@dataclass
class DocSummary:
    """What the reduce, the report, suppressions, `--explain` and the diff need from one document."""

    doc: Document  # text dropped; headings and matched sentences kept, the others are OMITTED
    number: int
    kind: str | None
    plain_binds: bool
    index: dict[str, list[int]]  # hit name -> sentence indices (anchors a finding with no evidence)
    found: dict[int, list[Match]]  # stable judgement key -> matches (judgements that matched only)
    _pack: CompiledPack | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_pack"] = None  # bound to a pack object of one process; rebound where it is read
        return state

    def bind(self, pack: CompiledPack, number: int) -> DocSummary:
        """This summary as document `number` of a run with `pack` (the pack it was computed with)."""
        found = {k: [dataclasses.replace(m, doc=number) for m in ms] for k, ms in self.found.items()}
        return dataclasses.replace(self, number=number, found=found, _pack=pack)

    def matches(self, j: ast.Judgement) -> list[Match]:
        """Sentences matching `j` with their verdicts, as `Analysis.matches` gives them.

        A judgement restricted to another kind matches nothing here: every caller skips those."""
        if self._pack is None:
            raise RuntimeError("summary not bound to its pack (call bind)")
        return self.found.get(self._pack.key_of(j), [])


def summarize(doc: Document, pack: CompiledPack) -> DocSummary:
    """Analyse `doc`, compute every judgement's matches, and keep only what can be cited."""
    a = analyze(doc, pack, 0)
    found: dict[int, list[Match]] = {}
    cited: set[int] = set()
    for key, j in enumerate(pack.judgements):
        if j.kind is not None and j.kind != a.kind:
            continue
        ms = a.matches(j)
        if ms:
            found[key] = ms
            cited.update(m.sentence for m in ms)
    sentences = [s if s.is_heading or i in cited else OMITTED for i, s in enumerate(doc.sentences)]
    kept = Document(path=doc.path, format=doc.format, text="", blocks=[], sentences=sentences, title=doc.title,
                    kind=doc.kind, metadata=doc.metadata, page_starts=doc.page_starts, line_unit=doc.line_unit,
                    line_map=doc.line_map, directives=doc.directives, warnings=doc.warnings,
                    _line_starts=doc._line_starts)
    index = {name: list(rows) for name, rows in a.index.items()}
    return DocSummary(kept, 0, a.kind, a.plain_binds, index, found)


def kind_from_config(shown: str, kinds: dict[str, str]) -> str | None:
    """The kind the config's path globs give a document, if any (its own front matter wins)."""
    for glob, kind in kinds.items():
        if fnmatch.fnmatch(shown, glob):
            return kind
    return None


def summarize_path(real: Path, shown: str, packs: list[CompiledPack], max_bytes: int, kinds: dict[str, str],
                   cache: Cache | None = None) -> list[DocSummary] | LoadFailure:
    """Load one file and summarise it for each pack, from the cache when its bytes were seen before."""
    override = kind_from_config(shown, kinds)
    keys: list[str] = []
    before = None
    if cache is not None:
        found = cache.read_file(real, max_bytes)
        if found is not None:
            data, before = found
            keys = [cache.summary_key(data, shown, override, p) for p in packs]
            hits = [cache.get(k) for k in keys]
            if all(isinstance(h, DocSummary) for h in hits):
                return hits  # type: ignore[return-value]
    loaded = load_document(real, shown, max_bytes)
    if isinstance(loaded, LoadFailure):
        return loaded
    if not loaded.kind and override:
        loaded.kind = override
    out = [summarize(loaded, p) for p in packs]
    if cache is not None and keys and before is not None and cache.unchanged(real, before):
        for k, s in zip(keys, out):
            cache.put(k, s)
    return out
