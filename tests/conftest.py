"""Shared fixtures: a small pack written for the engine tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import MINI_PACK
from policy_audit.engine.compiled import CompiledPack
from policy_audit.language.pack import load_pack


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


