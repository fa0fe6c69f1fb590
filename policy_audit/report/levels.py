"""Severity order, without the report models: a cached run decides its exit code without pydantic."""

from __future__ import annotations

SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
