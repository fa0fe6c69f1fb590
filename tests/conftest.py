"""Shared fixtures: a small pack written for the engine tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import MINI_PACK

from policy_audit.engine.compiled import CompiledPack
from policy_audit.language.pack import load_pack


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Commands run by the tests cache into a temporary folder, never the user's own cache."""
    home = tmp_path_factory.mktemp("cache-home")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture(scope="session")
def mini_pack(tmp_path_factory: pytest.TempPathFactory) -> CompiledPack:
    folder = tmp_path_factory.mktemp("mini")
    (folder / "mini.rules").write_text(MINI_PACK, encoding="utf-8")
    return CompiledPack.build(load_pack([folder]))


@pytest.fixture(scope="session")
def mini_pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("minidir")
    (folder / "mini.rules").write_text(MINI_PACK, encoding="utf-8")
    return folder


