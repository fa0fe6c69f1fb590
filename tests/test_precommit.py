"""The shipped pre-commit hooks, run by pre-commit itself in a temporary repository, against the mini pack."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import REPO, hook_env, write_doc

pytestmark = pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                                reason="pre-commit is not installed (pip install pre-commit)")

HOOKS = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
TITLE = "BP 0415 Equity Policy"
POLICY = """# Equity

The district shall pursue equity in every school.

## Budget

The Board shall allocate funds to the Office of Equity each year.
"""
WEAKENED = POLICY.replace("The Board shall allocate", "The Board may allocate")
UNFUNDED = POLICY.replace("The Board shall allocate funds to the Office of Equity each year.\n", "")


def local_hook(hook_id: str) -> dict[str, object]:
    """The shipped hook as a `repo: local` hook: same entry, files, filename passing and triggers; no download."""
    shipped = HOOKS[hook_id]
    keep = ("id", "name", "entry", "files", "pass_filenames", "always_run", "require_serial")
    return {**{k: shipped[k] for k in keep if k in shipped}, "language": "system"}


@pytest.fixture()
def repo(tmp_path: Path, mini_pack_dir: Path) -> tuple[Path, dict[str, str]]:
    r = tmp_path / "district"
    r.mkdir()
    env = hook_env(tmp_path)
    hooks = [local_hook(i) for i in ("policy-audit", "policy-audit-diff")]
    (r / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}),
                                               encoding="utf-8")
    # the hooks take their options from the config file (the diff hook's entry ends with `--`)
    (r / ".policy-audit.toml").write_text(f"rules = [{json.dumps(mini_pack_dir.as_posix())}]\n", encoding="utf-8")
    write_doc(r, "draft.md", POLICY, TITLE)
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "adopt the policy"]):
        git(r, env, *args)
    return r, env


def git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def pre_commit(repo: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess[str]:
    """Stage everything and run one hook as `git commit` would: on the staged files."""
    git(repo, env, "add", "-A")
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", hook], cwd=repo,
                          capture_output=True, text=True, env=env)


def test_shipped_hooks_match_the_documented_definition() -> None:
    main = HOOKS["policy-audit"]
    assert main["entry"].split()[:2] == ["policy-audit", "check"] and "--diff-base" not in main["entry"]
    assert main["language"] == "python" and not main["pass_filenames"]  # requirements are judged per folder
    assert main["files"] == r"\.(md|markdown|txt|docx|pdf|html?|odt|rtf)$"
    assert "--diff-base HEAD" in HOOKS["policy-audit-diff"]["entry"]
    for hook in HOOKS.values():  # pre-commit never passes a deleted file: the hooks run on every commit
        assert hook["always_run"] and "--staged" in hook["entry"]
    assert HOOKS["policy-audit-diff"]["entry"].endswith(" --")  # staged names are never read as options


def test_both_hooks_pass_on_the_committed_policy(repo: tuple[Path, dict[str, str]]) -> None:
    r, env = repo
    for hook in ("policy-audit", "policy-audit-diff"):
        done = pre_commit(r, env, hook)
        assert done.returncode == 0, done.stdout + done.stderr


def test_check_hook_fails_on_a_draft_missing_an_error_rule(repo: tuple[Path, dict[str, str]]) -> None:
    r, env = repo
    write_doc(r, "draft.md", WEAKENED, TITLE)
    assert pre_commit(r, env, "policy-audit").returncode == 0  # weak findings are warnings: --fail-on error passes
    write_doc(r, "draft.md", UNFUNDED, TITLE)
    done = pre_commit(r, env, "policy-audit")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "policy-audit" in done.stdout and "Failed" in done.stdout and "FND-01" in done.stdout


def test_diff_hook_fails_on_a_weakened_draft_and_shows_the_sentence(repo: tuple[Path, dict[str, str]]) -> None:
    r, env = repo
    write_doc(r, "draft.md", WEAKENED, TITLE)
    done = pre_commit(r, env, "policy-audit-diff")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout and "weakened" in done.stdout
    assert "The Board may allocate funds to the Office of Equity each year." in done.stdout


BUDGET = "# Budget\n\nThe Board shall allocate funds to the Office of Equity each year.\n"


@pytest.fixture()
def split_repo(repo: tuple[Path, dict[str, str]]) -> tuple[Path, dict[str, str]]:
    """The funding commitment in its own file, committed."""
    r, env = repo
    write_doc(r, "draft.md", UNFUNDED, TITLE)
    write_doc(r, "budget.md", BUDGET, "BP 3100 Budget Policy")
    git(r, env, "add", "-A")
    git(r, env, "commit", "-q", "-m", "split the budget out")
    return r, env


def test_deleting_a_policy_file_runs_both_hooks_and_fails(split_repo: tuple[Path, dict[str, str]]) -> None:
    r, env = split_repo
    git(r, env, "rm", "-q", "budget.md")
    done = pre_commit(r, env, "policy-audit")
    assert done.returncode == 1 and "Skipped" not in done.stdout, done.stdout + done.stderr
    assert "FND-01" in done.stdout
    done = pre_commit(r, env, "policy-audit-diff")
    assert done.returncode == 1 and "Skipped" not in done.stdout, done.stdout + done.stderr
    assert "removed" in done.stdout and "The Board shall allocate funds" in done.stdout


def test_renaming_a_policy_file_runs_the_hooks_and_a_move_is_no_change(split_repo: tuple[Path, dict[str, str]]) -> None:
    r, env = split_repo
    git(r, env, "mv", "budget.md", "bp-3100-budget.md")
    for hook in ("policy-audit", "policy-audit-diff"):
        done = pre_commit(r, env, hook)
        assert done.returncode == 0 and "Passed" in done.stdout, done.stdout + done.stderr
    write_doc(r, "bp-3100-budget.md", BUDGET.replace("shall allocate", "may allocate"), "BP 3100 Budget Policy")
    done = pre_commit(r, env, "policy-audit-diff")
    assert done.returncode == 1 and "weakened" in done.stdout, done.stdout + done.stderr


def test_a_commit_touching_no_policy_document_skips_the_audit(split_repo: tuple[Path, dict[str, str]]) -> None:
    r, env = split_repo
    git(r, env, "rm", "-q", "budget.md")
    git(r, env, "commit", "-q", "--no-verify", "-m", "drop the budget")  # the folder now fails FND-01
    (r / "notes.xyz").write_text("minutes", encoding="utf-8")
    done = pre_commit(r, env, "policy-audit")
    assert done.returncode == 0 and "Passed" in done.stdout, done.stdout + done.stderr  # audited, it would fail


def test_a_staged_file_named_like_an_option_is_read_as_a_file(repo: tuple[Path, dict[str, str]]) -> None:
    r, env = repo
    (r / "README.md").write_text("# District policies\n", encoding="utf-8")
    write_doc(r, "-oREADME.md", POLICY, TITLE)
    done = pre_commit(r, env, "policy-audit-diff")
    assert (r / "README.md").read_text(encoding="utf-8") == "# District policies\n", done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
