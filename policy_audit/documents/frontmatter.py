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


_LOADER: Any = None


def _loader() -> Any:
    """A safe YAML loader (the C parser when libyaml is present) that keeps dates as written: a date
    such as 2021-13-45 is then just text, not an exception, and no value is reinterpreted."""
    global _LOADER
    if _LOADER is None:
        import yaml  # lazy: most documents have no front matter

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class _TextDates(base):  # type: ignore[misc, valid-type]
            """SafeLoader without the implicit timestamp type."""

        _TextDates.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in base.yaml_implicit_resolvers.items()}
        _LOADER = _TextDates
    return _LOADER


def _parse_yaml(block: str) -> dict[str, Any]:
    import yaml  # lazy: most documents have no front matter

    try:
        data = yaml.load(block, Loader=_loader()) if block.strip() else {}
    except (ValueError, OverflowError) as exc:  # a scalar the safe constructors cannot build
        raise LoadError(f"invalid YAML front matter: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise LoadError(f"invalid YAML front matter{where}: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LoadError("front matter must be a mapping of keys to values")
    return {str(k): v for k, v in data.items()}
