"""Where reports go: UTF-8 whatever the locale, file modes, special files, colour, the terminal summary."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_doc
from policy_audit.cli import cli
from policy_audit.report.formats import BINARY, FORMATS

POLICY = "BP 0415 Equity Policy"
BODY = ("# Equity\n\nThe district shall pursue equity in every school \u2192 \u2603 \u4e2d.\n\n"
        "## Budget\n\nThe district may allocate funds to the equity office.\n")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "district"
    d.mkdir()
    write_doc(d, "equity.md", BODY, POLICY)
    (d / "notes.xyz").write_text("not a policy", encoding="utf-8")
    return d


def invoke(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process in `cwd` with a clean colour environment plus `env`."""
    base = {"NO_COLOR": "", "FORCE_COLOR": ""}
    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(cli, args, env={**base, **(env or {})}, catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.stdout, res.stderr


def subprocess_run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    """The installed CLI as a child process, with its stdout and stderr as bytes."""
    full = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", **env}
    return subprocess.run([sys.executable, "-m", "policy_audit", *args], cwd=cwd, capture_output=True, env=full,
                          timeout=120)


def check(folder: Path, mini_pack_dir: Path, *extra: str) -> list[str]:
    return ["check", folder.name, "--rules", str(mini_pack_dir), "--no-config", *extra]


# --- files: modes and special files ---------------------------------------------------------

def test_new_report_honours_the_umask_and_an_existing_one_keeps_its_mode(folder: Path, mini_pack_dir: Path) -> None:
    old = os.umask(0o022)
    try:
        invoke(check(folder, mini_pack_dir, "-f", "json", "-o", "new.json"), folder.parent)
        assert stat.S_IMODE((folder.parent / "new.json").stat().st_mode) == 0o644
        existing = folder.parent / "kept.json"
        existing.write_text("{}", encoding="utf-8")
        existing.chmod(0o640)
        invoke(check(folder, mini_pack_dir, "-f", "json", "-o", "kept.json"), folder.parent)
        assert stat.S_IMODE(existing.stat().st_mode) == 0o640 and json.loads(existing.read_text())["summary"]
    finally:
        os.umask(old)


def test_a_symlinked_report_stays_a_link(folder: Path, mini_pack_dir: Path) -> None:
    real = folder.parent / "reports" / "audit.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    (folder.parent / "latest.json").symlink_to(real)
    invoke(check(folder, mini_pack_dir, "-f", "json", "-o", "latest.json"), folder.parent)
    assert (folder.parent / "latest.json").is_symlink() and json.loads(real.read_text())["summary"]


def test_dev_stdout_is_written_not_replaced(folder: Path, mini_pack_dir: Path) -> None:
    proc = subprocess_run(check(folder, mini_pack_dir, "-f", "json", "-o", "/dev/stdout", "-q"), folder.parent)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["audited"] == 1
    proc = subprocess_run(check(folder, mini_pack_dir, "-f", "sarif", "-o", "/dev/null"), folder.parent)
    assert proc.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_into(folder: Path, mini_pack_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    proc = subprocess_run(check(folder, mini_pack_dir, "-f", "json", "-o", str(fifo)), folder.parent)
    out, _ = reader.communicate(timeout=60)
    assert proc.returncode == 0 and json.loads(out)["summary"] and stat.S_ISFIFO(fifo.stat().st_mode)


# --- encodings ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, encoding", [("text", "cp1252"), ("json", "cp1252"), ("html", "cp1252"),
                                           ("csv", "latin-1"), ("markdown", "ascii")])
def test_reports_are_utf8_whatever_the_locale(folder: Path, mini_pack_dir: Path, encoding: str, fmt: str) -> None:
    proc = subprocess_run(check(folder, mini_pack_dir, "-f", fmt), folder.parent, PYTHONIOENCODING=encoding)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    text = proc.stdout.decode("utf-8")
    assert "\u4e2d" in text or fmt in ("text", "markdown")  # text and markdown quote only what fails


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_undecodable_file_name_is_shown_with_a_replacement_character(tmp_path: Path, mini_pack_dir: Path,
                                                                         fmt: str) -> None:
    d = tmp_path / "district"
    d.mkdir()
    write_doc(d, os.fsdecode(b"bad\xff.md"), BODY, POLICY)
    old = os.getcwd()
    os.chdir(tmp_path)
    binary = fmt in BINARY  # a workbook goes to a file; its XML parts must hold the same name
    try:
        res = CliRunner().invoke(cli, ["check", "district", "--rules", str(mini_pack_dir), "--no-config", "-f", fmt,
                                       *(["-o", "report.bin"] if binary else [])])
    finally:
        os.chdir(old)
    assert res.exit_code == 0, res.output
    if binary:
        with zipfile.ZipFile(tmp_path / "report.bin") as z:
            out = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    else:
        out = res.stdout_bytes.decode("utf-8")  # strict: no raw byte or surrogate reaches the output
    assert "bad\ufffd.md" in out or "bad%FF.md" in out  # SARIF URIs keep the real byte, percent-encoded
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    if fmt == "junit":
        ET.fromstring(out)


# --- colour ---------------------------------------------------------------------------------

