"""What to adopt: for each weak or missing requirement, the model language, where it belongs, and what is there today.

Shared by the HTML report's section and the `adopt` format, so both list the same items in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Evidence, Finding, Report, RuleInfo

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
KIND_WORDS = {
    "policy": "a board policy (the equity policy)",
    "strategic-plan": "the strategic plan",
    "job-description": "the equity officer's job description",
    "mission": "the mission or vision statement",
}
DEFAULT_HOME = "a board policy, or the strategic plan"


@dataclass(frozen=True)
class AdoptItem:
    """One requirement to close: what to write, where, and the sentences the folder has today."""

    finding: Finding
    language: str
    home: str
    today: list[Evidence]


def ordered_findings(report: Report) -> list[Finding]:
    """Findings by importance: severity, then area in the pack's order, then rule and scope."""
    areas = {a.area: i for i, a in enumerate(report.summary.areas)}
    return sorted(report.findings, key=lambda f: (f.suppressed is not None, SEVERITY_RANK.get(f.severity, 3),
                                                  areas.get(f.area, len(areas)), f.rule_id, f.scope, f.path))


def model_language(hint: str) -> str:
    """The sentence to adopt from a rule's hint: `e.g. 'The Board shall ...'` -> `The Board shall ...`."""
    text = hint.strip()
    if text.lower().startswith("e.g. "):
        text = text[5:].strip()
    if len(text) > 1 and text[0] in "'\"‘“" and text[-1] in "'\"’”":
        text = text[1:-1]
    return text


def home_of(finding: Finding, rule: RuleInfo | None) -> str:
    """Which document the language belongs in: the judged document, else the kinds the rule looks in."""
    if finding.scope != "folder":
        return f"this document: {finding.scope}"
    kinds = rule.documents if rule is not None else []
    words = [KIND_WORDS.get(k, k.replace("-", " ")) for k in kinds]
    if not words:
        return DEFAULT_HOME
    return words[0] if len(words) == 1 else ", or ".join([", ".join(words[:-1]), words[-1]])


def adopt_items(report: Report) -> list[AdoptItem]:
    """Every unsuppressed weak or missing finding as an item to adopt, most important first."""
    rules = {r.id: r for r in report.rules}
    items = []
    for f in ordered_findings(report):
        if f.suppressed is not None or f.state not in ("weak", "missing"):
            continue
        rule = rules.get(f.rule_id)
        items.append(AdoptItem(finding=f, language=model_language(f.hint), home=home_of(f, rule),
                               today=list(f.evidence)))
    return items
