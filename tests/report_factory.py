"""Realistic `Report` objects for format tests: every state, anchored findings, and an unreadable file."""

from __future__ import annotations

import hashlib
from typing import Any

from policy_audit.report.coverage import RANK, mark
from policy_audit.report.models import (
    AreaSummary,
    CoverageCell,
    CoverageRow,
    DocumentInfo,
    Evidence,
    Finding,
    PackInfo,
    Report,
    Result,
    RuleInfo,
    Severity,
    State,
    Strength,
    Summary,
)

POLICY = "policies/bp-0415-equity.md"
PLAN = "plans/strategic-plan-2024.pdf"
MISSION = "mission.md"
BROKEN = "policies/AR 0415, scanned.pdf"  # a space and a comma: URI and property escaping
BROKEN_ERROR = "no text layer: the PDF holds only scanned page images"

RULES: list[RuleInfo] = [
    RuleInfo(
        id="ALN-01", title="Mission or vision commits to equity", area="align", severity="error",
        scope="folder", message="No mission or vision statement commits the district to equity.",
        hint="e.g. 'Our mission is to ensure equitable outcomes for every student.'",
        cite="Policy drives everything.", source="rules/align.rules:3",
    ),
    RuleInfo(
        id="ALN-03", title="Accountability: responsibility and reporting", area="align", severity="error",
        scope="folder", message="No policy both assigns responsibility for equity and requires reporting to the Board.",
        hint="e.g. 'The Superintendent shall report progress on equity goals to the Board annually.'",
        cite="If it's not written in policy, then it probably isn't going to be done.",
        source="rules/align.rules:21",
    ),
    RuleInfo(
        id="ALN-06", title="Groundwork before hiring", area="align", severity="error", scope="folder",
        message="The folder creates an equity-officer role without the equity policy and plan behind it.",
        hint="Adopt the equity policy (ALN-02) and an equity-grounded plan (ALN-04) first.",
        cite="Policy drives everything.", source="rules/align.rules:40",
    ),
    RuleInfo(
        id="COM-01", title="Key terms are defined", area="community", severity="warning", scope="doc",
        message="The document uses 'equity' without defining it.",
        hint="e.g. 'Educational equity means every student receives what they need to succeed.'",
        cite="Define, narrate, act.", source="rules/community.rules:5",
    ),
    RuleInfo(
        id="FND-01", title="Dedicated funding for the equity work", area="fund", severity="error",
        scope="folder", message="No document commits dedicated funding to the equity office or its work.",
        hint="e.g. 'The Board shall allocate funds in the annual budget for the Office of Equity.'",
        cite="Find the money and the mentorship.", source="rules/fund.rules:12",
    ),
    RuleInfo(
        id="FND-03", title="Coaching or mentorship for the equity leader", area="fund", severity="warning",
        scope="folder", message="No document commits coaching or mentorship for the equity leader.",
        hint="e.g. 'The District shall provide executive coaching for the Chief Equity Officer.'",
        cite="Find the money and the mentorship.", source="rules/fund.rules:30",
    ),
    RuleInfo(
        id="SEA-02", title="The equity leader reports to the superintendent", area="seat", severity="error",
        scope="folder", message="No document has the equity leader report directly to the Superintendent.",
        hint="e.g. 'The Chief Equity Officer reports to the Superintendent.'",
        cite="Equity officers are the flashlights of the district.", source="rules/seat.rules:9",
    ),
]
RULE = {rule.id: rule for rule in RULES}


def evidence(path: str, line: int, text: str, strength: Strength, **extra: Any) -> Evidence:
    """One evidence sentence at `path:line` (column 1 unless given)."""
    return Evidence(path=path, line=line, column=extra.pop("column", 1), text=text, strength=strength, **extra)


def result(rule_id: str, state: State, scope: str = "folder", *ev: Evidence, note: str = "") -> Result:
    """A result of rule `rule_id` in `state`, with the rule's title, area and severity."""
    rule = RULE[rule_id]
    return Result(rule_id=rule_id, title=rule.title, area=rule.area, severity=rule.severity, scope=scope,
                  state=state, evidence=list(ev), note=note)


def finding(res: Result, path: str, line: int, *, severity: Severity | None = None, anchored: bool = False,
            section: str = "", column: int = 1, page: int | None = None, message: str | None = None) -> Finding:
    """The finding a weak or missing result becomes, fingerprinted from rule, scope, path and section."""
    rule = RULE[res.rule_id]
    if res.state != "weak" and res.state != "missing":
        raise ValueError(f"only weak and missing results become findings, not {res.state}")
    fp = hashlib.sha256(f"{res.rule_id}|{res.scope}|{path}|{section}".encode()).hexdigest()[:16]
    return Finding(rule_id=res.rule_id, title=res.title, area=res.area, severity=severity or res.severity,
                   state=res.state, scope=res.scope, message=message or rule.message, hint=rule.hint,
                   cite=rule.cite, path=path, line=line, column=column, page=page, anchored=anchored,
                   fingerprint=fp, evidence=list(res.evidence))


def coverage_of(results: list[Result]) -> list[CoverageRow]:
    """The coverage table the builder would make from these results' evidence."""
    rows = []
    for r in results:
        best: dict[str, tuple[str, int]] = {}
        for e in r.evidence:
            got = mark(r.state, e.strength)
            if got is None:
                continue
            old, n = best.get(e.path, (got, 0))
            best[e.path] = (got if RANK[got] >= RANK[old] else old, n + 1)
        cells = [CoverageCell(path=p, mark=m, sentences=n) for p, (m, n) in sorted(best.items())]  # type: ignore[arg-type]
        rows.append(CoverageRow(rule_id=r.rule_id, scope=r.scope, state=r.state, cells=cells))
    return rows


