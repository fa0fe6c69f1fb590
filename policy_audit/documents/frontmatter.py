"""YAML front matter (`---` ... `---`) at the top of Markdown and text documents."""

from __future__ import annotations

from typing import Any

from .loaders.base import LoadError


def split_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """Return (metadata, offset where the body starts); ({}, 0) when there is no front matter."""
    if not text.startswith("---"):
        return {}, 0
    first_nl = text.find("\n")
    if first_nl == -1 or text[:first_nl].strip() != "---":
        return {}, 0
    pos = first_nl + 1
    while True:
        nl = text.find("\n", pos)
        line = text[pos:] if nl == -1 else text[pos:nl]
        if line.strip() in ("---", "..."):
            body = len(text) if nl == -1 else nl + 1
            return _parse_yaml(text[first_nl + 1:pos]), body
        if nl == -1:
            return {}, 0  # no closing fence: not front matter, just a horizontal rule
        pos = nl + 1


def _parse_yaml(block: str) -> dict[str, Any]:
    import yaml  # lazy: most documents have no front matter

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is present
        data = yaml.load(block, Loader=loader) if block.strip() else {}  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise LoadError(f"invalid YAML front matter{where}: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LoadError("front matter must be a mapping of keys to values")
    return {str(k): v for k, v in data.items()}
