"""GitLab Code Quality: the fields GitLab requires, unique stable fingerprints, unreadable files as issues."""

from __future__ import annotations

import json
from typing import Any

from report_factory import BROKEN, BROKEN_ERROR, make_report, with_finding_message

from policy_audit.report.formats.gitlab import render

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def issues(report: Any = None) -> list[dict[str, Any]]:
    """The rendered Code Quality issues of `report` (the factory's by default)."""
    return list(json.loads(render(report or make_report())))


def test_every_issue_has_the_fields_gitlab_requires() -> None:
    found = issues()
    assert len(found) == 6
    for issue in found:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and isinstance(issue["fingerprint"], str)
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str) and issue["location"]["lines"]["begin"] >= 1


def test_findings_map_to_issues_with_documented_severities() -> None:
    report = make_report()
    found = issues(report)
    assert [i["severity"] for i in found] == ["major", "minor", "info", "minor", "major", "critical"]
    for issue, finding in zip(found, report.findings):
        assert issue["check_name"] == finding.rule_id
        assert issue["location"] == {"path": finding.path, "lines": {"begin": finding.line}}
        assert issue["description"] == f"{finding.rule_id} {finding.title} ({finding.state}): {finding.message}" + (
            " No single line states this, so it is anchored at the most relevant heading or line 1."
            if finding.rule_id == "SEA-02" else "")
    assert '> "Progress should be reported to the Board' in found[3]["content"]["body"]
    bare = with_finding_message(report, 0, "Bare.", hint="", cite="")
    assert "content" not in issues(bare)[0] and "content" in issues(bare)[1]


def test_fingerprints_unique_and_stable_when_lines_move() -> None:
    report = make_report()
    prints = [i["fingerprint"] for i in issues(report)]
    assert len(set(prints)) == len(prints)
    moved = with_finding_message(report, 3, report.findings[3].message, line=99, column=3)
    assert [i["fingerprint"] for i in issues(moved)] == prints
    reworded = with_finding_message(report, 3, "A different message.")
    assert [i["fingerprint"] for i in issues(reworded)] == prints
    elsewhere = with_finding_message(report, 3, report.findings[3].message, fingerprint="f" * 16)
    assert [i["fingerprint"] for i in issues(elsewhere)][3] != prints[3]


def test_identical_findings_still_get_unique_fingerprints() -> None:
    report = make_report(with_error=False)
    doubled = report.model_copy(update={"findings": [report.findings[0]] * 3})
    prints = [i["fingerprint"] for i in issues(doubled)]
    assert len(set(prints)) == 3


def test_unreadable_document_is_an_issue() -> None:
    last = issues()[-1]
    assert last["check_name"] == "document-unreadable" and last["severity"] == "critical"
    assert last["location"] == {"path": BROKEN, "lines": {"begin": 1}} and BROKEN_ERROR in last["description"]
    assert all(i["check_name"] != "document-unreadable" for i in issues(make_report(with_error=False)))


def test_windows_separators_become_forward_slashes_and_output_is_deterministic() -> None:
    report = with_finding_message(make_report(), 0, "m", path="policies\\bp-0415.md")
    assert issues(report)[0]["location"]["path"] == "policies/bp-0415.md"
    assert render(make_report()).encode() == render(make_report()).encode()