@pytest.mark.parametrize("flags, env, coloured", [
    ([], {}, False),  # piped, nothing asked
    (["--color"], {}, True),  # the flag forces colour into a pipe
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "0"}, False),
    ([], {"NO_COLOR": "1"}, False),
    ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # NO_COLOR outranks FORCE_COLOR
    (["--color"], {"NO_COLOR": "1"}, True),  # the flag outranks both
    (["--no-color"], {"FORCE_COLOR": "1"}, False),
])
def test_colour_precedence(folder: Path, mini_pack_dir: Path, flags: list[str], env: dict[str, str],
                           coloured: bool) -> None:
    code, out, _ = invoke(check(folder, mini_pack_dir, *flags), folder.parent, env)
    assert ("\x1b[" in out) is coloured


def test_a_report_file_is_never_coloured(folder: Path, mini_pack_dir: Path) -> None:
    invoke(check(folder, mini_pack_dir, "--color", "-o", "audit.txt"), folder.parent)
    assert "\x1b[" not in (folder.parent / "audit.txt").read_text(encoding="utf-8")


# --- the terminal when the reports go to files ----------------------------------------------

def test_summary_on_stderr_says_where_each_report_went(folder: Path, mini_pack_dir: Path) -> None:
    code, out, err = invoke(check(folder, mini_pack_dir, "-f", "html", "-o", "audit.html", "-f", "json",
                                  "-o", "out/audit.json"), folder.parent)
    assert out == ""
    assert "1 document audited; 1 skipped" in err and "requirements met" in err and "Scorecard" in err
    assert err.endswith("wrote audit.html (html)\nwrote out/audit.json (json)\n")
    assert (folder.parent / "audit.html").exists() and json.loads((folder.parent / "out/audit.json").read_text())


def test_quiet_silences_the_summary_but_not_the_report(folder: Path, mini_pack_dir: Path) -> None:
    code, out, err = invoke(check(folder, mini_pack_dir, "-f", "json", "-o", "a.json", "-q"), folder.parent)
    assert out == "" and err == "" and (folder.parent / "a.json").exists()
    code, out, err = invoke(check(folder, mini_pack_dir, "-q"), folder.parent)
    assert "requirements met" in out and err == ""


def test_verbose_lists_every_file(folder: Path, mini_pack_dir: Path) -> None:
    code, out, err = invoke(check(folder, mini_pack_dir, "-v"), folder.parent)
    assert "district/equity.md (markdown): policy, " in err and "district/notes.xyz: skipped" in err


def test_stdout_report_has_no_extra_summary(folder: Path, mini_pack_dir: Path) -> None:
    code, out, err = invoke(check(folder, mini_pack_dir, "-f", "json"), folder.parent)
    assert json.loads(out) and err == ""


# --- conventions ----------------------------------------------------------------------------

def test_output_format_is_the_long_name_of_f(folder: Path, mini_pack_dir: Path) -> None:
    a = invoke(check(folder, mini_pack_dir, "--output-format", "json"), folder.parent)[1]
    b = invoke(check(folder, mini_pack_dir, "-f", "json"), folder.parent)[1]
    assert a == b and json.loads(a)


def test_statistics_counts_findings_per_rule(folder: Path, mini_pack_dir: Path) -> None:
    code, out, err = invoke(check(folder, mini_pack_dir, "--statistics"), folder.parent)
    data = json.loads(invoke(check(folder, mini_pack_dir, "-f", "json"), folder.parent)[1])
    lines = out.splitlines()
    assert len(lines) == len({f["rule_id"] for f in data["findings"]}) + 1
    for f in data["findings"]:
        assert any(line.split()[:3] == ["1", f["rule_id"], f["severity"]] for line in lines)
    assert lines[-1] == f"{len(data['findings'])} findings in {len(lines) - 1} rules."
    code, _, err = invoke(check(folder, mini_pack_dir, "--statistics", "-f", "json"), folder.parent)
    assert code == 2 and "--statistics" in err


def test_junit_follows_fail_on(folder: Path, mini_pack_dir: Path) -> None:
    for fail_on, failures in (("never", "0"), ("error", "0"), ("warning", None)):
        code, out, _ = invoke(check(folder, mini_pack_dir, "-f", "junit", "--fail-on", fail_on), folder.parent)
        root = ET.fromstring(out)
        if failures is None:
            assert code == 1 and int(root.get("failures", "0")) > 0
        else:
            assert code == 0 and root.get("failures") == failures


def test_explain_shows_document_text_escaped(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "district"
    d.mkdir()
    write_doc(d, "equity.md", "# Equity\n\nThe district shall allocate \x1b]0;owned\x07funds to the equity office "
              "\x1b[2J\u202e now.\n", POLICY)
    code, out, _ = invoke(["check", "district", "--rules", str(mini_pack_dir), "--no-config", "--explain", "FND-01"],
                          tmp_path)
    assert code == 0 and "allocate" in out
    # the Markdown loader already turns controls into spaces; whatever is left, the terminal sees none
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "[2J" in out


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_csv_and_html_from_the_command_line_are_escaped_too(tmp_path: Path, mini_pack_dir: Path, fmt: str) -> None:
    d = tmp_path / "district"
    d.mkdir()
    write_doc(d, "equity\x1b[31m.md", "# Equity\n\nThe district may allocate \x1b[2J funds to the equity office.\n",
              POLICY)
    code, out, _ = invoke(["check", "district", "--rules", str(mini_pack_dir), "--no-config", "-f", fmt], tmp_path)
    assert code == 0 and "\x1b" not in out and "equity\\x1b[31m.md" in out
