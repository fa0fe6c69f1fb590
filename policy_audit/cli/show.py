"""`check --show-files` and `--show-settings`: what would be audited, and with which settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..audit import AuditOptions
    from ..config import Config
    from ..engine.compiled import CompiledPack


def show_files(paths: list[Path], options: AuditOptions) -> None:
    """Every file discovery finds: the documents to read, then skipped and unreadable entries."""
    from ..documents.discover import discover

    found = discover(paths, options.exclude, options.base)
    shown = sorted([s for _, s in found.documents] + [s for _, s in options.extra])
    for s in shown:
        click.echo(s)
    for s in found.skipped:
        click.echo(f"{s}  (skipped: not a document format)")
    for s, reason in found.errors:
        click.echo(f"{s}  (error: {reason})")


def show_settings(cfg: Config, rules: list[str], packs: list[CompiledPack], options: AuditOptions,
                  fail_on: str) -> None:
    """The settings in force after config and flags, as TOML a config file accepts (plus comments)."""
    def val(v: object) -> str:
        return json.dumps(v, ensure_ascii=False)

    lines = [f"# config file: {cfg.path or '(none)'}",
             "# packs: " + ", ".join(f"{p.pack.name} {p.pack.version} ({len(p.pack.rules)} rules)" for p in packs),
             f"rules = {val([Path(r).as_posix() for r in rules])}" + ("  # the built-in pack" if not rules else ""),
             f"select = {val(options.select)}", f"ignore = {val(options.ignore)}",
             f"fail-on = {val(fail_on)}", f"exclude = {val(options.exclude)}",
             f"max-file-size = {options.max_bytes}", "", "[severity]"]
    lines += [f"{val(k)} = {val(v)}" for k, v in sorted(options.severity.items())]
    lines += ["", "[kinds]"] + [f"{val(k)} = {val(v)}" for k, v in options.kinds.items()]
    lines += ["", f"# waivers in the config file: {len(cfg.waivers)}"]
    click.echo("\n".join(lines))
