"""JUnit output: parsed back with xml.etree, with counts that agree with the test cases they sum."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from report_factory import BROKEN, BROKEN_ERROR, make_report, with_finding_message

from policy_audit.report.formats.junit import render

COUNTS = ("tests", "failures", "errors", "skipped")


def parse(report: object = None, fail_on: str = "warning") -> ET.Element:
    """The rendered `<testsuites>` of `report` (the factory's by default); warnings fail unless told otherwise."""
    return ET.fromstring(render(report or make_report(), fail_on=fail_on))  # type: ignore[arg-type]


def case(root: ET.Element, name_start: str) -> ET.Element:
    """The one test case whose name starts with `name_start`."""
    [found] = [c for c in root.iter("testcase") if c.get("name", "").startswith(name_start)]
    return found


def tally(cases: list[ET.Element]) -> dict[str, str]:
    """Counts of tests, failures, errors and skipped among `cases`, as the attributes should state them."""
    return {"tests": str(len(cases)),
            **{key: str(sum(1 for c in cases if c.find(tag) is not None))
               for key, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped"))}}


def test_counts_agree_with_the_cases() -> None:
    root = parse()
    assert {k: root.get(k) for k in COUNTS} == {"tests": "9", "failures": "4", "errors": "1", "skipped": "1"}
    assert {k: parse(fail_on="error").get(k) for k in COUNTS} == {"tests": "9", "failures": "2", "errors": "1",
                                                                 "skipped": "1"}
    assert {k: root.get(k) for k in COUNTS} == tally(list(root.iter("testcase")))
    for suite in root.iter("testsuite"):
        assert {k: suite.get(k) for k in COUNTS} == tally(suite.findall("testcase")), suite.get("name")


def test_one_suite_per_area_and_one_case_per_rule_and_scope() -> None:
    report = make_report()
    root = parse(report)
    assert [s.get("name") for s in root.iter("testsuite")] == ["align", "community", "fund", "seat", "documents"]
    names = [c.get("name") for c in root.iter("testcase") if c.get("classname") != "documents"]
    assert names == [f"{r.rule_id} {r.title} [{r.scope}]" for r in report.results]
    aln03 = case(root, "ALN-03")
    assert aln03.get("classname") == "align"
    assert aln03.get("name") == "ALN-03 Accountability: responsibility and reporting [folder]"


def test_failure_carries_message_and_evidence() -> None:
    root = parse()
    failure = case(root, "ALN-03").find("failure")
    assert failure is not None and failure.get("type") == "weak"
    assert failure.get("message", "").startswith("weak: No policy both assigns responsibility")
    body = failure.text or ""
    assert '[hedged] policies/bp-0415-equity.md:24: "Progress should be reported to the Board' in body
    assert "How to fix: e.g. 'The Superintendent shall report progress" in body
    fnd01 = case(root, "FND-01").find("failure")
    assert fnd01 is not None and "anchored at heading 'Budget'" in (fnd01.text or "")
    assert (fnd01.text or "").count("anchored") == 1
    sea02 = case(root, "SEA-02").find("failure")
    assert sea02 is not None and "no sentence mentions a reporting line" in (sea02.text or "")
    assert "at mission.md:1 (anchored: no single line states this" in (sea02.text or "")


def test_info_finding_does_not_fail_and_met_passes_with_evidence() -> None:
    root = parse()
    fnd03 = case(root, "FND-03")
    assert fnd03.find("failure") is None and "weak (info)" in (fnd03.findtext("system-out") or "")
    aln01 = case(root, "ALN-01")
    assert [child.tag for child in aln01] == ["system-out"]
    assert "Our mission is to ensure equitable outcomes" in (aln01.findtext("system-out") or "")


def test_not_applicable_is_skipped() -> None:
    skipped = case(parse(), "ALN-06").find("skipped")
    assert skipped is not None and "no document creates an equity-officer position" in skipped.get("message", "")


def test_unreadable_document_is_an_error_case() -> None:
    error_case = case(parse(), "read ")
    assert error_case.get("file") == BROKEN and error_case.get("classname") == "documents"
    error = error_case.find("error")
    assert error is not None and BROKEN_ERROR in error.get("message", "") and BROKEN in (error.text or "")
    root = parse(make_report(with_error=False))
    [docs] = [s for s in root.iter("testsuite") if s.get("name") == "documents"]  # always there: it holds the counts
    assert root.get("errors") == "0" and docs.get("tests") == "0"


def test_markup_and_control_characters_survive() -> None:
    message = 'Budget <b>"A & B"</b>\x0c\x00 ends]]> here'
    failure = case(parse(with_finding_message(make_report(), 4, message)), "FND-01").find("failure")
    assert failure is not None
    # controls XML cannot carry are shown as visible escapes, as in every other format
    assert failure.get("message") == 'missing: Budget <b>"A & B"</b>\\x0c\\x00 ends]]> here'
    assert 'Budget <b>"A & B"</b>\\x0c\\x00 ends]]> here' in (failure.text or "")


def test_render_is_deterministic_and_pretty() -> None:
    text = render(make_report())
    assert text.encode() == render(make_report()).encode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    assert "\n  <testsuite " in text and "\n    <testcase " in text


def test_fail_on_sets_which_findings_fail() -> None:
    assert render(make_report()) == render(make_report(), fail_on="error")  # the CLI's default
    never = parse(fail_on="never")
    assert never.get("failures") == "0" and not list(never.iter("failure"))
    assert never.get("errors") == "1"  # an unreadable document fails the run whatever --fail-on says
    aln03 = case(never, "ALN-03")  # a warning below the floor passes, and says what it found
    out = aln03.findtext("system-out") or ""
    assert aln03.find("failure") is None and "weak (warning)" in out and "No policy both assigns" in out
    assert "below --fail-on never" in out
    info = parse(fail_on="info")
    assert info.get("failures") == "5" and case(info, "FND-03").find("failure") is not None


def test_suppressed_finding_passes_and_states_its_reason() -> None:
    from policy_audit.report.models import Suppression

    report = make_report()
    waiver = Suppression(kind="waiver", justification="Funded by the county office; see MOU 2024-17.",
                         path=".policy-audit.toml", line=12, expires="2027-06-30")
    report = with_finding_message(report, 4, report.findings[4].message, suppressed=waiver)  # FND-01, an error
    fnd01 = case(parse(report, fail_on="info"), "FND-01")
    out = fnd01.findtext("system-out") or ""
    assert fnd01.find("failure") is None and fnd01.find("skipped") is None
    assert "Suppressed by a waiver (.policy-audit.toml:12, expires 2027-06-30): Funded by the county office" in out
