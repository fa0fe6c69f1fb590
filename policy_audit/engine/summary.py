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
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..documents.load import load_document
from ..documents.model import Document, LoadFailure, Sentence
from ..language import ast
from .analyze import Match, analyze
from .compiled import CompiledPack
from .kinds import KindChoice, explain_kind
from .modality import Verdict

if TYPE_CHECKING:
    from ..cache import Cache, Stamp

K = TypeVar("K", int, str)


class Packed(Mapping[K, Sequence[int]]):
    """Many short integer lists as one array and one tuple of keys: a summary holds about a hundred
    per document, and a dict of arrays costs ten times the numbers it holds. Each array takes the
    narrowest item size its numbers fit (sentence indices of a policy fit two bytes)."""

    __slots__ = ("_ends", "_flat", "_keys")
    _keys: tuple[K, ...]
    _ends: array[int]
    _flat: array[int]

    def __init__(self, items: Iterable[tuple[K, Iterable[int]]]) -> None:
        keys: list[K] = []
        ends: list[int] = []
        flat: list[int] = []
        for k, values in items:
            keys.append(k)
            flat.extend(values)
            ends.append(len(flat))
        self._keys = tuple(keys)
        self._ends = narrow(ends)
        self._flat = narrow(flat)

    def __getitem__(self, key: K) -> array[int]:
        try:
            i = self._keys.index(key)
        except ValueError:
            raise KeyError(key) from None
        return self._flat[self._ends[i - 1] if i else 0:self._ends[i]]

    def get(self, key: K, default: object = None) -> Any:
        """The values under `key`, or `default` (without the cost of a KeyError: most keys are absent)."""
        return self[key] if key in self._keys else default

    def __iter__(self) -> Iterator[K]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def shared(self, names: dict[K, K]) -> Packed[K]:
        """This mapping with its keys taken from `names` (equal keys of different documents, read
        back from workers or the cache as copies, become one object)."""
        self._keys = tuple(names.setdefault(k, k) for k in self._keys)
        return self

    def __getstate__(self) -> tuple[tuple[K, ...], array[int], array[int]]:
        return self._keys, self._ends, self._flat

    def __setstate__(self, state: tuple[tuple[K, ...], array[int], array[int]]) -> None:
        self._keys, self._ends, self._flat = state


def narrow(values: list[int]) -> array[int]:
    """`values` as an array of the smallest unsigned item size that holds them (signed when one is negative)."""
    low, high = min(values, default=0), max(values, default=0)
    code = "i" if low < 0 or high >= 1 << 16 else "H" if high >= 1 << 8 else "B"
    return array(code, values)


_NONE: Packed[int] = Packed(())

# What stands in for a sentence that no judgement matched: it is never cited, only counted.
OMITTED = Sentence(text="", start=0, end=0, section=(), index=-1)


@dataclass
class DocSummary:
    """What the reduce, the report, suppressions, `--explain` and the diff need from one document."""

    doc: Document  # text dropped (kept for paragraph-numbered formats); headings and matched sentences kept
    number: int
    kind: str | None
    plain_binds: bool
    index: Packed[str]  # term or phrase name of a judgement -> sentence indices (anchors, on-topic evidence)
    found: Packed[int]  # stable judgement key -> (sentence, verdict, definition) per match, flat
    verdicts: list[Verdict]  # the distinct verdicts `found` refers to
    kind_glob: str | None  # the config glob that set the kind, if one did
    kind_choice: KindChoice  # how the document got its kind (for --explain), decided where it was read
    _pack: CompiledPack | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_pack"] = None  # bound to a pack object of one process; rebound where it is read
        return state

    def bind(self, pack: CompiledPack, number: int, shared: dict[Any, Any] | None = None) -> DocSummary:
        """This summary as document `number` of a run with `pack` (the pack it was computed with);
        equal verdicts and index names of different documents become one object of `shared` (they
        repeat: same cue, same reason, the pack's names)."""
        if shared is None:
            return dataclasses.replace(self, number=number, _pack=pack)
        return dataclasses.replace(self, number=number, verdicts=[shared.setdefault(v, v) for v in self.verdicts],
                                   index=self.index.shared(shared), _pack=pack)

    def forget_matches(self) -> None:
        """Let go of the match lists once every rule is evaluated (`matches` then finds none)."""
        self.found = _NONE
        self.verdicts = []

    def matches(self, j: ast.Judgement) -> list[Match]:
        """Sentences matching `j` with their verdicts, as `Analysis.matches` gives them.

        A judgement restricted to another kind may match nothing here: every caller skips those."""
        if self._pack is None:
            raise RuntimeError("summary not bound to its pack (call bind)")
        flat = self.found.get(self._pack.key_of(j))
        if not flat:
            return []
        v = self.verdicts
        return [Match(self.number, flat[i], v[flat[i + 1]], bool(flat[i + 2])) for i in range(0, len(flat), 3)]


