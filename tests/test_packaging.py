"""What a normal (non-editable) install ships: the pack, its fixtures, the grammar, py.typed.

The package is built with setuptools' `build_py` (what a wheel holds) from a copy of the sources,
then run from outside the repository, so nothing is found through the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("policy_audit", "rules"):
        shutil.copytree(REPO / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    lib = tmp_path_factory.mktemp("lib")
    done = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py",
                           "--build-lib", str(lib)], cwd=src, check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return lib


def test_the_pack_its_fixtures_and_the_grammar_are_package_data(built: Path) -> None:
    pack = built / "policy_audit" / "_pack"
    assert sorted(p.name for p in pack.glob("*.rules")) == sorted(p.name for p in (REPO / "rules").glob("*.rules"))
    shipped = sorted(p.relative_to(pack).as_posix() for p in (pack / "tests").rglob("*.md"))
    assert shipped == sorted(p.relative_to(REPO / "rules").as_posix() for p in (REPO / "rules" / "tests").rglob("*.md"))
    assert (built / "policy_audit" / "language" / "grammar.lark").is_file()
    assert (built / "policy_audit" / "py.typed").is_file()


def test_rules_test_runs_on_the_installed_package(built: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(built))
    done = subprocess.run([sys.executable, "-c", "from policy_audit.cli import main; main()", "rules", "test"],
                          cwd=tmp_path, check=False, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed, 0 failed " in done.stdout
    probe = subprocess.run([sys.executable, "-c", "import policy_audit; print(policy_audit.__file__)"],
                           cwd=tmp_path, check=False, capture_output=True, text=True, env=env)
    assert probe.stdout.startswith(str(built)), probe.stdout  # the built copy, not the source tree
