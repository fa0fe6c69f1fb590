"""The shipped pre-commit hooks, run by pre-commit itself in a temporary repository, against the mini pack."""

from __future__ import annotations

import importlib.util
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


def local_hook(hook_id: str, pack: Path) -> dict[str, object]:
    """The shipped hook as a `repo: local` hook: same entry, files and filename passing; no download."""
    shipped = HOOKS[hook_id]
    keep = ("id", "name", "entry", "files", "pass_filenames", "require_serial")
    return {**{k: shipped[k] for k in keep if k in shipped}, "language": "system",
            "args": ["--rules", str(pack), "--no-config"]}


@pytest.fixture()
def repo(tmp_path: Path, mini_pack_dir: Path) -> tuple[Path, dict[str, str]]:
    r = tmp_path / "district"
    r.mkdir()
    env = hook_env(tmp_path)
    hooks = [local_hook(i, mini_pack_dir) for i in ("policy-audit", "policy-audit-diff")]
    (r / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}),
                                               encoding="utf-8")
    write_doc(r, "draft.md", POLICY, TITLE)
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "adopt the policy"]):
        subprocess.run(["git", *args], cwd=r, check=True, capture_output=True, env=env)
    return r, env


def pre_commit(repo: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", hook, "--files", "draft.md"], cwd=repo,
                          capture_output=True, text=True, env=env)


def test_shipped_hooks_match_the_documented_definition() -> None:
    main = HOOKS["policy-audit"]
    assert main["entry"].split()[:2] == ["policy-audit", "check"] and "--diff-base" not in main["entry"]
    assert main["language"] == "python" and not main["pass_filenames"]  # requirements are judged per folder
    assert main["files"] == r"\.(md|markdown|txt|docx|pdf|html?|odt|rtf)$"
    assert "--diff-base HEAD" in HOOKS["policy-audit-diff"]["entry"]


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
