"""SARIF output: valid against the official 2.1.0 schema, and carrying what GitHub code scanning shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from report_factory import BROKEN, BROKEN_ERROR, POLICY, make_report, with_finding_message

from policy_audit.report.formats.sarif import render, rule_name

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"  # the official schema, vendored


def sarif(report: Any = None) -> dict[str, Any]:
    """The rendered SARIF log of `report` (the factory's by default), parsed."""
    return json.loads(render(report or make_report()))


def schema_errors(log: dict[str, Any]) -> list[str]:
    """Messages of every violation of the official schema, with the validator its `$schema` declares."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


@pytest.mark.parametrize("with_error", [True, False], ids=["unreadable-document", "all-readable"])
def test_valid_against_official_schema(with_error: bool) -> None:
    assert schema_errors(sarif(make_report(with_error=with_error))) == []


def test_schema_check_rejects_a_broken_log() -> None:
    log = sarif()
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    errors = schema_errors(log)
    assert any("fatal" in e for e in errors) and any("'name' is a required property" in e for e in errors)


def test_driver_describes_every_rule_with_help() -> None:
    report = make_report()
    driver = sarif(report)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("policy-audit", "0.1.0")
    assert "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == [r.id for r in report.rules]
    aln03 = next(r for r in driver["rules"] if r["id"] == "ALN-03")
    assert aln03["name"] == "AccountabilityResponsibilityAndReporting"
    assert aln03["shortDescription"]["text"] == "Accountability: responsibility and reporting"
    assert aln03["fullDescription"]["text"].startswith("No policy both assigns responsibility")
    assert "The Superintendent shall report progress" in aln03["help"]["text"]
    assert "**How to fix:**" in aln03["help"]["markdown"] and "isn't going to be done" in aln03["help"]["markdown"]
    assert aln03["properties"]["area"] == "align" and "align" in aln03["properties"]["tags"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels["FND-01"] == "error" and levels["COM-01"] == "warning"


@pytest.mark.parametrize(("title", "name"), [
    ("Groundwork before hiring", "GroundworkBeforeHiring"),
    ("Staff (FTEs) for the equity office", "StaffFTEsForTheEquityOffice"),
    ("Équité: défini", "ÉquitéDéfini"),
])
def test_rule_name_is_camel_case(title: str, name: str) -> None:
    assert rule_name(title) == name


def test_results_carry_level_location_and_evidence() -> None:
    report = make_report()
    run = sarif(report)["runs"][0]
    results = run["results"]
    assert [r["ruleId"] for r in results] == [f.rule_id for f in report.findings]
    assert [r["level"] for r in results] == ["error", "warning", "note", "warning", "error"]
    for result, finding in zip(results, report.findings):
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == finding.rule_id
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert unquote(location["artifactLocation"]["uri"]) == finding.path
        index = location["artifactLocation"]["index"]
        assert run["artifacts"][index]["location"]["uri"] == location["artifactLocation"]["uri"]
        assert location["region"] == {"startLine": finding.line, "startColumn": finding.column}
        text = result["message"]["text"]
        assert text.startswith(f"{finding.state.capitalize()} (") and finding.message in text
        assert text.lower().count("anchored") == (1 if finding.anchored else 0)
        related = result.get("relatedLocations", [])
        assert [r["message"]["text"].split(": ", 1)[1] for r in related] == [e.text for e in finding.evidence]
    aln03 = results[3]
    assert '"Progress should be reported to the Board, as resources permit."' in aln03["message"]["text"]
    assert aln03["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 22
    assert results[2]["locations"][0]["properties"] == {"page": 7}


def test_anchoring_is_explained_once() -> None:
    results = sarif()["runs"][0]["results"]
    assert "so it is anchored at line 1 (the most relevant heading" in results[0]["message"]["text"]
    assert "anchored at heading 'Budget'" in results[4]["message"]["text"]
    assert "so it is anchored" not in results[4]["message"]["text"]


def fingerprint(report: Any, index: int) -> str:
    """The primaryLocationLineHash of result `index`."""
    return str(sarif(report)["runs"][0]["results"][index]["partialFingerprints"]["primaryLocationLineHash"])


def test_fingerprint_follows_section_not_line() -> None:
    report = make_report()
    original = fingerprint(report, 4)
    moved = with_finding_message(report, 4, report.findings[4].message, line=130, column=9)
    assert fingerprint(moved, 4) == original
    other_section = with_finding_message(report, 4, report.findings[4].message, fingerprint="0" * 16)
    assert fingerprint(other_section, 4) != original
    other_path = with_finding_message(report, 4, report.findings[4].message, path="policies/other.md")
    assert fingerprint(other_path, 4) != original
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif(report)["runs"][0]["results"]]
    assert len(set(hashes)) == len(hashes)


def test_identical_findings_get_distinct_fingerprints() -> None:
    report = make_report()
    twice = report.model_copy(update={"findings": [report.findings[4], report.findings[4]]})
    first, second = (r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif(twice)["runs"][0]["results"])
    assert first != second and first.split(":")[0] == second.split(":")[0]


def test_unreadable_document_is_an_execution_error() -> None:
    run = sarif()["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and BROKEN_ERROR in note["message"]["text"]
    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "policies/AR%200415%2C%20scanned.pdf" and unquote(uri) == BROKEN
    assert [unquote(a["location"]["uri"]) for a in run["artifacts"]] == [d.path for d in make_report().documents]


def test_all_readable_means_execution_successful() -> None:
    invocation = sarif(make_report(with_error=False))["runs"][0]["invocations"][0]
    assert invocation == {"executionSuccessful": True}


def test_absolute_path_becomes_a_file_uri() -> None:
    report = with_finding_message(make_report(), 4, "moved", path="/srv/district/policies/bp 0415.md")
    location = sarif(report)["runs"][0]["results"][4]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "file:///srv/district/policies/bp%200415.md"}


def test_render_is_deterministic() -> None:
    assert render(make_report()).encode() == render(make_report()).encode()
    assert POLICY in render(make_report())


def test_hostile_names_and_skipped_files_stay_valid() -> None:
    from test_format_accounting import with_skipped
    from test_format_escaping import hostile_report

    assert schema_errors(sarif(hostile_report())) == []
    assert schema_errors(sarif(with_skipped())) == []
