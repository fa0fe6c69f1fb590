"""Folder rules read only the summaries that hold matches for a judgement, with the same outcomes."""

from __future__ import annotations

import pytest
from helpers import REPO

from policy_audit.audit import AuditOptions, summarize_all
from policy_audit.engine.compiled import CompiledPack
from policy_audit.engine.evaluate import (
    Holders,
    RuleOutcome,
    evaluate_pack,
    evaluate_scope,
)
from policy_audit.engine.summary import DocSummary
from policy_audit.language.pack import default_rules_path, load_pack


@pytest.fixture(scope="module")
def default_pack() -> CompiledPack:
    return CompiledPack.build(load_pack([default_rules_path()]))


def _plain(outcomes: list[RuleOutcome]) -> list[object]:
    return [(o.rule.id, o.scope, o.state, o.note, [(m.doc, m.sentence, m.verdict, m.definition) for m in o.evidence])
            for o in outcomes]


def test_folder_rules_give_the_same_outcomes_reading_only_documents_with_matches(
        default_pack: CompiledPack, monkeypatch: pytest.MonkeyPatch) -> None:
    per_pack, _, _ = summarize_all([REPO / "sample_policies"], [default_pack], AuditOptions())
    scope = per_pack[0]
    folder = [r for r in default_pack.pack.rules if r.scope == "folder"]
    calls: list[int] = []
    real = DocSummary.matches

    def counted(self: DocSummary, j: object) -> object:
        calls.append(1)
        return real(self, j)  # type: ignore[arg-type]

    monkeypatch.setattr(DocSummary, "matches", counted)
    every = evaluate_scope(folder, default_pack.pack.order, scope, "folder")  # every document asked
    asked_all = len(calls)
    calls.clear()
    fast = evaluate_pack(default_pack, scope)
    assert _plain(fast) == _plain(every) and any(o.state == "met" for o in fast)
    assert 0 < len(calls) < asked_all / 2  # most documents match most judgements nowhere


def test_no_index_for_summaries_of_another_pack(default_pack: CompiledPack) -> None:
    per_pack, _, _ = summarize_all([REPO / "sample_policies" / "maple-valley-sd"], [default_pack], AuditOptions())
    assert Holders.of_scope(default_pack, per_pack[0]) is not None
    other = CompiledPack.build(load_pack([default_rules_path()]))
    assert Holders.of_scope(other, per_pack[0]) is None  # keys index one pack's judgements only
