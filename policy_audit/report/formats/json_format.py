"""JSON output: the `Report` model as is, sorted and indented, byte-identical for the same input."""

from __future__ import annotations

from ..models import Report


def render(report: Report) -> str:
    """The report as stable JSON (schema: `policy-audit schema`)."""
    return report.model_dump_json(indent=2) + "\n"
