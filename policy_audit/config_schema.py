"""The pydantic model that validates a config file's settings, imported only when a file must be validated."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .documents.loaders.limits import MAX_FILE_BYTES

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)


class ConfigModel(BaseModel):
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
    path: str | None = Field(None, exclude=True, description="The file this config came from (set by the loader).")

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


def validate(data: dict[str, Any], path: str) -> dict[str, Any]:
    """The settings of one config file's table as plain data (field names as keys); ValueError lists
    every problem as `path: key: message`, one a line."""
    from pydantic import ValidationError

    try:
        model = ConfigModel.model_validate(data)
    except ValidationError as exc:
        raise ValueError("\n".join(f"{path}: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
                                   for err in exc.errors())) from None
    return model.model_dump()
