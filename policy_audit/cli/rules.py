"""`policy-audit rules`: list, explain, validate and test rule packs."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import exitcodes
from .common import fail, load_packs, resolve_config

if TYPE_CHECKING:
    from ..engine.compiled import CompiledPack


@click.group()
def rules() -> None:
    """Browse, document, check and test rule packs."""


def _packs(rule_paths: tuple[str, ...]) -> list[CompiledPack]:
    cfg = resolve_config(None, False)
    return load_packs(list(rule_paths) or cfg.rules)


_rules_option = click.option("--rules", "rule_paths", multiple=True, metavar="PATH",
                             help="Rule pack folder or .rules file (default: the built-in pack).")


@rules.command("list")
@_rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: every pack and rule as data, for scripts.")
def list_rules(rule_paths: tuple[str, ...], fmt: str) -> None:
    """List every rule: ID, area, severity, scope and title."""
    if fmt == "json":
        import json

        data = {"packs": [{"name": p.pack.name, "version": p.pack.version, "title": p.pack.title,
                           "rules": [{"id": r.id, "area": r.area, "severity": r.severity, "scope": r.scope,
                                      "title": r.title} for r in p.pack.rules]} for p in _packs(rule_paths)]}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for p in _packs(rule_paths):
        click.echo(f"{p.pack.name} {p.pack.version}: {p.pack.title} ({len(p.pack.rules)} rules)")
        for r in p.pack.rules:
            click.echo(f"  {r.id:<8} {r.area:<10} {r.severity:<8} {r.scope:<7} {r.title}")


@rules.command()
@click.argument("rule_id")
@_rules_option
def explain(rule_id: str, rule_paths: tuple[str, ...]) -> None:
    """Show one rule's documentation and its logic."""
    from ..language.unparse import expr

    for p in _packs(rule_paths):
        r = p.pack.rule(rule_id.upper())
        if r is None:
            continue
        area = p.pack.areas.get(r.area)
        out = [f"{r.id}  {r.title}", "",
               f"  area:     {r.area}" + (f" ({area.title})" if area else ""),
               f"  severity: {r.severity} (missing); {'warning' if r.severity == 'error' else 'info'} (weak)",
               f"  scope:    {r.scope}", f"  defined:  {r.span.file}:{r.span.line}", ""]
        for label, text in (("Message", r.message), ("Hint", r.hint), ("Cites", r.cite)):
            if text:
                out.append(f"{label}:")
                out.extend(textwrap.wrap(text, 96, initial_indent="  ", subsequent_indent="  "))
        for label, e in (("Applies when", r.when), ("Met when", r.require), ("Weak (partial) when", r.partial)):
            if e is not None:
                out.append(f"{label}:")
                out.extend("  " + line for line in expr(e).splitlines())
        click.echo("\n".join(out))
        return
    fail(f"error: no rule {rule_id!r} (see: policy-audit rules list)")


@rules.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check rule files (or pack folders) without auditing anything; exit 2 on any error."""
    from ..language.errors import RuleError
    from ..language.pack import load_pack

    try:
        pack = load_pack(list(files))
    except RuleError as err:
        n = len(err.diagnostics)
        fail(f"{err}\n{n} error{'s' if n != 1 else ''}.")
    click.echo(f"ok: pack {pack.name} {pack.version}, {len(pack.rules)} rules, {len(pack.terms)} term sets, "
               f"{len(pack.kinds)} kinds in {len(pack.files)} file(s)")


@rules.command("test")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@_rules_option
@click.option("-v", "--verbose", is_flag=True, help="List passing fixtures too.")
def test_rules(folder: Path | None, rule_paths: tuple[str, ...], verbose: bool) -> None:
    """Run fixture documents that declare expected states (front matter `expect: {ID: state}`).

    FOLDER is a pack folder: its .rules files are the pack and FOLDER/tests holds the fixtures.
    Default: the built-in pack and its fixtures.
    """
    from ..language.pack import default_rules_path
    from ..ruletest import run_all

    base = folder or default_rules_path()
    packs = load_packs(list(rule_paths) or [str(base)])
    fixtures = base / "tests" if (base / "tests").is_dir() else base
    cases = run_all(fixtures, packs[0])
    if not cases:
        fail(f"error: no fixture documents under {fixtures}", exitcodes.FINDINGS)
    failed = 0
    checks = 0
    for c in cases:
        checks += len(c.expected)
        if c.passed:
            if verbose:
                click.echo(f"PASS {c.path}")
            continue
        failed += 1
        click.echo(click.style("FAIL", fg="red", bold=True) + f" {c.path}")
        if c.error:
            click.echo(f"  {c.error}")
        for rid, want in sorted(c.expected.items()):
            got = c.got.get(rid, "?")
            if got != want:
                click.echo(f"  {rid}: expected {want}, got {got}")
                for line in c.evidence.get(rid, []):
                    click.echo(textwrap.fill(line, 110, initial_indent="    - ", subsequent_indent="      "))
    passed = len(cases) - failed
    click.echo(f"{passed} passed, {failed} failed ({checks} expectations in {len(cases)} fixtures)")
    sys.exit(exitcodes.FINDINGS if failed else exitcodes.OK)
