"""Diff mode on real edits: weakened, removed, negated, strengthened; moved text is not a change."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from test_cli import run

BASE = """---
title: BP 0415 Equity Policy
---
# Equity

The district shall pursue equity in every school.

## Budget

The Board shall allocate funds to the Office of Equity each year.

## Reporting

The Superintendent shall report to the Board on equity goals each spring.
"""


def write(folder: Path, text: str, name: str = "equity.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def diff(tmp: Path, new_text: str, pack: Path, *flags: str) -> tuple[int, dict]:
    old, new = write(tmp / "old", BASE), write(tmp / "new", new_text)
    code, out, err = run(["diff", str(old), str(new), "--rules", str(pack), "-f", "json", *flags])
    return code, json.loads(out)


def changes(data: dict) -> list[tuple[str, str, str]]:
    return [(rd["rule_id"], c["kind"], (c["new"] or c["old"])["strength"]) for rd in data["rules"] for c in rd["changes"]]


def test_shall_to_may_is_weakened_with_both_sentences(tmp_path: Path, mini_pack_dir: Path) -> None:
    code, data = diff(tmp_path, BASE.replace("The Board shall allocate", "The Board may allocate"), mini_pack_dir)
    assert ("FND-01", "weakened", "hedged") in changes(data)
    rd = next(r for r in data["rules"] if r["rule_id"] == "FND-01")
    assert (rd["old_state"], rd["new_state"]) == ("met", "weak")
    c = rd["changes"][0]
    assert c["old"]["text"].startswith("The Board shall allocate") and c["new"]["text"].startswith("The Board may")
    assert code == 0  # without --fail-on-regression a diff only reports


def test_fail_on_regression_exits_1(tmp_path: Path, mini_pack_dir: Path) -> None:
    code, _ = diff(tmp_path, BASE.replace("shall allocate", "will not allocate"), mini_pack_dir, "--fail-on-regression")
    assert code == 1


def test_negated_and_removed(tmp_path: Path, mini_pack_dir: Path) -> None:
    text = BASE.replace("The Board shall allocate", "The Board will not allocate")
    text = text.replace("The Superintendent shall report to the Board on equity goals each spring.\n", "")
    _, data = diff(tmp_path, text, mini_pack_dir)
    got = changes(data)
    assert ("FND-01", "weakened", "negated") in got
    assert ("ALN-03", "removed", "binding") in got
    assert data["summary"]["regressions"] >= 2


def test_strengthened_and_added(tmp_path: Path, mini_pack_dir: Path) -> None:
    old = BASE.replace("The Board shall allocate", "The Board may allocate")
    write(tmp_path / "old", old)
    write(tmp_path / "new", BASE + "\nThe district shall review hiring for equity.\n")
    code, out, _ = run(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--rules", str(mini_pack_dir), "-f", "json",
                        "--fail-on-regression"])
    data = json.loads(out)
    got = changes(data)
    assert ("FND-01", "strengthened", "binding") in got and ("INT-02", "added", "binding") in got
    assert code == 0 and data["summary"]["regressions"] == 0


def test_moved_paragraph_is_not_a_change(tmp_path: Path, mini_pack_dir: Path) -> None:
    budget = "## Budget\n\nThe Board shall allocate funds to the Office of Equity each year.\n\n"
    moved = BASE.replace(budget, "") + "\n" + budget
    code, data = diff(tmp_path, moved, mini_pack_dir, "--fail-on-regression")
    assert data["rules"] == [] and code == 0


def test_folders_pair_documents_and_count_added_and_deleted_ones(tmp_path: Path, mini_pack_dir: Path) -> None:
    write(tmp_path / "old", BASE)
    write(tmp_path / "old", "# BP 9 Budget Policy\n\nThe Board shall allocate funds to the equity office.\n", "budget.md")
    write(tmp_path / "new", BASE)
    write(tmp_path / "new", "# Hiring Policy\n\nThe district shall review hiring for equity.\n", "hiring.md")
    code, out, _ = run(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--rules", str(mini_pack_dir), "-f", "json"])
    got = changes(json.loads(out))
    assert ("FND-01", "removed", "binding") in got and ("INT-02", "added", "binding") in got


def test_output_is_deterministic_and_text_shows_both_sentences(tmp_path: Path, mini_pack_dir: Path) -> None:
    write(tmp_path / "old", BASE)
    write(tmp_path / "new", BASE.replace("shall allocate", "should allocate"))
    args = ["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--rules", str(mini_pack_dir)]
    assert run(args + ["-f", "json"])[1] == run(args + ["-f", "json"])[1]
    text = run(args)[1]
    assert "FND-01" in text and "- The Board shall allocate" in text and "+ The Board should allocate" in text
    md = run(args + ["-f", "markdown"])[1]
    assert md.startswith("## policy-audit diff: regressions") and "| **FND-01**" in md


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    r.mkdir()
    _git(r, "init", "-q")
    _git(r, "config", "user.email", "test@example.org")
    _git(r, "config", "user.name", "Test")
    write(r / "policies", BASE)
    _git(r, "add", ".")
    _git(r, "commit", "-q", "-m", "adopt the equity policy")
    return r


def test_check_diff_base_catches_a_weakened_draft(repo: Path, mini_pack_dir: Path) -> None:
    draft = repo / "policies" / "equity.md"
    draft.write_text(BASE.replace("shall allocate", "may, as resources permit, allocate"), encoding="utf-8")
    code, out, err = run(["check", "policies", "--diff-base", "HEAD", "--fail-on-regression", "--rules",
                          str(mini_pack_dir)], cwd=repo)
    assert code == 1, err
    assert "comparing HEAD -> policies" in out and "weakened" in out and "+ The Board may, as resources permit" in out


def test_check_diff_base_with_a_new_file_reports_additions(repo: Path, mini_pack_dir: Path) -> None:
    write(repo / "policies", "# Hiring Policy\n\nThe district shall review hiring for equity.\n", "hiring.md")
    code, out, _ = run(["check", "policies", "--diff-base", "HEAD", "--fail-on-regression", "--rules",
                        str(mini_pack_dir), "-f", "json"], cwd=repo)
    assert code == 0 and ("INT-02", "added", "binding") in changes(json.loads(out))


def test_unknown_revision_is_a_usage_error(repo: Path, mini_pack_dir: Path) -> None:
    code, _, err = run(["check", "policies", "--diff-base", "no-such-rev", "--rules", str(mini_pack_dir)], cwd=repo)
    assert code == 2 and "--diff-base no-such-rev" in err
