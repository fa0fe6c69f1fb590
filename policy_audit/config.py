"""Configuration from `[tool.policy-audit]` in pyproject.toml or a `.policy-audit.toml`, nearest first.

A file's settings are validated by the pydantic model in `config_schema` and, with a cache, kept as
plain data keyed by the file's path and text, so a run with an unchanged config never imports pydantic.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .safeio import CONFIG_CAP, SafeReadError, read_regular_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    from .cache import Cache

CONFIG_NAMES = (".policy-audit.toml", "pyproject.toml")


class ConfigError(Exception):
    """A config file that cannot be used; the CLI prints it and exits 2."""


@dataclass
class Config:
    """The settings in force from a config file (defaults without one); flags override each one."""

    name: str | None = None  # the district's name, shown as the title of the HTML report
    rules: list[str] = field(default_factory=list)  # rule packs (folders or .rules files)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    kinds: dict[str, str] = field(default_factory=dict)  # path glob -> document kind
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = 50 * 1024 * 1024
    waivers: list[dict[str, Any]] = field(default_factory=list)  # [[waivers]] entries (see suppress.Waiver)
    path: str | None = None  # the file this config came from


def find_config(start: Path) -> Path | None:
    """The nearest `.policy-audit.toml`, or `pyproject.toml` holding [tool.policy-audit], upward from start."""
    here = start.absolute()
    for folder in [here, *here.parents]:
        dotfile = folder / ".policy-audit.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _parse(_read(pyproject), pyproject)
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "policy-audit" in tool:
                return pyproject
    return None


def _read(path: Path) -> str:
    """A config file's text, read under the config size cap; ConfigError when it cannot be read."""
    try:
        return read_regular_text(path, CONFIG_CAP, "config file")
    except SafeReadError as exc:
        raise ConfigError(str(exc)) from None


def _parse(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML; ConfigError for anything invalid, so settings are never lost in silence."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML, so no settings from it are used: {exc}") from None


def _settings(text: str, path: Path) -> dict[str, Any]:
    """The validated settings of a config file's text, as plain data (ConfigError with located messages)."""
    from .config_schema import validate

    data = _parse(text, path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("policy-audit", {}) if isinstance(tool, dict) else {}
    try:
        settings = validate(data, str(path))
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    base = path.parent
    settings["rules"] = [str(base / r) if not Path(r).is_absolute() else r for r in settings["rules"]]
    settings["path"] = str(path)
    return settings


def _key(text: str, path: Path) -> str:
    from .cache import code_fingerprint, digest

    return "c" + digest(code_fingerprint().encode(), str(path).encode("utf-8", "surrogatepass"),
                        text.encode("utf-8", "surrogatepass"))


def load_config(path: Path | None, cache: Cache | None = None) -> Config:
    """Read and validate a config file (a missing path gives the defaults); with `cache`, a file whose
    path and text were validated before is not validated again."""
    if path is None:
        return Config()
    text = _read(path)
    key = _key(text, path) if cache is not None else ""
    hit = cache.get(key) if cache is not None else None
    if isinstance(hit, dict) and hit.keys() == Config.__dataclass_fields__.keys():
        return Config(**hit)
    settings = _settings(text, path)
    cfg = Config(**settings)
    if cache is not None:
        cache.put(key, asdict(cfg))
    return cfg
