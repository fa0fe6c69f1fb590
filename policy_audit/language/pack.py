"""Load a rule pack (one or more `.rules` files) and check it whole before any document is read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import RuleDiagnostic, RuleError

if TYPE_CHECKING:
    from . import ast


@dataclass
class Pack:
    """A checked rule pack: every name it uses resolves, rules are in evaluation order."""

    name: str
    title: str
    version: str
    files: list[str]
    areas: dict[str, ast.AreaDecl]
    terms: dict[str, ast.TermSet]
    modalities: dict[str, ast.ModalityDecl]
    kinds: dict[str, ast.KindDecl]
    rules: list[ast.Rule]  # declaration order (for listing)
    order: list[str] = field(default_factory=list)  # evaluation order: met() dependencies first
    defines: dict[str, ast.Expr | None] = field(default_factory=dict)  # resolved bodies, for documentation
    patterns: dict[str, ast.Pattern] = field(default_factory=dict)

    def rule(self, rule_id: str) -> ast.Rule | None:
        """The rule with this ID, or None."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None


def rule_files(paths: list[Path]) -> list[Path]:
    """Expand folders to their `.rules` files (sorted, not recursive: `tests/` holds fixtures)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.glob("*.rules") if q.is_file()))
        else:
            out.append(p)
    return out


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_pack(paths: list[Path]) -> Pack:
    """Parse and check every rule file; raise RuleError listing every problem found."""
    # the parser (Lark) and the checker: a run that finds its pack in the cache needs neither
    from ..safeio import RULES_CAP, SafeReadError, read_regular_text
    from .checker import check_pack
    from .parser import parse_text
    from .source import normalise

    files = rule_files(paths)
    diagnostics: list[RuleDiagnostic] = []
    parsed: list[ast.RuleFile] = []
    sources: dict[str, str] = {}
    if not files:
        where = ", ".join(p.as_posix() for p in paths) or "(none)"
        raise RuleError([RuleDiagnostic(where, 1, 1, "no .rules files found", "point --rules at a folder of .rules files")])
    for f in files:
        shown = _display(f)
        try:
            text = read_regular_text(f, RULES_CAP, "rule file")
        except SafeReadError as exc:
            diagnostics.append(RuleDiagnostic(shown, 1, 1, f"cannot read rule file: {exc}",
                                              "check the path and that the file is UTF-8 text"))
            continue
        text = normalise(text)  # the text the parser counts lines in, so carets match
        sources[shown] = text
        try:
            parsed.append(parse_text(text, shown))
        except RuleError as err:
            diagnostics.extend(err.diagnostics)
    if diagnostics:
        raise RuleError(diagnostics)
    pack, problems = check_pack(parsed, sources)
    if problems:
        raise RuleError(problems)
    pack.files = list(sources)
    return pack


def default_rules_path() -> Path:
    """The default pack shipped with the package (the repository's `rules/` folder)."""
    from importlib import resources

    try:
        return Path(str(resources.files("policy_audit._pack")))
    except ModuleNotFoundError:  # the package imported from a source tree (pytest run beside a normal install)
        return Path(__file__).resolve().parents[2] / "rules"
