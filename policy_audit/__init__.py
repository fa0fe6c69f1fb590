"""policy-audit: audit school-district policy folders for the commitments equity work needs."""

from __future__ import annotations

__version__ = "0.1.0"
