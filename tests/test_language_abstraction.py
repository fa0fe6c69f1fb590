"""Named expressions (`define`), named patterns (`pattern`) and term-set subtraction (`except`).

Each feature is checked two ways: the pack the engine receives is the one an author would have
written out by hand, and documents get the states that hand-written pack gives them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from helpers import MINI_PACK, states_for
from policy_audit.engine.compiled import CompiledPack
from policy_audit.engine.matcher import flatten_terms
from policy_audit.language import ast, unparse
from policy_audit.language.errors import RuleError
from policy_audit.language.pack import Pack, load_pack

EXTRA = '''
terms FINANCE = "home equity", "equity multiplier"
terms FUNDS = FUNDING, "money", "grant" except "budget*", "grant"
pattern EQUITY_SENSE = EQUITY and not FINANCE
define FUNDED_OFFICE = commits(FUNDS near 8 OFFICE)
define FUNDED_EQUITY = commits(FUNDS near 8 EQUITY_SENSE)
define EITHER = FUNDED_OFFICE or FUNDED_EQUITY
define ABOUT_EQUITY = mentions(EQUITY_SENSE or OFFICE)
rule ABS-01 "With names" {
  area: fund
  when: ABOUT_EQUITY
  require: FUNDED_OFFICE and not met(ABS-03)
  partial: EITHER
  message: "m"
}
rule ABS-02 "Written out" {
  area: fund
  when: mentions((EQUITY and not FINANCE) or OFFICE)
  require: commits(FUNDS near 8 OFFICE) and not met(ABS-03)
  partial: commits(FUNDS near 8 OFFICE) or commits(FUNDS near 8 (EQUITY and not FINANCE))
  message: "m"
}
rule ABS-03 "Never met" { area: fund require: mentions("zzzz") message: "m" }
'''


def _pack(tmp_path: Path, text: str) -> Pack:
    (tmp_path / "p.rules").write_text(text, encoding="utf-8")
    return load_pack([tmp_path / "p.rules"])


def _shape(node: object) -> object:
    """A node without positions or names: what the engine acts on."""
    if isinstance(node, ast.Node):
        return (type(node).__name__,
                {k: _shape(getattr(node, k)) for k in type(node).model_fields if k not in ("span", "origin")})
    if isinstance(node, list):
        return [_shape(i) for i in node]
    return node


def _nodes(node: object) -> list[ast.Node]:
    if isinstance(node, ast.Node):
        return [node] + [n for k in type(node).model_fields for n in _nodes(getattr(node, k))]
    if isinstance(node, list):
        return [n for i in node for n in _nodes(i)]
    return []


def test_names_expand_to_the_expression_written_out(tmp_path: Path) -> None:
    pack = _pack(tmp_path, MINI_PACK + EXTRA)
    named, written = pack.rule("ABS-01"), pack.rule("ABS-02")
    assert named is not None and written is not None
    for field in ("when", "require", "partial"):
        assert _shape(getattr(named, field)) == _shape(getattr(written, field)), field
    # the engine only ever sees its own node types
    assert not any(isinstance(n, ast.ExprRef) for n in _nodes(named))
    assert {n.name for n in _nodes(named) if isinstance(n, ast.TermRef)} <= set(pack.terms)


@pytest.mark.parametrize(
    "sentence, state",
    [
        ("The Board shall allocate funds to the equity office.", "met"),
        ("The Board shall give money to the equity office.", "met"),
        ("The Board shall allocate funds to advance equity.", "weak"),
        ("The Board shall allocate funds to advance equity and the home equity loan.", "not-applicable"),
        ("The Board shall grant leave to the equity office.", "missing"),  # "grant" was removed with except
        ("The Board shall budget for the equity office.", "missing"),  # so was "budget*"
        ("The Board discussed the weather.", "not-applicable"),
    ],
)
def test_named_and_written_out_rules_agree_on_documents(tmp_path: Path, sentence: str, state: str) -> None:
    pack = CompiledPack.build(_pack(tmp_path, MINI_PACK + EXTRA))
    states = states_for(pack, tmp_path / "docs", ("p.md", "BP 0415 Equity Policy", sentence + "\n"))
    assert states["ABS-01"] == states["ABS-02"] == state


def test_except_removes_phrases_as_sets(tmp_path: Path) -> None:
    pack = _pack(tmp_path, MINI_PACK + EXTRA + 'terms MIX = "A b", FUNDS, "money" except "a  B", FINANCE\n')
    phrases = flatten_terms(pack)
    assert phrases["FUNDS"] == ["fund*", "allocat*", "money"]
    assert phrases["MIX"] == ["fund*", "allocat*", "money"]  # case and spacing do not matter


def test_doubling_term_sets_expand_as_sets(tmp_path: Path) -> None:
    chain = "".join(f"terms L{i} = L{i + 1}, L{i + 1}\n" for i in range(40)) + 'terms L40 = "x", "y"\n'
    pack = _pack(tmp_path, MINI_PACK + chain)
    assert flatten_terms(pack)["L0"] == ["x", "y"]


def test_unparse_prints_names_and_what_they_stand_for(tmp_path: Path) -> None:
    pack = _pack(tmp_path, MINI_PACK + EXTRA)
    rule = pack.rule("ABS-01")
    assert rule is not None and rule.partial is not None and rule.when is not None
    assert unparse.expr(rule.partial).splitlines() == [
        "EITHER",
        "where EITHER = FUNDED_OFFICE or FUNDED_EQUITY",
        "where FUNDED_OFFICE = commits(FUNDS near 8 OFFICE)",
        "where FUNDED_EQUITY = commits(FUNDS near 8 EQUITY_SENSE)",
        "where EQUITY_SENSE = EQUITY and not FINANCE",
    ]
    assert unparse.expr(rule.when).splitlines() == ["ABOUT_EQUITY", "where ABOUT_EQUITY = mentions(EQUITY_SENSE or OFFICE)",
                                                    "where EQUITY_SENSE = EQUITY and not FINANCE"]
    judgement = rule.when
    assert isinstance(judgement, ast.Judgement)
    assert unparse.pattern(judgement.pattern) == "EQUITY_SENSE or OFFICE"


def test_a_define_can_be_used_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.rules").write_text(MINI_PACK + 'define ANY_FUNDS = mentions(FUNDING)\n', encoding="utf-8")
    (tmp_path / "b.rules").write_text('rule X-1 "t" { area: fund require: ANY_FUNDS message: "m" }\n', encoding="utf-8")
    pack = load_pack([tmp_path])
    rule = pack.rule("X-1")
    assert rule is not None and isinstance(rule.require, ast.Judgement) and rule.require.origin == "ANY_FUNDS"


def test_chained_met_rules_evaluate_without_recursion(tmp_path: Path) -> None:
    n = 3000
    rules = "".join(f'rule C-{i} "c" {{ area: fund require: met(C-{i + 1}) message: "m" }}\n' for i in range(n))
    rules += f'rule C-{n} "c" {{ area: fund require: mentions(EQUITY) message: "m" }}\n'
    pack = CompiledPack.build(_pack(tmp_path, MINI_PACK + rules))
    order = pack.pack.order
    assert order.index(f"C-{n}") < order.index(f"C-{n // 2}") < order.index("C-0")
    states = states_for(pack, tmp_path / "docs", ("p.md", "Policy", "Equity matters.\n"))
    assert states["C-0"] == "met"


# B is a term set, C and E patterns, D and F defines; now and then a name is used as the wrong thing.
_term = st.sampled_from(["B", "EQUITY", "OFFICE", "FUNDING"])
_pattern = st.recursive(st.one_of(_term, st.sampled_from(["C", "E", '"equity"', '"fund*"', "D"])),
                        lambda inner: st.one_of(
                            st.tuples(inner, st.sampled_from([" and ", " or ", " near 3 "]), inner).map(
                                lambda t: f"({t[0]}{t[1]}{t[2]})"),
                            inner.map(lambda p: f"(not {p})")), max_leaves=6)
_expr = st.recursive(st.one_of(st.sampled_from(["D", "F", "met(X-2)", "met(X-1)"]),
                               _pattern.map(lambda p: f"commits({p})"), _pattern.map(lambda p: f"mentions({p})")),
                     lambda inner: st.one_of(
                         st.tuples(inner, st.sampled_from([" and ", " or "]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
                         inner.map(lambda e: f"not {e}"),
                         inner.map(lambda e: f"any document of kind policy {e}"),
                         st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"at least 1 of [{', '.join(xs)}]")),
                     max_leaves=6)
_decls = st.tuples(
    st.tuples(st.lists(st.one_of(_term, st.just('"equity"'), st.just('"x"')), min_size=1, max_size=3),
              st.lists(_term, max_size=2)).map(
        lambda t: f"terms B = {', '.join(t[0])}" + (f" except {', '.join(t[1])}" if t[1] else "")),
    _pattern.map(lambda p: f"pattern C = {p}"), _pattern.map(lambda p: f"pattern E = {p}"),
    _expr.map(lambda e: f"define D = {e}"), _expr.map(lambda e: f"define F = {e}"),
).map(list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(decls=_decls, require=_expr, partial=_expr)
def test_any_combination_of_names_loads_or_gives_located_errors(tmp_path: Path, decls: list[str], require: str,
                                                                  partial: str) -> None:
    text = (MINI_PACK + "\n".join(decls)
            + f'\nrule X-1 "t" {{ area: fund require: {require} partial: {partial} message: "m" }}\n'
            + 'rule X-2 "t" { area: fund require: mentions(EQUITY) message: "m" }\n')
    try:
        pack = _pack(tmp_path, text)
    except RuleError as err:
        assert all(d.line >= 1 and d.column >= 1 and d.message for d in err.diagnostics)
        event("pack rejected")
        return
    event("pack loaded")
    assert not any(isinstance(n, ast.ExprRef) for r in pack.rules for n in _nodes(r))
    states = states_for(CompiledPack.build(pack), tmp_path / "docs",
                        ("p.md", "BP 0415 Equity Policy", "The Board shall fund the equity office.\n"))
    assert states["X-1"] in ("met", "weak", "missing", "not-applicable")
