"""Every format accounts for every file found: audited, unreadable and skipped add up to discovered."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from report_factory import BROKEN, make_report

from policy_audit.report.formats import renderer
from policy_audit.report.models import Report

SKIPPED = ["notes/minutes.xyz", "old/scan.tiff"]


def with_skipped() -> Report:
    report = make_report()
    s = report.summary
    return report.model_copy(update={"summary": s.model_copy(update={
        "skipped": len(SKIPPED), "skipped_paths": SKIPPED, "discovered": s.discovered + len(SKIPPED)})})


@pytest.mark.parametrize("name", ["text", "json", "sarif", "junit", "github", "gitlab", "markdown"])
def test_every_skipped_file_is_named(name: str) -> None:
    out = renderer(name)(with_skipped())
    assert all(path in out for path in SKIPPED)


def test_sarif_notifications_and_counts() -> None:
    run = json.loads(renderer("sarif")(with_skipped()))["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    skipped = [n for n in notes if n["descriptor"]["id"] == "document-skipped"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in skipped] == SKIPPED
    assert all(n["level"] == "note" for n in skipped)
    assert [n["descriptor"]["id"] for n in notes].count("document-unreadable") == 1
    assert run["properties"]["documents"] == {"discovered": 6, "audited": 3, "errored": 1, "skipped": 2}


def test_junit_documents_suite_counts_and_skips() -> None:
    root = ET.fromstring(renderer("junit")(with_skipped()))
    [docs] = [s for s in root.iter("testsuite") if s.get("name") == "documents"]
    props = {p.get("name"): p.get("value") for p in docs.iter("property")}
    assert props == {"discovered": "6", "audited": "3", "errored": "1", "skipped": "2"}
    skipped = [c for c in docs.iter("testcase") if c.find("skipped") is not None]
    assert [c.get("file") for c in skipped] == SKIPPED
    assert docs.get("skipped") == "2" and docs.get("errors") == "1"


def test_github_notices_and_summary() -> None:
    lines = renderer("github")(with_skipped()).splitlines()
    assert sum(1 for line in lines if line.startswith("::notice file=notes/minutes.xyz,title=Skipped document::")) == 1
    assert lines[-1] == "::notice title=policy-audit::3 documents audited, 1 unreadable, 2 skipped (6 found)"


def test_gitlab_lists_skipped_files_as_info() -> None:
    issues = json.loads(renderer("gitlab")(with_skipped()))
    skipped = [i for i in issues if i["check_name"] == "document-skipped"]
    assert [i["location"]["path"] for i in skipped] == SKIPPED and {i["severity"] for i in skipped} == {"info"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert any(i["location"]["path"] == BROKEN for i in issues)
