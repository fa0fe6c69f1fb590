"""What every CI format promises: registered, deterministic, and never silent about an unreadable file."""

from __future__ import annotations

import pytest
from report_factory import BROKEN_ERROR, make_report

from policy_audit.report.formats import FORMATS, renderer

CI_FORMATS = ["sarif", "junit", "github", "gitlab", "markdown", "csv"]


@pytest.mark.parametrize("name", CI_FORMATS)
def test_registered_and_deterministic(name: str) -> None:
    assert name in FORMATS
    render = renderer(name)
    first, second = render(make_report()), render(make_report())
    assert isinstance(first, str) and first
    assert first.encode("utf-8") == second.encode("utf-8")


@pytest.mark.parametrize("name", CI_FORMATS)
def test_unreadable_document_reported(name: str) -> None:
    render = renderer(name)
    assert BROKEN_ERROR in render(make_report(with_error=True))
    assert BROKEN_ERROR not in render(make_report(with_error=False))


@pytest.mark.parametrize("name", CI_FORMATS)
def test_every_finding_reported(name: str) -> None:
    report = make_report()
    text = renderer(name)(report)
    for finding in report.findings:
        assert finding.rule_id in text and finding.message in text
