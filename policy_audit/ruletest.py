"""`rules test`: fixture documents declare the state each rule must reach, like `semgrep --test`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .audit import AuditOptions, evaluate, load_all
from .engine.compiled import CompiledPack

STATES = ("met", "weak", "missing", "not-applicable")


@dataclass
class CaseResult:
    """One fixture: what it expected, what the auditor said, and why."""

    path: str
    expected: dict[str, str]
    got: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and all(self.got.get(k) == v for k, v in self.expected.items())


def fixture_files(folder: Path) -> list[Path]:
    """Fixture documents under `folder` (recursively), in a stable order."""
    from .documents.loaders import format_of

    return sorted(p for p in folder.rglob("*") if p.is_file() and format_of(p.name) is not None)


def _expectations(meta: dict[str, object]) -> tuple[dict[str, str], str]:
    raw = meta.get("expect")
    if not isinstance(raw, dict) or not raw:
        return {}, "front matter has no 'expect: {RULE-ID: state}' mapping"
    out: dict[str, str] = {}
    for k, v in raw.items():
        if str(v) not in STATES:
            return {}, f"expect: {k}: {v!r} is not one of {', '.join(STATES)}"
        out[str(k)] = str(v)
    return out, ""


def run_case(path: Path, pack: CompiledPack) -> CaseResult:
    """Audit one fixture alone (it is the whole folder) and compare with its expectations."""
    docs, failures, _ = load_all([path], AuditOptions())
    if failures or not docs:
        reason = failures[0].reason if failures else "not a document"
        return CaseResult(path.as_posix(), {}, error=reason)
    expected, problem = _expectations(docs[0].metadata)
    case = CaseResult(docs[0].path, expected, error=problem)
    if problem:
        return case
    unknown = [k for k in expected if pack.pack.rule(k) is None]
    if unknown:
        case.error = f"expect names unknown rule(s): {', '.join(unknown)}"
        return case
    _, outcomes = evaluate(docs, pack)
    for o in outcomes:
        if o.rule.id in expected:
            case.got[o.rule.id] = o.state
            case.evidence[o.rule.id] = [
                f"{m.verdict.strength}: {docs[m.doc].sentences[m.sentence].text} ({m.verdict.reason})"
                for m in o.evidence[:3]] or [o.note or "no evidence"]
    return case


def run_all(folder: Path, pack: CompiledPack) -> list[CaseResult]:
    """Run every fixture under `folder`."""
    return [run_case(p, pack) for p in fixture_files(folder)]