def summarize(doc: Document, pack: CompiledPack, kind_glob: str | None = None) -> DocSummary:
    """Analyse `doc`, compute every judgement's matches, and keep only what can be cited; `kind_glob`
    is the config glob that gave the document its kind, if one did."""
    return summarize_packs(doc, [pack], kind_glob)[0]


def summarize_packs(doc: Document, packs: list[CompiledPack], kind_glob: str | None = None) -> list[DocSummary]:
    """One summary per pack, sharing one kept document: what any of the packs can cite."""
    out: list[DocSummary] = []
    cited: set[int] = set()
    for pack in packs:
        a = analyze(doc, pack, 0)
        found: list[tuple[int, list[int]]] = []
        verdicts: dict[Verdict, int] = {}
        wanted = {pack.shared[key] for key, j in enumerate(pack.judgements) if j.kind is None or j.kind == a.kind}
        for key in sorted(wanted):
            ms = a.matches(pack.judgements[key])
            if ms:
                flat: list[int] = []
                for m in ms:
                    flat += (m.sentence, verdicts.setdefault(m.verdict, len(verdicts)), m.definition)
                found.append((key, flat))
                cited.update(m.sentence for m in ms)
        index = Packed((name, rows) for name, rows in a.index.items() if name in pack.required)
        out.append(DocSummary(doc, 0, a.kind, a.plain_binds, index, Packed(found), list(verdicts), kind_glob,
                              explain_kind(a, kind_glob)))
    sentences = [s if s.is_heading or i in cited else OMITTED for i, s in enumerate(doc.sentences)]
    sections: dict[tuple[str, ...], tuple[str, ...]] = {}
    for s in sentences:  # the segmenter makes a section tuple per paragraph: keep one per section
        if s is not OMITTED:
            s.section = sections.setdefault(s.section, s.section)
    # line starts as a compact array: `locate` only bisects them
    starts: list[int] = array("i", doc._line_starts)  # type: ignore[assignment]
    # a paragraph's place is named by its opening words (report.evidence.place), read from the text
    text = doc.text if doc.line_unit == "paragraph" else ""
    kept = Document(path=doc.path, format=doc.format, text=text, blocks=[], sentences=sentences, title=doc.title,
                    kind=doc.kind, metadata=doc.metadata, page_starts=doc.page_starts, line_unit=doc.line_unit,
                    line_map=doc.line_map, directives=doc.directives, warnings=doc.warnings, _line_starts=starts)
    for summary in out:
        summary.doc = kept
    return out


def kind_from_config(shown: str, kinds: dict[str, str]) -> tuple[str, str] | None:
    """The (kind, glob) the config's path globs give a document, if any (its own front matter wins)."""
    for glob, kind in kinds.items():
        if fnmatch.fnmatch(shown, glob):
            return kind, glob
    return None


@dataclass(frozen=True)
class Summarized:
    """One file's map result, with what lets a later run find it again without reading the file."""

    result: list[DocSummary] | LoadFailure
    keys: tuple[str, ...] = ()  # the cache keys of its summaries, one per pack (empty: not cached)
    stamp: Stamp | None = None  # the file's stamp while it was read, when the keys are known


def summarize_path(real: Path, shown: str, packs: list[CompiledPack], max_bytes: int, kinds: dict[str, str],
                   cache: Cache | None = None) -> Summarized:
    """Load one file and summarise it for each pack, from the cache when its bytes were seen before."""
    override = kind_from_config(shown, kinds)
    glob = None
    keys: list[str] = []
    before = None
    if cache is not None:
        found = cache.read_file(real, max_bytes)
        if found is not None:
            data, before = found
            keys = [cache.summary_key(data, shown, "\x1f".join(override) if override else None, p) for p in packs]
            hits = cached_summaries(cache, keys)
            if hits is not None:
                return Summarized(hits, tuple(keys), before)
    loaded = load_document(real, shown, max_bytes)
    if isinstance(loaded, LoadFailure):
        return Summarized(loaded)
    if not loaded.kind and override:
        loaded.kind, glob = override
    out = summarize_packs(loaded, packs, glob)
    if cache is not None and keys and before is not None and cache.unchanged(real, before):
        for k, s in zip(keys, out):
            cache.put(k, s)
        return Summarized(out, tuple(keys), before)
    return Summarized(out)


def cached_summaries(cache: Cache, keys: Sequence[str]) -> list[DocSummary] | None:
    """The summaries stored under `keys`, or None unless every one is there and is a summary."""
    hits = [cache.get(k) for k in keys]
    return hits if all(isinstance(h, DocSummary) for h in hits) else None  # type: ignore[return-value]