def summarize(results: list[Result], findings: list[Finding], documents: list[DocumentInfo]) -> Summary:
    """A summary whose counts agree with the results, findings and documents given."""
    def count(rs: list[Result], state: str) -> int:
        return sum(1 for r in rs if r.state == state)

    areas = []
    for area in sorted({r.area for r in results}):
        rs = [r for r in results if r.area == area]
        areas.append(AreaSummary(area=area, total=len(rs), met=count(rs, "met"), weak=count(rs, "weak"),
                                 missing=count(rs, "missing"), not_applicable=count(rs, "not-applicable")))
    errored = sum(1 for d in documents if d.error)
    return Summary(
        discovered=len(documents), audited=len(documents) - errored, errored=errored, skipped=0,
        results=len(results), met=count(results, "met"), weak=count(results, "weak"),
        missing=count(results, "missing"), not_applicable=count(results, "not-applicable"),
        findings={sev: sum(1 for f in findings if f.severity == sev) for sev in ("error", "warning", "info")},
        areas=areas,
    )


def make_report(*, with_error: bool = True) -> Report:
    """A folder of three readable documents (plus, by default, one unreadable PDF) judged by seven rules."""
    documents = [
        DocumentInfo(path=MISSION, format="markdown", kind="mission", title="Mission and Vision", sentences=6),
        DocumentInfo(path=PLAN, format="pdf", kind="strategic-plan", title="Strategic Plan 2024-2029", sentences=212),
        DocumentInfo(path=POLICY, format="markdown", kind="policy", title="BP 0415 Equity", sentences=48),
    ]
    if with_error:
        documents.insert(2, DocumentInfo(path=BROKEN, format="pdf", error=BROKEN_ERROR))
    aln01 = result("ALN-01", "met", "folder", evidence(
        MISSION, 3, "Our mission is to ensure equitable outcomes for every student.", "binding",
        section=["Mission"], reason="binding: 'is to ensure'"), note="")
    aln03 = result("ALN-03", "weak", "folder", evidence(
        POLICY, 22, "The Superintendent shall implement this policy.", "binding", section=["Implementation"],
        reason="binding: 'shall'"), evidence(
        POLICY, 24, "Progress should be reported to the Board, as resources permit.", "hedged",
        section=["Implementation"], reason="hedged: 'should'"), note="1 of 2 parts committed")
    aln06 = result("ALN-06", "not-applicable", note="no document creates an equity-officer position")
    com01_policy = result("COM-01", "met", POLICY, evidence(
        POLICY, 9, "Educational equity means every student receives what they need to succeed.", "binding",
        section=["Definitions"], reason="binding: 'means'"), note="")
    com01_plan = result("COM-01", "missing", PLAN, evidence(
        PLAN, 14, "Equity is one of our five core values.", "mention", page=3, section=["Values"],
        reason="mention"), note="sentences use the terms but none defines them")
    fnd01 = result("FND-01", "missing", "folder", evidence(
        POLICY, 31, "Resources are allocated equitably to schools.", "mention", section=["Budget"],
        reason="mention"), note="sentences mention it without committing to it")
    fnd03 = result("FND-03", "weak", "folder", evidence(
        PLAN, 40, "The District should consider mentoring for new administrators.", "hedged", page=7,
        column=5, section=["Goal 3", "Leadership"], reason="hedged: 'should'"), note="")
    sea02 = result("SEA-02", "missing", note="no sentence mentions a reporting line for an equity leader")
    results = [aln01, aln03, aln06, com01_plan, com01_policy, fnd01, fnd03, sea02]
    findings = [  # worded as the engine words them; SEA-02's message leaves the anchoring for formats to say
        finding(sea02, MISSION, 1, anchored=True),
        finding(com01_plan, PLAN, 2, severity="warning", anchored=True, section="Strategic Plan", page=1,
                message=f"{RULE['COM-01'].message} ({com01_plan.note}; anchored at heading 'Strategic Plan')"),
        finding(fnd03, PLAN, 40, severity="info", column=5, page=7, section="Goal 3/Leadership",
                message=f"{RULE['FND-03'].message} Only weak support: hedged: 'should'."),
        finding(aln03, POLICY, 24, severity="warning", section="Implementation",
                message=f"{RULE['ALN-03'].message} Only weak support: hedged: 'should'."),
        finding(fnd01, POLICY, 30, anchored=True, section="Budget",
                message=f"{RULE['FND-01'].message} ({fnd01.note}; anchored at heading 'Budget')"),
    ]
    return Report(
        version="0.1.0", subject="Riverside Unified", coverage=coverage_of(results),
        packs=[PackInfo(name="equity-leadership", title="Supports an equity officer needs in policy",
                        version="1.0", rules=len(RULES))],
        rules=RULES, results=results, findings=findings, documents=documents,
        summary=summarize(results, findings, documents),
    )


def with_finding_message(report: Report, index: int, message: str, **update: Any) -> Report:
    """`report` with finding `index` carrying `message` (and any other field updates)."""
    findings = list(report.findings)
    findings[index] = findings[index].model_copy(update={"message": message, **update})
    return report.model_copy(update={"findings": findings})
