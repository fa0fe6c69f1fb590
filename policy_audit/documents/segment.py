"""Split blocks into sentences with exact spans, heading paths, and the lead-in each list item inherits."""

from __future__ import annotations

import re

from .model import Block, Sentence

_ABBREVIATIONS = frozenset(
    ["e.g", "i.e", "etc", "vs", "cf", "no", "nos", "art", "sec", "secs", "dr", "mr", "mrs", "ms", "st", "jr", "sr", "inc", "ltd", "co", "corp", "dept", "govt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.s.a", "ed", "approx", "est", "fig", "p", "pp", "vol", "ch", "para", "paras", "rev", "ca", "ed.d", "ph.d", "b.a", "m.a"]
)
# a sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and a
# capital, digit, opening quote or bracket
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WS = re.compile(r"\s{2,}|[^\S ]")  # what a single space does not already write: runs and other spaces
_MAX_SENTENCE = 2000  # characters; longer runs are cut at clause punctuation so one bad block stays cheap


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the '.' at `dot` ends an abbreviation or an initial rather than a sentence."""
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha() and text[dot - 1].isupper()  # an initial: "J. Smith"


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end]."""
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        stop = m.end()
        while stop > cur and text[stop - 1].isspace():
            stop -= 1
        if stop > cur:
            spans.extend(_cut_long(text, cur, stop))
        cur = m.end()
    if cur < end:
        spans.extend(_cut_long(text, cur, end))
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run longer than _MAX_SENTENCE at ';' or whitespace so no sentence is unbounded."""
    out = []
    while end - start > _MAX_SENTENCE:
        window_end = start + _MAX_SENTENCE
        cut = max(text.rfind(";", start, window_end), text.rfind(" ", start, window_end))
        cut = cut + 1 if cut > start else window_end
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def segment(text: str, blocks: list[Block], max_sentences: int = 0) -> list[Sentence]:
    """Turn blocks into sentences; headings become one-sentence entries that open sections. With
    `max_sentences`, stop after that many (the caller tells the reader the rest was not audited)."""
    sentences: list[Sentence] = []
    limit = max_sentences or -1
    stack: list[tuple[int, str]] = []  # (level, heading text)
    explicit = 0  # level of the last heading the format marked; heading-like lines sit one below it
    leadin = -1  # index of the sentence ending with ':' that list items below it inherit from
    held = -1  # a lead-in interrupted by a paragraph, resumed by the next number of its list
    number = 0  # the number of the last numbered item under a lead-in
    for block in blocks:
        if len(sentences) >= limit > 0:
            del sentences[limit:]
            break
        if block.kind == "heading":
            title = _WS.sub(" ", text[block.start:block.end]).strip()
            if block.level:
                level = explicit = block.level
            else:
                level = min(explicit + 1, 6)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
            sentences.append(Sentence(title, block.start, block.end, tuple(h for _, h in stack),
                                      is_heading=True, index=len(sentences)))
            leadin = held = -1
            continue
        section = tuple(h for _, h in stack)
        is_item = block.kind == "item"
        if is_item:
            n = _item_number(text, block.start)
            if leadin == -1 and held != -1 and n == number + 1:
                leadin = held  # "3." after a note under item 2 still completes the lead-in
            number = n if leadin != -1 else 0
        elif leadin != -1:
            held, leadin = (leadin if number else -1), -1
        for s, e in split_sentences(text, block.start, block.end):
            sent = Sentence(_WS.sub(" ", text[s:e]), s, e, section, is_item=is_item,
                            leadin=leadin if is_item else -1, index=len(sentences))
            sentences.append(sent)
        if not is_item and sentences and sentences[-1].text.endswith(":"):
            leadin, held, number = sentences[-1].index, -1, 0
    return sentences


_NUMBER = re.compile(r"\(?(\d{1,3})[.)][ \t]*$")


def _item_number(text: str, start: int) -> int:
    """The number of a numbered list item ("3. Input from families" gives 3), read from the marker
    before the item's text on its line; 0 for a bullet."""
    line_start = text.rfind("\n", 0, start) + 1
    m = _NUMBER.search(text, line_start, start)
    return int(m.group(1)) if m else 0
