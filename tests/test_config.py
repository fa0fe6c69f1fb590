"""Configuration: discovery (nearest first), validation with located messages, sizes, relative paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_audit.config import Config, ConfigError, find_config, load_config


def test_pyproject_section_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.policy-audit]\nselect = ["fund"]\n'
                                             'rules = ["packs/mine"]\nmax-file-size = "2 MiB"\n', encoding="utf-8")
    sub = tmp_path / "policies" / "2024"
    sub.mkdir(parents=True)
    path = find_config(sub)
    assert path == tmp_path / "pyproject.toml"
    cfg = load_config(path)
    assert cfg.select == ["fund"] and cfg.max_file_size == 2 * 1024 * 1024
    assert cfg.rules == [str(tmp_path / "packs/mine")]  # relative to the config file


def test_nearest_file_wins_and_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".policy-audit.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(inner) == tmp_path / ".policy-audit.toml"
    (inner / ".policy-audit.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert load_config(find_config(inner)).fail_on == "never"


@pytest.mark.parametrize(
    "text, message",
    [
        ('fail-on = "sometimes"\n', "fail-on"),
        ('selct = ["fund"]\n', "selct: Extra inputs are not permitted"),
        ('max-file-size = "lots"\n', "write a size such as 50MB"),
        ("fail-on = \n", "invalid TOML"),
        ('[severity]\nFND-01 = "critical"\n', "severity.FND-01"),
    ],
)
def test_invalid_config_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    p = tmp_path / ".policy-audit.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(p)
    assert str(p) in str(info.value) and message in str(info.value)


def test_defaults() -> None:
    cfg = Config()
    assert (cfg.fail_on, cfg.select, cfg.max_file_size) == ("error", [], 50 * 1024 * 1024)


def test_init_writes_a_valid_starter_config(tmp_path: Path) -> None:
    from test_cli import run

    code, out, _ = run(["init"], cwd=tmp_path)
    assert code == 0 and (tmp_path / ".policy-audit.toml").exists()
    assert load_config(tmp_path / ".policy-audit.toml").fail_on == "error"
    code, _, err = run(["init"], cwd=tmp_path)
    assert code == 2 and "already exists" in err
    assert run(["init", "--force"], cwd=tmp_path)[0] == 0
