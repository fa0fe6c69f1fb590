"""The rule language: valid files parse into typed nodes; broken ones give located errors with hints."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_audit.language import ast
from policy_audit.language.errors import RuleError
from policy_audit.language.parser import parse_text

VALID = '''
pack demo "Demo pack" version "2.1"   # a comment
area fund "Fund"
terms FUNDING = "fund*", "budget", "allocat*",
terms OFFICE = "equity office", FUNDING
modality binding = "shall", "will"
kind strategic-plan "A plan" when title has ("strategic plan" or "district plan") or path matches "*plan*"
rule FND-01 "Funding" {
  area: fund
  severity: error
  scope: doc
  when: any document of kind strategic-plan mentions(OFFICE)
  require: commits(FUNDING near 12 (OFFICE or "equity work")) and not met(FND-02)
  partial: at least 1 of [commits(FUNDING) in section "Budget", mentions("x" and not "y") in kind strategic-plan]
  message: "No \\"funding\\"."
  hint: "e.g. fund it"
  cite: "Find the money."
}
'''


def test_valid_file_parses_into_typed_nodes() -> None:
    f = parse_text(VALID, "demo.rules")
    assert f.pack == ast.PackDecl(name="demo", title="Demo pack", version="2.1", span=f.pack.span)
    assert [t.name for t in f.terms] == ["FUNDING", "OFFICE"]
    assert isinstance(f.terms[1].items[1], ast.TermRef)
    rule = f.rules[0]
    assert (rule.id, rule.area, rule.severity, rule.scope) == ("FND-01", "fund", "error", "doc")
    assert rule.message == 'No "funding".'
    assert isinstance(rule.require, ast.AllOf)
    near = rule.require.items[0].pattern
    assert isinstance(near, ast.PNear) and near.distance == 12
    assert isinstance(near.right, ast.PAny)
    assert isinstance(rule.require.items[1], ast.Not)
    assert isinstance(rule.when, ast.Quantified) and rule.when.kind == "strategic-plan"
    partial = rule.partial
    assert isinstance(partial, ast.AtLeast) and partial.count == 1
    assert partial.items[0].section == "Budget" and partial.items[1].kind == "strategic-plan"
    assert isinstance(partial.items[1].pattern.items[1], ast.PNot)
    assert rule.span.line == 8 and rule.span.file == "demo.rules"


def test_precedence_and_binds_tighter_than_or() -> None:
    f = parse_text('rule A-1 "t" { require: mentions("a") or mentions("b") and mentions("c") }')
    e = f.rules[0].require
    assert isinstance(e, ast.AnyOf) and isinstance(e.items[1], ast.AllOf)


def test_no_lark_tree_escapes() -> None:
    import lark

    f = parse_text(VALID)

    def walk(node: object) -> None:
        assert not isinstance(node, (lark.Tree, lark.Token)), node
        if isinstance(node, ast.Node):
            for name in type(node).model_fields:
                walk(getattr(node, name))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(f)


@pytest.mark.parametrize(
    "text, line, col, message, hint",
    [
        ('rule X-1 "t" {\n  severity error\n}', 2, 3, "expected ':' after 'severity'", "severity: ..."),
        ('rule X-1 "t" {\n  severty: error\n}', 2, 3, "unknown field 'severty'", "did you mean 'severity'"),
        ('rul X-1 "t" {}', 1, 1, "unknown keyword 'rul'", "did you mean 'rule'"),
        ('rule X-1 "t" {\n  message: "abc\n}', 2, 12, "unclosed string", 'close the string'),
        ('rule X-1 "t" {\n  area: fund\n', 2, 9, "unclosed '{' (opened on line 1)", "close the rule's body"),
        ('terms A = "a" "b"', 1, 15, "expected ',' between phrases", "separate phrases with commas"),
        ('define X = "a"', 1, 12, "unexpected", "expected"),
        ('defin X = met(A-1)', 1, 1, "unknown keyword 'defin'", "did you mean 'define'"),
        ('pattern P = commits(X)', 1, 13, "judgement 'commits(...)' inside a pattern", "define NAME = commits"),
        ('terms A = "a" except', 1, 15, "unexpected end of file", ""),
        ('rule X-1 "t" { message: fund }', 1, 16, "field 'message' expects a quoted string", "double quotes"),
        ("terms A = 'a'", 1, 11, "unexpected character \"'\"", "straight double quotes"),
        ('rule X-1 "t" { area: a area: b }', 1, 24, "field 'area' given twice", "once"),
    ],
)
def test_syntax_errors_are_located_with_a_hint(text: str, line: int, col: int, message: str, hint: str) -> None:
    with pytest.raises(RuleError) as info:
        parse_text(text, "x.rules")
    d = info.value.diagnostics[0]
    assert (d.file, d.line, d.column) == ("x.rules", line, col)
    assert message in d.message
    assert hint in d.hint
    rendered = d.render().splitlines()
    assert rendered[0].startswith(f"x.rules:{line}:{col}: ")
    assert rendered[2].index("^") - 4 == col - 1  # the caret sits under the column


_ALPHABET = st.sampled_from(list('rule terms pack area kind modality when require commits mentions defines '
                                 'met at least of near and or not any every document in section { } ( ) [ ] '
                                 ': , = " # \n A-1 FND-01 EQUITY "x" 12 fund error')
                            + [" ", "define", "pattern", "except", "D_1", "\r", "\f", "\ufeff", "\u2028", "\x85"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_parser_never_raises_anything_but_its_own_error(text: str) -> None:
    try:
        parse_text(text, "fuzz.rules")
    except RuleError as err:
        for d in err.diagnostics:
            assert d.line >= 1 and d.column >= 1 and d.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parser_survives_arbitrary_unicode(text: str) -> None:
    try:
        parse_text(text, "fuzz.rules")
    except RuleError:
        pass


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    text = 'rule A-1 "t" { require: ' + "(" * 5000 + 'mentions("a")' + ")" * 5000 + " }"
    with pytest.raises(RuleError) as info:
        parse_text(text)
    (d,) = info.value.diagnostics
    assert "nested too deeply" in d.message and d.line == 1


@pytest.mark.parametrize("inner, column", [
    ("not (" * 400 + 'mentions("a")' + ")" * 400, 11 + 400 * 5 + 9),  # the '(' of mentions, 401 deep
    ('mentions("a"' + ' near 3 "b"' * 3000 + ")", 11 + 9),  # a long left-deep chain: its only bracket
])
def test_too_deep_is_located_at_the_deepest_bracket(inner: str, column: int) -> None:
    text = 'pack t "T"\n\nrule A-1 "t" {\n  require: ' + inner + "\n}\n"
    with pytest.raises(RuleError) as info:
        parse_text(text, "x.rules")
    d = info.value.diagnostics[0]
    assert d.message == "rule file is nested too deeply to parse"
    assert d.line == 4 and d.source_line.startswith("  require: ")
    assert d.column == column
