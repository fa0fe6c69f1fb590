"""The installed `policy-audit` command, end to end: exit codes, formats, config, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_doc
from policy_audit.cli import cli

POLICY = "BP 0415 Equity Policy"


def run(args: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        res = runner.invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "district"
    d.mkdir()
    write_doc(d, "equity.md", "# Equity\n\nThe district shall pursue equity in every school.\n\n"
              "## Budget\n\nThe district may allocate funds to the equity office.\n", POLICY)
    write_doc(d, "bus.md", "# Buses\n\nBuses shall run on time.\n", "BP 3540 Transportation Policy")
    (d / "notes.xyz").write_text("not a policy", encoding="utf-8")
    return d


def test_installed_entry_point_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "policy_audit", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "policy-audit, version" in out.stdout


def test_check_text_output_groups_findings_and_exits_1(folder: Path, mini_pack_dir: Path) -> None:
    code, out, _ = run(["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "--fail-on", "warning"],
                       cwd=folder.parent)
    assert code == 1
    assert out.startswith("district/equity.md\n")
    assert "FND-01  weak" in out and "hedged: 'may'" in out
    assert "Scorecard" in out and "fund       0/1 met, 1 weak" in out
    assert "1 skipped (unknown type: district/notes.xyz)" in out


def test_fail_on_never_and_warning(folder: Path, mini_pack_dir: Path) -> None:
    base = ["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "--select", "FND-01"]
    assert run(base + ["--fail-on", "never"])[0] == 0
    assert run(base + ["--fail-on", "error"])[0] == 0  # weak error-rule -> warning finding
    assert run(base + ["--fail-on", "warning"])[0] == 1


def test_select_and_ignore_accept_ids_prefixes_and_areas(folder: Path, mini_pack_dir: Path) -> None:
    def ids(*flags: str) -> set[str]:
        code, out, _ = run(["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "-f", "json", *flags])
        return {r["rule_id"] for r in json.loads(out)["results"]}

    assert ids("--select", "fund") == {"FND-01"}
    assert ids("--select", "ALN") == {"ALN-02", "ALN-03", "ALN-06"}
    assert ids("--select", "align", "--ignore", "ALN-03,COM-01") == {"ALN-02", "ALN-06", "INT-02"}


def test_json_is_deterministic_and_complete(folder: Path, mini_pack_dir: Path) -> None:
    args = ["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "-f", "json"]
    first, second = run(args, cwd=folder.parent)[1], run(args, cwd=folder.parent)[1]
    assert first == second
    data = json.loads(first)
    assert set(data) >= {"results", "findings", "documents", "summary", "rules"}
    fnd = next(r for r in data["results"] if r["rule_id"] == "FND-01")
    assert fnd["state"] == "weak" and fnd["scope"] == "folder"
    ev = fnd["evidence"][0]
    assert ev["path"] == "district/equity.md" and ev["line"] == 10 and ev["column"] == 1
    assert ev["strength"] == "hedged" and ev["text"].startswith("The district may allocate")
    finding = next(f for f in data["findings"] if f["rule_id"] == "FND-01")
    assert finding["severity"] == "warning" and len(finding["fingerprint"]) == 16
    assert data["summary"]["discovered"] == 3 and data["summary"]["skipped"] == 1


def test_output_file_and_several_formats(folder: Path, mini_pack_dir: Path, tmp_path: Path) -> None:
    out_json, out_text = tmp_path / "r.json", tmp_path / "r.txt"
    code, stdout, _ = run(["check", str(folder), "--rules", str(mini_pack_dir), "--no-config",
                           "-f", "json", "-o", str(out_json), "-f", "text", "-o", str(out_text)])
    assert code == 0 and stdout == ""  # only warnings: below the default --fail-on error
    assert json.loads(out_json.read_text())["summary"]["audited"] == 2
    assert "Scorecard" in out_text.read_text()


def test_broken_rule_file_exits_2_with_location(tmp_path: Path, folder: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.rules").write_text('pack p "P"\nrule A-1 "t" {\n  severity error\n}\n', encoding="utf-8")
    code, out, err = run(["check", str(folder), "--rules", str(bad), "--no-config"], cwd=tmp_path)
    assert code == 2 and out == ""
    assert "bad/x.rules:3:3: expected ':' after 'severity'" in err
    assert "    ^" in err and "nothing was audited" in err


def test_rules_validate_and_list(mini_pack_dir: Path, tmp_path: Path) -> None:
    code, out, _ = run(["rules", "validate", str(mini_pack_dir)])
    assert code == 0 and "6 rules" in out
    code, out, _ = run(["rules", "list", "--rules", str(mini_pack_dir)])
    assert code == 0 and "FND-01   fund       error" in out
    code, out, _ = run(["rules", "explain", "FND-01", "--rules", str(mini_pack_dir)])
    assert code == 0 and "commits(FUNDING near 12 OFFICE)" in out and "e.g. 'The Board shall fund" in out
    bad = tmp_path / "b.rules"
    bad.write_text("rule", encoding="utf-8")
    assert run(["rules", "validate", str(bad)])[0] == 2


def test_config_file_sets_defaults_and_flags_override(folder: Path, mini_pack_dir: Path) -> None:
    (folder.parent / ".policy-audit.toml").write_text(
        f'rules = ["{mini_pack_dir.as_posix()}"]\nselect = ["FND-01"]\nfail-on = "warning"\n'
        '[severity]\n"FND-01" = "info"\n', encoding="utf-8")
    code, out, _ = run(["check", "district", "-f", "json"], cwd=folder.parent)
    data = json.loads(out)
    assert [r["rule_id"] for r in data["results"]] == ["FND-01"]
    assert data["findings"][0]["severity"] == "info"  # weak: one level below the overridden info
    assert code == 0
    code, _, _ = run(["check", "district", "--select", "ALN-02", "--fail-on", "warning"], cwd=folder.parent)
    assert code == 0


def test_invalid_config_exits_2(folder: Path) -> None:
    (folder.parent / ".policy-audit.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    code, _, err = run(["check", "district"], cwd=folder.parent)
    assert code == 2 and "fail-on" in err


def test_unreadable_document_is_reported_and_fails(folder: Path, mini_pack_dir: Path) -> None:
    (folder / "empty.md").write_bytes(b"")
    code, out, _ = run(["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "-f", "json",
                        "--fail-on", "never"])
    data = json.loads(out)
    assert code == 1
    err = [d for d in data["documents"] if d["error"]]
    assert len(err) == 1 and err[0]["error"] == "empty file"
    s = data["summary"]
    assert s["audited"] + s["errored"] + s["skipped"] == s["discovered"] == 4


def test_explain_shows_each_sentence_and_why(folder: Path, mini_pack_dir: Path) -> None:
    code, out, _ = run(["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "--explain", "FND-01"],
                       cwd=folder.parent)
    assert code == 0
    assert "FND-01 Funding for the equity office  [folder] -> weak" in out
    assert "district/equity.md:10:1  hedged   counts: weak  (hedged: 'may')" in out


def test_schema_command_prints_json_schema() -> None:
    code, out, _ = run(["schema"])
    schema = json.loads(out)
    assert code == 0 and "results" in schema["properties"] and "Finding" in schema["$defs"]


def test_no_documents_found_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run(["check", str(tmp_path), "--no-config"])
    assert code == 2 and out == "" and "no documents found" in err


def test_only_unreadable_documents_gives_errors_and_no_made_up_findings(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    code, out, _ = run(["check", str(tmp_path), "--no-config", "-f", "json"])
    data = json.loads(out)
    assert code == 1 and data["results"] == [] and data["findings"] == []
    assert data["documents"][0]["error"] == "empty file"


def test_unknown_select_code_exits_2(folder: Path, mini_pack_dir: Path) -> None:
    code, _, err = run(["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "--select", "NOPE"])
    assert code == 2 and "--select NOPE matches no rule" in err


def test_unwritable_output_is_a_clear_error(folder: Path, mini_pack_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(["check", str(folder), "--rules", str(mini_pack_dir), "--no-config", "-f", "json",
                        "-o", str(blocker / "report.json")])
    assert code == 2 and "cannot write" in err
