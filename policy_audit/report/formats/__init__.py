"""Output formats: each module renders a `Report` to a string, a pure function with no I/O.

An explicit registry, imported lazily so `check --format text` never loads the XML or CSV writers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Report

# format name -> module in this package exposing `render(report: Report) -> str`
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "markdown": "markdown",
    "csv": "csv_format",
    "html": "html",
    "xlsx": "xlsx",
    "adopt": "adopt",
}
BINARY = frozenset({"xlsx"})  # formats that render bytes and must be written to a file (-o)


def renderer(name: str) -> Callable[[Report], str | bytes]:
    """The `render` function of format `name` (imported on first use)."""
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.render  # type: ignore[no-any-return]
