"""Stable identities for findings, so CI baselines keep matching a problem when the lines around it move."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import DocumentInfo, Finding



def digest(*parts: str, length: int = 16) -> str:
    """Hex SHA-256 of `parts` joined by NUL (which no part contains), cut to `length` characters.

    `surrogatepass` keeps an undecodable file name (os.fsdecode's lone surrogates) hashable and distinct.
    """
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:length]


def finding_key(finding: Finding, length: int = 16) -> str:
    """A finding's identity: rule, scope, path and the engine's section-based fingerprint, never the line."""
    return digest("finding", finding.rule_id, finding.scope, finding.path, finding.fingerprint, length=length)


def document_error_key(document: DocumentInfo, length: int = 16) -> str:
    """The identity of "this file could not be read": the path alone."""
    return digest("document-error", document.path, length=length)


def numbered(keys: Iterable[str]) -> list[tuple[str, int]]:
    """Each key with its occurrence number among equal keys (1, 2, ...), so equal keys stay distinct."""
    seen: dict[str, int] = {}
    out: list[tuple[str, int]] = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append((key, seen[key]))
    return out
