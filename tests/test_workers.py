"""Worker processes and isolated readers start from what the parent already has, and agree with it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from policy_audit.audit import AuditOptions, run_audit
from policy_audit.documents.model import LoadFailure
from policy_audit.engine import compiled as compiled_mod
from policy_audit.engine.compiled import CompiledPack
from policy_audit.report.formats import renderer


def test_workers_are_given_the_compiled_packs_not_left_to_compile_them(tmp_path: Path, mini_pack: CompiledPack,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(REPO / "sample_policies" / "maple-valley-sd", folder)
    one = renderer("json")(run_audit([folder], [mini_pack], AuditOptions(jobs=1), "t").report)

    def refuse(*_: object, **__: object) -> CompiledPack:
        raise AssertionError("a worker compiled the pack again")

    monkeypatch.setattr(compiled_mod.CompiledPack, "build", staticmethod(refuse))  # workers fork with this
    two = renderer("json")(run_audit([folder], [mini_pack], AuditOptions(jobs=2), "t").report)
    assert two == one and '"state": "met"' in one


def test_the_pdf_library_is_imported_once_in_the_parent_not_in_every_child() -> None:
    pdf = next((REPO / "sample_policies").rglob("*.pdf"))
    code = ("import sys\n"
            "from policy_audit.documents.load import load_document\n"
            f"doc = load_document({str(pdf)!r}, 'x.pdf')\n"
            "print(type(doc).__name__, 'pypdfium2' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["Document", "True"]


def test_the_map_keeps_the_collector_off_the_packs_and_gives_the_heap_back(tmp_path: Path,
                                                                           mini_pack: CompiledPack) -> None:
    import gc

    from policy_audit.engine.workers import map_documents

    folder = tmp_path / "docs"
    shutil.copytree(REPO / "sample_policies" / "maple-valley-sd", folder)
    documents = [(p, p.name) for p in sorted(folder.glob("*.md"))]
    assert gc.get_freeze_count() == 0
    frozen = []
    for _, done in map_documents(documents, [mini_pack], 10**7, {}, None, 1):
        frozen.append(gc.get_freeze_count())
        assert not isinstance(done.result, LoadFailure)
    assert len(frozen) == len(documents) and min(frozen) > 10_000  # the pack and modules, while mapping
    assert gc.get_freeze_count() == 0  # and a later collection may free any of it again


def test_nested_settled_blocks_unfreeze_only_at_the_outermost() -> None:
    import gc

    from policy_audit.engine.heap import settled

    with settled():
        outer = gc.get_freeze_count()
        with settled():
            pass
        assert gc.get_freeze_count() == outer > 0
    assert gc.get_freeze_count() == 0


def test_files_go_to_workers_in_chunks_small_enough_that_none_waits_long_at_the_end() -> None:
    from policy_audit.engine.workers import chunk_size

    assert chunk_size(200, 2) == 3  # 200 PDFs: 67 chunks, not 17 of 12 files (the last one alone ~0.2 s)
    assert chunk_size(1000, 2) == 8
    assert chunk_size(50_000, 2) == 8 and chunk_size(10, 2) == 1
    for n in (64, 200, 1000, 5000):
        assert n / chunk_size(n, 2) >= 2 * 32 or chunk_size(n, 2) == 8


def test_with_two_jobs_the_parent_summarises_chunks_no_worker_has_taken(tmp_path: Path, mini_pack: CompiledPack,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from policy_audit.engine import workers

    text = (REPO / "sample_policies" / "maple-valley-sd" / "policy-0150-educational-equity.md").read_text(encoding="utf-8")
    documents = []
    for n in range(48):
        path = tmp_path / f"policy-{n:02d}.md"
        path.write_text(text + f"\n\nPolicy number {n}.\n", encoding="utf-8")
        documents.append((path, path.name))
    serial = [done.result for _, done in workers.map_documents(documents, [mini_pack], 10**7, {}, None, 1)]
    parent, calls = os.getpid(), []
    real = workers.summarize_path

    def counted(*args: object, **kwargs: object) -> object:
        if os.getpid() == parent:  # a forked worker appends to its own copy of the list
            calls.append(args[1])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "summarize_path", counted)
    both = [done.result for _, done in workers.map_documents(documents, [mini_pack], 10**7, {}, None, 2)]
    assert 0 < len(calls) < len(documents)  # one worker process and the parent shared the files
    assert [[s.doc.path for s in r] for r in both] == [[s.doc.path for s in r] for r in serial]  # type: ignore[union-attr]
    assert [[dict(s.found) for s in r] for r in both] == [[dict(s.found) for s in r] for r in serial]  # type: ignore[union-attr]
