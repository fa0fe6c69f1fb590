"""Rule packs that are wrong or hostile give located errors, never a RecursionError or a blow-up.

Data-driven: each case is a pack body, the error it must produce (message, hint) and where.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers import RULES_HEAD, rule_errors

from policy_audit.language.errors import RuleError
from policy_audit.language.pack import load_pack
from policy_audit.language.parser import parse_text


def rule(rid: str, require: str) -> str:
    return f'rule {rid} "T" {{ area: fund require: {require} message: "m" }}\n'


def chain(template: str, n: int, last: str) -> str:
    return "".join(template.format(i=i, j=i + 1) for i in range(n)) + last


CASES = [
    # names
    (rule("A-1", "FUNDED"), "unknown define 'FUNDED'", "define FUNDED = commits", 8, 36),
    ('define FUNDED = commits(EQUITY)\n' + rule("A-1", "FUNDD"), "unknown define 'FUNDD'", "did you mean 'FUNDED'", 9, 36),
    (rule("A-1", "EQUITY"), "bare term set 'EQUITY' where a judgement is expected", "commits(EQUITY)", 8, 36),
    ('pattern EQ = EQUITY\n' + rule("A-1", "EQ"), "bare pattern 'EQ' where a judgement is expected", "commits(EQ)", 9, 36),
    ('define D = mentions(EQUITY)\n' + rule("A-1", "commits(D)"), "'D' is a define (an expression), not a pattern",
     "require: D", 9, 44),
    ('pattern EQ = EQUTY\n', "unknown term set 'EQUTY'", "did you mean 'EQUITY'", 8, 14),
    ('pattern P = EQUITY\nterms T = P\n', "term set 'T' includes the pattern 'P'", "a term set lists phrases", 9, 11),
    ('define EQUITY = mentions("x")\n', "'EQUITY' is declared as a term set and as a define", "share one set of names", 8, 8),
    ('define D = mentions("x")\ndefine D = mentions("y")\n', "define 'D' declared twice", "first declared at", 9, 8),
    ('pattern P = "x"\npattern P = "y"\n', "pattern 'P' declared twice", "first declared at", 9, 9),
    ('define D = mentions(EQUITY) in kind polcy\n', "unknown kind 'polcy'", "did you mean 'policy'", 8, 12),
    ('define D = met(A-9)\n', "met() names unknown rule 'A-9'", "", 8, 16),
    # cycles
    ('define A = B\ndefine B = mentions(EQUITY) and A\n', "defines refer to each other: A -> B -> A", "cannot use itself", 8, 8),
    ('pattern P = Q\npattern Q = "x" or P\n', "patterns refer to each other: P -> Q -> P", "cannot use itself", 8, 9),
    ('terms X = Y\nterms Y = X\n', "term sets include each other: X -> Y -> X", "cannot include itself", 8, 7),
    ('terms X = "x" except Y\nterms Y = X\n', "term sets include each other: X -> Y -> X", "cannot include itself", 8, 7),
    ('define D = met(A-1)\n' + rule("A-1", "D"), "met() cycle: A-1 -> A-1", "cannot depend on itself", 9, 6),
    # subtraction
    ('terms X = "a", "b" except "B", "a"\n', "term set 'X' is empty: 'except' removes every phrase", "remove a set", 8, 7),
    # limits: chains and blow-ups
    (chain('terms L{i} = L{j}\n', 1500, 'terms L1500 = "x"\n'),
     "term set 'L1436' includes term sets 65 levels deep (limit 64)", "fewer, flatter", 1444, 7),
    (chain('terms L{i} = L{j}, "p{i}"\n', 60, 'terms L60 = ' + ", ".join(f'"w{k}"' for k in range(2000)) + "\n"),
     "term sets expand to more than 100000 phrases (reached at 'L11')", "include large sets", 19, 7),
    (chain('define D{i} = D{j} and D{j}\n', 40, 'define D40 = mentions(EQUITY)\n'),
     "define 'D27' expands to 24575 nodes (limit 20000)", "use it once", 35, 8),
    (chain('define D{i} = not D{j}\n', 1500, 'define D1500 = mentions(EQUITY)\n'),
     "define 'D1468' nests 66 levels deep once its names are expanded (limit 64)", "flatten the chain", 1476, 8),
    (chain('pattern P{i} = P{j} near 3 P{j}\n', 40, 'pattern P40 = "x"\n') + rule("A-1", "mentions(P0)"),
     "pattern 'P26' expands to 32767 nodes (limit 20000)", "use it once", 34, 9),
    ('define D = ' + " and ".join(["mentions(EQUITY)"] * 10) + "\n" + rule("A-1", " or ".join(["D"] * 2500)),
     "require of rule A-1 expands to 52501 nodes (limit 20000)", "use it once", 9, 36),
]


@pytest.mark.parametrize("body, message, hint, line, column", CASES, ids=[c[1][:50] for c in CASES])
def test_pack_errors_are_located(tmp_path: Path, body: str, message: str, hint: str, line: int, column: int) -> None:
    diags = rule_errors(tmp_path, body)
    found = [d for d in diags if d.message == message]
    assert found, [d.render() for d in diags]
    d = found[0]
    assert hint in d.hint
    assert (d.file.endswith("t.rules"), d.line, d.column) == (True, line, column)
    rendered = d.render().splitlines()
    assert rendered[2].index("^") - 4 == column - 1  # the caret sits under the column
    assert len(diags) <= 3, [x.render() for x in diags]  # one mistake, not one error per use


def test_a_long_chain_of_small_term_sets_within_the_limits_just_works(tmp_path: Path) -> None:
    (tmp_path / "t.rules").write_text(RULES_HEAD + chain('terms L{i} = L{j}, "p{i}"\n', 60, 'terms L60 = "x"\n')
                                      + rule("A-1", "mentions(L0)"), encoding="utf-8")
    pack = load_pack([tmp_path])
    assert len(pack.terms) == 62


BREAKS = ["\n", "\r\n", "\r"]  # what editors count as line breaks
SEPARATORS = ["\f", "\v", "\x85", "\u2028", "\u2029", "\x1c"]  # str.splitlines breaks there too; editors do not


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_caret_sits_under_the_right_line_whatever_the_line_breaks(tmp_path: Path, brk: str) -> None:
    lines = ['pack t "T"', "# a comment", 'rule A-1 "t" {', "  severty: error", "}"]
    with pytest.raises(RuleError) as info:
        parse_text(brk.join(lines) + brk, "x.rules")
    d = info.value.diagnostics[0]
    assert (d.line, d.column, d.source_line) == (4, 3, "  severty: error")
    # the same through the pack loader, which also keeps the source for semantic errors
    (tmp_path / "t.rules").write_bytes(brk.join(RULES_HEAD.splitlines() + [rule("A-1", "commits(EQUTY)")]).encode())
    with pytest.raises(RuleError) as info:
        load_pack([tmp_path])
    d = info.value.diagnostics[0]
    assert (d.line, d.message) == (8, "unknown term set 'EQUTY'") and d.source_line.startswith("rule A-1")
    assert d.render().splitlines()[2].index("^") - 4 == d.column - 1


@pytest.mark.parametrize("sep", SEPARATORS, ids=[repr(s) for s in SEPARATORS])
def test_other_line_separators_are_spaces_and_do_not_move_the_caret(tmp_path: Path, sep: str) -> None:
    lines = ['pack t "T"', f"# a{sep}comment", f'rule A-1 "t" {{{sep}', f"{sep} severty: error", "}"]
    with pytest.raises(RuleError) as info:
        parse_text("\n".join(lines), "x.rules")
    d = info.value.diagnostics[0]
    assert (d.line, d.column, d.source_line) == (4, 3, "  severty: error")
    (tmp_path / "t.rules").write_text(RULES_HEAD.replace("\n", f"{sep}\n") + rule("A-1", f"{sep}commits(EQUTY)"),
                                      encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_pack([tmp_path])
    d = info.value.diagnostics[0]
    assert (d.line, d.column, d.message) == (8, 45, "unknown term set 'EQUTY'")
    assert d.render().splitlines()[2].index("^") - 4 == d.column - 1


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "t.rules").write_bytes("\ufeff".encode() + (RULES_HEAD + rule("A-1", "commits(EQUITY)")).encode())
    assert [r.id for r in load_pack([tmp_path]).rules] == ["A-1"]
    with pytest.raises(RuleError) as info:
        parse_text("\ufeffrul A-1", "x.rules")
    assert (info.value.diagnostics[0].line, info.value.diagnostics[0].column) == (1, 1)


def test_control_characters_in_a_rule_file_never_reach_the_terminal(tmp_path: Path) -> None:
    hostile = "\x1b]0;owned\x07\x1b[2J\u202e\x00"
    text = f'pack t "T"\nrule A-1 "t" {{\n\t severty: error # {hostile}\n}}\n'
    with pytest.raises(RuleError) as info:
        parse_text(text, f"x{hostile}.rules")
    rendered = info.value.diagnostics[0].render()
    controls = [ch for ch in rendered if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf")]
    assert not controls, repr(rendered)
    lines = rendered.splitlines()
    assert lines[1] == "      severty: error # \ufffd]0;owned\ufffd\ufffd[2J\ufffd\ufffd"
    assert lines[2].index("^") - 4 == info.value.diagnostics[0].column - 1
