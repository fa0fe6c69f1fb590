"""Suppressions with reasons: inline comments and waiver entries mark findings as accepted, never drop them.

A suppression without a reason, naming an unknown rule, expired, or matching nothing is itself
reported as a finding (rules SUP-01..SUP-05), so a waiver can never silently outlive its purpose.
Which rule a problem is reported under is decided by its typed kind (`Problem`), never by its wording.
"""

from __future__ import annotations

import datetime as dt
import enum
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from .documents.directives import Directive, DirectiveProblem
from .documents.model import Document
from .report.build import fingerprint, severity_counts
from .report.models import Finding, Report, RuleInfo, Suppression

META_RULES: dict[str, tuple[str, str, str]] = {
    "SUP-01": ("Suppression without a reason", "warning", "Every suppression needs a reason after '--' (inline) or a 'justification' (waiver); it is not obeyed until it has one."),
    "SUP-02": ("Suppression names an unknown rule", "warning", "The suppression names a rule that no loaded pack defines."),
    "SUP-03": ("Expired waiver", "warning", "The waiver's 'expires' date has passed; renew it with a new justification or fix the finding."),
    "SUP-04": ("Unused suppression", "info", "The suppression matches no finding any more; remove it."),
    "SUP-05": ("Malformed suppression comment", "warning", "The comment is not a suppression policy-audit understands: write 'ignore RULE-ID -- reason' or 'ignore-file RULE-ID -- reason'."),
}


class Problem(enum.Enum):
    """Why a suppression is not obeyed (or is stale); the value is the meta rule it is reported under."""

    NO_REASON = "SUP-01"
    UNKNOWN_RULE = "SUP-02"
    EXPIRED = "SUP-03"
    UNUSED = "SUP-04"
    MALFORMED = "SUP-05"


_FROM_DIRECTIVE: dict[DirectiveProblem, Problem] = {
    DirectiveProblem.MALFORMED: Problem.MALFORMED,
    DirectiveProblem.NO_RULE: Problem.MALFORMED,
    DirectiveProblem.NOT_A_RULE_ID: Problem.UNKNOWN_RULE,
    DirectiveProblem.NO_REASON: Problem.NO_REASON,
}


