"""JSON output: the `Report` model as is, sorted and indented, byte-identical for the same input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..escape import decodable_json, json_safe

if TYPE_CHECKING:
    from ..models import Report


def render(report: Report) -> str:
    """The report as stable JSON (schema: `policy-audit schema`), with controls as JSON escapes."""
    return json_safe(decodable_json(report)) + "\n"
