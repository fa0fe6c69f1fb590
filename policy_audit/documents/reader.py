"""One long-lived isolated reader per process: a forked child that reads file after file for it.

Forking a child per file costs the fork, the exit and the copy-on-write faults of a parent that holds
the compiled pack (more than reading a small PDF itself). This child is forked once and serves
requests over a pipe, under the same memory limit and per-file timeout as `isolate`. A file that
crashes it, runs it out of memory or times out still costs only that file: the child is gone, the
reason is reported, and the next file gets a new child. It also retires itself after a number of
files, or once it has grown by a quarter of its budget, so every file finds the same headroom.
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import signal
import sys
from typing import Any

from .loaders.base import LoadError

MAX_SERVED = 500  # files one child reads before a fresh one takes over
_HEADER = 8


def _send(fd: int, payload: bytes) -> None:
    for part in (len(payload).to_bytes(_HEADER, "big"), payload):
        view = memoryview(part)
        while view:
            view = view[os.write(fd, view):]


def _recv(fd: int) -> bytes | None:
    """One length-prefixed message, or None at the end of the stream (or in the middle of a message)."""
    head = _recv_exact(fd, _HEADER)
    return _recv_exact(fd, int.from_bytes(head, "big")) if head is not None else None


def _recv_exact(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _serve(req: int, res: int, budget: int) -> None:  # pragma: no cover - runs in the child
    """In the child: answer requests until EOF, a damaging failure or retirement; never return."""
    from . import isolate

    code = 0
    try:
        import faulthandler

        faulthandler.disable()  # a crash here is reported by the parent, not as a stack dump
        isolate._limit_memory(budget)
        start = isolate._vm_size()
        for served in range(1, MAX_SERVED + 1):
            msg = _recv(req)
            data = _recv(req) if msg is not None else None
            if msg is None or data is None:
                break
            alive = True
            try:
                load, path = pickle.loads(msg)
                result: tuple[str, Any] = ("ok", load(data, path))
            except LoadError as exc:
                result = ("error", str(exc))
            except MemoryError:
                result, alive = ("error", isolate.OUT_OF_MEMORY), False
            except BaseException as exc:  # noqa: BLE001 - the child must always answer, then go
                result, alive = ("error", isolate.internal_error(exc)), False
            del msg, data
            alive = alive and served < MAX_SERVED and isolate._vm_size() - start < budget // 4
            _send(res, pickle.dumps((*result, alive), protocol=pickle.HIGHEST_PROTOCOL))
            if not alive:
                break
    except BaseException:  # noqa: BLE001 - a child that cannot answer just dies: the parent reports it
        code = 1
    finally:
        os._exit(code)


class Reader:
    """The parent's end of one reader child."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        req_r, req_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(req_w)
            os.close(res_r)
            _serve(req_r, res_w, budget)
        os.close(req_r)
        os.close(res_w)
        self.pid, self.owner, self.req, self.res = pid, os.getpid(), req_w, res_r
        self.open = True

    def close(self, kill: bool = False) -> int:
        """End the child (at once when `kill`) and return its wait status."""
        if not self.open:
            return 0
        self.open = False
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for fd in (self.req, self.res):
            try:
                os.close(fd)
            except OSError:
                pass
        _, status = os.waitpid(self.pid, 0)
        return status

    def read(self, request: bytes, data: bytes, timeout: float) -> tuple[str, Any]:
        """Send one request (the pickled loader and path, then the file's bytes) and wait for the answer;
        LoadError when the child fails on it."""
        from . import isolate

        try:
            _send(self.req, request)
            _send(self.req, data)
        except OSError:  # it died before it read the request (killed from outside): not this file's doing
            self.close()
            raise BrokenPipeError from None
        reply = self._reply(timeout)
        if reply is None:
            raise LoadError(isolate._died(self.close()))
        kind, value, alive = pickle.loads(reply)
        if not alive:
            self.close()
        return kind, value

    def _reply(self, timeout: float) -> bytes | None:
        import time

        from . import isolate

        deadline = time.monotonic() + timeout
        ready: list[int] = []
        while not ready:
            left = deadline - time.monotonic()
            if left <= 0:
                self.close(kill=True)
                raise LoadError(isolate.timed_out(timeout))
            ready, _, _ = select.select([self.res], [], [], left)
        return _recv(self.res)


_readers: dict[int, Reader] = {}  # budget -> this process's reader
_hooked: list[int] = []  # the processes that registered _close_all


def _close_all() -> None:
    for reader in list(_readers.values()):
        if reader.owner == os.getpid():
            reader.close()
    _readers.clear()


def reader_for(budget: int) -> Reader:
    """This process's reader with `budget` bytes of headroom, started (or restarted) when needed."""
    pid = os.getpid()
    for key, reader in list(_readers.items()):
        if reader.owner != pid:  # inherited from the process this one was forked from: not ours to use
            if reader.open:  # its pipes were open when this process was forked: close our copies
                for fd in (reader.req, reader.res):
                    os.close(fd)
            del _readers[key]
        elif not reader.open or key != budget:
            reader.close()
            del _readers[key]
    if pid not in _hooked:
        _hooked.append(pid)
        atexit.register(_close_all)
        if "multiprocessing" in sys.modules:  # a pool worker leaves through os._exit, after its finalizers
            from multiprocessing import util

            util.Finalize(None, _close_all, exitpriority=10)
    if budget not in _readers:
        _readers[budget] = Reader(budget)
    return _readers[budget]
