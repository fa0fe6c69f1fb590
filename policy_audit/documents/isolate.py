"""Run a native-library loader (PDFium and friends) in a child process with a memory limit and a timeout.

A crash inside C code (an abort, a segfault, the kernel's out-of-memory killer) or a file that takes
forever then costs that one file: the child dies, the parent reports why, and the run goes on. The
child is forked with the loader already imported, and reads file after file for this process (see
`reader`); a loader that cannot be named across processes gets a child of its own, forked with the
bytes already read. Results come back pickled through a pipe.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

from .loaders import limits
from .loaders.base import LoadError
from .model import LoadedText

Loader = Callable[[bytes, str], LoadedText]


def available() -> bool:
    """Whether loaders can run isolated here (POSIX fork and resource limits)."""
    return hasattr(os, "fork") and sys.platform != "win32"


def _vm_size() -> int:
    """This process's current address-space size in bytes (0 when it cannot be told)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(budget: int) -> None:
    """Cap the child's address space at what it uses now plus `budget`, never above the hard limit."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = _vm_size() + budget
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft != resource.RLIM_INFINITY:
        want = min(want, soft)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))


OUT_OF_MEMORY = "ran out of memory while reading (the file is too large or too complex)"


def internal_error(exc: BaseException) -> str:
    """The reason given for a loader bug."""
    return f"internal error while reading ({type(exc).__name__}: {exc}); please report it"


def timed_out(timeout: float) -> str:
    """The reason given for a file that took too long."""
    return f"reading took longer than {timeout:g} seconds: stopped (the file is too complex)"


def _child(write_fd: int, load: Loader, data: bytes, path: str, budget: int) -> None:
    """In the child: limit memory, load, send ('ok', LoadedText) or ('error', reason); never return."""
    code = 0
    try:
        try:
            import faulthandler

            faulthandler.disable()  # a crash here is reported by the parent, not as a stack dump
            _limit_memory(budget)
            result: tuple[str, Any] = ("ok", load(data, path))
        except LoadError as exc:
            result = ("error", str(exc))
        except MemoryError:
            result = ("error", OUT_OF_MEMORY)
        except BaseException as exc:  # noqa: BLE001 - the child must always answer
            result = ("error", internal_error(exc))
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view):]
    except BaseException:  # noqa: BLE001 - a child that cannot answer just dies: the parent reports it
        code = 1
    finally:
        os._exit(code)


def _died(status: int) -> str:
    """Why the child ended without an answer, in words."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if sig == signal.SIGKILL:
            return "the reader was killed (out of memory?) while reading this file"
        return f"the reader crashed ({name}) on this file: it is damaged or too complex to read"
    return (f"the reader stopped (exit status {os.WEXITSTATUS(status)}) on this file, most likely out of "
            "memory: it is damaged or too complex to read")


def run_isolated(load: Loader, data: bytes, path: str, memory: int | None = None,
                 timeout: float | None = None) -> LoadedText:
    """`load(data, path)` in a forked child under `memory` more bytes and `timeout` seconds (default: the
    limits in loaders.limits); LoadError with the reason when it fails, crashes, runs out of memory or
    takes too long."""
    memory = limits.READ_MEMORY_BYTES if memory is None else memory
    timeout = limits.READ_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        request = pickle.dumps((load, path), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):  # a lambda or a local function
        return _run_once(load, data, path, memory, timeout)
    from .reader import reader_for

    for attempt in (1, 2):
        try:
            kind, value = reader_for(memory).read(request, data, timeout)
            break
        except BrokenPipeError:  # the child was gone before this file: a fresh one reads it
            if attempt == 2:
                raise LoadError("the reader could not be started for this file") from None
    if kind == "error":
        raise LoadError(str(value))
    if not isinstance(value, LoadedText):
        raise LoadError("the reader answered with something other than a document: not read")
    return value


def _run_once(load: Loader, data: bytes, path: str, memory: int, timeout: float) -> LoadedText:
    """`load(data, path)` in a child forked for this file alone."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(write_fd, load, data, path, memory)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    expired = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                expired = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if expired:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
    if expired:
        raise LoadError(timed_out(timeout))
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - no or half an answer: the child died
        raise LoadError(_died(status)) from None
    if kind == "error":
        raise LoadError(str(value))
    if not isinstance(value, LoadedText):
        raise LoadError(_died(status))
    return value
