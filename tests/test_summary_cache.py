"""The map step's summaries and the content-hash cache: same reports, nothing stale or corrupt trusted."""

from __future__ import annotations

import pickle
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import MINI_PACK, REPO, write_doc

from policy_audit import cache as cache_mod
from policy_audit.audit import AuditOptions, run_audit
from policy_audit.cache import Cache, default_cache_dir
from policy_audit.cli import cli
from policy_audit.documents.load import load_document
from policy_audit.documents.model import Document
from policy_audit.engine import summary as summary_mod
from policy_audit.engine.compiled import CompiledPack
from policy_audit.engine.summary import OMITTED, summarize
from policy_audit.language.pack import load_pack
from policy_audit.report.formats import renderer

BODY = """# Equity

The Board shall fund the Office of Equity every year.

Staff may report to the board on equity when asked.

Lunch is served at noon in the cafeteria.

Buses leave at three o'clock.
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(REPO / "sample_policies", folder)
    write_doc(folder, "mini.md", BODY)
    return folder


def _reports(folder: Path, pack: CompiledPack, **opts: object) -> tuple[str, str]:
    run = run_audit([folder], [pack], AuditOptions(**opts), "test")  # type: ignore[arg-type]
    return renderer("json")(run.report), renderer("sarif")(run.report)


def test_jobs_2_and_cached_runs_give_byte_identical_reports(tmp_path: Path, mini_pack: CompiledPack) -> None:
    folder = _folder(tmp_path)
    one = _reports(folder, mini_pack, jobs=1)
    assert '"state": "met"' in one[0]  # a real audit, not an empty one
    assert _reports(folder, mini_pack, jobs=2) == one
    store = tmp_path / "cache"
    assert _reports(folder, mini_pack, jobs=2, cache_dir=store) == one  # fills the cache from workers
    assert _reports(folder, mini_pack, jobs=1, cache_dir=store) == one  # read back in-process


def test_a_cached_run_does_not_analyse_again(tmp_path: Path, mini_pack: CompiledPack,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    store = tmp_path / "cache"
    first = _reports(folder, mini_pack, cache_dir=store)

    def refuse(*_: object) -> None:
        raise AssertionError("analysed although cached")

    monkeypatch.setattr(summary_mod, "analyze", refuse)
    assert _reports(folder, mini_pack, cache_dir=store) == first
    write_doc(folder, "mini.md", BODY.replace("shall", "may"))  # changed bytes: a miss, analysed
    with pytest.raises(AssertionError, match="analysed although cached"):
        _reports(folder, mini_pack, cache_dir=store)


def test_summary_keeps_only_citable_sentences_and_is_small(tmp_path: Path, mini_pack: CompiledPack) -> None:
    doc = load_document(write_doc(tmp_path, "p.md", BODY), "p.md")
    assert isinstance(doc, Document)
    s = summarize(doc, mini_pack)
    texts = [x.text for x in s.doc.sentences]
    assert s.doc.text == ""
    assert "The Board shall fund the Office of Equity every year." in texts
    assert "Equity" in texts  # a heading: findings are anchored at headings
    assert not any("cafeteria" in t or "Buses" in t for t in texts)
    assert sum(1 for x in s.doc.sentences if x is OMITTED) == 2
    assert len(s.doc.sentences) == len(doc.sentences)  # counts and indices unchanged
    assert s.doc.locate(doc.sentences[2].start) == doc.locate(doc.sentences[2].start)
    filler = "".join(f"Route {i} stops at the corner of Elm and {i}th street.\n\n" for i in range(300))
    big = load_document(write_doc(tmp_path, "big.md", BODY + filler), "big.md")
    assert isinstance(big, Document)
    assert len(pickle.dumps(summarize(big, mini_pack))) < len(pickle.dumps(big)) / 4


def test_summary_keys_are_stable_across_copies_of_the_pack(tmp_path: Path, mini_pack: CompiledPack,
                                                           mini_pack_dir: Path) -> None:
    doc = load_document(write_doc(tmp_path, "p.md", BODY), "p.md")
    assert isinstance(doc, Document)
    other = CompiledPack.build(load_pack([mini_pack_dir]))  # other objects: id() would differ
    s = pickle.loads(pickle.dumps(summarize(doc, mini_pack))).bind(other, 3)
    fund = other.pack.rule("FND-01")
    assert fund is not None and fund.require is not None
    got = s.matches(fund.require)  # type: ignore[arg-type]
    assert [(m.doc, m.verdict.strength) for m in got] == [(3, "binding")]


def _entries(store: Path) -> list[Path]:
    return sorted(p for p in store.rglob("*") if p.is_file())


@pytest.mark.parametrize("damage", ["truncate", "flip", "header", "empty"])
def test_a_corrupt_entry_is_recomputed_never_trusted(tmp_path: Path, mini_pack: CompiledPack, damage: str) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "mini.md", BODY)
    store = tmp_path / "cache"
    good = _reports(folder, mini_pack, cache_dir=store)
    entries = _entries(store)
    assert entries
    for e in entries:
        blob = e.read_bytes()
        if damage == "truncate":
            e.write_bytes(blob[: len(blob) // 2])
        elif damage == "flip":  # one byte of the pickled summary: the checksum catches it
            e.write_bytes(blob[:-20] + bytes([blob[-20] ^ 0x40]) + blob[-19:])
        elif damage == "header":
            e.write_bytes(b"policy-audit cache 0\n" + blob[21:])
        else:
            e.write_bytes(b"")
        assert Cache(store).get(e.name) is None
    assert _reports(folder, mini_pack, cache_dir=store) == good
    assert all(Cache(store).get(e.name) is not None for e in entries)  # rewritten whole


def test_a_valid_entry_of_the_wrong_type_is_not_used(tmp_path: Path, mini_pack: CompiledPack) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "mini.md", BODY)
    store = tmp_path / "cache"
    good = _reports(folder, mini_pack, cache_dir=store)
    for e in _entries(store):
        Cache(store).put(e.name, {"not": "a summary"})
    assert _reports(folder, mini_pack, cache_dir=store) == good


def test_concurrent_writers_never_expose_half_an_entry(tmp_path: Path) -> None:
    c = Cache(tmp_path)
    value = {"sentences": ["x" * 200] * 2000}
    c.put("k1", value)
    seen: list[object] = []

    def write() -> None:
        for _ in range(30):
            Cache(tmp_path).put("k1", value)

    def read() -> None:
        for _ in range(200):
            seen.append(Cache(tmp_path).get("k1"))

    threads = [threading.Thread(target=write) for _ in range(2)] + [threading.Thread(target=read)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen and all(v == value for v in seen)
    assert [p.name for p in _entries(tmp_path)] == ["k1"]  # no temporary file left behind


def test_the_rule_pack_is_parsed_once_until_a_rule_file_changes(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mini.rules").write_text(MINI_PACK, encoding="utf-8")
    store = Cache(tmp_path / "cache")
    first, key = store.load_pack([rules])
    import policy_audit.language.pack as pack_mod

    real = pack_mod.load_pack
    calls: list[object] = []

    def counting(paths: list[Path]) -> object:
        calls.append(paths)
        return real(paths)

    monkeypatch.setattr(pack_mod, "load_pack", counting)
    again, key2 = store.load_pack([rules])
    assert calls == [] and key2 == key and again.rules[0].title == first.rules[0].title
    (rules / "mini.rules").write_text(MINI_PACK.replace("Funding for the equity office", "Money for equity"),
                                      encoding="utf-8")
    changed, key3 = store.load_pack([rules])
    assert len(calls) == 1 and key3 != key
    assert changed.rule("FND-01").title == "Money for equity"  # type: ignore[union-attr]


def test_a_pack_named_by_absolute_path_is_found_from_any_folder(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mini.rules").write_text(MINI_PACK, encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    absolute, relative = Cache.pack_key([rules]), Cache.pack_key([Path("../rules")])
    monkeypatch.chdir(tmp_path / "b")
    assert Cache.pack_key([rules]) == absolute  # auditing another folder reuses the parsed pack
    assert Cache.pack_key([Path("../rules")]) != relative  # a relative name is read from here


def test_the_matcher_and_lexicon_come_from_the_cache_on_a_second_start(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import policy_audit.engine.compiled as compiled_mod

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mini.rules").write_text(MINI_PACK, encoding="utf-8")
    first = Cache(tmp_path / "cache").compiled_pack([rules])
    calls: list[object] = []
    real = compiled_mod.compile_matcher

    def counting(*args: object) -> object:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(compiled_mod, "compile_matcher", counting)
    again = Cache(tmp_path / "cache").compiled_pack([rules])
    assert calls == []  # assembled from the cached parts, not compiled again
    doc = ["the", "board", "shall", "fund", "the", "equity", "office"]
    assert again.matcher.scan(doc) == first.matcher.scan(doc)
    assert again.key_of(again.judgements[0]) == first.key_of(first.judgements[0])


def test_cache_folder_follows_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "policy-audit"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the spec: only absolute paths count
    monkeypatch.setattr(cache_mod.Path, "home", classmethod(lambda cls: tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "policy-audit"


def test_cli_cache_flags(tmp_path: Path, mini_pack_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "mini.md", BODY)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    runner = CliRunner()
    base = ["check", str(folder), "--rules", str(mini_pack_dir), "-f", "json", "--no-config"]
    plain = runner.invoke(cli, [*base, "--no-cache"])
    assert not (tmp_path / "xdg").exists()
    runner.invoke(cli, [*base, "--cache-dir", str(tmp_path / "mine")])
    assert _entries(tmp_path / "mine") and not (tmp_path / "xdg").exists()
    default = runner.invoke(cli, base)
    assert _entries(tmp_path / "xdg" / "policy-audit")
    again = runner.invoke(cli, base)
    assert plain.output == default.output == again.output and '"rule_id": "FND-01"' in plain.output


def test_another_build_of_the_tool_does_not_reuse_entries(tmp_path: Path, mini_pack: CompiledPack,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    write_doc(folder, "mini.md", BODY)
    store = tmp_path / "cache"
    _reports(folder, mini_pack, cache_dir=store)
    before = _entries(store)
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda: "another build")
    _reports(folder, mini_pack, cache_dir=store)
    assert len(_entries(store)) == 2 * len(before)  # a new entry beside the old one, not the old one read


def test_the_cache_reads_only_regular_files_and_never_past_the_limit(tmp_path: Path) -> None:
    assert Cache.read_file(Path("/dev/zero"), 1000) is None  # endless: never read whole
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 2000)
    assert Cache.read_file(big, 1000) is None
    got = Cache.read_file(big, 5000)
    assert got is not None and got[0] == b"x" * 2000


def test_a_device_named_as_a_rule_file_is_not_read_whole_by_the_pack_cache(tmp_path: Path) -> None:
    from policy_audit.language.errors import RuleError

    with pytest.raises(RuleError):  # the parser's own refusal, reached without reading forever
        Cache(tmp_path / "cache").load_pack([Path("/dev/zero")])
