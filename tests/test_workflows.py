"""Workflows a new user runs from the README: missing paths, several packs, diff against git."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import hook_env, write_doc
from policy_audit.cli import cli

# A pack whose only kind is decided by the path, and whose rule reads only documents of that kind:
# a document's verdict then depends on nothing but its shown path.
PATH_PACK = '''
pack bypath "Kinds by path" version "0.1"
area fund "Fund"
terms FUNDING = "fund*", "budget*"
terms OFFICE = "equity office", "office of equity"
modality binding = "shall"
modality hedged = "may"
modality negation = "not"
kind policy "A board policy" when path matches "*policy*"
rule PTH-01 "Funding in policy" {
  area: fund
  severity: error
  require: commits(FUNDING near 12 OFFICE) in kind policy
  message: "No policy funds the equity office."
}
'''

# A second pack with other terms, so its analyses of a document differ from the mini pack's.
OTHER_PACK = '''
pack other "Another pack" version "0.1"
area seat "Seat"
terms LEADER = "superintendent"
modality binding = "shall"
modality hedged = "may"
modality negation = "not"
rule OTH-01 "Reports to the superintendent" {
  area: seat
  severity: warning
  require: commits(LEADER)
  message: "No line to the superintendent."
}
'''

BODY = ("# Equity\n\nThe district shall pursue equity in every school.\n\n"
        "## Budget\n\nThe Board shall allocate funds to the Office of Equity each year.\n")


def run(args: list[str], cwd: Path, input: str | bytes | None = None) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(cli, args, input=input, catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.stdout, res.stderr


def pack(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.rules").write_text(text, encoding="utf-8")
    return folder


def git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path, mini_pack_dir: Path) -> None:
    write_doc(tmp_path / "district", "equity.md", BODY)
    code, out, err = run(["check", "district", "missing-folder", "--rules", str(mini_pack_dir), "--no-config"],
                         tmp_path)
    assert code == 2, out + err
    assert "missing-folder" in err and "no such file or folder" in err and out == ""


@pytest.mark.parametrize("mini_first", [True, False])
def test_two_packs_explain_answers_for_the_pack_that_declares_the_rule(tmp_path: Path, mini_pack_dir: Path,
                                                                         mini_first: bool) -> None:
    write_doc(tmp_path / "district", "equity.md", BODY + "\nThe equity director shall meet the superintendent.\n")
    other = pack(tmp_path / "other", "other", OTHER_PACK)
    packs = [str(mini_pack_dir), str(other)] if mini_first else [str(other), str(mini_pack_dir)]
    args = ["check", "district", "--rules", packs[0], "--rules", packs[1], "--no-config"]
    code, out, _ = run([*args, "--explain", "FND-01"], tmp_path)
    assert code == 0
    assert "FND-01 Funding for the equity office  [folder] -> met" in out
    assert "no sentence matches" not in out
    assert "district/equity.md:10:1  binding  counts: met" in out
    code, out, _ = run([*args, "--explain", "OTH-01"], tmp_path)
    assert code == 0 and "OTH-01 Reports to the superintendent  [folder] -> met" in out
    assert "district/equity.md:12:1  binding  counts: met" in out


@pytest.mark.parametrize("mini_first", [True, False])
def test_two_packs_diff_compares_each_rule_with_its_own_pack(tmp_path: Path, mini_pack_dir: Path,
                                                             mini_first: bool) -> None:
    tail = "\nThe equity director shall meet the superintendent.\n"
    write_doc(tmp_path / "old", "equity.md", BODY + tail)
    write_doc(tmp_path / "new", "equity.md", BODY.replace("The Board shall allocate", "The Board may allocate")
              + tail.replace("shall", "may"))
    other = pack(tmp_path / "other", "other", OTHER_PACK)
    packs = [str(mini_pack_dir), str(other)] if mini_first else [str(other), str(mini_pack_dir)]
    code, out, err = run(["diff", "old", "new", "--rules", packs[0], "--rules", packs[1], "-f", "json"], tmp_path)
    assert code == 0, err
    rules = {r["rule_id"]: r for r in json.loads(out)["rules"]}
    assert [c["kind"] for c in rules["FND-01"]["changes"]] == ["weakened"]
    assert [c["kind"] for c in rules["OTH-01"]["changes"]] == ["weakened"]


@pytest.fixture()
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    r = tmp_path / "district"
    env = hook_env(tmp_path)
    write_doc(r / "board", "equity.md", BODY)
    git(r, env, "init", "-q")
    git(r, env, "add", ".")
    git(r, env, "commit", "-q", "-m", "adopt")
    return r, env


def test_diff_base_on_an_unchanged_file_reports_no_change(repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    r, _ = repo
    bypath = pack(tmp_path / "bypath", "bypath", PATH_PACK)
    code, out, err = run(["check", "board/equity.md", "--diff-base", "HEAD", "--rules", str(bypath),
                          "--no-config", "-f", "json"], r)
    assert code == 0, err
    report = json.loads(out)
    assert report["rules"] == [] and report["summary"]["regressions"] == 0, out


def test_diff_base_judges_the_base_with_the_same_config(repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    r, _ = repo
    bypath = pack(tmp_path / "bypath", "bypath", PATH_PACK)
    (r / ".policy-audit.toml").write_text(f'rules = ["{bypath.as_posix()}"]\n\n[kinds]\n"board/*" = "policy"\n',
                                          encoding="utf-8")
    write_doc(r / "board", "equity.md", BODY.replace("The Board shall allocate", "The Board may allocate"))
    code, out, err = run(["check", "board/", "--diff-base", "HEAD", "-f", "json"], r)
    assert code == 0, err
    report = json.loads(out)
    assert report["old"] == "HEAD"
    (rule,) = report["rules"]
    assert (rule["rule_id"], rule["old_state"], rule["new_state"]) == ("PTH-01", "met", "weak")
    (change,) = rule["changes"]
    assert change["kind"] == "weakened"
    assert change["old"]["path"] == "HEAD:board/equity.md" and change["new"]["path"] == "board/equity.md"



def test_dash_reads_standard_input_under_the_stdin_filename(tmp_path: Path, mini_pack_dir: Path) -> None:
    text = f"---\ntitle: BP 0415 Equity Policy\n---\n{BODY}"
    code, out, err = run(["check", "-", "--stdin-filename", "board/bp-0415.md", "--rules", str(mini_pack_dir),
                          "--no-config", "-f", "json"], tmp_path, input=text)
    assert code == 0, err
    report = json.loads(out)
    assert [d["path"] for d in report["documents"]] == ["board/bp-0415.md"]
    assert report["documents"][0]["format"] == "markdown" and report["documents"][0]["kind"] == "policy"
    fnd = [r for r in report["results"] if r["rule_id"] == "FND-01" and r["scope"] == "folder"]
    assert fnd[0]["state"] == "met"
    code, _, err = run(["check", "-", "--no-config"], tmp_path, input=text)
    assert code == 2 and "--stdin-filename" in err


def test_double_dash_ends_options_for_check_and_diff(tmp_path: Path, mini_pack_dir: Path) -> None:
    write_doc(tmp_path, "-oREADME.md", BODY)
    (tmp_path / "README.md").write_text("keep me\n", encoding="utf-8")
    code, out, err = run(["check", "--rules", str(mini_pack_dir), "--no-config", "--", "-oREADME.md"], tmp_path)
    assert code == 0, err
    assert "1 document audited" in out
    code, out, err = run(["diff", "--rules", str(mini_pack_dir), "--", "-oREADME.md", "-oREADME.md"], tmp_path)
    assert code == 0, err
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "keep me\n"


def test_show_files_lists_what_would_be_audited(tmp_path: Path) -> None:
    d = tmp_path / "district"
    write_doc(d, "equity.md", BODY)
    write_doc(d / "drafts", "old.md", BODY)
    (d / "notes.xyz").write_text("x", encoding="utf-8")
    (tmp_path / ".policy-audit.toml").write_text('exclude = ["drafts/*", "district/drafts"]\n', encoding="utf-8")
    code, out, err = run(["check", "district", "--show-files"], tmp_path)
    assert code == 0, err
    assert out.splitlines() == ["district/equity.md", "district/notes.xyz  (skipped: not a document format)"]


def test_show_settings_prints_config_and_flags_in_force(tmp_path: Path, mini_pack_dir: Path) -> None:
    write_doc(tmp_path / "district", "equity.md", BODY)
    (tmp_path / ".policy-audit.toml").write_text(
        f'rules = [{json.dumps(mini_pack_dir.as_posix())}]\nfail-on = "warning"\n\n[severity]\nFND-01 = "info"\n',
        encoding="utf-8")
    code, out, err = run(["check", "district", "--show-settings", "--select", "fund", "--fail-on", "never"],
                         tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert "# config file: .policy-audit.toml" in lines or any(line.endswith(".policy-audit.toml") for line in lines)
    assert "# packs: mini 0.1 (6 rules)" in lines and f"rules = {json.dumps([mini_pack_dir.as_posix()])}" in lines
    assert 'select = ["fund"]' in lines and 'fail-on = "never"' in lines and '"FND-01" = "info"' in lines


def test_a_legacy_doc_file_is_refused_with_its_reason(tmp_path: Path, mini_pack_dir: Path) -> None:
    write_doc(tmp_path / "district", "equity.md", BODY)
    (tmp_path / "district" / "old-equity.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    code, out, err = run(["check", "district", "--rules", str(mini_pack_dir), "--no-config", "-f", "json"], tmp_path)
    assert code == 1, err
    report = json.loads(out)
    (doc,) = [d for d in report["documents"] if d["path"] == "district/old-equity.doc"]
    assert doc["error"] == "a legacy Word .doc file (binary format) cannot be read: save it as .docx or PDF"
    assert report["summary"]["skipped"] == 0 and report["summary"]["errored"] == 1


def test_the_progress_bar_counts_one_file_in_the_singular(tmp_path: Path, mini_pack_dir: Path) -> None:
    import sys

    write_doc(tmp_path, "equity.md", BODY)
    done = subprocess.run([sys.executable, "-m", "policy_audit", "check", "equity.md", "--progress", "--no-config",
                           "--rules", str(mini_pack_dir)], cwd=tmp_path, check=False, capture_output=True, text=True)
    assert "1 file, " in done.stderr and "1 files" not in done.stderr, done.stderr


def test_init_writes_a_starter_that_works_when_uncommented(tmp_path: Path) -> None:
    import re

    from policy_audit.config import load_config

    code, out, err = run(["init"], tmp_path)
    assert code == 0, err
    starter = (tmp_path / ".policy-audit.toml").read_text(encoding="utf-8")
    assert "[[waivers]]" in starter
    fail_on = re.search(r'^fail-on = "error" +# .*: (.*)$', starter, re.MULTILINE)
    assert fail_on and fail_on.group(1).split(" | ") == ["error", "warning", "info", "never"]
    assert load_config(tmp_path / ".policy-audit.toml").fail_on == "error"  # as written: valid
    uncommented = re.sub(r"^# (?=[^#])", "", starter, flags=re.MULTILINE)
    assert "\n# " not in uncommented  # every setting was commented with '# ', every explanation with '##'
    write_doc(tmp_path / "policies", "budget-2026.md", BODY, "BP 3100 Budget Policy")
    for value in fail_on.group(1).split(" | "):
        (tmp_path / ".policy-audit.toml").write_text(uncommented.replace('fail-on = "error"', f'fail-on = "{value}"'),
                                                     encoding="utf-8")
        cfg = load_config(tmp_path / ".policy-audit.toml")
        assert (cfg.fail_on, cfg.select, cfg.ignore, len(cfg.waivers)) == (value, ["align", "fund"], ["COM-06"], 1)
        code, out, err = run(["check", "policies", "-f", "json"], tmp_path)
        assert code in (0, 1), err
        report = json.loads(out)
        assert {r["rule_id"][:3] for r in report["results"]} <= {"ALN", "FND"}
        if value == "never":
            assert code == 0


def test_rules_list_as_json(tmp_path: Path, mini_pack_dir: Path) -> None:
    code, out, err = run(["rules", "list", "--format", "json", "--rules", str(mini_pack_dir)], tmp_path)
    assert code == 0, err
    (p,) = json.loads(out)["packs"]
    assert (p["name"], p["version"]) == ("mini", "0.1")
    assert p["rules"][0] == {"id": "FND-01", "area": "fund", "severity": "error", "scope": "folder",
                             "title": "Funding for the equity office"}
    code, text, _ = run(["rules", "list", "--rules", str(mini_pack_dir)], tmp_path)
    assert [r["id"] for r in p["rules"]] == [line.split()[0] for line in text.splitlines()[1:]]


def test_shell_completion_as_documented(tmp_path: Path) -> None:
    import shutil
    import sys

    exe = shutil.which("policy-audit", path=str(Path(sys.executable).parent))
    assert exe
    env = dict(os.environ, _POLICY_AUDIT_COMPLETE="bash_source")
    script = subprocess.run([exe], check=False, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert script.returncode == 0 and "_policy_audit_completion()" in script.stdout
    env = dict(os.environ, _POLICY_AUDIT_COMPLETE="bash_complete", COMP_WORDS="policy-audit check --show",
               COMP_CWORD="2")
    words = subprocess.run([exe], check=False, capture_output=True, text=True, env=env, cwd=tmp_path).stdout.splitlines()
    assert words == ["plain,--show-files", "plain,--show-settings"]


def test_the_readme_shows_the_starter_that_init_writes() -> None:
    from helpers import REPO
    from policy_audit.cli.misc import STARTER

    assert "```toml\n" + STARTER + "```\n" in (REPO / "README.md").read_text(encoding="utf-8")


def test_diff_of_two_folders_does_not_judge_by_the_folder_names(tmp_path: Path) -> None:
    bypath = pack(tmp_path / "bypath", "bypath", PATH_PACK)
    write_doc(tmp_path / "policy-2023", "bp-0415.md", BODY)
    write_doc(tmp_path / "drafts", "bp-0415.md", BODY)
    code, out, err = run(["diff", "policy-2023", "drafts", "--rules", str(bypath), "-f", "json"], tmp_path)
    assert code == 0, err
    report = json.loads(out)
    assert report["rules"] == [] and (report["old"], report["new"]) == ("policy-2023", "drafts")
    write_doc(tmp_path / "policy-2023", "equity-policy.md", BODY)  # a policy by its own name, on both sides
    write_doc(tmp_path / "drafts", "equity-policy.md", BODY.replace("shall allocate", "may allocate"))
    code, out, err = run(["diff", "policy-2023", "drafts", "--rules", str(bypath), "-f", "json"], tmp_path)
    (rule,) = json.loads(out)["rules"]
    (change,) = rule["changes"]
    assert change["kind"] == "weakened"
    assert change["old"]["path"] == "policy-2023/equity-policy.md"
    assert change["new"]["path"] == "drafts/equity-policy.md"
