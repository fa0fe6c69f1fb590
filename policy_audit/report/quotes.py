"""Sentences as a reader sees them: Markdown markup and link targets removed, long ones cut at a word."""

from __future__ import annotations

import re

MAX_QUOTE_CHARS = 240

_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")  # [text](url "title")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")  # [text][ref]
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")
_SINGLE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`+([^`\n]+)`+")
_LINE_MARK = re.compile(r"^[ \t]*(?:>[ \t]?)+|^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_SPACE = re.compile(r"\s+")
_MARKUP_FORMATS = {"markdown", "text"}


def reader_text(text: str, fmt: str = "markdown") -> str:
    """`text` without Markdown markup (for Markdown and plain-text sources), whitespace folded."""
    if fmt in _MARKUP_FORMATS:
        text = _LINE_MARK.sub("", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
        text = _AUTOLINK.sub(r"\1", text)
        for _ in range(2):  # nested: ***bold italic***
            text = _EMPHASIS.sub(r"\2", text)
        text = _SINGLE.sub(lambda m: m.group(1) or m.group(2), text)
        text = _CODE.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()


def cut(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """`text` folded to one line and, when longer than `limit`, cut at the last word that fits, with '…'."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:-–—") + "…"


def first_words(text: str, words: int = 5) -> str:
    """The opening words of a paragraph, to name it as a Word reader would find it: `“The Board shall…”`."""
    parts = _SPACE.sub(" ", text).strip().split(" ")
    head = " ".join(parts[:words])
    return f"“{head}…”" if len(parts) > words else f"“{head}”"
