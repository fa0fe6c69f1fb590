"""A progress bar on stderr for long audits: only on a terminal, never in CI or into stdout."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _wanted(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress_reporter(flag: bool | None) -> Iterator[Callable[[str], None] | None]:
    """Yield a callback that shows files done, the current file and the rate; None when off."""
    if not _wanted(flag):
        yield None
        return
    start = time.monotonic()
    done = [0]

    def tick(path: str) -> None:
        done[0] += 1
        rate = done[0] / max(time.monotonic() - start, 1e-6)
        from ..report.escape import display_name

        shown = display_name(path)  # a file name is untrusted: no control character reaches the terminal
        name = shown if len(shown) <= 50 else "..." + shown[-47:]
        files = "file" if done[0] == 1 else "files"
        sys.stderr.write(f"\r\x1b[2K{done[0]} {files}, {rate:.1f}/s  {name}")
        sys.stderr.flush()

    try:
        yield tick
    finally:
        if done[0]:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
