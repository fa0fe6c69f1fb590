"""policy-audit: audit school-district policy folders for the commitments equity work needs.

Python API: `from policy_audit import audit; report = audit(["policies/"])` returns the report model
(`policy_audit.report.models.Report`, the JSON output's schema). Importing the package stays cheap:
the pipeline loads on the first call.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .report.models import Report

__version__ = "0.1.0"
__all__ = ["AuditError", "__version__", "audit"]


def audit(paths: Iterable[str | Path] = (".",), *, rules: Sequence[str | Path] = (), select: Sequence[str] = (),
          ignore: Sequence[str] = (), severity: Mapping[str, str] | None = None,
          kinds: Mapping[str, str] | None = None, exclude: Sequence[str] = (), config: str | Path | None = None,
          suppressions: bool = True, jobs: int = 1) -> Report:
    """Audit files and folders and return the report model (see `policy_audit.api.audit`)."""
    from .api import audit as run

    return run(paths, rules=rules, select=select, ignore=ignore, severity=severity, kinds=kinds, exclude=exclude,
               config=config, suppressions=suppressions, jobs=jobs)


def __getattr__(name: str) -> Any:
    if name == "AuditError":
        from .api import AuditError

        return AuditError
    raise AttributeError(f"module 'policy_audit' has no attribute {name!r}")


class _Package(types.ModuleType):
    """Keeps `policy_audit.audit` the API function: importing the pipeline module `policy_audit.audit`
    (`from policy_audit.audit import run_audit`) would otherwise rebind the name to that module."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "audit" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
