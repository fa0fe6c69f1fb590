"""Named exit codes, in one place (DESIGN.md)."""

from __future__ import annotations

OK = 0  # nothing at or above --fail-on, every document read
FINDINGS = 1  # findings at or above --fail-on, an unreadable document, or a failing rule test
USAGE = 2  # usage, config or rule-language errors: nothing was audited
