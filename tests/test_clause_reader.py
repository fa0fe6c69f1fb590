"""The linguistic core on the default pack: inflections, contractions, tense, subjects, duty lines.

Each case is a contrast pair written for the project: the same commitment said two ways, one that a
careful reader counts and one that they do not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, states_for

from policy_audit.audit import evaluate
from policy_audit.documents.load import load_document
from policy_audit.documents.model import Document
from policy_audit.engine.clauses import Subject, Tense, read_clause
from policy_audit.engine.compiled import CompiledPack
from policy_audit.engine.lexicon import Tag, load_lexicon
from policy_audit.engine.matcher import tokenize
from policy_audit.language.pack import load_pack

POLICY = "BP 0415 Educational Equity"
PLAN = "Strategic Plan 2025-2030"
JOB = "Director of Equity Job Description"


@pytest.fixture(scope="module")
def pack() -> CompiledPack:
    return CompiledPack.build(load_pack([REPO / "rules"]))


def state_of_file(pack: CompiledPack, path: Path, rule: str) -> str:
    """The state of `rule` for one file written without front matter (its first line may be its title)."""
    doc = load_document(path, path.name)
    assert isinstance(doc, Document), doc
    return {o.rule.id: o.state for o in evaluate([doc], pack)[1]}[rule]


def state(pack: CompiledPack, tmp_path: Path, rule: str, body: str, title: str = POLICY) -> str:
    return states_for(pack, tmp_path, ("doc.md", title, body + "\n"))[rule]


@pytest.mark.parametrize(
    "rule, sentence, expected",
    [
        # modal verbs: binding, permission, advice, aspiration
        ("FND-01", "The Board shall allocate funds to the Office of Equity each year.", "met"),
        ("FND-01", "The Board may allocate funds to the Office of Equity each year.", "weak"),
        ("FND-01", "The Board should allocate funds to the Office of Equity each year.", "weak"),
        ("FND-01", "The Board strives to allocate funds to the Office of Equity each year.", "weak"),
        # a present-tense statement of fact by the district establishes the commitment
        ("FND-01", "The Board allocates funds to the Office of Equity each year.", "met"),
        ("FND-01", "Each year the Board annually budgets for the Office of Equity.", "met"),
        # ... a past one does not (QLT-03)
        ("FND-01", "The Board allocated funds to the Office of Equity.", "missing"),
        # negation, contractions included (QLT-02)
        ("FND-01", "The Board doesn't commit to funding the Office of Equity.", "missing"),
        ("FND-01", "The Board won't allocate funds to the Office of Equity.", "missing"),
        ("FND-01", "The Board commits to funding the Office of Equity.", "met"),
        # a belief that frames the verb is a belief; a coordinated verb keeps its own force
        ("FND-01", "We believe we must fund the Office of Equity.", "weak"),
        ("FND-01", "The Board believes in equity and shall fund the Office of Equity.", "met"),
        ("FND-01", "WHEREAS, the district shall fund the Office of Equity;", "weak"),
        ("FND-01", "Whereas, the district shall fund the Office of Equity;", "weak"),
        # "May" the month is no modal; a deadline inside an ignored cue phrase is still a deadline
        ("COM-03", "By May 2027 the Superintendent shall complete an equity audit of course placement.", "met"),
        ("COM-03", "The Superintendent may complete an equity audit of course placement in 2027.", "weak"),
        ("COM-03", "The Superintendent shall complete an equity audit of course placement no later "
                   "than June 2027.", "met"),
        # a modal in a purpose clause says what the duty is for; it does not hedge the duty
        ("FND-01", "The Superintendent shall revise the schedule so that staff can budget for the "
                   "Office of Equity.", "met"),
        ("FND-01", "The Superintendent should revise the schedule so that staff can budget for the "
                   "Office of Equity.", "weak"),
        # a question states nothing, not even a mention of a gap
        ("COM-02", "Does this program widen the achievement gap for students of color?", "missing"),
        ("COM-02", "This program widens the achievement gap for students of color.", "weak"),
        ("FND-01", "The Board meets monthly. Will the Board fund the Office of Equity? (e.g. staff, training, "
                   "materials)", "missing"),
        # half of a hyphenated adjective is no past-tense verb
        ("FND-01", "The Board's equity-focused budget allocates funds to the Office of Equity.", "met"),
        # a past form after "and", before any finite verb, modifies a noun; it is no past-tense verb
        ("FND-01", "Current and proposed budgets for the Office of Equity are funded from the general fund.", "met"),
        ("FND-01", "New budgets for the Office of Equity were funded from the general fund.", "missing"),
        # after a possessive a past form modifies a noun; after "it's" it is a passive
        ("FND-01", "The Board's approved budget allocates funds to the Office of Equity.", "met"),
        ("FND-01", "The Board approved a budget that funds the Office of Equity.", "missing"),
        # a relative clause after the subject has its own verb; the subject's verb comes after it
        ("FND-01", "The Board, which meets monthly, allocates funds to the Office of Equity.", "met"),
        # "that" after a preposition is a determiner, not the start of a subordinate clause
        ("FND-01", "To that end, the Board allocates funds to the Office of Equity.", "met"),
        # a term's definition given as such defines it, whatever the term
        ("COM-01", "This policy states the District's definition of belonging as every student being known "
                   "and valued.", "met"),
        ("COM-01", "This policy states the District's commitment to belonging for every student.", "missing"),
        # a noun/verb form after a noun and before "the" or "a" is the verb
        ("FND-01", "The district budget funds the Office of Equity.", "met"),
        # a noun/verb form opening the sentence before an adjective is an instruction
        ("FND-01", "Fund annual positions in the Office of Equity.", "met"),
        # "consider whether" is no hedge, and still a review of decisions
        ("INT-03", "The Board shall consider whether its decisions advance equity for students.", "met"),
        # an opening "Whereas" with no comma contrasts; it is no recital
        ("COM-06", "Whereas equality gives every school the same, equity means each student receives "
                   "what they need to succeed.", "met"),
        ("COM-06", "WHEREAS equity means each student receives what they need to succeed;", "weak"),
        # conditional duties are hedged
        ("FND-01", "The Board will, upon request, fund the Office of Equity.", "weak"),
        ("FND-01", "The Board shall fund the Office of Equity as appropriate.", "weak"),
        # a question asks; it commits nothing
        ("FND-01", "How will the Board fund the Office of Equity?", "missing"),
        # a terminating cue ends a negation's scope (NegEx/ConText); a pseudo-negation negates nothing
        ("FND-01", "The Board will not cut positions, but it shall fund the Office of Equity.", "met"),
        ("FND-01", "The Board shall fund, without limitation, the Office of Equity.", "met"),
        ("FND-01", "The Board shall fund the Office of Equity rather than the general fund.", "met"),
        # another body's words are a mention, the district's own are a commitment
        ("FND-01", "The State Board of Education encourages districts to fund an Office of Equity.", "missing"),
        ("FND-01", "The Board encourages the Superintendent to fund the Office of Equity.", "weak"),
        # a goal stated as an aim is not a fact
        ("SEA-02", "The Chief Equity Officer reports to the Superintendent.", "met"),
        ("SEA-02", "The Chief Equity Officer reported to the Superintendent.", "missing"),
        # inflections: the pack names the lemma once
        ("FND-02", "The Equity Director leads a team of three coordinators.", "met"),
        ("SEA-04", "The equity plan is revisited and renewed every two years.", "met"),
    ],
)
def test_contrast_pairs(pack: CompiledPack, tmp_path: Path, rule: str, sentence: str, expected: str) -> None:
    assert state(pack, tmp_path, rule, sentence) == expected


def test_duty_lines_bind_in_a_job_description_not_in_a_policy(pack: CompiledPack, tmp_path: Path) -> None:
    duty = "## About the office\n\nSupervises the staff of the Office of Equity."
    assert state(pack, tmp_path / "jd", "FND-02", duty, JOB) == "met"
    assert state(pack, tmp_path / "bp", "FND-02", duty, POLICY) == "missing"


def test_a_heading_that_is_a_binding_leadin_makes_the_lines_under_it_duties(pack: CompiledPack,
                                                                          tmp_path: Path) -> None:
    duty = "Supervises the staff of the Office of Equity."
    assert state(pack, tmp_path / "h", "FND-02", f"## Essential Functions\n\n{duty}", POLICY) == "met"
    assert state(pack, tmp_path / "l", "FND-02", f"Essential Functions:\n\n- {duty}", POLICY) == "met"


def test_qualification_lines_lead_ins_and_headings_commit_no_one(pack: CompiledPack, tmp_path: Path) -> None:
    duty = "Supervises the staff of the Office of Equity."
    assert state(pack, tmp_path / "d", "FND-02", f"## Essential Functions\n\n- {duty}", JOB) == "met"
    line = "Ability to supervise the staff of the Office of Equity."
    assert state(pack, tmp_path / "a", "FND-02", f"## Essential Functions\n\n- {line}", JOB) == "missing"
    lead = "Experience with:\n\n- supervising the staff of the Office of Equity"
    assert state(pack, tmp_path / "l", "FND-02", lead, JOB) == "missing"
    heading = f"## Minimum Qualifications\n\n- {duty}"
    assert state(pack, tmp_path / "h", "FND-02", heading, JOB) == "missing"
    # only at the start: a duty that names an ability is still a duty
    assert state(pack, tmp_path / "m", "FND-02", "Builds the ability to supervise the staff of the Office "
                 "of Equity.", JOB) == "met"


def test_a_title_line_and_a_page_s_words_to_its_reader_commit_no_one(pack: CompiledPack, tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("Our Equity Plan: Funding for the Office of Equity\n\nView the plan.\n", encoding="utf-8")
    assert state_of_file(pack, plan, "FND-01") == "missing"
    plan.write_text("Our Equity Plan: Funding for the Office of Equity\n\nFund the Office of Equity each year.\n",
                    encoding="utf-8")
    assert state_of_file(pack, plan, "FND-01") == "met"  # a plan's headed action still binds
    page = "## Resources\n\n- View the budget of the Office of Equity"
    assert state(pack, tmp_path / "nav", "FND-01", page, PLAN) == "missing"
    assert state(pack, tmp_path / "act", "FND-01", "## Resources\n\n- Budget for the Office of Equity", PLAN) == "met"


def test_an_office_page_states_its_duties_and_an_aim_binds_in_no_kind(pack: CompiledPack, tmp_path: Path) -> None:
    duty = "## What we do\n\n- Supervises the staff of the Office of Equity."
    assert state(pack, tmp_path / "o", "FND-02", duty, "Office of Equity and Inclusion") == "met"
    aim = "## Goal 1\n\nOur goal is to fund the Office of Equity."
    assert state(pack, tmp_path / "aim", "FND-01", aim, PLAN) == "missing"
    assert state(pack, tmp_path / "act", "FND-01", "## Goal 1\n\n- Fund the Office of Equity.", PLAN) == "met"


def test_plan_actions_bind_as_headed_instructions(pack: CompiledPack, tmp_path: Path) -> None:
    action = "## Goal 2: Fund the work\n\n- Dedicate funds in each annual budget to the Office of Equity"
    assert state(pack, tmp_path / "plan", "FND-01", action, PLAN) == "met"


def test_lexicon_knows_verb_and_noun_forms() -> None:
    lex = load_lexicon()
    assert set(lex.inflections("allocate")) == {"allocate", "allocates", "allocated", "allocating"}
    assert lex.inflections("staffing") == ("staffing",)  # a form written in the pack stays as written
    assert lex.inflections("will") == ("will",)  # closed-class words are never inflected
    assert lex.tag("led") & Tag.VERB_PAST and lex.tag("reports") & Tag.NOUN and lex.tag("reports") & Tag.VERB_3SG


@pytest.mark.parametrize(
    "sentence, actor, verb, tense, subject",
    [
        ("The Board allocates funds to the Office", (1, 2), "allocates", Tense.PRESENT, Subject.ACTOR),
        ("Supervises the staff of the Office", None, "supervises", Tense.PRESENT, Subject.NONE),
        ("The officer reported to the superintendent", (1, 2), "reported", Tense.PAST, Subject.ACTOR),
        # a gerund opens a phrase, not a clause: its participles are no past tense
        ("Routinely assessing needs to enable equity focused planning", None, "", Tense.NONE, Subject.NONE),
        # a participle after a noun is a reduced relative clause, not a past fact
        ("Data disaggregated by race guide the plan", None, "", Tense.NONE, Subject.NONE),
        ("The reports of the office", None, "", Tense.NONE, Subject.NONE),
        # the subject is the opening noun phrase: an actor named further on belongs to another phrase
        ("The new policy calls out gaps in schools identifies needs", (7, 8), "identifies", Tense.PRESENT,
         Subject.OTHER),
        # an opening participle has no subject before it: it is not the clause's past-tense verb
        ("Formally established in 2016 the office exists to serve", (5, 6), "exists", Tense.PRESENT, Subject.ACTOR),
        ("Some schools use the tool when they have time", None, "", Tense.NONE, Subject.NONE),
    ],
)
def test_read_clause_finds_the_finite_verb(sentence: str, actor: tuple[int, int] | None, verb: str, tense: Tense,
                                           subject: Subject) -> None:
    tokens = tokenize(sentence)
    found = read_clause(tokens.words, tokens.clause, 0, load_lexicon(), [actor] if actor else [], [])
    assert (tokens.words[found.verb] if found.verb >= 0 else "") == verb
    assert found.tense is tense
    assert found.subject is subject


def test_a_definition_may_name_its_term_twice(pack: CompiledPack, tmp_path: Path) -> None:
    body = "Educational equity or equity is the removal of barriers so that each student thrives."
    assert state(pack, tmp_path, "COM-01", body) == "met"


def test_hyphen_joined_words_are_marked_where_tokenize_counts_them() -> None:
    assert tokenize("An equity-focused, data-driven plan").joined == frozenset({2, 4})
    assert tokenize("It doesn't drop equity-focused work; it isn't - ever - late-night").joined == frozenset({5, 12})
    assert tokenize("Plain words only").joined == frozenset()
    assert tokenize("A spaced - dash joins nothing").joined == frozenset()


def test_hyphen_joined_positions_match_a_walk_over_every_token() -> None:
    import random

    from policy_audit.engine import matcher

    def walk(text: str) -> frozenset[int]:
        folded, out, n = text.casefold(), [], 0
        for m in matcher._TOKEN.finditer(folded):
            w = m.group()
            if w in (";", ":") or not w[0].isalnum():
                continue
            if m.start() >= 2 and folded[m.start() - 1] == "-" and folded[m.start() - 2].isalnum():
                out.append(n)
            n += 2 if w[-2:] in ("'t", "\u2019t") else 1
        return frozenset(out)

    rng = random.Random(7)
    parts = ["equity-focused", "data", "won't", "a - b", "x-y-z", "; ", "plan:", "late-night", "doesn't-care",
             "co-create", "word", "\u2019t-shirt", "2026-2031"]
    for _ in range(3000):
        text = " ".join(rng.choice(parts) for _ in range(rng.randint(1, 8)))
        assert tokenize(text).joined == walk(text), text


def test_contractions_are_read_as_their_words() -> None:
    assert tokenize("The Board doesn't and won't; it can't").words == [
        "the", "board", "does", "not", "and", "will", "not", "it", "can", "not"]


def test_each_clause_is_read_once_however_many_matches_it_holds(pack: CompiledPack, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from policy_audit.engine import modality

    calls: list[int] = []
    real = modality.read_clause

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(modality, "read_clause", counting)
    state(pack, tmp_path, "FND-01", "the office of equity funds staff and " * 40)
    assert calls and len(calls) == len(set(calls))  # one sentence, one clause: read once, not once a match
