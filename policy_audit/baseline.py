"""Baselines: record today's findings by fingerprint, then report only what is new (like Semgrep, ruff)."""

from __future__ import annotations

import json
from pathlib import Path

from .report.build import severity_counts
from .report.models import BaselineSummary, Report
from .safeio import BASELINE_CAP, SafeReadError, read_regular_text


class BaselineError(Exception):
    """A baseline file that cannot be read; the CLI exits 2."""


def baseline_text(report: Report) -> str:
    """The baseline file for a report: its unsuppressed findings' fingerprints, sorted, stable."""
    entries = sorted(
        ({"fingerprint": f.fingerprint, "rule_id": f.rule_id, "state": f.state, "path": f.path, "title": f.title}
         for f in report.findings if f.suppressed is None),
        key=lambda e: (e["path"], e["rule_id"], e["fingerprint"]))
    return json.dumps({"tool": "policy-audit", "baseline": 1, "findings": entries}, indent=2) + "\n"


def read_baseline(path: Path) -> set[str]:
    """Fingerprints recorded in a baseline file; every entry must carry a non-empty string fingerprint."""
    if not path.exists():
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)")
    try:
        data = json.loads(read_regular_text(path, BASELINE_CAP, "baseline file"))
    except SafeReadError as exc:
        raise BaselineError(str(exc)) from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a policy-audit baseline ({exc})") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: not a policy-audit baseline (no list of findings)")
    out: set[str] = set()
    for n, entry in enumerate(entries, 1):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint.strip():
            raise BaselineError(f"{path}: finding {n} has no fingerprint (a non-empty string is required; "
                                "write the baseline again with --write-baseline)")
        out.add(fingerprint)
    return out


def apply_baseline(report: Report, recorded: set[str], shown: str) -> Report:
    """Keep only findings not in the baseline; count matched ones and baseline entries now fixed."""
    current = {f.fingerprint for f in report.findings if f.suppressed is None}
    kept = [f for f in report.findings if f.suppressed is not None or f.fingerprint not in recorded]
    summary = report.summary.model_copy(update={
        "findings": severity_counts(kept),
        "baseline": BaselineSummary(path=shown, new=sum(1 for f in kept if f.suppressed is None),
                                    matched=len(current & recorded),
                                    fixed=len(recorded - current)),
    })
    return report.model_copy(update={"findings": kept, "summary": summary})
