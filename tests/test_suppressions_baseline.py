"""Suppressions with reasons and baselines: accepted findings are kept and counted, never lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli import run

POLICY = "BP 0415 Equity Policy"
HEDGED = "The district may allocate funds to the equity office."


def make(folder: Path, body: str, name: str = "equity.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(f"---\ntitle: {POLICY}\n---\n# Equity\n\nThe district shall pursue equity.\n\n{body}\n", encoding="utf-8")
    return p


def audit(folder: Path, pack: Path, *extra: str) -> tuple[int, dict]:
    code, out, err = run(["check", str(folder), "--rules", str(pack), "--no-config", "-f", "json",
                          "--select", "FND-01", "--fail-on", "warning", *extra], cwd=folder.parent)
    return code, json.loads(out)


def test_inline_ignore_with_reason_suppresses_the_next_block(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "d"
    make(d, f"<!-- policy-audit: ignore FND-01 -- funded by the state grant, see budget book p. 12 -->\n{HEDGED}")
    code, data = audit(d, mini_pack_dir)
    [f] = [f for f in data["findings"] if f["rule_id"] == "FND-01"]
    assert f["suppressed"] == {"kind": "inline", "justification": "funded by the state grant, see budget book p. 12",
                               "path": "d/equity.md", "line": 8, "expires": None}
    assert data["summary"]["suppressed"] == 1 and data["summary"]["findings"]["warning"] == 0
    assert code == 0


def test_suppressions_are_sarif_suppressions(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "d"
    make(d, f"<!-- policy-audit: ignore-file FND-01 -- the county funds the office -->\n\n{HEDGED}")
    code, out, _ = run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "-f", "sarif",
                        "--select", "FND-01"], cwd=tmp_path)
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                       "justification": "the county funds the office"}]


def test_no_suppressions_flag_shows_everything(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "d"
    make(d, f"<!-- policy-audit: ignore FND-01 -- reason -->\n{HEDGED}")
    code, data = audit(d, mini_pack_dir, "--no-suppressions")
    assert code == 1 and all(f["suppressed"] is None for f in data["findings"])


@pytest.mark.parametrize(
    "comment, rule, detail",
    [
        ("<!-- policy-audit: ignore FND-01 -->", "SUP-01", "no reason given"),
        ("<!-- policy-audit: ignore FND-01 --   -->", "SUP-01", "no reason given"),
        ("<!-- policy-audit: ignore XYZ-09 -- a reason -->", "SUP-02", "XYZ-09"),
        ("<!-- policy-audit: ignore ALN-02 -- nothing to suppress here -->", "SUP-04", "ignore ALN-02"),
        ("<!-- policy-audit: silence FND-01 -- reason -->", "SUP-05", "unknown directive"),
        ("<!-- policy-audit: ignor FND-01 -- a typo in the verb -->", "SUP-05", "unknown directive"),
        ("<!-- policy-audit: ignore-next FND-01 -- not a verb -->", "SUP-05", "unknown directive"),
        ("<!-- policy-audit: ignore-filex FND-01 -- not a verb -->", "SUP-05", "unknown directive"),
        ("<!-- policy-audit: ignore -- a reason but no rule -->", "SUP-05", "names no rule"),
        ("<!-- policy-audit: ignore -next FND-01 -- a reason -->", "SUP-02", "'-next' is not a rule ID"),
    ],
)
def test_broken_suppressions_are_reported(tmp_path: Path, mini_pack_dir: Path, comment: str, rule: str, detail: str) -> None:
    d = tmp_path / "d"
    make(d, f"{comment}\n{HEDGED}")
    code, out, _ = run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "-f", "json"], cwd=tmp_path)
    data = json.loads(out)
    problems = [f for f in data["findings"] if f["rule_id"] == rule]
    assert problems and detail in problems[0]["message"] and problems[0]["line"] == 8
    assert any(r["id"] == rule for r in data["rules"])
    fnd = [f for f in data["findings"] if f["rule_id"] == "FND-01"]
    assert fnd and fnd[0]["suppressed"] is None  # a broken suppression is not obeyed


def test_waiver_file_per_path_with_expiry(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "d"
    make(d, HEDGED, "budget.md")
    make(d, "Other text.", "other.md")
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waivers]]\nrule = "FND-01"\npaths = ["d/budget.md"]\njustification = "grant-funded"\n'
                       'expires = 2999-01-01\n\n[[waivers]]\nrule = "FND-01"\npaths = ["d/none.pdf"]\n'
                       'justification = "old"\nexpires = 2001-01-01\n\n[[waivers]]\nrule = "ALN-02"\n', encoding="utf-8")
    code, data = audit(d, mini_pack_dir, "--waivers", str(waivers))
    by_rule = {}
    for f in data["findings"]:
        by_rule.setdefault(f["rule_id"], []).append(f)
    assert by_rule["FND-01"][0]["suppressed"]["kind"] == "waiver"
    assert by_rule["FND-01"][0]["suppressed"]["expires"] == "2999-01-01"
    assert "expired on 2001-01-01" in by_rule["SUP-03"][0]["message"] and by_rule["SUP-03"][0]["line"] == 7
    assert "no justification" in by_rule["SUP-01"][0]["message"] and by_rule["SUP-01"][0]["line"] == 13


def test_baseline_round_trip_new_matched_fixed(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "d"
    policy = make(d, HEDGED)
    base = tmp_path / "baseline.json"
    code, _, err = run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "-f", "json",
                        "--write-baseline", str(base)], cwd=tmp_path)
    recorded = json.loads(base.read_text())["findings"]
    assert {e["rule_id"] for e in recorded} == {"FND-01", "ALN-03", "COM-01", "INT-02"}
    # an unrelated edit elsewhere in the document keeps every fingerprint
    policy.write_text(policy.read_text().replace("# Equity\n", "# Equity\n\nAn unrelated new opening paragraph.\n"),
                      encoding="utf-8")
    code, out, _ = run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "-f", "json",
                        "--baseline", str(base), "--fail-on", "info"], cwd=tmp_path)
    data = json.loads(out)
    assert data["findings"] == [] and code == 0
    assert data["summary"]["baseline"] == {"path": base.as_posix(), "new": 0, "matched": 4, "fixed": 0}
    # fix FND-01 and break nothing else: one baseline entry is now fixed
    policy.write_text(policy.read_text().replace("may allocate", "shall allocate"), encoding="utf-8")
    data = json.loads(run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "-f", "json",
                           "--baseline", str(base)], cwd=tmp_path)[1])
    assert data["summary"]["baseline"]["fixed"] == 1 and data["summary"]["baseline"]["matched"] == 3
    # new problems show up as new: a hedged policy statement and a withdrawn (negated) commitment
    policy.write_text(policy.read_text().replace("shall pursue equity", "may pursue equity")
                      .replace("shall allocate", "will not allocate"), encoding="utf-8")
    data = json.loads(run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "-f", "json",
                           "--baseline", str(base)], cwd=tmp_path)[1])
    assert sorted((f["rule_id"], f["state"]) for f in data["findings"]) == [("ALN-02", "weak"), ("FND-01", "missing")]
    assert data["summary"]["baseline"]["new"] == 2


def test_bad_baseline_file_exits_2(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "d"
    make(d, HEDGED)
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "--baseline",
                        str(tmp_path / "b.json")], cwd=tmp_path)
    assert code == 2 and "not a policy-audit baseline" in err


def test_text_summary_does_not_claim_everything_is_met_under_a_baseline(tmp_path: Path, mini_pack_dir: Path) -> None:
    d = tmp_path / "d"
    make(d, HEDGED)
    base = tmp_path / "b.json"
    run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "--write-baseline", str(base)], cwd=tmp_path)
    code, out, _ = run(["check", str(d), "--rules", str(mini_pack_dir), "--no-config", "--baseline", str(base)],
                       cwd=tmp_path)
    assert code == 0 and "all commitments met" not in out and "no findings to report" in out
    assert "4 matched, 0 fixed, 0 new" in out


def test_directive_problems_are_typed() -> None:
    from policy_audit.documents.directives import DirectiveProblem, parse_directives

    def problem(comment: str) -> DirectiveProblem | None:
        [d] = parse_directives(comment, [])
        return d.problem

    assert problem("<!-- policy-audit: ignore-file FND-01 -- the county funds it -->") is None
    assert problem("<!-- policy-audit: ignor FND-01 -- typo -->") is DirectiveProblem.MALFORMED
    assert problem("<!-- policy-audit: ignore FND-01 -->") is DirectiveProblem.NO_REASON
    assert problem("<!-- policy-audit: ignore fnd-01 -- lower case -->") is DirectiveProblem.NOT_A_RULE_ID
    assert problem("<!-- policy-audit: ignore -- why -->") is DirectiveProblem.NO_RULE
    # a reason that merely starts like another problem's message decides nothing
    [d] = parse_directives("<!-- policy-audit: ignore FND-01 -- expired on 2001-01-01, renewed -->", [])
    assert d.problem is None and d.reason == "expired on 2001-01-01, renewed"
