"""Helpers for tests: the mini pack text, writing documents and auditing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_audit.audit import AuditOptions, evaluate, run_audit
from policy_audit.documents.load import load_document
from policy_audit.documents.model import Document
from policy_audit.engine.compiled import CompiledPack
from policy_audit.language.errors import RuleDiagnostic, RuleError
from policy_audit.language.pack import load_pack

REPO = Path(__file__).resolve().parents[1]

# The smallest valid pack header, seven lines: a rule file body written after it starts on line 8.
RULES_HEAD = '''pack t "T" version "1"
area fund "Fund"
terms EQUITY = "equity"
modality binding = "shall"
modality hedged = "may"
modality negation = "not"
kind policy "A policy" when title has "policy"
'''


def rule_errors(folder: Path, body: str) -> list[RuleDiagnostic]:
    """The diagnostics of loading a pack of RULES_HEAD + `body` written to `folder`/t.rules."""
    (folder / "t.rules").write_text(RULES_HEAD + body, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_pack([folder])
    return info.value.diagnostics


MINI_PACK = '''
pack mini "A small pack for engine tests" version "0.1"
area fund "Fund"
area align "Align"
terms EQUITY = "equity", "equitable", "inequit*"
terms OFFICE = "equity office", "office of equity", "equity director", "equity officer"
terms FUNDING = "fund*", "budget*", "allocat*"
terms REPORT = "report*"
terms BOARD = "board"
modality binding = "shall", "will", "must", "commits to", "is responsible for", "reports to"
modality hedged = "may", "should", "strive*", "as resources permit", "to the extent possible", "intends to", "where feasible", "consider"
modality negation = "not", "no", "never", "nothing in this policy"
modality belief = "believes", "values"
modality past = "approved", "was", "were"
modality reported = "the state encourages"
modality definition = "means", "is defined as", "refers to"
modality ignore = "not only", "no later than"
modality denial = "denied", "construed to limit"
kind policy "A board policy" when title has ("policy" or "bp")
kind job-description "A position description" when title has "job description"
rule FND-01 "Funding for the equity office" {
  area: fund
  severity: error
  require: commits(FUNDING near 12 OFFICE)
  partial: commits(FUNDING near 12 EQUITY)
  message: "No document commits funding to the equity office."
  hint: "e.g. 'The Board shall fund the Office of Equity.'"
  cite: "Find the money."
}
rule ALN-02 "Board commits to equity" {
  area: align
  severity: error
  require: commits(EQUITY)
  message: "No policy commits to equity."
}
rule ALN-03 "Reporting to the board" {
  area: align
  severity: warning
  require: commits(REPORT near 5 BOARD) and commits(EQUITY)
  message: "No reporting cycle."
}
rule COM-01 "Equity is defined" {
  area: align
  severity: warning
  require: defines(EQUITY)
  message: "No definition."
}
rule ALN-06 "Groundwork before hiring" {
  area: align
  severity: warning
  when: any document of kind job-description mentions(OFFICE)
  require: met(ALN-02) and met(FND-01)
  message: "Groundwork first."
}
rule INT-02 "Several areas" {
  area: align
  severity: warning
  require: at least 2 of [commits(EQUITY near 8 "hiring"), commits(EQUITY near 8 "curriculum"), commits(EQUITY near 8 "transportation")]
  partial: at least 1 of [commits(EQUITY near 8 "hiring"), commits(EQUITY near 8 "curriculum"), commits(EQUITY near 8 "transportation")]
  message: "Too few areas."
}
'''


def write_doc(folder: Path, name: str, body: str, title: str = "BP 0415 Equity Policy") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\ntitle: {title}\n---\n{body}", encoding="utf-8")
    return path


def states_for(pack: CompiledPack, folder: Path, *files: tuple[str, str, str]) -> dict[str, str]:
    """Write (name, title, body) documents to `folder`, audit them together, return rule -> state."""
    for name, title, body in files:
        write_doc(folder, name, body, title)
    docs = []
    for name, _, _ in files:
        d = load_document(folder / name, name)
        assert isinstance(d, Document), d
        docs.append(d)
    _, outcomes = evaluate(docs, pack)
    return {o.rule.id: o.state for o in outcomes}


def audit_paths(pack: CompiledPack, *paths: Path, **opts: object):
    return run_audit(list(paths), [pack], AuditOptions(**opts), "test")  # type: ignore[arg-type]


def hook_env(tmp_path: Path) -> dict[str, str]:
    """An environment for running git and pre-commit in a temporary repository with this Python's tools."""
    import os
    import sys

    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"), HOME=str(tmp_path),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    env.pop("CI", None)
    return env
