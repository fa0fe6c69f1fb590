"""GitHub workflow commands: one line per finding, escaped so no text can end a value or start a command."""

from __future__ import annotations

import re

from report_factory import BROKEN, BROKEN_ERROR, make_report, with_finding_message

from policy_audit.report.formats.github import escape_data, escape_property, render

COMMAND = re.compile(r"^::(?P<kind>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def unescape(text: str) -> str:
    """Undo the runner's escaping (what GitHub shows)."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Each line as (command, properties, message), unescaped; fails on a line that is not a command."""
    commands = []
    for line in output.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in match["props"].split(",")) if match["props"] else {}
        commands.append((match["kind"], {k: unescape(v) for k, v in props.items()}, unescape(match["data"])))
    return commands


def test_one_command_per_finding_then_per_unreadable_document() -> None:
    report = make_report()
    commands = parse(render(report))
    assert [c[0] for c in commands] == ["error", "warning", "notice", "warning", "error", "error", "notice"]
    assert commands.pop() == ("notice", {"title": "policy-audit"}, "3 documents audited, 1 unreadable, 0 skipped (4 found)")
    for (kind, props, message), finding in zip(commands, report.findings):
        assert props == {"file": finding.path, "line": str(finding.line), "col": str(finding.column),
                         "title": f"{finding.rule_id} {finding.title}"}
        assert message.startswith(f"{finding.state.capitalize()}: {finding.message}")
        assert f"How to fix: {finding.hint}" in message
        assert message.lower().count("anchored") == (1 if finding.anchored else 0)
    assert "so it is anchored at the most relevant heading or line 1" in commands[0][2]
    kind, props, message = commands[-1]
    assert props == {"file": BROKEN, "title": "Unreadable document"} and BROKEN_ERROR in message


def test_colon_and_comma_in_properties_are_escaped() -> None:
    line = render(make_report()).splitlines()[3]
    assert "title=ALN-03 Accountability%3A responsibility and reporting::" in line
    assert "file=policies/AR 0415%2C scanned.pdf," in render(make_report()).splitlines()[-2]


def test_message_with_newlines_percent_and_commas_stays_one_command() -> None:
    message = "Fund 100% of the office,\r\nnot 50%25.\n::error file=x::injected"
    output = render(with_finding_message(make_report(), 0, message))
    first = output.splitlines()[0]
    assert len(output.splitlines()) == 7 and not any(line.startswith("::error file=x") for line in output.splitlines())
    kind, _, shown = parse(output)[0]
    assert kind == "error" and shown.startswith("Missing: " + message.replace("\r\n", "\n"))  # a CRLF is a newline
    assert "Fund 100%25 of the office,%0Anot 50%2525.%0A::error file=x::injected" in first


def test_escape_functions() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"


def test_long_evidence_is_shortened() -> None:
    report = make_report()
    finding = report.findings[4]
    long_text = "The Board shall " + "consider funding " * 40
    evidence = [finding.evidence[0].model_copy(update={"text": long_text})]
    message = parse(render(with_finding_message(report, 4, finding.message, evidence=evidence)))[4][2]
    quoted = message.split('"')[1]
    assert quoted.endswith("…") and len(quoted) <= 200


def test_nothing_to_say_is_only_the_counts_and_output_deterministic() -> None:
    report = make_report(with_error=False).model_copy(update={"findings": []})
    assert render(report) == "::notice title=policy-audit::3 documents audited, 0 unreadable, 0 skipped (3 found)\n"
    assert render(make_report()).encode() == render(make_report()).encode()
