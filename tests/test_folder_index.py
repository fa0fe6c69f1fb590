"""The folder index and the report cache: an unchanged folder is not read again, a changed file always is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import write_doc
from test_cli import run

from policy_audit import cache as cache_mod
from policy_audit.audit import AuditOptions, audit_report
from policy_audit.cache import Cache
from policy_audit.engine import summary as summary_mod
from policy_audit.engine.compiled import CompiledPack
from policy_audit.folderindex import FolderIndex
from policy_audit.report.formats import renderer

FUNDED = "# Equity\n\nThe Board shall fund the Office of Equity every year.\n"
HEDGED = "# Equity\n\nThe Board may fund the Office of Equity every year.\n"  # same length as FUNDED less one


@pytest.fixture()
def settled_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled (a real folder's files were written long before)."""
    monkeypatch.setattr(cache_mod, "SETTLE_NS", 0)
    monkeypatch.setattr(cache_mod, "COARSE_SETTLE_NS", 0)


class Reads:
    """Counts the files the map step opens (through the cache's reader and the loader)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real_read, real_load = Cache.read_file, summary_mod.load_document

        def read(path: Path, max_bytes: int) -> object:
            self.paths.append(Path(path).name)
            return real_read(path, max_bytes)

        def load(real: Path, *args: object) -> object:
            self.paths.append(Path(real).name)
            return real_load(real, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(Cache, "read_file", staticmethod(read))
        monkeypatch.setattr(summary_mod, "load_document", load)


def _json(folder: Path, pack: CompiledPack, store: Path | None, jobs: int = 1) -> str:
    keys = [pack.digest] if store else None
    return renderer("json")(audit_report([folder], lambda: [pack], keys, AuditOptions(cache_dir=store, jobs=jobs),
                                         "t").report)


def _state(report: str, rule: str = "FND-01") -> str:
    return next(r["state"] for r in json.loads(report)["results"] if r["rule_id"] == rule)


def test_an_unchanged_folder_is_reported_without_reading_a_file(tmp_path: Path, mini_pack: CompiledPack,
                                                                 settled_now: None,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "a.md", FUNDED)
    write_doc(folder, "b.md", HEDGED)
    store = tmp_path / "cache"
    first = _json(folder, mini_pack, store)
    reads = Reads(monkeypatch)
    assert _json(folder, mini_pack, store) == first
    assert reads.paths == []
    assert _json(folder, mini_pack, None) == first  # what an uncached run says


def test_a_file_rewritten_with_the_same_size_and_mtime_is_read_again(tmp_path: Path, mini_pack: CompiledPack,
                                                                    settled_now: None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    path = write_doc(folder, "a.md", FUNDED)
    store = tmp_path / "cache"
    assert _state(_json(folder, mini_pack, store)) == "met"
    before = os.stat(path)
    path.write_text(path.read_text(encoding="utf-8").replace("shall", "may  "), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # only the ctime tells
    assert os.stat(path).st_size == before.st_size and os.stat(path).st_mtime_ns == before.st_mtime_ns
    reads = Reads(monkeypatch)
    assert _state(_json(folder, mini_pack, store)) == "weak"
    assert "a.md" in reads.paths


def test_a_file_whose_size_changed_is_read_again(tmp_path: Path, mini_pack: CompiledPack, settled_now: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    path = write_doc(folder, "a.md", FUNDED)
    write_doc(folder, "b.md", FUNDED)
    store = tmp_path / "cache"
    _json(folder, mini_pack, store)
    write_doc(folder, "a.md", HEDGED)
    reads = Reads(monkeypatch)
    assert _state(_json(folder, mini_pack, store)) == "met"  # b.md still funds it
    assert reads.paths.count("a.md") >= 1 and "b.md" not in reads.paths
    path.unlink()
    assert '"a.md"' not in _json(folder, mini_pack, store)


def test_a_file_changed_just_before_the_run_is_not_trusted_by_its_stamp(tmp_path: Path, mini_pack: CompiledPack,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "a.md", FUNDED)
    store = tmp_path / "cache"
    first = _json(folder, mini_pack, store)  # the file is seconds old: too fresh to vouch for by its stamp
    reads = Reads(monkeypatch)
    assert _json(folder, mini_pack, store) == first
    assert reads.paths == ["a.md"]  # hashed again (its summary then comes from the content cache)


def test_a_stamp_is_trusted_only_once_its_timestamp_tick_has_passed() -> None:
    second = 1_000_000_000
    now = 1_700_000_010 * second
    fine = (10, now - 600_000_000 + 1234, now - 600_000_000 + 1234, 1, 1)  # nanosecond times, 0.6 s old
    assert cache_mod.settled(fine, now)
    assert not cache_mod.settled((10, now - 300_000_000 + 7, now - 300_000_000 + 7, 1, 1), now)  # 0.3 s
    assert not cache_mod.settled((10, now - second, now - second, 1, 1), now)  # whole seconds: FAT, HFS+
    assert cache_mod.settled((10, now - 3 * second, now - 3 * second, 1, 1), now)
    assert not cache_mod.settled((10, now - 3 * second, now - 100, 1, 1), now)  # the ctime is recent


def test_a_damaged_index_entry_is_recomputed_never_trusted(tmp_path: Path, mini_pack: CompiledPack,
                                                           settled_now: None) -> None:
    folder = tmp_path / "docs"
    path = write_doc(folder, "a.md", FUNDED)
    store = tmp_path / "cache"
    first = _json(folder, mini_pack, store)
    index = FolderIndex(Cache(store), [folder], [mini_pack.digest], {}, AuditOptions().max_bytes)
    [(shown, (real, stamp, keys))] = index.entries.items()
    assert keys and stamp == cache_mod.file_stamp(path)
    write_doc(folder, "a.md", HEDGED)
    now = cache_mod.file_stamp(path)
    # entries that match the file as it is now, but are malformed or name a summary the cache lacks
    for bad in [(real, now), (real, now, "not keys"), (real, now, ()), "garbage", (real, now, ("s-missing",))]:
        Cache(store).put(index.key, {shown: bad})
        assert _state(_json(folder, mini_pack, store)) == "weak", bad
    Cache(store).put(index.key, ["not", "an", "index"])
    assert _state(_json(folder, mini_pack, store)) == "weak"
    write_doc(folder, "a.md", FUNDED)
    assert _json(folder, mini_pack, store) == first


def test_a_report_entry_of_the_wrong_type_is_not_used(tmp_path: Path, mini_pack: CompiledPack,
                                                      settled_now: None) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "a.md", FUNDED)
    store = tmp_path / "cache"
    first = _json(folder, mini_pack, store)
    reports = [p for p in store.rglob("r*") if p.is_file()]
    assert len(reports) == 1
    Cache(store).put(reports[0].name, {"report": "forged"})
    assert _json(folder, mini_pack, store) == first


def test_jobs_and_cache_give_byte_identical_cli_reports(tmp_path: Path, mini_pack_dir: Path,
                                                        settled_now: None) -> None:
    folder = tmp_path / "docs"
    for i, body in enumerate([FUNDED, HEDGED, FUNDED.replace("Equity", "Budget")]):
        write_doc(folder, f"p{i}.md", body)
    store = str(tmp_path / "cache")

    def check(*extra: str) -> tuple[str, str]:
        out = {}
        for fmt in ("json", "sarif"):
            target = tmp_path / f"out.{fmt}"
            code, _, err = run(["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "-f", fmt,
                                "-o", str(target), "-q", *extra])
            assert code in (0, 1), err
            out[fmt] = target.read_text(encoding="utf-8")
        return out["json"], out["sarif"]

    plain = check("--no-cache")
    assert '"state": "met"' in plain[0]
    assert check("--no-cache", "--jobs", "2") == plain
    assert check("--cache-dir", store, "--jobs", "2") == plain  # fills the cache from workers
    assert check("--cache-dir", store, "--jobs", "1") == plain  # the index and the stored report
    assert check("--cache-dir", store, "--jobs", "2") == plain


def test_inline_suppressions_apply_to_a_report_from_the_cache(tmp_path: Path, mini_pack_dir: Path,
                                                              settled_now: None) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "a.md", HEDGED.replace("The Board", "<!-- policy-audit: ignore FND-01 -- the state funds it -->\n"
                                                           "The Board"))
    args = ["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "-f", "json", "--select", "FND-01",
            "--cache-dir", str(tmp_path / "cache")]
    outputs = [run(args)[1] for _ in range(3)]
    assert outputs[0] == outputs[1] == outputs[2]
    [finding] = [f for f in json.loads(outputs[2])["findings"] if f["rule_id"] == "FND-01"]
    assert finding["suppressed"]["justification"] == "the state funds it"


def test_a_report_from_the_cache_compiles_no_pack_and_loads_no_engine(tmp_path: Path, mini_pack_dir: Path) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "a.md", FUNDED)
    args = ["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "-f", "json", "-q",
            "--cache-dir", str(tmp_path / "cache")]
    code = ("import sys\n"
            "from policy_audit import cache\n"
            "cache.SETTLE_NS = cache.COARSE_SETTLE_NS = 0\n"  # the file was written a moment ago
            "from policy_audit.cli import cli\n"
            f"try:\n    cli.main({args!r})\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('lark', 'policy_audit.engine.analyze', 'policy_audit.engine.compiled',"
            " 'policy_audit.language.parser') if m in sys.modules]\n"
            "print('HEAVY', heavy)\n")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
            for _ in range(3)]
    assert "HEAVY ['lark', 'policy_audit.engine.analyze'" in runs[0].stdout  # the first run parses and audits
    assert runs[2].stdout.endswith("HEAVY []\n")  # the third finds the index and the report
    reports = [r.stdout.rsplit("HEAVY", 1)[0] for r in runs]
    assert '"state": "met"' in reports[0] and reports[0] == reports[1] == reports[2]


def test_the_progress_bar_counts_every_file_of_a_report_from_the_cache(tmp_path: Path, mini_pack: CompiledPack,
                                                                       settled_now: None) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "a.md", FUNDED)
    write_doc(folder, "b.md", HEDGED)
    store = tmp_path / "cache"
    seen: list[list[str]] = []
    for _ in range(2):
        ticks: list[str] = []
        audit_report([folder], lambda: [mini_pack], [mini_pack.digest], AuditOptions(cache_dir=store), "t",
                     progress=ticks.append)
        seen.append([Path(t).name for t in ticks])
    assert seen == [["a.md", "b.md"], ["a.md", "b.md"]]
