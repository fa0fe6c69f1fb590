"""Untrusted text and file names reach no format raw: controls, bidi overrides, newlines, bad bytes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_factory import make_report

from policy_audit.report.escape import display_name, json_safe, one_line, safe_report, visible
from policy_audit.report.formats import renderer
from policy_audit.report.models import Report

MINE = ["text", "json", "sarif", "junit", "github", "gitlab", "markdown"]
# os.fsdecode(b"bad\xff") gives a lone surrogate; the rest are an OSC retitle, a newline that would
# start a Markdown heading, and a right-to-left override
HOSTILE_NAME = "policies/bad\udcff\x1b]0;owned\x07\n# Injected heading, see: here.md"
HOSTILE_TEXT = "Clear \x1b[2J screen \x9b31m red \x00 nul \u202eevil\u202c and \x07 bell."
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def hostile_report() -> Report:
    """The factory report with a hostile file name on a document, a finding and its evidence."""
    report = make_report()
    doc = report.documents[0].model_copy(update={"path": HOSTILE_NAME, "title": "Title \x1b[31mRED\x1b[0m"})
    f = report.findings[0]
    ev = report.results[0].evidence[0].model_copy(update={"path": HOSTILE_NAME, "text": HOSTILE_TEXT})
    finding = f.model_copy(update={"path": HOSTILE_NAME, "evidence": [ev]})
    summary = report.summary.model_copy(update={"skipped": 1, "discovered": report.summary.discovered + 1,
                                                "skipped_paths": ["odd\udcfe\x1b[2J.xyz"]})
    return report.model_copy(update={"documents": [doc, *report.documents[1:]],
                                     "findings": [finding, *report.findings[1:]], "summary": summary})


def strings(value: object) -> list[str]:
    """Every string in parsed JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_escape_functions() -> None:
    assert visible("a\x1b[2Jb\tc\nd") == "a\\x1b[2Jb\tc\nd"
    assert one_line("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert visible("\u202eabc") == "\\u202eabc" and visible("\x9b") == "\\x9b"
    assert display_name("bad\udcff.md") == "bad\ufffd.md"
    assert display_name("x\udc00y\ud800") == "x\ufffdy\ufffd"  # surrogates standing for no byte
    assert json_safe('{"a": "\u202e\x85\udcff"}') == '{"a": "\\u202e\\u0085\ufffd"}'
    assert visible(visible(HOSTILE_TEXT)) == visible(HOSTILE_TEXT)  # escaping twice changes nothing


def test_clean_report_is_returned_as_is() -> None:
    report = make_report()
    assert safe_report(report) is report


@pytest.mark.parametrize("name", MINE)
def test_no_raw_control_or_surrogate_reaches_the_output(name: str) -> None:
    out = renderer(name)(hostile_report())
    out.encode("utf-8")  # strict: a lone surrogate would raise here
    assert not RAW.search(out), repr(RAW.search(out))
    assert "\ufffd" in out  # the undecodable byte is shown as a replacement character


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab"])
def test_json_formats_parse_and_keep_the_data(name: str) -> None:
    text = "\n".join(strings(json.loads(renderer(name)(hostile_report()))))
    assert "\x1b[2J screen" in text  # the ESC travels as a JSON escape: the data is unchanged
    assert "bad\ufffd" in text and "\udcff" not in text


def test_json_keeps_control_characters_as_json_escapes() -> None:
    out = renderer("json")(hostile_report())
    assert "\\u001b[2J" in out and "\\u202e" in out
    assert json.loads(out)["findings"][0]["evidence"][0]["text"] == HOSTILE_TEXT


def test_markdown_file_name_cannot_inject_a_heading() -> None:
    out = renderer("markdown")(hostile_report())
    assert not any(line.lstrip("> ").startswith("# Injected") for line in out.splitlines())
    assert "Injected heading" in out


def test_github_file_name_stays_in_its_property() -> None:
    out = renderer("github")(hostile_report())
    lines = out.splitlines()
    assert all(line.startswith("::") for line in lines)
    hostile = [line for line in lines if "Injected" in line]
    assert hostile and all(re.match(r"::\w+ file=[^,:]*,", line) for line in hostile)
    assert "%2C see%3A here.md" in hostile[0]


def test_junit_is_well_formed() -> None:
    ET.fromstring(renderer("junit")(hostile_report()))


def test_text_shows_escapes_visibly() -> None:
    out = renderer("text")(hostile_report())
    assert "\\x1b[2J" in out and "bad\ufffd\\x1b]0;owned\\x07\\n# Injected" in out


HOSTILE_CHARS = st.sampled_from(["\x1b", "\x07", "\x00", "\r", "\n", "\t", "\x85", "\x9b", "\u202e", "\u2066",
                                 "\u2028", "\udcff", "\ud800", "%", ":", ",", "|", "`", "#", "<", "&", "]]>", "a", " "])
HOSTILE = st.lists(HOSTILE_CHARS, max_size=12).map("".join)


@given(HOSTILE)
@settings(max_examples=200, deadline=None)
def test_escapes_leave_no_control_and_are_idempotent(text: str) -> None:
    for escape in (visible, one_line, display_name):
        shown = escape(text)
        shown.encode("utf-8")
        assert not RAW.search(shown.replace("\r\n", "\n")) and escape(shown) == shown
    assert "\n" not in one_line(text) and "\r" not in one_line(text)


@given(name=HOSTILE, text=HOSTILE)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_name_and_text_through_every_format(name: str, text: str) -> None:
    report = make_report()
    doc = report.documents[0].model_copy(update={"path": "p/" + name, "title": text})
    ev = report.results[0].evidence[0].model_copy(update={"path": "p/" + name, "text": text or "x"})
    finding = report.findings[0].model_copy(update={"path": "p/" + name, "evidence": [ev], "message": text})
    report = report.model_copy(update={"documents": [doc, *report.documents[1:]],
                                       "findings": [finding, *report.findings[1:]]})
    for fmt in MINE:
        out = renderer(fmt)(report)
        out.encode("utf-8")
        assert not RAW.search(out), (fmt, repr(out[max(RAW.search(out).start() - 20, 0):][:60]))  # type: ignore[union-attr]
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(out)
        elif fmt == "junit":
            ET.fromstring(out)
        elif fmt == "github":
            assert all(line.startswith("::") for line in out.splitlines())


def test_diff_renderers_escape_document_text_and_names() -> None:
    from policy_audit.compare import Change, DiffReport, DiffSummary, RuleDiff, Sentence
    from policy_audit.report.diff_formats import RENDERERS

    old = Sentence(path=HOSTILE_NAME, line=3, text=HOSTILE_TEXT, strength="binding", reason="binding: 'shall'")
    new = old.model_copy(update={"strength": "hedged", "reason": "hedged: 'may'"})
    report = DiffReport(version="0", old="a\udcff", new="b\x1b[2J", errors=["x\x07"],
                        rules=[RuleDiff(rule_id="FND-01", title="Funding", area="fund", old_state="met",
                                        new_state="weak", changes=[Change(kind="weakened", old=old, new=new)])],
                        summary=DiffSummary(added=0, removed=0, weakened=1, strengthened=0, rules_changed=1,
                                            regressions=1))
    for name, render in RENDERERS.items():
        out = render(report)
        out.encode("utf-8")
        assert not RAW.search(out), name
    assert json.loads(RENDERERS["json"](report))["rules"][0]["changes"][0]["old"]["text"] == HOSTILE_TEXT


@pytest.mark.parametrize("variant", ["clean", "surrogate", "replacement", "surrogate-key"])
def test_decodable_json_is_the_json_of_decodable_report(variant: str) -> None:
    from policy_audit.report.escape import decodable_json, decodable_report

    report = {"clean": make_report(), "surrogate": hostile_report()}.get(variant) or make_report()
    if variant == "replacement":
        report = report.model_copy(update={"subject": "bad \ufffd byte"})
    if variant == "surrogate-key":  # a key the serialiser would silently turn into U+FFFD
        summary = report.summary.model_copy(update={"findings": {"bad\udcff": 1}})
        report = report.model_copy(update={"summary": summary})
    assert decodable_json(report) == decodable_report(report).model_dump_json(indent=2)


@pytest.mark.parametrize("plain", [False, True])
def test_the_scorecard_escapes_the_summary_alone_as_the_whole_report_would(plain: bool) -> None:
    from policy_audit.report.escape import safe_report
    from policy_audit.report.formats.text import summary_lines
    from policy_audit.report.plain import dump, view

    hostile = hostile_report()
    baseline = {"path": "base\x1b]0;x\x07line.json", "matched": 1, "fixed": 0, "new": 2}
    model = hostile.model_copy(update={"summary": hostile.summary.model_validate(
        {**hostile.summary.model_dump(), "baseline": baseline})})
    report = view(dump(model)) if plain else model
    lines = summary_lines(report)
    assert lines == summary_lines(safe_report(report), escaped=True)
    text = "\n".join(lines)
    assert "odd\ufffd\\x1b[2J.xyz" in text and "\\x1b]0;x\\x07line.json" in text
    assert not any(c in text for c in "\x1b\x07\udcfe")
    clean = make_report()
    assert summary_lines(view(dump(clean)) if plain else clean) == summary_lines(clean, escaped=True)


def test_the_scorecard_never_serialises_the_whole_report(monkeypatch: pytest.MonkeyPatch) -> None:
    from policy_audit.report.formats.text import summary_lines
    from policy_audit.report.models import Report

    report = hostile_report()
    expected = summary_lines(report)

    def refuse(*_: object, **__: object) -> str:
        raise AssertionError("the whole report was serialised for its scorecard")

    monkeypatch.setattr(Report, "model_dump_json", refuse)
    monkeypatch.setattr(Report, "model_dump", refuse)
    assert summary_lines(report) == expected
