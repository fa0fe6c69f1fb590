"""Suppressions with reasons: inline comments and waiver entries mark findings as accepted, never drop them.

A suppression without a reason, naming an unknown rule, expired, or matching nothing is itself
reported as a finding (rules SUP-01..SUP-04), so a waiver can never silently outlive its purpose.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from .documents.directives import Directive
from .documents.model import Document
from .report.build import fingerprint, severity_counts
from .report.models import Finding, Report, RuleInfo, Suppression

META_RULES: dict[str, tuple[str, str, str]] = {
    "SUP-01": ("Suppression without a reason", "warning", "Every suppression needs a reason after '--' (inline) or a 'justification' (waiver); it is not obeyed until it has one."),
    "SUP-02": ("Suppression names an unknown rule", "warning", "The suppression names a rule that no loaded pack defines."),
    "SUP-03": ("Expired waiver", "warning", "The waiver's 'expires' date has passed; renew it with a new justification or fix the finding."),
    "SUP-04": ("Unused suppression", "info", "The suppression matches no finding any more; remove it."),
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
    covers: object  # callable deciding whether a finding is covered
    problem: str = ""
    expires: str | None = None
    used: bool = field(default=False)


def _inline_entries(docs: list[Document]) -> list[_Entry]:
    entries = []
    for doc in docs:
        for d in doc.directives:
            assert isinstance(d, Directive)
            entries.append(_Entry(d.rules, d.reason, doc.path, d.line, d.column, "inline",
                                  _inline_cover(doc, d), d.problem))
    return entries


def _inline_cover(doc: Document, d: Directive):  # -> Callable[[Finding], bool]
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


def _waiver_entries(waivers: list[Waiver], today: dt.date) -> list[_Entry]:
    entries = []
    for w in waivers:
        problem = "" if w.justification.strip() else "no justification given"
        if not problem and w.expires is not None and w.expires < today:
            problem = f"expired on {w.expires.isoformat()}"
        globs = w.paths or ["*"]
        entries.append(_Entry((w.rule,), w.justification.strip(), w.source, w.line, 1, "waiver",
                              lambda f, g=globs: any(fnmatch.fnmatch(f.path, x) for x in g),
                              problem, w.expires.isoformat() if w.expires else None))
    return entries


def _meta_finding(rule_id: str, e: _Entry, detail: str) -> Finding:
    title, severity, message = META_RULES[rule_id]
    return Finding(rule_id=rule_id, title=title, area="suppressions", severity=severity, state="invalid",  # type: ignore[arg-type]
                   scope=e.where, message=f"{message} ({detail})", hint="", path=e.where, line=e.line,
                   column=e.column, fingerprint=fingerprint(rule_id, e.where, ",".join(e.rules), e.reason))


def apply_suppressions(report: Report, docs: list[Document], waivers: list[Waiver],
                       known_rules: set[str], today: dt.date | None = None) -> Report:
    """Mark covered findings as suppressed and report every broken or unused suppression."""
    entries = _inline_entries(docs) + _waiver_entries(waivers, today or dt.date.today())
    if not entries:
        return report
    problems: list[Finding] = []
    for e in entries:
        unknown = [r for r in e.rules if r not in known_rules]
        if e.problem:
            code = "SUP-03" if e.problem.startswith("expired") else "SUP-01"
            problems.append(_meta_finding(code, e, e.problem))
        elif unknown:
            e.problem = "unknown rule"
            problems.append(_meta_finding("SUP-02", e, ", ".join(unknown)))
    findings = []
    for f in report.findings:
        for e in entries:
            if not e.problem and f.rule_id in e.rules and e.covers(f):  # type: ignore[operator]
                e.used = True
                f = f.model_copy(update={"suppressed": Suppression(kind=e.kind, justification=e.reason, path=e.where,  # type: ignore[arg-type]
                                                                   line=e.line, expires=e.expires)})
                break
        findings.append(f)
    for e in entries:
        if not e.problem and not e.used:
            problems.append(_meta_finding("SUP-04", e, "ignore " + ", ".join(e.rules)))
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
