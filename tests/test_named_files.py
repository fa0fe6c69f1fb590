"""Files named on the command line (rules, baseline, waivers, config) must be regular files under a size
cap, and settings that cannot be used are an error (exit 2), never lost in silence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_cli import run

from policy_audit.config import ConfigError, find_config, load_config
from policy_audit.safeio import SafeReadError, read_regular_text

GOOD = "# BP 0415 Equity Policy\n\nThe Board shall commit the district to racial equity.\n"
DEVICE = Path("/dev/zero")
needs_device = pytest.mark.skipif(not DEVICE.exists(), reason="needs /dev/zero")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "district"
    d.mkdir()
    (d / "p.md").write_text(GOOD, encoding="utf-8")
    return d


@needs_device
@pytest.mark.parametrize("flag, what", [("--rules", "rule file"), ("--baseline", "baseline file"),
                                        ("--waivers", "waivers file"), ("--config", "config file")])
def test_a_device_is_refused_not_read_forever(folder: Path, flag: str, what: str) -> None:
    code, out, err = run(["check", str(folder), flag, str(DEVICE), "-f", "json"], cwd=folder)
    assert code == 2, (code, err)
    assert f"the {what} must be a regular file, and this is a device" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "rules.rules")
    with pytest.raises(SafeReadError, match="this is a named pipe"):
        read_regular_text(tmp_path / "rules.rules", 100, "rule file")


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "big.toml"
    p.write_bytes(b"#" * 101)
    with pytest.raises(SafeReadError, match="over the 100-byte limit"):
        read_regular_text(p, 100, "config file")
    p.write_bytes(b"#" * 100)
    assert read_regular_text(p, 100, "config file") == "#" * 100


def test_an_oversized_rule_file_is_a_rule_error(folder: Path, tmp_path: Path) -> None:
    rules = tmp_path / "pack"
    rules.mkdir()
    (rules / "big.rules").write_bytes(b"# comment\n" * 500_000)
    code, _, err = run(["check", str(folder), "--rules", str(rules)], cwd=folder)
    assert code == 2 and "over the 4,194,304-byte limit" in err


@pytest.mark.parametrize("size", ['"99999999999999999999GB"', "0", "-5", '"300MB"', "1e30"])
def test_an_impossible_max_file_size_is_a_config_error(tmp_path: Path, size: str) -> None:
    p = tmp_path / ".policy-audit.toml"
    p.write_text(f"max-file-size = {size}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max-file-size: .*at most 200 MB"):
        load_config(p)


def test_the_largest_max_file_size_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / ".policy-audit.toml"
    p.write_text('max-file-size = "200MB"\n', encoding="utf-8")
    assert load_config(p).max_file_size == 200 * 1024 * 1024


def test_a_malformed_pyproject_is_reported_with_exit_2(folder: Path) -> None:
    (folder / "pyproject.toml").write_text('[tool.policy-audit]\nselect = ["fund"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML, so no settings from it are used"):
        find_config(folder)
    code, _, err = run(["check", "."], cwd=folder)
    assert code == 2 and "pyproject.toml: invalid TOML" in err
    code, _, _ = run(["check", ".", "--no-config", "--fail-on", "never"], cwd=folder)
    assert code == 0


@pytest.mark.parametrize("entry", [{"fingerprint": None}, {"fingerprint": ""}, {"fingerprint": 7}, {}, "x"])
def test_a_baseline_entry_without_a_string_fingerprint_is_rejected(folder: Path, entry: object) -> None:
    base = folder / "baseline.json"
    base.write_text(json.dumps({"tool": "policy-audit", "baseline": 1, "findings": [entry]}), encoding="utf-8")
    code, _, err = run(["check", "p.md", "--no-config", "--baseline", str(base)], cwd=folder)
    assert code == 2 and "finding 1 has no fingerprint" in err


def test_a_written_baseline_still_reads(folder: Path) -> None:
    base = folder / "baseline.json"
    code, _, _ = run(["check", "p.md", "--no-config", "--write-baseline", str(base), "--fail-on", "never"], cwd=folder)
    code, _, err = run(["check", "p.md", "--no-config", "--baseline", str(base), "--fail-on", "never"], cwd=folder)
    assert code == 0, err


def test_a_folder_given_twice_or_nested_is_read_once_without_error(tmp_path: Path) -> None:
    from policy_audit.documents.discover import discover

    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("# B\n", encoding="utf-8")
    found = discover([tmp_path, tmp_path, tmp_path / "sub"], base=tmp_path)
    assert found.errors == []
    assert [shown for _, shown in found.documents] == ["a.md", "sub/b.md"]
