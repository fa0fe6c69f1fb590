"""Document kinds: which `kind ... when ...` declaration of the pack a document answers to."""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

from ..language import ast
from .compiled import CompiledPack
from .matcher import Hits, tokenize
from .patterns import match

if TYPE_CHECKING:
    from .analyze import Analysis


def detect_kind(a: Analysis, pack: CompiledPack) -> str | None:
    """The first kind (in pack order) whose condition holds for this document.

    Two passes: what the document says it is (title, headings, path) first, then what its text
    suggests, so a board policy that mentions a "job description" stays a policy."""
    title_hits = pack.matcher.scan(tokenize(a.doc.title or "").words)
    for use_text in (False, True):
        for name, decl in pack.pack.kinds.items():
            if _kind_holds(decl.condition, a, title_hits, use_text):
                return name
    return None


def _kind_holds(c: ast.KindCond, a: Analysis, title_hits: Hits, use_text: bool = True) -> bool:
    if isinstance(c, ast.TitleHas):
        return match(c.pattern, title_hits) is not None
    if isinstance(c, ast.HeadingHas):
        return any(f.sentence.is_heading and match(c.pattern, f.hits) is not None for f in a.facts)
    if isinstance(c, ast.TextHas):
        return use_text and any(match(c.pattern, f.hits) is not None for f in a.facts)
    if isinstance(c, ast.PathMatches):
        path = a.doc.path.lower()
        glob = c.glob.lower()
        return fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], glob)
    if isinstance(c, ast.KindNot):
        return not _kind_holds(c.item, a, title_hits, True)  # a negated text test always reads the text
    if isinstance(c, ast.KindAll):
        return all(_kind_holds(i, a, title_hits, use_text) for i in c.items)
    return any(_kind_holds(i, a, title_hits, use_text) for i in c.items)
