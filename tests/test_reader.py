"""The long-lived isolated reader: reused across files, replaced after any file that breaks it."""

from __future__ import annotations

import os
import time

import pytest

from policy_audit.documents import isolate, reader
from policy_audit.documents.loaders.base import LoadError
from policy_audit.documents.model import LoadedText

pytestmark = pytest.mark.skipif(not isolate.available(), reason="isolation needs fork and rlimits")


def _pid(data: bytes, path: str) -> LoadedText:
    return LoadedText(text=f"{os.getpid()} {data.decode()} {path}", blocks=[])


def _abort(data: bytes, path: str) -> LoadedText:
    os.abort()


def _hog(data: bytes, path: str) -> LoadedText:
    return [bytearray(1 << 20) for _ in range(4096)]  # type: ignore[return-value]  # 4 GB


def _sleep(data: bytes, path: str) -> LoadedText:
    time.sleep(60)
    raise AssertionError


def _bad(data: bytes, path: str) -> LoadedText:
    raise LoadError("not a policy file")


def _child_pid(data: bytes = b"x", path: str = "a.pdf") -> int:
    loaded = isolate.run_isolated(_pid, data, path)
    pid, text, shown = loaded.text.split()
    assert (text, shown) == (data.decode(), path)
    return int(pid)


def test_one_child_reads_file_after_file() -> None:
    first = _child_pid(b"one", "a.pdf")
    assert first != os.getpid()
    assert _child_pid(b"two", "b.pdf") == first
    with pytest.raises(LoadError, match="not a policy file"):  # a loader's own error keeps the child
        isolate.run_isolated(_bad, b"", "c.pdf")
    assert _child_pid() == first


@pytest.mark.parametrize("breaker, reason, options", [
    (_abort, "crashed \\(SIGABRT\\)", {}),
    (_hog, "out of memory", {"memory": 256 << 20}),
    (_sleep, "longer than 0.5 seconds", {"timeout": 0.5}),
])
def test_a_file_that_breaks_the_child_costs_only_that_file(breaker: object, reason: str, options: dict) -> None:
    before = _child_pid()
    with pytest.raises(LoadError, match=reason):
        isolate.run_isolated(breaker, b"", "x.pdf", **options)  # type: ignore[arg-type]
    after = _child_pid()
    assert after not in (before, os.getpid())


def test_a_child_killed_between_files_is_replaced_without_blaming_the_next_file() -> None:
    before = _child_pid()
    os.kill(before, 9)
    time.sleep(0.2)
    assert _child_pid() not in (before, os.getpid())


def test_the_child_retires_after_its_share_of_files(monkeypatch: pytest.MonkeyPatch) -> None:
    reader._close_all()
    monkeypatch.setattr(reader, "MAX_SERVED", 2)  # read by the next child when it starts
    pids = [_child_pid() for _ in range(5)]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
    reader._close_all()


def test_a_loader_that_cannot_be_sent_still_runs_in_a_child_of_its_own() -> None:
    loaded = isolate.run_isolated(lambda data, path: LoadedText(text=str(os.getpid()), blocks=[]), b"", "x.pdf")
    assert int(loaded.text) != os.getpid()


def test_closing_leaves_no_child_behind() -> None:
    pid = _child_pid()
    reader._close_all()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
