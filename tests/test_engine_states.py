"""Engine states on real sentences: modality, negation, hedges, beliefs, past facts, lead-ins, combinators."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import states_for

POLICY = "BP 0415 Equity Policy"


@pytest.mark.parametrize(
    "sentence, state",
    [
        ("The Board shall allocate funds in the annual budget for the Office of Equity.", "met"),
        ("The district will fund the equity office through the general budget.", "met"),
        ("The district may allocate funds to the equity office.", "weak"),
        ("The Board should budget for the equity director's work.", "weak"),
        ("As resources permit, the district will fund the equity office.", "weak"),
        ("The district will, to the extent possible, fund the equity office.", "weak"),
        ("The district intends to allocate funds for the equity office.", "weak"),
        ("The district will not fund the equity office.", "missing"),
        ("No funds shall be allocated to the equity office.", "missing"),
        ("The Board approved a budget for the equity office in 2021.", "missing"),
        ("The state encourages districts to fund an equity office.", "missing"),
        ("Equity office funding is a topic of discussion.", "missing"),
    ],
)
def test_commitment_strength_decides_state(tmp_path: Path, mini_pack, sentence: str, state: str) -> None:
    states = states_for(mini_pack, tmp_path, ("p.md", POLICY, f"# Budget\n\n{sentence}\n"))
    assert states["FND-01"] == state


def test_partial_commitment_is_weak(tmp_path: Path, mini_pack) -> None:
    body = "The district shall allocate funds to advance equity in every school.\n"
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["FND-01"] == "weak"


def test_belief_only_is_weak(tmp_path: Path, mini_pack) -> None:
    body = "The Board believes that equity is essential to excellence.\n"
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["ALN-02"] == "weak"


def test_list_items_inherit_the_leadin_modality(tmp_path: Path, mini_pack) -> None:
    body = ("The Superintendent or designee shall:\n\n"
            "1. Allocate funds in each budget for the Office of Equity.\n"
            "2. Review hiring practices.\n")
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["FND-01"] == "met"


def test_items_under_a_hedged_leadin_are_weak(tmp_path: Path, mini_pack) -> None:
    body = ("Where feasible, the district may:\n\n"
            "- allocate funds for the equity office;\n"
            "- review hiring.\n")
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["FND-01"] == "weak"


def test_unmarked_lines_after_a_leadin_are_items(tmp_path: Path, mini_pack) -> None:
    body = ("The Equity Director will:\n"
            "Prepare the budget for the equity office.\n"
            "Meet with principals.\n")
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["FND-01"] == "met"


def test_binding_and_hedged_sentences_take_the_stronger(tmp_path: Path, mini_pack) -> None:
    body = ("The district may fund the equity office.\n\n"
            "The Board shall allocate a budget to the Office of Equity each year.\n")
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["FND-01"] == "met"


def test_and_is_the_weaker_state(tmp_path: Path, mini_pack) -> None:
    body = ("The district shall pursue equity in all programs.\n\n"
            "The Superintendent may report to the Board on progress.\n")
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["ALN-03"] == "weak"


def test_at_least_n_of_takes_the_nth_strongest(tmp_path: Path, mini_pack) -> None:
    one = "The district shall review hiring for equity.\n"
    two = one + "\nThe district shall review curriculum for equity.\n"
    assert states_for(mini_pack, tmp_path / "a", ("p.md", POLICY, one))["INT-02"] == "weak"
    assert states_for(mini_pack, tmp_path / "b", ("p.md", POLICY, two))["INT-02"] == "met"


def test_defines_needs_a_definition(tmp_path: Path, mini_pack) -> None:
    defined = "Equity means that every student receives what they need.\n"
    section = "## Definitions\n\nEducational equity: every student has access to what they need.\n"
    used = "The district shall promote equity.\n"
    assert states_for(mini_pack, tmp_path / "a", ("p.md", POLICY, defined))["COM-01"] == "met"
    assert states_for(mini_pack, tmp_path / "b", ("p.md", POLICY, section))["COM-01"] == "met"
    assert states_for(mini_pack, tmp_path / "c", ("p.md", POLICY, used))["COM-01"] == "missing"


def test_when_condition_makes_rule_not_applicable(tmp_path: Path, mini_pack) -> None:
    body = "The district shall pursue equity.\n"
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["ALN-06"] == "not-applicable"


def test_when_condition_holds_through_a_document_kind(tmp_path: Path, mini_pack) -> None:
    states = states_for(
        mini_pack, tmp_path,
        ("p.md", POLICY, "The district shall pursue equity.\n"),
        ("jd.md", "Equity Director Job Description", "The equity director leads the work.\n"),
    )
    assert states["ALN-06"] == "missing"  # ALN-02 met but FND-01 missing
    assert states["ALN-02"] == "met"


def test_met_reference_asks_whether_the_rule_is_met(tmp_path: Path, mini_pack) -> None:
    states = states_for(
        mini_pack, tmp_path,
        ("p.md", POLICY, "The district shall pursue equity. The Board may allocate funds to the equity office.\n"),
        ("jd.md", "Equity Director Job Description", "The equity director leads the work.\n"),
    )
    assert (states["ALN-02"], states["FND-01"]) == ("met", "weak")
    assert states["ALN-06"] == "missing"  # a weak FND-01 is not met: the groundwork is not laid


def test_folder_rules_take_evidence_from_any_document(tmp_path: Path, mini_pack) -> None:
    states = states_for(
        mini_pack, tmp_path,
        ("a.md", POLICY, "The district shall pursue equity.\n"),
        ("b.md", "Budget Policy", "The Board shall allocate funds to the Office of Equity.\n"),
    )
    assert states["FND-01"] == "met" and states["ALN-02"] == "met"


def test_heading_alone_is_only_a_mention(tmp_path: Path, mini_pack) -> None:
    body = "# Funding the Equity Office\n\nThis section is reserved.\n"
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["FND-01"] == "missing"


@pytest.mark.parametrize(
    "sentence, state",
    [
        ("Our mission is equity and excellence for every student.", "met"),  # a plain statement asserts
        ("The district shall pursue equity.", "met"),
        ("The district strives for equity.", "weak"),
        ("The Board believes in equity.", "weak"),
        ("In 2019 the mission was equity for all.", "missing"),  # a past fact
        ("The district does not pursue equity.", "missing"),
    ],
)
def test_states_counts_plain_statements(tmp_path: Path, sentence: str, state: str) -> None:
    from helpers import MINI_PACK

    from policy_audit.engine.compiled import CompiledPack
    from policy_audit.language.pack import load_pack

    (tmp_path / "p.rules").write_text(MINI_PACK + 'rule MIS-01 "Mission" { area: align require: states(EQUITY) message: "m" }\n',
                                      encoding="utf-8")
    pack = CompiledPack.build(load_pack([tmp_path / "p.rules"]))
    assert states_for(pack, tmp_path / "docs", ("m.md", "Mission", sentence + "\n"))["MIS-01"] == state


@pytest.mark.parametrize(
    "sentence, state",
    [
        # a one-word hedge in a subordinate clause does not weaken the main verb
        ("The district shall allocate funds to the equity office so that schools may hire coaches.", "met"),
        # ... but one right after the verb does, and a conditional phrase anywhere does
        ("The district will consider funds for the equity office.", "weak"),
        ("The district shall allocate funds to the equity office where feasible.", "weak"),
        # a negation several words before the verb, in the same clause
        ("No additional funds or positions shall be allocated to the equity office.", "missing"),
        # a negation in another clause does not reach the verb
        ("Schools need not apply; the district shall allocate funds to the equity office.", "met"),
        # phrases that look like negations but are not
        ("The Board shall not only allocate funds to the equity office but also review them.", "met"),
        ("The district shall allocate funds to the equity office no later than July 1.", "met"),
        # "resources" inside "as resources permit" is a hedge, not a commitment of resources
        ("As resources permit, the equity director may attend conferences.", "missing"),
        # another body as the subject is a mention; the district complying with it is not
        ("The state encourages districts to allocate funds for an equity office.", "missing"),
        # a past cue after the match is a relative clause, not a past fact
        ("The Board shall allocate funds to the equity office, which was created by the Board.", "met"),
    ],
)
def test_modality_scope(tmp_path: Path, mini_pack, sentence: str, state: str) -> None:
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, sentence + "\n"))["FND-01"] == state


def test_negated_denial_affirms(tmp_path: Path, mini_pack) -> None:
    body = "No student shall be denied equity in access to advanced courses.\n"
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["ALN-02"] == "met"


def test_leadin_words_count_for_its_items(tmp_path: Path, mini_pack) -> None:
    body = ("The Equity Director will:\n\n"
            "- prepare and allocate the annual budget;\n"
            "- meet with principals.\n")
    assert states_for(mini_pack, tmp_path, ("p.md", POLICY, body))["FND-01"] == "met"


def test_kind_where_plain_statements_bind(tmp_path: Path) -> None:
    from helpers import MINI_PACK

    from policy_audit.engine.compiled import CompiledPack
    from policy_audit.language.pack import load_pack

    text = MINI_PACK.replace('kind job-description "A position description" when',
                             'kind job-description "A position description" plain statements bind when')
    (tmp_path / "p.rules").write_text(text, encoding="utf-8")
    pack = CompiledPack.build(load_pack([tmp_path / "p.rules"]))
    assert pack.pack.kinds["job-description"].plain_binds and not pack.pack.kinds["policy"].plain_binds
    duty = "Prepares the budget for the equity office.\n"
    assert states_for(pack, tmp_path / "jd", ("jd.md", "Equity Director Job Description", duty))["FND-01"] == "met"
    assert states_for(pack, tmp_path / "bp", ("bp.md", POLICY, duty))["FND-01"] == "missing"
