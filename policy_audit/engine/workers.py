"""Run the map step over a folder, in worker processes when asked; results come back in order.

Each worker is given the compiled packs once (inherited where processes fork, else unpickled: either
is a fraction of compiling them again) and sends back only summaries, so what crosses the process
boundary is small. The parent is one of the jobs: with `--jobs N` it starts N - 1 workers and
summarises itself every chunk no worker has taken yet, so its own results cost no pickling and no
core waits on a parent that only collects. Files whose summaries the caller already knows the keys
of are read from the cache here, not sent to a worker.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .heap import settled
from .summary import Summarized, cached_summaries, summarize_path

if TYPE_CHECKING:
    from ..cache import Cache
    from .compiled import CompiledPack

_state: dict[str, object] = {}  # in a worker: its packs and settings, set once by _start


def _start(packs: list[CompiledPack], max_bytes: int, kinds: dict[str, str], cache: Cache | None) -> None:
    _state.update(packs=packs, max_bytes=max_bytes, kinds=kinds, cache=cache)
    import gc

    gc.freeze()  # what the worker starts with (its copy of the packs) lives as long as it does


def _work(chunk: list[tuple[Path, str]]) -> list[Summarized]:
    return _chunk(chunk, _state["packs"], _state["max_bytes"], _state["kinds"], _state["cache"])  # type: ignore[arg-type]


def _chunk(chunk: list[tuple[Path, str]], packs: list[CompiledPack], max_bytes: int, kinds: dict[str, str],
           cache: Cache | None) -> list[Summarized]:
    """Each file's summaries, in a worker or in the parent."""
    return [summarize_path(real, shown, packs, max_bytes, kinds, cache) for real, shown in chunk]


def map_documents(documents: list[tuple[Path, str]], packs: list[CompiledPack], max_bytes: int,
                  kinds: dict[str, str], cache: Cache | None, jobs: int,
                  known: Sequence[tuple[str, ...] | None] = ()) -> Iterator[tuple[str, Summarized]]:
    """Summaries (or the failure) of each document, in the order given; `known[i]`, when given, are the
    cache keys document i's summaries were stored under (its file unchanged since). The packs and
    everything else alive now are kept out of the cycle collector's walks meanwhile (`heap.settled`),
    here and in the workers and readers forked from here."""
    with settled():
        ready: dict[int, Summarized] = {}
        if cache is not None:
            for i, keys in enumerate(known):
                hits = cached_summaries(cache, keys) if keys else None
                if keys and hits is not None:
                    ready[i] = Summarized(hits, keys)
        todo = [d for i, d in enumerate(documents) if i not in ready]
        rest = _summarize(todo, packs, max_bytes, kinds, cache, jobs)
        for i, (_, shown) in enumerate(documents):
            yield shown, ready[i] if i in ready else next(rest)


def chunk_size(documents: int, workers: int) -> int:
    """Files handed to a worker at once: few enough that the last chunks leave no worker idle for long
    (32 or more per worker; the run ends when the slowest chunk does), many enough to keep the round
    trips between processes rare (at most 8 files each)."""
    return max(1, min(8, documents // (workers * 32)))


def _summarize(documents: list[tuple[Path, str]], packs: list[CompiledPack], max_bytes: int,
               kinds: dict[str, str], cache: Cache | None, jobs: int) -> Iterator[Summarized]:
    if jobs <= 1 or len(documents) < 2:
        for real, shown in documents:
            yield summarize_path(real, shown, packs, max_bytes, kinds, cache)
        return
    from concurrent.futures import ProcessPoolExecutor

    jobs = min(jobs, len(documents))
    size = chunk_size(len(documents), jobs)
    chunks = [documents[i:i + size] for i in range(0, len(documents), size)]
    setup = (packs, max_bytes, kinds, cache)
    with ProcessPoolExecutor(max_workers=jobs - 1, initializer=_start, initargs=setup) as pool:
        futures = [pool.submit(_work, c) for c in chunks]
        local: dict[int, list[Summarized]] = {}
        free = 0  # chunks before this one are taken (by a worker or here)
        for i, future in enumerate(futures):
            free = max(free, i)
            while i not in local and not future.done() and free < len(futures):
                if futures[free].cancel():  # no worker has it yet: the parent is the last job
                    local[free] = _chunk(chunks[free], *setup)
                free += 1
            yield from local.pop(i) if i in local else future.result()
