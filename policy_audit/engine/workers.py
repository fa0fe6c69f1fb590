"""Run the map step over a folder, in worker processes when asked; results come back in order.

Each worker compiles the packs once (from their checked ASTs, which pickle; a compiled matcher need
not) and sends back only summaries, so what crosses the process boundary is small.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..documents.model import LoadFailure
from ..language.pack import Pack
from .compiled import CompiledPack
from .summary import DocSummary, summarize_path

if TYPE_CHECKING:
    from ..cache import Cache

Result = list[DocSummary] | LoadFailure

_state: dict[str, object] = {}  # in a worker: its packs and settings, set once by _start


def _start(packs: list[tuple[Pack, str]], max_bytes: int, kinds: dict[str, str], cache: Cache | None) -> None:
    _state.update(packs=[CompiledPack.build(p, digest=d) for p, d in packs], max_bytes=max_bytes, kinds=kinds,
                  cache=cache)


def _work(item: tuple[Path, str]) -> Result:
    packs: list[CompiledPack] = _state["packs"]  # type: ignore[assignment]
    return summarize_path(item[0], item[1], packs, _state["max_bytes"], _state["kinds"],  # type: ignore[arg-type]
                          _state["cache"])  # type: ignore[arg-type]


def map_documents(documents: list[tuple[Path, str]], packs: list[CompiledPack], max_bytes: int,
                  kinds: dict[str, str], cache: Cache | None, jobs: int) -> Iterator[tuple[str, Result]]:
    """Summaries (or the failure) of each document, in the order given."""
    if jobs <= 1 or len(documents) < 2:
        for real, shown in documents:
            yield shown, summarize_path(real, shown, packs, max_bytes, kinds, cache)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(documents))
    chunk = max(1, min(16, len(documents) // (workers * 8)))
    setup = ([(p.pack, p.digest) for p in packs], max_bytes, kinds, cache)
    with ProcessPoolExecutor(max_workers=workers, initializer=_start, initargs=setup) as pool:
        for (_, shown), got in zip(documents, pool.map(_work, documents, chunksize=chunk)):
            yield shown, got
