"""The coverage table: for each requirement and document, the strongest mark from all of its matches.

Marks follow the row's state so that a cell never reads as more than the requirement is: in a `weak`
row a binding sentence covers only a part (`partial`), in a `missing` row every sentence is a near
miss (`mention`, or `negated` when it refuses), and a `not-applicable` row has no marks.
"""

from __future__ import annotations

from ..documents.model import Document
from ..engine.analyze import Match
from .models import CoverageCell, CoverageRow, Mark

_CELL_FIELDS = set(CoverageCell.model_fields)
RANK: dict[str, int] = {"binding": 4, "partial": 3, "hedged": 2, "negated": 1, "mention": 0}


def mark(state: str, strength: str) -> Mark | None:
    """The mark one sentence of the given strength earns in a row of the given state."""
    if state == "not-applicable":
        return None
    if strength == "negated":
        return "negated"
    if strength == "mention":
        return "mention"
    if state == "missing":
        return "mention"
    if state == "weak" and strength == "binding":
        return "partial"
    return "binding" if strength == "binding" else "hedged"


def coverage_row(rule_id: str, scope: str, state: str, matches: list[Match], docs: list[Document]) -> CoverageRow:
    """One row from every match of the requirement (not the few quoted), cells in document order."""
    best: dict[int, Mark] = {}
    counts: dict[int, set[int]] = {}
    for m in matches:
        got = mark(state, m.verdict.strength)
        if got is None:
            continue
        counts.setdefault(m.doc, set()).add(m.sentence)
        if m.doc not in best or RANK[got] > RANK[best[m.doc]]:
            best[m.doc] = got
    # a folder of 16,000 documents has 100,000 cells: built from values of known types without
    # validation, sharing one set of field names (pydantic keeps a set per validated instance)
    cells = [CoverageCell.model_construct(_CELL_FIELDS, path=docs[d].path, mark=best[d], sentences=len(counts[d]))
             for d in sorted(best, key=lambda d: docs[d].path)]
    return CoverageRow(rule_id=rule_id, scope=scope, state=state, cells=cells)  # type: ignore[arg-type]
