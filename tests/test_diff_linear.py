"""The linear diff: sentences aligned by text, edits paired only nearby in the same document."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from test_cli import run
from test_diff import changes, write

from policy_audit.compare import CHAR_LEVEL, SIMILAR, similarity

TOPICS = ["hiring", "curriculum", "transportation", "budget", "library", "athletics", "nutrition", "counseling"]


def _policy(n: int) -> str:
    lines = ["---\ntitle: BP 0415 Equity Policy\n---\n# Equity\n"]
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        lines.append(f"Item {i}: the district shall review {topic} for equity in school {i}.\n")
    return "\n".join(lines)


def _diff(tmp_path: Path, old: str, new: str, pack: Path) -> dict:
    a, b = write(tmp_path / "old", old), write(tmp_path / "new", new)
    code, out, _ = run(["diff", str(a), str(b), "--rules", str(pack), "-f", "json"])
    assert code == 0
    return json.loads(out)


def test_every_shall_changed_pairs_each_sentence_with_its_own_edit(tmp_path: Path, mini_pack_dir: Path) -> None:
    old = _policy(120)
    data = _diff(tmp_path, old, old.replace(" shall ", " may "), mini_pack_dir)
    rd = next(r for r in data["rules"] if r["rule_id"] == "ALN-02")
    kinds = [c["kind"] for c in rd["changes"]]
    assert kinds == ["weakened"] * 120  # one big edited stretch: no sentence left removed or added
    assert all(c["old"]["text"].replace(" shall ", " may ") == c["new"]["text"] for c in rd["changes"])


def test_an_edit_next_to_deleted_and_inserted_sentences_is_still_paired(tmp_path: Path, mini_pack_dir: Path) -> None:
    old = _policy(30)
    lines = old.split("\n")
    edited = [ln for ln in lines if not ln.startswith("Item 10:")]  # one commitment removed
    edited = [ln.replace("Item 11: the district shall", "Item 11: the district may") for ln in edited]
    edited.insert(edited.index(next(ln for ln in edited if ln.startswith("Item 12:"))),
                  "Every new principal shall complete equity training before June.\n")
    data = _diff(tmp_path, old, "\n".join(edited), mini_pack_dir)
    got = [(k, s) for rule, k, s in changes(data) if rule == "ALN-02"]
    assert sorted(got) == [("added", "binding"), ("removed", "binding"), ("weakened", "hedged")]


def test_a_sentence_moved_to_another_document_is_no_change(tmp_path: Path, mini_pack_dir: Path) -> None:
    moved = "The Board shall allocate funds to the Office of Equity each year.\n"
    write(tmp_path / "old", "# BP 1 Equity Policy\n\n" + moved, "a.md")
    write(tmp_path / "old", "# BP 2 Budget Policy\n\nLunch is at noon.\n", "b.md")
    write(tmp_path / "new", "# BP 1 Equity Policy\n\nLunch is at noon.\n", "a.md")
    write(tmp_path / "new", "# BP 2 Budget Policy\n\n" + moved, "b.md")
    code, out, _ = run(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--rules", str(mini_pack_dir),
                        "-f", "json"])
    assert code == 0 and json.loads(out)["rules"] == []


def test_similarity_is_difflibs_ratio_for_sentences() -> None:
    pairs = [("the board shall fund the office", "the board may fund the office"),
             ("staff shall report on equity", "staff report nothing"),
             ("abc", "xyz"), ("", "")]
    for a, b in pairs:
        assert abs(similarity(a, b) - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()) < 1e-9


def test_long_sentences_compare_word_by_word() -> None:
    words = [f"w{i}" for i in range(200)]
    a = " ".join(words)
    assert len(a) > CHAR_LEVEL
    b = " ".join(w if i % 50 else "changed" for i, w in enumerate(words))  # four words edited
    assert similarity(a, b) > 0.9
    assert similarity(a, " ".join(reversed(words))) < SIMILAR
