"""Small commands: `schema` prints the JSON report's schema, `init` writes a starter config."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import fail

STARTER = """\
## policy-audit configuration: flags on the command line override these settings.
## Uncomment a setting (remove its leading '# ') to use it; lines starting with '##' only explain.

## Rule packs to use instead of the built-in equity-leadership pack (folders or .rules files), e.g.
## rules = ["my-pack/"]
# select = ["align", "fund"]    # audit only these: rule IDs, ID prefixes or areas
# ignore = ["COM-06"]           # skip these
fail-on = "error"               # lowest severity that fails a run: error | warning | info | never
# exclude = ["drafts/*", "*.bak.md"]
# max-file-size = "50MB"

[severity]                      # per-rule overrides: error | warning | info
# FND-04 = "info"

[kinds]                         # path globs -> document kind, when front matter does not say
# "*strategic*" = "strategic-plan"
# "hr/*" = "job-description"

## Accepted findings in formats without inline comments (PDF, Word): each needs a justification,
## and an expired or unused waiver is reported.
# [[waivers]]
# rule = "FND-02"
# paths = ["policies/budget-*.pdf"]
# justification = "Positions are funded by the county office; see MOU 2024-17."
# expires = 2027-06-30
"""


def schema_text() -> str:
    """The JSON Schema of `check --format json`, generated from the pydantic models."""
    from ..report.models import Report

    return json.dumps(Report.model_json_schema(), indent=2, sort_keys=True) + "\n"


@click.command()
def schema() -> None:
    """Print the JSON Schema of the JSON report."""
    click.echo(schema_text(), nl=False)


@click.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .policy-audit.toml.")
def init(force: bool) -> None:
    """Write a starter .policy-audit.toml in the current folder."""
    target = Path(".policy-audit.toml")
    if target.exists() and not force:
        fail(f"error: {target} already exists (use --force to overwrite)")
    target.write_text(STARTER, encoding="utf-8")
    click.echo(f"wrote {target}")
