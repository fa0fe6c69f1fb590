"""The shipped integrations: the pre-commit hooks run in a real repository, the GitHub Action is well-formed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import REPO, hook_env

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
POLICY = (REPO / "sample_policies" / "riverbend-usd" / "bp-0415-equity.md").read_text(encoding="utf-8")


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)


@pytest.fixture()
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    if shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None and shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    r = tmp_path / "district"
    r.mkdir()
    env = hook_env(tmp_path)
    _git(r, "init", "-q", env=env)
    # The shipped hook definitions, run as local hooks (no network: `language: system` instead of
    # building the hook's own environment from a remote repository).
    hooks = [dict(h, language="system") for h in HOOKS if h["id"] == "policy-audit-diff"]
    (r / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}),
                                               encoding="utf-8")
    (r / "policies").mkdir()
    (r / "policies" / "bp-0415-equity.md").write_text(POLICY, encoding="utf-8")
    _git(r, "add", ".", env=env)
    assert _git(r, "commit", "-q", "-m", "adopt BP 0415", env=env).returncode == 0
    out = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=r, capture_output=True, text=True,
                         env=env)
    assert out.returncode == 0, out.stderr
    return r, env


def test_hook_ids_and_files_pattern() -> None:
    ids = {h["id"] for h in HOOKS}
    assert ids == {"policy-audit", "policy-audit-diff"}
    assert all(h["entry"].startswith("policy-audit check") for h in HOOKS)
    by_id = {h["id"]: h for h in HOOKS}
    assert by_id["policy-audit-diff"]["pass_filenames"] and not by_id["policy-audit"]["pass_filenames"]


def test_precommit_hook_blocks_a_weakened_draft(repo: tuple[Path, dict[str, str]]) -> None:
    r, env = repo
    draft = r / "policies" / "bp-0415-equity.md"
    assert "The Board shall review this policy every three years" in POLICY
    draft.write_text(POLICY.replace("The Board shall review this policy every three years",
                                    "The Board may review this policy from time to time"), encoding="utf-8")
    _git(r, "add", ".", env=env)
    commit = _git(r, "commit", "-m", "soften the review cycle", env=env)
    assert commit.returncode != 0
    output = commit.stdout + commit.stderr
    assert "weakened" in output and "SEA-04" in output


def test_precommit_hook_lets_a_strengthened_draft_through(repo: tuple[Path, dict[str, str]]) -> None:
    r, env = repo
    draft = r / "policies" / "bp-0415-equity.md"
    draft.write_text(POLICY + "\nThe Board shall publish the equity report on the district website each year.\n",
                     encoding="utf-8")
    _git(r, "add", ".", env=env)
    commit = _git(r, "commit", "-m", "publish the report", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr


def test_github_action_is_a_composite_action_that_uploads_sarif() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    run_text = "\n".join(s.get("run", "") for s in steps)
    assert '--format sarif --output "$out/policy-audit.sarif"' in run_text and "GITHUB_STEP_SUMMARY" in run_text
    assert "${{" not in run_text.replace("${{ github", "")  # inputs reach scripts as env vars, never pasted in
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert {"paths", "rules", "fail-on", "args"} <= set(action["inputs"])


def _audit_step(workspace: Path, tmp: Path, paths: str, args: str = "") -> tuple[dict[str, str], dict]:
    """Run the action's Audit step script with bash as the runner would; its outputs and SARIF."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "audit"]
    runner_temp = tmp / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    output, summary = tmp / "github-output", tmp / "step-summary"
    output.write_text("", encoding="utf-8")
    env = dict(os.environ, PA_PATHS=paths, PA_RULES="", PA_FAIL_ON="never", PA_ARGS=args,
               RUNNER_TEMP=str(runner_temp), GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    return outputs, sarif


def _audited(sarif: dict) -> set[str]:
    return {a["location"]["uri"] for run in sarif["runs"] for a in run.get("artifacts", [])}


def test_github_action_keeps_spaces_in_paths(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "my policies").mkdir(parents=True)
    (ws / "board").mkdir()
    (ws / "my policies" / "equity.md").write_text(POLICY, encoding="utf-8")
    (ws / "board" / "mission.md").write_text("# Mission\n\nEvery student thrives.\n", encoding="utf-8")
    for paths in ("my policies/\nboard\n", '["my policies/", "board"]'):
        outputs, sarif = _audit_step(ws, tmp_path, paths, args="--select 'ALN,FND'")
        assert outputs["exit-code"] == "0"
        assert _audited(sarif) == {"my%20policies/equity.md", "board/mission.md"}, _audited(sarif)


def test_github_action_does_not_audit_its_own_reports_on_a_rerun(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "equity.md").write_text(POLICY, encoding="utf-8")
    _, first = _audit_step(ws, tmp_path, ".")
    _, second = _audit_step(ws, tmp_path, ".")
    assert _audited(first) == _audited(second) == {"equity.md"}
    assert sorted(p.name for p in ws.iterdir()) == ["equity.md"]
