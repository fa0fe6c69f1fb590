"""The `policy-audit` command line (Click): check, rules, schema, init."""

from __future__ import annotations

import os
import sys

import click

from .. import __version__, exitcodes


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="policy-audit")
def cli() -> None:
    """Audit school-district policy documents for the commitments an equity officer needs.

    Start with: policy-audit check POLICY_FOLDER
    """


def _register() -> None:
    from .check import check
    from .diffcmd import diff
    from .misc import init, schema
    from .rules import rules

    cli.add_command(check)
    cli.add_command(diff)
    cli.add_command(rules)
    cli.add_command(schema)
    cli.add_command(init)


_register()


def main() -> None:
    """Entry point: run the CLI; a crash is a bug, reported plainly with exit 2 rather than a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exitcodes.USAGE)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(exitcodes.FINDINGS)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # a crash is a bug: say so plainly, keep the traceback for reports
        if os.environ.get("POLICY_AUDIT_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in policy-audit; run again with POLICY_AUDIT_DEBUG=1 for the traceback "
                   "and report it.", err=True)
        sys.exit(exitcodes.USAGE)
