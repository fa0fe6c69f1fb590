"""What the commands share: config resolution, pack loading, rendering errors and exiting."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn

import click

from .. import exitcodes

if TYPE_CHECKING:
    from ..config import Config
    from ..engine.compiled import CompiledPack


def fail(message: str, code: int = exitcodes.USAGE) -> NoReturn:
    """Print an error to stderr and exit with `code`."""
    click.echo(message, err=True)
    sys.exit(code)


def resolve_config(config_path: str | None, no_config: bool, cache_dir: Path | None = None) -> Config:
    """The explicit --config, else the nearest config file, else defaults; exit 2 if it is invalid.
    With `cache_dir`, a config file validated before with the same text is not validated again."""
    from ..config import Config, ConfigError, find_config, load_config

    if no_config:
        return Config()
    try:
        path = Path(config_path) if config_path else find_config(Path.cwd())
        if path is None:
            return Config()
        from ..cache import Cache

        return load_config(path, Cache(cache_dir) if cache_dir is not None else None)
    except ConfigError as exc:
        fail(f"error: {exc}")


def load_packs(rule_paths: list[str], cache_dir: Path | None = None) -> list[CompiledPack]:
    """Load and compile each pack (default: the shipped pack), unchanged rule files from the cache in
    `cache_dir`; exit 2 with located errors."""
    from ..cache import Cache
    from ..engine.compiled import CompiledPack
    from ..language.errors import RuleError
    from ..language.pack import default_rules_path, load_pack

    paths = [Path(p) for p in rule_paths] or [default_rules_path()]
    packs = []
    try:
        for p in paths:
            if not p.exists():
                fail(f"error: rule pack not found: {p}")
            packs.append(Cache(cache_dir).compiled_pack([p]) if cache_dir else CompiledPack.build(load_pack([p])))
    except RuleError as err:
        n = len(err.diagnostics)
        fail(f"{err}\n{n} error{'s' if n != 1 else ''} in rule files; nothing was audited.")
    return packs


class LazyPacks:
    """A run's rule packs: their cache keys read from the rule files, the packs compiled on first use
    (a run whose report is in the cache needs only the keys)."""

    def __init__(self, rule_paths: list[str], cache_dir: Path | None) -> None:
        self.rule_paths = rule_paths
        self.cache_dir = cache_dir
        self._packs: list[CompiledPack] | None = None

    def keys(self) -> list[str] | None:
        """One cache key per pack, or None without a cache or when a rule file cannot be keyed."""
        if self.cache_dir is None:
            return None
        from ..cache import Cache
        from ..language.pack import default_rules_path

        keys = [Cache.pack_key([p]) for p in [Path(r) for r in self.rule_paths] or [default_rules_path()]]
        return keys if all(keys) else None

    def get(self) -> list[CompiledPack]:
        """The compiled packs (exit 2 on a rule-file error, as `load_packs`)."""
        if self._packs is None:
            self._packs = load_packs(self.rule_paths, self.cache_dir)
        return self._packs


def check_codes(packs: list[CompiledPack], select: list[str], ignore: list[str]) -> None:
    """Exit 2 when a --select/--ignore code names no rule ID, ID prefix or area of the loaded packs."""
    from ..audit import selected

    rules = [r for p in packs for r in p.pack.rules]
    for flag, codes in (("--select", select), ("--ignore", ignore)):
        for code in codes:
            if not any(selected(r.id, r.area, [code], []) for r in rules):
                fail(f"error: {flag} {code} matches no rule ID, ID prefix or area (see: policy-audit rules list)")


def split_codes(values: tuple[str, ...]) -> list[str]:
    """`--select fund,SEA-02 --select COM` -> ['fund', 'SEA-02', 'COM']."""
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def utf8(text: str) -> bytes:
    """`text` as UTF-8 bytes; a lone surrogate that slipped through becomes U+FFFD, never a crash."""
    from ..report.escape import unsurrogate

    return unsurrogate(text).encode("utf-8")


Text = str | bytes | tuple[str | bytes, ...]  # a report: text, bytes (UTF-8, a workbook), or parts written in turn
_CHUNK = 1 << 20


def utf8_chunks(text: Text) -> Iterator[bytes]:
    """`text` (or its parts, in order) as UTF-8 a megabyte at a time, as `utf8` encodes it: a 20 MB
    report is never held twice, once as text and once as bytes."""
    if isinstance(text, bytes):
        yield text
        return
    from ..report.escape import needs_unsurrogate

    for part in (text,) if isinstance(text, str) else text:
        if isinstance(part, bytes):
            yield part
            continue
        if needs_unsurrogate(part):  # rare: replaced as a whole, so bytes split across chunks decode as one
            yield utf8(part)
            continue
        for i in range(0, len(part), _CHUNK):
            yield part[i:i + _CHUNK].encode("utf-8")


def _write(fh: BinaryIO, text: Text) -> None:
    fh.writelines(utf8_chunks(text))


_STANDARD = {"/dev/stdout": "stdout", "/dev/fd/1": "stdout", "/proc/self/fd/1": "stdout",
             "/dev/stderr": "stderr", "/dev/fd/2": "stderr", "/proc/self/fd/2": "stderr"}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str, text: Text) -> None:
    """Write `text` (UTF-8) or bytes to `path` via a temporary file and rename, so readers never see half a report.

    A new file gets the mode the umask allows and an existing one keeps its mode. `/dev/stdout`,
    `/dev/stderr` and other files that are not regular files (FIFOs, terminals, `/dev/null`) are
    written directly, never replaced; a symlink to a regular file stays a link to the new report.
    """
    if path in _STANDARD:
        stream = getattr(sys, _STANDARD[path])
        stream.flush()
        _write(stream.buffer, text)
        stream.buffer.flush()
        return
    target = Path(path)
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        fail(f"error: cannot write {path}: {exc.strerror or exc}")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(target, "wb") as fh:
                _write(fh, text)
        except OSError as exc:
            fail(f"error: cannot write {path}: {exc.strerror or exc}")
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
    except OSError as exc:
        fail(f"error: cannot write {path}: {exc.strerror or exc}")
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's mode is the usual one anyway
                os.fchmod(fh.fileno(), mode)
            _write(fh, text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