class Waiver(BaseModel):
    """A waiver entry (`[[waivers]]` in config or a waiver file) for formats without comments."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    paths: list[str] = Field(default_factory=lambda: ["*"], description="Globs of document paths it covers.")
    justification: str = ""
    expires: dt.date | None = None
    source: str = Field("", exclude=True)
    line: int = Field(1, exclude=True)


@dataclass
class _Entry:
    rules: tuple[str, ...]
    reason: str
    where: str
    line: int
    column: int
    kind: str  # inline | waiver
    covers: Callable[[Finding], bool]
    problem: Problem | None = None
    detail: str = ""
    expires: str | None = None
    used: bool = field(default=False)


def _inline_entries(docs: list[Document]) -> list[_Entry]:
    entries = []
    for doc in docs:
        for d in doc.directives:
            assert isinstance(d, Directive)
            problem = _FROM_DIRECTIVE[d.problem] if d.problem is not None else None
            entries.append(_Entry(d.rules, d.reason, doc.path, d.line, d.column, "inline",
                                  _inline_cover(doc, d), problem, d.detail))
    return entries


def _inline_cover(doc: Document, d: Directive) -> Callable[[Finding], bool]:
    if d.whole_file:
        return lambda f: f.scope == "folder" or f.path == doc.path
    if d.cover_start < 0:
        return lambda f: False
    first, last = doc.locate(d.cover_start), doc.locate(max(d.cover_end - 1, d.cover_start))

    def covers(f: Finding) -> bool:
        if f.path != doc.path:
            return False
        if first.page is not None:
            return (first.page, first.line) <= (f.page or 0, f.line) <= (last.page or 0, last.line)
        return first.line <= f.line <= last.line
    return covers


def _glob_cover(globs: list[str]) -> Callable[[Finding], bool]:
    return lambda f: any(fnmatch.fnmatch(f.path, x) for x in globs)


def _waiver_entries(waivers: list[Waiver], today: dt.date) -> list[_Entry]:
    entries = []
    for w in waivers:
        problem: Problem | None = None if w.justification.strip() else Problem.NO_REASON
        detail = "" if problem is None else "no justification given"
        if problem is None and w.expires is not None and w.expires < today:
            problem, detail = Problem.EXPIRED, f"expired on {w.expires.isoformat()}"
        globs = w.paths or ["*"]
        entries.append(_Entry((w.rule,), w.justification.strip(), w.source, w.line, 1, "waiver",
                              _glob_cover(globs), problem, detail, w.expires.isoformat() if w.expires else None))
    return entries


def _meta_finding(problem: Problem, e: _Entry, detail: str) -> Finding:
    rule_id = problem.value
    title, severity, message = META_RULES[rule_id]
    return Finding(rule_id=rule_id, title=title, area="suppressions", severity=severity, state="invalid",  # type: ignore[arg-type]
                   scope=e.where, message=f"{message} ({detail})", hint="", path=e.where, line=e.line,
                   column=e.column, paragraph=None, anchored=False, suppressed=None,
                   fingerprint=fingerprint(rule_id, e.where, ",".join(e.rules), e.reason))


def apply_suppressions(report: Report, docs: list[Document], waivers: list[Waiver],
                       known_rules: set[str], today: dt.date | None = None) -> Report:
    """Mark covered findings as suppressed and report every broken or unused suppression."""
    entries = _inline_entries(docs) + _waiver_entries(waivers, today or dt.date.today())
    if not entries:
        return report
    problems: list[Finding] = []
    for e in entries:
        unknown = [r for r in e.rules if r not in known_rules]
        if e.problem is not None:
            problems.append(_meta_finding(e.problem, e, e.detail))
        elif unknown:
            e.problem = Problem.UNKNOWN_RULE
            problems.append(_meta_finding(e.problem, e, ", ".join(unknown)))
    findings = []
    for f in report.findings:
        for e in entries:
            if e.problem is None and f.rule_id in e.rules and e.covers(f):
                e.used = True
                f = f.model_copy(update={"suppressed": Suppression(kind=e.kind, justification=e.reason, path=e.where,  # type: ignore[arg-type]
                                                                   line=e.line, expires=e.expires)})
                break
        findings.append(f)
    for e in entries:
        if e.problem is None and not e.used:
            problems.append(_meta_finding(Problem.UNUSED, e, "ignore " + ", ".join(e.rules)))
    return _with_findings(report, findings + problems)


def _with_findings(report: Report, findings: list[Finding]) -> Report:
    """A copy of the report with new findings, counts and meta-rule docs brought up to date."""
    findings = sorted(findings, key=lambda f: (f.path, f.page or 0, f.line, f.rule_id, f.scope))
    summary = report.summary.model_copy(update={"findings": severity_counts(findings),
                                                "suppressed": sum(1 for f in findings if f.suppressed)})
    rules = list(report.rules)
    have = {r.id for r in rules}
    for rid in sorted({f.rule_id for f in findings if f.rule_id in META_RULES} - have):
        title, severity, message = META_RULES[rid]
        rules.append(RuleInfo(id=rid, title=title, area="suppressions", severity=severity, scope="folder",  # type: ignore[arg-type]
                              message=message, hint="", cite="", source="policy-audit"))
    return report.model_copy(update={"findings": findings, "summary": summary, "rules": rules})


def waivers_from(data: list[dict[str, object]], source: str, text: str = "") -> list[Waiver]:
    """Validate `[[waivers]]` tables, remembering the line of each in `source` for reports."""
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip().startswith("[[waivers]]")]
    out = []
    for i, item in enumerate(data):
        w = Waiver.model_validate(item)
        out.append(w.model_copy(update={"source": source, "line": lines[i] if i < len(lines) else 1}))
    return out
