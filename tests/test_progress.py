"""The progress bar goes to stderr only, and only on a terminal outside CI."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import REPO


def _run(args: list[str], env_ci: bool) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    env.pop("CI", None)
    if env_ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "policy_audit", *args], cwd=REPO, capture_output=True, text=True,
                          env=env)


def test_forced_progress_writes_to_stderr_not_stdout() -> None:
    out = _run(["check", "sample_policies/riverbend-usd", "-f", "json", "--progress"], env_ci=False)
    assert json.loads(out.stdout)["summary"]["audited"] == 5  # stdout is still pure JSON
    assert "files" in out.stderr and "/s" in out.stderr and "riverbend-usd" in out.stderr


def test_no_progress_on_a_pipe_or_in_ci() -> None:
    for ci in (False, True):
        out = _run(["check", "sample_policies/riverbend-usd"], env_ci=ci)
        assert out.stderr == ""


def test_progress_shows_a_hostile_file_name_escaped(tmp_path) -> None:  # noqa: ANN001
    import os

    (tmp_path / "bad\x1b]0;owned\x07name.md").write_text("# Equity\n\nThe district shall pursue equity.\n",
                                                         encoding="utf-8")
    env = dict(os.environ)
    env.pop("CI", None)
    out = subprocess.run([sys.executable, "-m", "policy_audit", "check", str(tmp_path), "-f", "json", "--progress",
                          "--no-config"], capture_output=True, text=True, env=env)
    bar = out.stderr.replace("\x1b[2K", "")  # the bar's own line clearing is the only escape sequence
    assert "name.md" in bar and "\x1b" not in bar and "\x07" not in bar
