"""The Python API behind `from policy_audit import audit`: paths and options in, the report model out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report.models import Report


class AuditError(ValueError):
    """The audit could not start: a missing path, an unknown rule code, a broken rule pack or config."""


def audit(paths: Iterable[str | Path] = (".",), *, rules: Sequence[str | Path] = (), select: Sequence[str] = (),
          ignore: Sequence[str] = (), severity: Mapping[str, str] | None = None,
          kinds: Mapping[str, str] | None = None, exclude: Sequence[str] = (), config: str | Path | None = None,
          suppressions: bool = True, jobs: int = 1) -> Report:
    """Audit files and folders as `policy-audit check -f json` does and return the report model.

    `config` names a config file whose settings fill in every option left empty here (no file is
    searched for). Inline suppressions and the config's waivers apply unless `suppressions` is
    false. Unreadable documents are in the report (`report.documents[i].error`), never raised;
    anything that stops the audit from starting raises AuditError.
    """
    from .audit import AuditOptions, run_audit, selected
    from .config import Config, ConfigError, load_config
    from .engine.compiled import CompiledPack
    from .language.errors import RuleError
    from .language.pack import default_rules_path, load_pack

    targets = [Path(p) for p in paths]
    for p in targets:
        if not p.exists() and not p.is_symlink():
            raise AuditError(f"{p.as_posix()}: no such file or folder")
    try:
        cfg = load_config(Path(config)) if config is not None else Config()
    except ConfigError as exc:
        raise AuditError(str(exc)) from None
    pack_paths = [Path(r) for r in rules] or [Path(r) for r in cfg.rules] or [default_rules_path()]
    try:
        packs = [CompiledPack.build(load_pack([p])) for p in pack_paths]
    except RuleError as exc:
        raise AuditError(str(exc)) from None
    codes_in = list(select) or cfg.select
    codes_out = list(ignore) or cfg.ignore
    all_rules = [r for p in packs for r in p.pack.rules]
    for code in [*codes_in, *codes_out]:
        if not any(selected(r.id, r.area, [code], []) for r in all_rules):
            raise AuditError(f"{code} matches no rule ID, ID prefix or area of the loaded packs")
    options = AuditOptions(select=codes_in, ignore=codes_out, severity=dict(severity or cfg.severity),
                           kinds=dict(kinds or cfg.kinds), exclude=list(exclude) or list(cfg.exclude),
                           max_bytes=cfg.max_file_size, jobs=max(1, jobs))
    from . import __version__

    run = run_audit(targets, packs, options, __version__)
    if not suppressions:
        return run.report
    from .suppress import apply_suppressions, waivers_from

    text = Path(cfg.path).read_text(encoding="utf-8") if cfg.path else ""
    waivers = waivers_from(cfg.waivers, cfg.path or "config", text)
    return apply_suppressions(run.report, [a.doc for a in run.analyses], waivers, {r.id for r in all_rules})
