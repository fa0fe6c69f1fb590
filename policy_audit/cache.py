"""A content-hash cache of document summaries and compiled rule packs, safe to share between runs.

Entries are keyed by what decides them (the document's bytes, the pack, the tool's code), so a
stale entry is never found, only a missing one. Each entry is written to a temporary file and
renamed into place, so concurrent runs see a whole entry or none; each starts with a versioned
header and the SHA-256 of its payload, so a truncated or corrupt entry is recomputed, never trusted.
The folder must be writable only by its owner (as `~/.cache` is): entries are pickles.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .engine.compiled import CompiledPack
    from .language.pack import Pack

FORMAT = 1
_MAGIC = b"policy-audit cache %d\n" % FORMAT
_DIGEST = 32
_RULES_LIMIT = 64 * 1024 * 1024  # no rule pack is this big; a device named as one is not read whole


def default_cache_dir() -> Path:
    """The platform's cache folder: $XDG_CACHE_HOME (else ~/.cache) on Linux, Library/Caches, LOCALAPPDATA."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "policy-audit"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "policy-audit" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "policy-audit"
    return Path.home() / ".cache" / "policy-audit"


@functools.cache
def code_fingerprint() -> str:
    """The tool's version, a hash of its own source files and the installed distributions' names and
    versions: an engine change or a new PDF reader invalidates every entry."""
    h = hashlib.sha256(f"{__version__}\x1f{FORMAT}\x1f{sys.version_info[:2]}".encode())
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            try:
                names = sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))
            except OSError:
                continue
            h.update("\x1f".join(names).encode("utf-8", "surrogatepass"))
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


# What identifies a file's bytes without reading them: size, mtime, ctime (no tool can set it), inode, device
Stamp = tuple[int, int, int, int, int]
# A file changed this recently may change again within the same timestamp tick, leaving its stamp as it
# was: such a stamp proves nothing. Kernel clocks tick in milliseconds; whole-second times (FAT, HFS+,
# ext3) get two seconds.
SETTLE_NS = 500_000_000
COARSE_SETTLE_NS = 2_000_000_000


def _stamp(st: os.stat_result) -> Stamp:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def file_stamp(path: Path) -> Stamp | None:
    """The stamp of a regular file (following links, as reading it does); None for anything else."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return _stamp(st) if stat.S_ISREG(st.st_mode) else None


def settled(stamp: Stamp, now_ns: int) -> bool:
    """True when the file last changed well before `now_ns`, so a later write falls in a later tick."""
    coarse = stamp[1] % 1_000_000_000 == 0 and stamp[2] % 1_000_000_000 == 0
    return max(stamp[1], stamp[2]) < now_ns - (COARSE_SETTLE_NS if coarse else SETTLE_NS)


def digest(*parts: bytes) -> str:
    """SHA-256 over length-prefixed parts: no two different part lists give the same bytes."""
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "big"))
        h.update(p)
    return h.hexdigest()


class Cache:
    """One cache folder; every failure to read or write it is a miss, never an error."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / f"v{FORMAT}" / key[:2] / key

    def get(self, key: str) -> object | None:
        """The value stored under `key`, or None when absent, truncated, corrupt or unreadable."""
        try:
            blob = self._path(key).read_bytes()
        except OSError:
            return None
        head = len(_MAGIC)
        if len(blob) < head + _DIGEST or not blob.startswith(_MAGIC):
            return None
        payload = blob[head + _DIGEST:]
        if hashlib.sha256(payload).digest() != blob[head:head + _DIGEST]:
            return None
        try:
            value: object = pickle.loads(payload)
        except Exception:  # noqa: BLE001 -- a checksummed entry from an incompatible build: recompute it
            return None
        return value

    def put(self, key: str, value: object) -> None:
        """Store `value` under `key` atomically (temporary file, then rename); give up quietly on error."""
        path = self._path(key)
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=str(path.parent))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    @staticmethod
    def read_file(path: Path, max_bytes: int) -> tuple[bytes, Stamp] | None:
        """A regular file's bytes (at most `max_bytes`) and its stamp; None for anything else (a device,
        a pipe, a file too big or unreadable): the loader then reports it."""
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a pipe must not block the run
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
                return None
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = fh.read(max_bytes + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        if len(data) > max_bytes:
            return None
        return data, _stamp(st)

    @staticmethod
    def unchanged(path: Path, stamp: Stamp) -> bool:
        """True when the file still has the stamp it had when hashed (it did not change while read)."""
        return file_stamp(path) == stamp

    @staticmethod
    def summary_key(data: bytes, shown: str, kind: str | None, pack: CompiledPack) -> str:
        """The key of a document's summary: its bytes, shown path, configured kind, pack and tool."""
        return "s" + digest(code_fingerprint().encode(), pack.digest.encode(), shown.encode("utf-8", "surrogatepass"),
                             (kind or "").encode("utf-8", "surrogatepass"), data)

    def compiled_pack(self, paths: list[Path]) -> CompiledPack:
        """The compiled pack of these rule files, parsed only when they changed since it was cached."""
        from .engine.compiled import CompiledPack

        pack, key = self.load_pack(paths)
        if not key:
            return CompiledPack.build(pack)
        from .engine.lexicon import Lexicon
        from .engine.matcher import Matcher

        parts_key = "m" + key[1:]  # the matcher and lexicon built from this pack: a third of a cold start
        hit = self.get(parts_key)
        if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], Matcher) and isinstance(hit[1], Lexicon):
            return CompiledPack.assemble(pack, hit[0], hit[1], digest=key)
        compiled = CompiledPack.build(pack, digest=key)
        self.put(parts_key, (compiled.matcher, compiled.lexicon))
        return compiled

    @classmethod
    def pack_key(cls, paths: list[Path]) -> str:
        """The key of the pack these rule files make, from their bytes (and the folder they are named
        from), without parsing them; "" when one is not a readable regular file."""
        from .language.pack import rule_files

        try:
            files = rule_files(paths)
            # relative names are read from, and shown relative to, the current folder
            relative = any(not p.is_absolute() for p in paths)
            parts = [os.getcwd().encode("utf-8", "surrogatepass") if relative else b""]
        except OSError:
            return ""
        for f in files:
            got = cls.read_file(f, _RULES_LIMIT)
            if got is None:  # not a regular file, too big or unreadable: the parser reports it
                return ""
            parts += [f.as_posix().encode("utf-8", "surrogatepass"), got[0]]
        return "p" + digest(code_fingerprint().encode(), *parts)

    def load_pack(self, paths: list[Path]) -> tuple[Pack, str]:
        """The checked pack of these rule files and its key: from the cache when their bytes (and the
        folder they are named from) are unchanged, else parsed and stored; RuleError as `load_pack`."""
        from .language.pack import Pack, load_pack

        key = self.pack_key(paths)
        if not key:
            return load_pack(paths), ""
        hit = self.get(key)
        if isinstance(hit, Pack):
            return hit, key
        pack = load_pack(paths)
        self.put(key, pack)
        return pack, key
