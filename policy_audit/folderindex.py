"""Per audited folder, the cache keys of each file's summaries, so an unchanged file is not read again.

A file's entry is used only while its stamp (size, mtime, ctime, inode, device) is the one recorded,
and an entry is recorded only for a file that had settled when it was read (see `cache.settled`): a
write within the same timestamp tick cannot hide behind it. The keys name content-hashed entries, so
an entry that points at a missing or corrupt summary costs a read, never a wrong result.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as _cache
from .cache import Cache, Stamp, digest, file_stamp, settled

if TYPE_CHECKING:
    from .engine.summary import Summarized

Entry = tuple[str, Stamp, tuple[str, ...]]  # real path, stamp, summary keys (one per pack)


def _text(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


class FolderIndex:
    """The index of one set of audited paths under one configuration, read once and written once."""

    def __init__(self, cache: Cache, paths: list[Path], pack_keys: list[str], kinds: dict[str, str],
                 max_bytes: int) -> None:
        self.cache = cache
        where = [_text(os.path.abspath(p)) for p in paths]
        settings = [_text(f"{k}\x1f{v}") for k, v in sorted(kinds.items())] + [str(max_bytes).encode()]
        self.key = "i" + digest(_cache.code_fingerprint().encode(), *(k.encode() for k in pack_keys),
                                b"paths", *where, b"settings", *settings)
        got = cache.get(self.key)
        self.entries: dict[str, Entry] = got if isinstance(got, dict) else {}
        self.changed = not isinstance(got, dict)
        self.started = time.time_ns()

    def known(self, real: Path, shown: str) -> tuple[str, ...] | None:
        """The summary keys recorded for this file, when it still has the stamp it was read with."""
        entry = self.entries.get(shown)
        if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == str(real)):
            return None
        keys = entry[2]
        if not (isinstance(keys, tuple) and keys and all(isinstance(k, str) for k in keys)):
            return None
        return keys if file_stamp(real) == entry[1] else None

    def record(self, real: Path, shown: str, got: Summarized) -> None:
        """Remember a file's keys when they were computed from its bytes and it had settled."""
        if got.keys and got.stamp is not None and settled(got.stamp, self.started):
            entry = (str(real), got.stamp, got.keys)
            if self.entries.get(shown) != entry:
                self.entries[shown] = entry
                self.changed = True

    def save(self, present: set[str]) -> None:
        """Store the index (without files no longer found) if anything changed."""
        gone = [s for s in self.entries if s not in present]
        for shown in gone:
            del self.entries[shown]
        if self.changed or gone:
            self.cache.put(self.key, self.entries)
