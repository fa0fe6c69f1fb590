"""JSON output: the `Report` model as is, sorted and indented, byte-identical for the same input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..escape import decodable_json, json_safe, safe_json_parts

if TYPE_CHECKING:
    from ..models import Report


def render(report: Report) -> str:
    """The report as stable JSON (schema: `policy-audit schema`), with controls as JSON escapes."""
    return json_safe(decodable_json(report)) + "\n"


def render_parts(report: Report) -> tuple[bytes, ...]:
    """`render`'s text in UTF-8 as parts of the JSON and its final newline, serialised to bytes without
    the text in between and never joined: a big folder's report (tens of megabytes) is held once."""
    return (*safe_json_parts(report), b"\n")
