"""Rule-file text as the parser counts it: one kind of line break, no byte-order mark.

Lark numbers lines by `\\n` alone, while `str.splitlines` (used to show the offending line) also
breaks at form feed, NEL, U+2028 and others. Editors break lines at LF, CRLF and CR only, so those
become `\\n` and the other separators become spaces: every reported line number then matches the
editor's, and the caret sits under the line shown, at the same column.
"""

from __future__ import annotations

BOM = "\ufeff"
_SPACES = str.maketrans({c: " " for c in "\f\v\x1c\x1d\x1e\x85\u2028\u2029"})


def normalise(text: str) -> str:
    """`text` with a leading BOM dropped, CRLF and CR written as LF, other line separators as spaces."""
    text = text.removeprefix(BOM)
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
