"""Baselines: record today's findings by fingerprint, then report only what is new (like Semgrep, ruff)."""

from __future__ import annotations

import json
from pathlib import Path

from .report.build import severity_counts
from .report.models import BaselineSummary, Report


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
    """Fingerprints recorded in a baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(e["fingerprint"]) for e in data["findings"]}
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a policy-audit baseline ({exc})") from None


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
