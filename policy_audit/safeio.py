"""Reading the small files a user names (rules, baseline, waivers, config) without hanging or unbounded memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

KIB = 1024
MIB = 1024 * KIB
CONFIG_CAP = 1 * MIB  # a config, pyproject.toml or waivers file
RULES_CAP = 4 * MIB  # one .rules file
BASELINE_CAP = 64 * MIB  # a baseline of many thousand findings


class SafeReadError(Exception):
    """A named file that is not a regular file, is too big, cannot be read or is not UTF-8 text."""


def _kind(mode: int) -> str:
    """A plain name for what a non-regular file is."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular_bytes(path: Path, cap: int, what: str) -> bytes:
    """The bytes of `path` if it is a regular file of at most `cap` bytes; SafeReadError otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SafeReadError(f"{path}: {what} not found") from None
    except OSError as exc:
        raise SafeReadError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SafeReadError(f"{path}: the {what} must be a regular file, and this is {_kind(mode)}")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(MIB, cap + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                raise SafeReadError(f"{path}: the {what} is over the {cap:,}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise SafeReadError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_regular_text(path: Path, cap: int, what: str) -> str:
    """The UTF-8 text of `path` (a leading BOM dropped) under the same checks as read_regular_bytes."""
    data = read_regular_bytes(path, cap, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SafeReadError(f"{path}: the {what} is not UTF-8 text (bad byte at offset {exc.start})") from None
