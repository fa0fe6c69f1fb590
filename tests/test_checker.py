"""Semantic errors in a pack are all found before any document is read, each located with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import RULES_HEAD, rule_errors

from policy_audit.language.errors import RuleError
from policy_audit.language.pack import load_pack


def rule(rid: str, require: str, extra: str = "") -> str:
    return f'rule {rid} "T" {{\n  area: fund\n  severity: error\n  require: {require}\n  message: "m"\n{extra}}}\n'


@pytest.mark.parametrize(
    "body, message, hint, line",
    [
        (rule("A-1", "commits(EQUTY)"), "unknown term set 'EQUTY'", "did you mean 'EQUITY'", 11),
        (rule("A-1", "commits(EQUITY)") + rule("A-1", "commits(EQUITY)"), "duplicate rule ID 'A-1'", "t.rules:8;", 14),
        (rule("A-1", "commits(EQUITY) in kind polcy"), "unknown kind 'polcy'", "did you mean 'policy'", 11),
        (rule("A-1", "any document of kind plan commits(EQUITY)"), "unknown kind 'plan'", "kinds are policy", 11),
        (rule("A-1", "met(A-2)") + rule("A-2", "met(A-1)"), "met() cycle: A-1 -> A-2 -> A-1", "cannot depend on itself", 8),
        (rule("A-1", "met(A-9)"), "met() names unknown rule 'A-9'", "", 11),
        (rule("A-1", "commits(EQUITY)").replace("area: fund", "area: fnd"), "unknown area 'fnd'", "did you mean 'fund'", 9),
        (rule("A-1", "commits(EQUITY)").replace("severity: error", "severity: eror"), "unknown severity 'eror'", "did you mean 'error'", 10),
        (rule("A-1", "commits(EQUITY)", "  scope: everywhere\n"), "unknown scope 'everywhere'", "folder or doc", 13),
        (rule("A-1", 'commits("fu*nd")'), "'*' inside a word", "prefix wildcard", 11),
        (rule("A-1", "at least 3 of [commits(EQUITY), commits(EQUITY)]"), "'at least 3 of' a list of 2", "between 1 and 2", 11),
        (rule("A-1", "commits(EQUITY near 0 EQUITY)"), "'near 0' is out of range", "1 to 200", 11),
        ('terms X = Y\nterms Y = X\n', "term sets include each other", "cannot include itself", 8),
        ('modality maybe = "perhaps"\n', "unknown modality 'maybe'", "modalities are", 8),
    ],
)
def test_semantic_errors_are_located(tmp_path: Path, body: str, message: str, hint: str, line: int) -> None:
    diags = rule_errors(tmp_path, body)
    match = [d for d in diags if message in d.message]
    assert match, [d.render() for d in diags]
    d = match[0]
    assert hint in d.hint
    assert d.file.endswith("t.rules") and d.line == line and d.column >= 1


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    diags = rule_errors(tmp_path, rule("A-1", "commits(NOPE1)") + rule("A-2", "commits(NOPE2)"))
    assert {d.message for d in diags} >= {"unknown term set 'NOPE1'", "unknown term set 'NOPE2'"}


def test_missing_required_modalities_and_pack_statement(tmp_path: Path) -> None:
    (tmp_path / "t.rules").write_text('area fund "F"\n', encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_pack([tmp_path])
    messages = " | ".join(d.message for d in info.value.diagnostics)
    assert "no 'pack' statement" in messages and "no 'binding' modality" in messages


def test_pack_spread_over_files_shares_terms(tmp_path: Path) -> None:
    (tmp_path / "a.rules").write_text(RULES_HEAD, encoding="utf-8")
    (tmp_path / "b.rules").write_text(rule("A-1", "commits(EQUITY)"), encoding="utf-8")
    pack = load_pack([tmp_path])
    assert [r.id for r in pack.rules] == ["A-1"] and pack.rules[0].span.file.endswith("b.rules")


def test_met_dependencies_are_evaluated_first(tmp_path: Path) -> None:
    (tmp_path / "t.rules").write_text(RULES_HEAD + rule("A-1", "met(A-2)") + rule("A-2", "commits(EQUITY)"), encoding="utf-8")
    assert load_pack([tmp_path]).order == ["A-2", "A-1"]
