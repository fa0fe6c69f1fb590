"""The one evidence selection every format shows: which sentences, in which order, as a reader sees them.

Made here, once, so text, Markdown, HTML, CSV, JSON and SARIF quote the same sentences in the same
order. Partial evidence of a weak requirement is kept only when the sentence uses the requirement's
own terms (a binding sentence about something else is not a partial commitment to it); when no
sentence does, the partial evidence is kept as it is, so a weak finding always shows why it is weak.
"""

from __future__ import annotations

from collections.abc import Callable

from ..documents.model import Document
from ..engine.analyze import Analysis, Match
from ..engine.matcher import inline_name
from ..language import ast
from .models import Evidence
from .quotes import cut, first_words, reader_text

MAX_QUOTES = 3  # a finding card stays short enough to print three or four to a page

# the order quotes are shown in: what made the state first (hedged wording of a weak requirement,
# a sentence that refuses a missing one), then the parts committed, then mere mentions
_WEAK_ORDER = {"hedged": 0, "binding": 1, "negated": 2, "mention": 3}
_MISSING_ORDER = {"binding": 0, "hedged": 0, "mention": 0, "negated": 0}  # the engine's order: nearest first


def place(doc: Document, offset: int) -> tuple[str, int, int, int | None, int | None]:
    """A reader's name for the place at `offset` (`p3`, `¶15 “The Board shall…”`, `line 12`) and its numbers."""
    loc = doc.locate(offset)
    if loc.page is not None:
        label = f"p{loc.page}"
    elif loc.paragraph is not None:
        start = doc.text.rfind("\n", 0, offset) + 1
        end = doc.text.find("\n", offset)
        label = f"¶{loc.paragraph} {first_words(reader_text(doc.text[start:end if end >= 0 else None], doc.format))}"
    else:
        label = f"line {loc.line}"
    return label, loc.line, loc.column, loc.page, loc.paragraph


def evidence_of(m: Match, docs: list[Document]) -> Evidence:
    """A matched sentence as located, quotable evidence."""
    doc = docs[m.doc]
    s = doc.sentences[m.sentence]
    label, line, column, page, paragraph = place(doc, s.start)
    text = reader_text(s.text, doc.format)
    return Evidence(path=doc.path, line=line, column=column, page=page, paragraph=paragraph,
                    section=[reader_text(h, doc.format) for h in s.section], text=text, quote=cut(text),
                    location=label, strength=m.verdict.strength, reason=m.verdict.reason)


def requirement_names(rule: ast.Rule, lookup: Callable[[str], ast.Rule | None]) -> set[str]:
    """The names of what the rule's `require` is about (see `_terms`), through `met(...)` references."""
    names: set[str] = set()
    seen: set[str] = set()

    def walk(e: ast.Expr | None) -> None:
        if e is None:
            return
        if isinstance(e, ast.MetRef):
            target = lookup(e.rule_id)
            if target is not None and e.rule_id not in seen:
                seen.add(e.rule_id)
                walk(target.require)
            return
        if isinstance(e, ast.Judgement):
            names.update(_terms(e.pattern))
            return
        if isinstance(e, (ast.Not, ast.Quantified)):
            walk(e.item)
            return
        for item in e.items:
            walk(item)

    seen.add(rule.id)
    walk(rule.require)
    return names


def _terms(p: ast.Pattern) -> set[str]:
    """The index names of what a pattern is about: every term and phrase, but of `A near B` only A.

    The pack writes a requirement as its subject near its context (`FUNDING near 12 OFFICE`,
    `ENGAGE near 30 GROUPS`); a sentence that shares only the context (equity, the district) is not
    about the requirement. Excluded terms (`not ...`) are not its terms either.
    """
    if isinstance(p, ast.TermRef):
        return {p.name}
    if isinstance(p, ast.Phrase):
        return {inline_name(p.text)}
    if isinstance(p, ast.PNot):
        return set()
    if isinstance(p, ast.PNear):
        return _terms(p.left)
    return {n for item in p.items for n in _terms(item)}


def on_topic(matches: list[Match], names: set[str], analyses: list[Analysis]) -> list[Match]:
    """The matches whose sentence uses one of `names` (all of them when the requirement names nothing)."""
    if not names:
        return list(matches)
    hit: dict[int, set[int]] = {}
    for m in matches:
        if m.doc not in hit:
            index = analyses[m.doc].index
            hit[m.doc] = {i for n in names for i in index.get(n, ())}
    kept = [m for m in matches if m.sentence in hit[m.doc]]
    return kept or list(matches)


def select_quotes(state: str, matches: list[Match], docs: list[Document]) -> list[Match]:
    """The few sentences a finding quotes: headings left out, ordered by what decided the state.

    For a weak requirement the first hedged sentence and the first committed part come first, so a
    reader sees both why it is weak and what is already there; then the rest in rank order.
    """
    order = _WEAK_ORDER if state == "weak" else _MISSING_ORDER
    body = [m for m in matches if not docs[m.doc].sentences[m.sentence].is_heading]
    seen: set[str] = set()
    unique = []
    for m in sorted(body, key=lambda m: order.get(m.verdict.strength, 9)):  # stable: engine order within a rank
        key = " ".join(docs[m.doc].sentences[m.sentence].text.split())
        if key not in seen:
            seen.add(key)
            unique.append(m)
    if state == "weak":
        leaders = [next((m for m in unique if m.verdict.strength == s), None) for s in ("hedged", "binding")]
        first = [m for m in leaders if m is not None]
        unique = first + [m for m in unique if all(m is not f for f in first)]
    return unique[:MAX_QUOTES]
