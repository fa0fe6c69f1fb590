"""Linear-time clean-up of markup that sends html.parser into quadratic rescans (unclosed tags, '<a <a <a ...').

html.parser retries an incomplete tag, comment or marked section from its start up to the end of the
input, once per '<', so time grows with the square of their count (a 1 MB page of them takes hours).
This pass escapes every '<' that does not open a construct which closes before the next '<', and ends
an unclosed comment at the end of the file as browsers do. Each character is looked at a bounded
number of times.
"""

from __future__ import annotations

_OPENERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")


class _Finder:
    """Finds the next occurrence of a marker after a position, searching each stretch of text once."""

    def __init__(self, text: str, marker: str) -> None:
        self.text = text
        self.marker = marker
        self.found = -2  # last answer; -1 once the marker is known to be absent further on

    def after(self, pos: int) -> int:
        """The first index >= pos where the marker starts, or -1."""
        if self.found == -1 or self.found >= pos:
            return self.found
        self.found = self.text.find(self.marker, pos)
        return self.found


def defuse(text: str) -> str:
    """The markup with every '<' that cannot start a complete construct escaped as '&lt;'."""
    if "<" not in text:
        return text
    out: list[str] = []
    gt = _Finder(text, ">")
    comment_end = _Finder(text, "-->")
    section_end = _Finder(text, "]]>")
    pos = 0
    i = text.find("<")
    while i != -1:
        nxt = text.find("<", i + 1)
        if text.startswith("<!--", i):
            end = comment_end.after(i + 4)
            if end == -1:  # an unclosed comment runs to the end of the file
                out.append(text[pos:i])
                return "".join(out)
            i = text.find("<", end + 3)
            continue
        if text.startswith("<![", i):
            end = section_end.after(i + 3)
            if end != -1:
                i = text.find("<", end + 3)
                continue
        else:
            close = gt.after(i + 1)
            if i + 1 < len(text) and text[i + 1] in _OPENERS and close != -1 and (nxt == -1 or close < nxt):
                i = nxt
                continue
        out.append(text[pos:i])
        out.append("&lt;")
        pos = i + 1
        i = nxt
    out.append(text[pos:])
    return "".join(out)
