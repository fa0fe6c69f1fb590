"""JUnit XML, so CI systems that only read test reports show every rule and scope as a test case.

A finding fails its test case when it is unsuppressed and at or above `--fail-on`, exactly as it
fails the run; below that floor, or suppressed, the case passes and says why in `system-out`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ..escape import safe_report
from ..levels import SEVERITY_ORDER

if TYPE_CHECKING:
    from ..models import DocumentInfo, Evidence, Finding, Report, Result, Suppression

COUNTS = ("tests", "failures", "errors", "skipped")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # characters XML 1.0 forbids


def clean(text: str) -> str:
    """`text` with characters XML 1.0 cannot carry (form feeds from PDFs, NULs) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def where(path: str, line: int, page: int | None) -> str:
    """`path:line`, or `path:p3:line` when the line is on a page."""
    return f"{path}:p{page}:{line}" if page is not None else f"{path}:{line}"


def quote(ev: Evidence) -> str:
    """One evidence line of a test case body."""
    return f'  - [{ev.strength}] {where(ev.path, ev.line, ev.page)}: "{ev.text}"'


def finding_text(finding: Finding, note: str = "") -> str:
    """The body of a failure: state, place (and why it is anchored), message, fix, source and evidence."""
    lines = [f"{finding.rule_id} {finding.title}: {finding.state} ({finding.severity})",
             f"at {where(finding.path, finding.line, finding.page)}"]
    if finding.anchored and "anchored" not in finding.message.lower():
        lines[-1] += " (anchored: no single line states this; this is the most relevant heading or line 1)"
    lines.append(finding.message)
    if finding.hint:
        lines.append(f"How to fix: {finding.hint}")
    if finding.cite:
        lines.append(f"Source: {finding.cite}")
    if finding.evidence:
        lines += ["Evidence:"] + [quote(ev) for ev in finding.evidence]
    else:
        lines.append(f"Evidence: none ({note or 'no sentence in scope mentions it'})")
    return "\n".join(lines)


def suppression_text(s: Suppression) -> str:
    """Why a suppressed finding passes: who accepted it, where, until when, and the reason given."""
    who = "an inline comment" if s.kind == "inline" else "a waiver"
    until = f", expires {s.expires}" if s.expires else ""
    return f"Suppressed by {who} ({s.path}:{s.line}{until}): {s.justification}"


def fails(finding: Finding, fail_on: str) -> bool:
    """True when the finding fails the run: unsuppressed and at or above `fail_on` (`never`: none do)."""
    if finding.suppressed is not None or fail_on == "never":
        return False
    return SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER[fail_on]


def passing_text(finding: Finding, note: str, fail_on: str) -> str:
    """The system-out of a finding that does not fail: the finding, then why it passes."""
    why = (suppression_text(finding.suppressed) if finding.suppressed is not None
           else f"Passes: {finding.severity} is below --fail-on {fail_on}.")
    return finding_text(finding, note) + "\n" + why


def result_text(result: Result) -> str:
    """The system-out of a passing test case: state, the plain-English note and the evidence."""
    lines = [f"{result.state}: {result.note}" if result.note else result.state]
    if result.evidence:
        lines += ["Evidence:"] + [quote(ev) for ev in result.evidence]
    return "\n".join(lines)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element with cleaned attributes and text."""
    element = ET.SubElement(parent, tag, {key: clean(value) for key, value in attrs.items()})
    if text is not None:
        element.text = clean(text)
    return element


def add_case(suite: ET.Element, area: str, rule_id: str, title: str, scope: str,
             result: Result | None, findings: list[Finding], fail_on: str) -> None:
    """One test case for a rule over a scope: failed, skipped or passed, with its evidence."""
    case = sub(suite, "testcase", classname=area, name=f"{rule_id} {title} [{scope}]")
    failing = [f for f in findings if fails(f, fail_on)]
    passing = [f for f in findings if not fails(f, fail_on)]
    note = result.note if result is not None else ""
    if findings:
        case.set("file", clean(findings[0].path))
        case.set("line", str(findings[0].line))
    if failing:
        first = failing[0]
        sub(case, "failure", "\n\n".join(finding_text(f, note) for f in failing),
            message=f"{first.state}: {first.message}", type=first.state)
    elif result is not None and result.state == "not-applicable":
        sub(case, "skipped", message=f"not applicable: {result.note}" if result.note else "not applicable")
    texts = [passing_text(f, note, fail_on) for f in passing]
    if not findings and result is not None and result.state != "not-applicable":
        texts = [result_text(result)]
    if texts:
        sub(case, "system-out", "\n\n".join(texts))


def add_error(suite: ET.Element, document: DocumentInfo) -> None:
    """One errored test case for a file that could not be read."""
    case = sub(suite, "testcase", classname="documents", name=f"read {document.path}", file=document.path)
    text = f"Could not read {document.path} ({document.format}): {document.error}"
    sub(case, "error", text, message=f"unreadable document: {document.error}", type="unreadable-document")


def add_skipped(suite: ET.Element, path: str) -> None:
    """One skipped test case for a file found but not audited."""
    case = sub(suite, "testcase", classname="documents", name=f"read {path}", file=path)
    sub(case, "skipped", message="skipped: not a document policy-audit reads, so it was not audited")


def documents_suite(root: ET.Element, report: Report) -> ET.Element:
    """The `documents` suite: the file counts as properties, an error per unreadable and a skip per skipped file."""
    suite = sub(root, "testsuite", name="documents")
    s = report.summary
    props = sub(suite, "properties")
    for key, value in (("discovered", s.discovered), ("audited", s.audited), ("errored", s.errored),
                       ("skipped", s.skipped)):
        sub(props, "property", name=key, value=str(value))
    for document in report.documents:
        if document.error is not None:
            add_error(suite, document)
    for path in s.skipped_paths:
        add_skipped(suite, path)
    return suite


def count(suite: ET.Element) -> dict[str, int]:
    """Tests, failures, errors and skipped among a suite's test cases."""
    cases = suite.findall("testcase")
    return {"tests": len(cases), "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None)}


def render(report: Report, fail_on: str = "error") -> str:
    """The report as `<testsuites>`: one suite per area (scorecard order), then `documents` (counts, unread files)."""
    report = safe_report(report)
    pending: dict[tuple[str, str], list[Finding]] = {}
    for finding in report.findings:
        pending.setdefault((finding.rule_id, finding.scope), []).append(finding)
    root = ET.Element("testsuites", {"name": report.tool})
    areas = list(dict.fromkeys([a.area for a in report.summary.areas] + [r.area for r in report.results]
                               + [f.area for f in report.findings]))
    suites = {area: sub(root, "testsuite", name=area) for area in areas}
    for result in report.results:
        found = pending.pop((result.rule_id, result.scope), [])
        add_case(suites[result.area], result.area, result.rule_id, result.title, result.scope, result, found,
                 fail_on)
    for (rule_id, scope), found in pending.items():  # findings without a result are still reported
        add_case(suites[found[0].area], found[0].area, rule_id, found[0].title, scope, None, found, fail_on)
    all_suites = [*suites.values(), documents_suite(root, report)]
    totals = dict.fromkeys(COUNTS, 0)
    for suite in all_suites:
        for key, value in count(suite).items():
            suite.set(key, str(value))
            totals[key] += value
    for key in COUNTS:
        root.set(key, str(totals[key]))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
