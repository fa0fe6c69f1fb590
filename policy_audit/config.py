"""Configuration from `[tool.policy-audit]` in pyproject.toml or a `.policy-audit.toml`, nearest first."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .documents.loaders.limits import MAX_FILE_BYTES
from .safeio import CONFIG_CAP, SafeReadError, read_regular_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".policy-audit.toml", "pyproject.toml")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)


class ConfigError(Exception):
    """A config file that cannot be used; the CLI prints it and exits 2."""


class Config(BaseModel):
    """Settings a project keeps beside its policies; command-line flags override each one."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str | None = Field(default=None, description="The district's name, shown as the title of the HTML report.")
    rules: list[str] = Field(default_factory=list, description="Rule packs (folders or .rules files).")
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info", "never"] = Field("error", alias="fail-on")
    kinds: dict[str, str] = Field(default_factory=dict, description="Path glob -> document kind.")
    exclude: list[str] = Field(default_factory=list)
    max_file_size: int = Field(50 * 1024 * 1024, alias="max-file-size")
    waivers: list[dict[str, Any]] = Field(default_factory=list, description="[[waivers]] entries (see suppress.Waiver).")
    path: str | None = Field(None, exclude=True, description="The file this config came from.")

    @field_validator("max_file_size", mode="before")
    @classmethod
    def _size(cls, v: Any) -> Any:
        """Accept 5000000, "50MB" or "2 MiB"."""
        if isinstance(v, str):
            m = _SIZE.match(v)
            if not m:
                raise ValueError("write a size such as 50MB or 2000000")
            unit = (m.group(2) or "b").lower().rstrip("b").rstrip("i")
            v = float(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if not 0 < v <= MAX_FILE_BYTES:
                raise ValueError(f"must be more than 0 and at most {MAX_FILE_BYTES // 1024**2} MB "
                                 "(the limit every document reader holds)")
            return int(v)
        return v


def find_config(start: Path) -> Path | None:
    """The nearest `.policy-audit.toml`, or `pyproject.toml` holding [tool.policy-audit], upward from start."""
    here = start.absolute()
    for folder in [here, *here.parents]:
        dotfile = folder / ".policy-audit.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read_toml(pyproject)
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "policy-audit" in tool:
                return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file read under the config size cap; ConfigError for anything unreadable, so
    settings are never lost in silence."""
    try:
        return tomllib.loads(read_regular_text(path, CONFIG_CAP, "config file"))
    except SafeReadError as exc:
        raise ConfigError(str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML, so no settings from it are used: {exc}") from None


def load_config(path: Path | None) -> Config:
    """Read and validate a config file; a missing path gives the defaults."""
    if path is None:
        return Config.model_validate({})
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("policy-audit", {}) if isinstance(tool, dict) else {}
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            lines.append(f"{path}: {key}: {err['msg']}")
        raise ConfigError("\n".join(lines)) from None
    base = path.parent
    cfg.rules = [str(base / r) if not Path(r).is_absolute() else r for r in cfg.rules]
    cfg.path = str(path)
    return cfg
