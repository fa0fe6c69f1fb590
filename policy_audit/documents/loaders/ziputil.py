"""Reading zip packages (DOCX, ODT) with zip-bomb checks on member count, declared and real sizes and ratios."""

from __future__ import annotations

import io
import zipfile
import zlib

from .base import LoadError
from .limits import (
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR,
    mb,
)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, and any password-protected Office file
_CHUNK = 1024 * 1024


class ZipPackage:
    """A zip package opened for reading, with every member read counted against the limits."""

    def __init__(self, data: bytes, kind: str, max_member: int = MAX_MEMBER_BYTES,
                 max_total: int = MAX_TOTAL_BYTES) -> None:
        self.kind = kind
        self.max_member = max_member
        self.max_total = max_total
        self.inflated = 0
        if data.startswith(OLE_MAGIC):
            raise LoadError(f"password-protected or old binary Office file, not a {kind} package: "
                            f"save it again as {kind} without a password")
        if not data.startswith(ZIP_MAGIC):
            article = "an" if kind[:1] in "AEFHILMNORSX" else "a"
            raise LoadError(f"not {article} {kind} file: it is not a zip package (binary data or another format)")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError) as exc:
            raise LoadError(f"corrupt or truncated {kind} file ({exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise LoadError(f"suspected zip bomb: {len(infos)} files inside the {kind} package "
                            f"(the limit is {MAX_MEMBERS})")
        declared = sum(info.file_size for info in infos)
        if declared > max_total:
            raise LoadError(f"suspected zip bomb: the {kind} package would expand to {mb(declared)} "
                            f"(the limit is {mb(max_total)})")
        self._infos = {info.filename: info for info in infos}

    def names(self) -> list[str]:
        """Member names in package order."""
        return list(self._infos)

    def has(self, name: str) -> bool:
        """Whether the package holds a member of that name."""
        return name in self._infos

    def read(self, name: str) -> bytes:
        """A member's bytes, inflated in chunks under a hard cap whatever its headers claim."""
        info = self._infos.get(name)
        if info is None:
            raise LoadError(f"corrupt {self.kind} file: the part {name} is missing")
        if info.flag_bits & 0x1:
            raise LoadError(f"password-protected {self.kind} file: save it again without a password")
        self._check_declared(info)
        limit = min(self.max_member, self.max_total - self.inflated)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise LoadError(f"suspected zip bomb: {name} expands past {mb(limit)}")
                    chunks.append(chunk)
        except LoadError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise LoadError(f"corrupt or truncated {self.kind} file: {name} cannot be read ({exc})") from None
        self.inflated += size
        return b"".join(chunks)

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        """Refuse a member whose declared size or compression ratio is that of a bomb."""
        if info.file_size > self.max_member:
            raise LoadError(f"suspected zip bomb: {info.filename} would expand to {mb(info.file_size)} "
                            f"(the limit is {mb(self.max_member)})")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise LoadError(f"suspected zip bomb: {info.filename} is compressed {ratio} to 1 "
                            f"(the limit is {MAX_RATIO} to 1)")
