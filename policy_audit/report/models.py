"""The report's value objects: every output format is a pure function of a `Report`.

These pydantic models are also the published JSON contract (`policy-audit schema` prints it).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .levels import SEVERITY_ORDER  # noqa: F401  -- re-exported; kept apart so a cached run reads it without pydantic
from .quotes import cut

State = Literal["met", "weak", "missing", "not-applicable"]
Strength = Literal["binding", "hedged", "negated", "mention"]
Mark = Literal["binding", "partial", "hedged", "mention", "negated"]
Severity = Literal["error", "warning", "info"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A sentence that bears on a rule, where it is, and how strongly it commits."""

    path: str
    line: int
    column: int
    page: int | None = None
    paragraph: int | None = None
    section: list[str] = Field(default_factory=list)
    text: str = Field(description="The sentence as a reader sees it: Markdown markup and link targets removed.")
    quote: str = Field(default="", description="`text` as shown in reports: cut at a word boundary with an ellipsis.")
    location: str = Field(default="", description="Where a reader finds it: `p3` (page), `¶15 “The Board shall…”`, `line 12`.")
    strength: Strength
    reason: str = Field(default="", description="Why the sentence got its strength (the cue that decided it).")

    @model_validator(mode="before")
    @classmethod
    def _shown(cls, data: Any) -> Any:
        """Fill `quote` and `location` from the text and place when the builder did not."""
        if isinstance(data, dict):
            data = dict(data)
            if not data.get("quote") and isinstance(data.get("text"), str):
                data["quote"] = cut(data["text"])
            if not data.get("location"):
                data["location"] = place_label(data.get("line"), data.get("page"), data.get("paragraph"))
        return data


def place_label(line: Any, page: Any, paragraph: Any) -> str:
    """`p3`, `¶15` or `line 12`: a place named as PDF, Word and text readers name it."""
    if page is not None:
        return f"p{page}"
    if paragraph is not None:
        return f"¶{paragraph}"
    return f"line {line}" if line is not None else ""


class Result(_Frozen):
    """The state of one rule over one scope (the folder, or one document for `doc` rules)."""

    rule_id: str
    title: str
    area: str
    severity: Severity
    scope: str = Field(description="'folder' or the path of the document judged.")
    state: State
    evidence: list[Evidence] = Field(default_factory=list)
    note: str = Field(default="", description="Plain-English account of the state, e.g. 'no sentence mentions ...'.")


class Suppression(_Frozen):
    """Why a finding is accepted: an inline comment or a waiver entry, with its required reason."""

    kind: Literal["inline", "waiver"]
    justification: str
    path: str = Field(description="Where the suppression is written (document or waiver file).")
    line: int = 1
    expires: str | None = None


class Finding(_Frozen):
    """A weak or missing result as a problem to fix, located and fingerprinted for baselines."""

    rule_id: str
    title: str
    area: str
    severity: Severity
    state: Literal["weak", "missing", "invalid"]
    scope: str
    message: str
    hint: str
    cite: str = ""
    path: str
    line: int
    column: int
    page: int | None = None
    paragraph: int | None = Field(default=None, description="Paragraph index, for formats located by paragraph (DOCX, ODT, RTF).")
    anchored: bool = Field(
        False, description="True when the finding has no natural line and is anchored at a heading or line 1."
    )
    location: str = Field(default="", description="The finding's place as a reader names it (see Evidence.location).")
    fingerprint: str
    evidence: list[Evidence] = Field(
        default_factory=list, description="The quotes every format shows, chosen once: the weak or nearest sentences first.")
    suppressed: Suppression | None = Field(default=None, description="Set when the finding is accepted; it then fails nothing.")

    @model_validator(mode="before")
    @classmethod
    def _shown(cls, data: Any) -> Any:
        """Fill `location` from the place when the builder did not."""
        if isinstance(data, dict) and not data.get("location"):
            data = {**data, "location": place_label(data.get("line"), data.get("page"), data.get("paragraph"))}
        return data


class CoverageCell(_Frozen):
    """The strongest mark one document earns on one requirement."""

    path: str
    mark: Mark
    sentences: int = Field(description="How many of the document's sentences bear on the requirement.")


class CoverageRow(_Frozen):
    """One requirement (rule and scope) against every document, from all its matches.

    Marks follow the state: a `weak` row's binding sentences are `partial` (they cover a part, not the
    whole), a `missing` row's are `mention` (near misses), a `not-applicable` row has none.
    """

    rule_id: str
    scope: str
    state: State
    cells: list[CoverageCell] = Field(default_factory=list)


class DocumentInfo(_Frozen):
    """One file found: audited (kind, title) or failed (error)."""

    path: str
    format: str
    kind: str | None = None
    title: str | None = None
    sentences: int = 0
    error: str | None = None
    warnings: list[str] = Field(default_factory=list, description="Caveats from reading, e.g. 'decoded as cp1252'.")


class AreaSummary(_Frozen):
    """Counts of rule states in one area, for the scorecard line `align 4/6 met, 1 weak, 1 missing`."""

    area: str
    total: int
    met: int
    weak: int
    missing: int
    not_applicable: int


class BaselineSummary(_Frozen):
    """How the findings compare with a recorded baseline."""

    path: str
    new: int
    matched: int
    fixed: int


class Summary(_Frozen):
    """Totals a person or a CI job reads first."""

    discovered: int
    audited: int
    errored: int
    skipped: int
    skipped_paths: list[str] = Field(default_factory=list)
    results: int
    met: int
    weak: int
    missing: int
    not_applicable: int
    findings: dict[str, int] = Field(description="Unsuppressed findings per severity: error, warning, info.")
    suppressed: int = 0
    baseline: BaselineSummary | None = None
    areas: list[AreaSummary]


class RuleInfo(_Frozen):
    """A rule's documentation, carried in the report so SARIF, HTML and JSON readers can explain it."""

    id: str
    title: str
    area: str
    severity: Severity
    scope: str
    message: str
    hint: str
    cite: str
    source: str = Field(default="", description="Rule file and line that define the rule: `rules/fund.rules:12`.")
    documents: list[str] = Field(default_factory=list,
                                 description="Document kinds the rule looks in (where its model language belongs).")


class PackInfo(_Frozen):
    """Which rule pack produced the report."""

    name: str
    title: str
    version: str
    rules: int


class Report(_Frozen):
    """Everything one `check` run found, sorted for byte-identical output."""

    tool: str = "policy-audit"
    version: str
    subject: str = Field(default="", description="What was audited: the district's name from config, else the folder's name.")
    packs: list[PackInfo]
    rules: list[RuleInfo]
    results: list[Result]
    findings: list[Finding]
    documents: list[DocumentInfo]
    summary: Summary
    coverage: list[CoverageRow] = Field(default_factory=list,
                                        description="Requirement x document marks, in `results` order.")
