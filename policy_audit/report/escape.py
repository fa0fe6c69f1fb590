"""Escaping untrusted text (document text, titles, file names) for terminals and reports.

Document text and file names come from whoever wrote the folder. An ESC, BEL or C1 control in
them would drive a terminal (retitle it, clear it, fake a coloured verdict), a NUL or a newline
would break a line-based format, and a bidi override would make a report read differently from
what it says. Every formatter passes such text through this module; each format then applies
its own syntax escaping (Markdown, XML, workflow commands) on top.

    visible(text)       controls, bidi controls and lone surrogates as visible escapes (`\\x1b`,
                        `\\u202e`, U+FFFD); tab and newline kept, CRLF read as newline.
    one_line(text)      as `visible`, and tab, CR and LF as `\\t`, `\\r`, `\\n` too.
    display_name(path)  a file name for display: undecodable bytes (lone surrogates from
                        os.fsdecode) as U+FFFD, everything `one_line` escapes escaped.
    safe_report(report) a copy of a report with every string made safe this way (paths and
                        titles one line); the same report when nothing needed it.
    decodable_report(report)  only lone surrogates replaced, for JSON formats (JSON escapes the rest).
    decodable_json(report)  the JSON of `decodable_report(report)`, without copying a report that has none.
    json_safe(text)     serialised JSON with C1 and bidi controls as `\\u` escapes and lone
                        surrogates as U+FFFD; the data is unchanged, the bytes are safe UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .plain import PlainReport, as_model

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .models import Report, Summary

M = TypeVar("M", bound="BaseModel")

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls (but tab and LF; a CRLF is first read as LF), DEL, C1 controls, bidi embeddings, overrides,
# isolates and marks, and the Unicode line and paragraph separators, which some viewers treat as a newline
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")
_CONTROL_LINE = re.compile(f"[\x00-\x1f{_OTHERS}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# JSON already escapes C0; these pass through `ensure_ascii=False` raw
_JSON_RAW = re.compile(f"[{_OTHERS}]")
# in a model's JSON, C0 controls appear as these escapes (plain substring tests are fast); C1, DEL
# and bidi characters appear raw
_JSON_ESCAPES = ("\\u00", "\\b", "\\f", "\\n", "\\r", "\\t")
# report fields that hold a path or a one-line label rather than prose
_ONE_LINE_KEYS = frozenset({"path", "scope", "title", "skipped_paths", "source", "format", "kind", "fingerprint"})


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def unsurrogate(text: str) -> str:
    """`text` with lone surrogates (undecodable bytes of a file name) as U+FFFD, so it encodes as UTF-8."""
    if not _SURROGATE.search(text):
        return text
    try:  # os.fsdecode's surrogateescape: back to the bytes, then decode with replacement
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return _SURROGATE.sub(REPLACEMENT, text)


def needs_unsurrogate(text: str) -> bool:
    """True when `text` holds a lone surrogate (`unsurrogate` would change it)."""
    return bool(_SURROGATE.search(text))


def visible(text: str) -> str:
    """`text` with control, bidi and separator characters as visible escapes; tab and newline kept
    (a CRLF is a newline: XML readers fold a raw CR away, and terminals move the cursor with it)."""
    return _CONTROL.sub(_escape, unsurrogate(text).replace("\r\n", "\n"))


def one_line(text: str) -> str:
    """`text` as `visible` gives it, with tab, CR and LF escaped too, so it cannot start a new line."""
    return _CONTROL_LINE.sub(_escape, unsurrogate(text))


def display_name(path: str) -> str:
    """A file name as reports show it: undecodable bytes as U+FFFD, newlines and controls escaped."""
    return one_line(path)


def needs_escaping(text: str) -> bool:
    """True when `visible` or `one_line` would change `text`."""
    return bool(_CONTROL_LINE.search(text) or _SURROGATE.search(text))


def json_safe(serialised: str) -> str:
    """Serialised JSON made safe to print: C1 and bidi controls as `\\uXXXX`, lone surrogates as U+FFFD."""
    text = unsurrogate(serialised) if _SURROGATE.search(serialised) else serialised
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _clean(value: Any, one: bool, prose: Callable[[str], str], line: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return line(value) if one else prose(value)
    if isinstance(value, list):
        return [_clean(v, one, prose, line) for v in value]
    if isinstance(value, dict):
        return {(line(k) if isinstance(k, str) else k): _clean(v, one or k in _ONE_LINE_KEYS, prose, line)
                for k, v in value.items()}
    return value


def _dirty(value: Any, test: Callable[[str], object]) -> bool:
    if isinstance(value, str):
        return bool(test(value))
    if isinstance(value, list):
        return any(_dirty(v, test) for v in value)
    if isinstance(value, dict):
        return any(_dirty(k, test) or _dirty(v, test) for k, v in value.items())
    return False


def _maybe_dirty(report: BaseModel) -> bool:
    """A fast, conservative test on the model's JSON: False only when no string can need escaping."""
    if isinstance(report, PlainReport):
        text = report.json()
        if _SURROGATE.search(text):
            return True
    else:
        try:
            text = report.model_dump_json()
        except ValueError:  # a lone surrogate cannot be serialised
            return True
    return any(escape in text for escape in _JSON_ESCAPES) or bool(_JSON_RAW.search(text))


def safe_report(report: M) -> M:
    """`report` with every string escaped (paths and titles on one line), or `report` itself when clean.

    Any report model works (the audit `Report`, the diff's `DiffReport`, a stored report's view): it
    is walked as data.
    """
    if not _maybe_dirty(report):
        return report
    data = _data(report)
    if not _dirty(data, needs_escaping):
        return report
    return type(as_model(report)).model_validate(_clean(data, False, visible, one_line))


def safe_summary(report: Report) -> Summary:
    """`safe_report(report).summary`, walking the summary alone: the terminal's scorecard reads only it,
    and a big folder's report need not be serialised to learn that its summary is clean."""
    if not isinstance(report, PlainReport):
        return safe_report(report.summary)
    data = report.data["summary"]  # a stored report's summary is a view, which `safe_report` does not take
    if not _dirty(data, needs_escaping):
        return report.summary
    return cast("Report", PlainReport({**report.data, "summary": _clean(data, False, visible, one_line)})).summary


def decodable_json(report: BaseModel) -> str:
    """`report` as indented JSON with lone surrogates as U+FFFD: serialised once when no string holds one.

    A lone surrogate in a value makes the serialiser fail; one in a key it writes as U+FFFD, so any
    U+FFFD also takes the slow path, which gives the same bytes. A stored report's view writes the
    same JSON without the models while no string holds either."""
    if isinstance(report, PlainReport):
        text = report.json(indent=2)
        if not (_SURROGATE.search(text) or REPLACEMENT in text):
            return text
        report = as_model(report)
    try:
        text = report.model_dump_json(indent=2)
    except ValueError:
        text = ""
    if not text or REPLACEMENT in text:
        text = decodable_report(report).model_dump_json(indent=2)
    return text


# the UTF-8 of the characters `json_safe` escapes (each lead byte starts a whole character)
_JSON_RAW_UTF8 = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]")


# the report's lists that grow with the folder (a row or an entry per document), in field order
_GROWING = ("documents", "coverage")


def safe_json_parts(report: BaseModel) -> tuple[bytes, ...]:
    """`json_safe(decodable_json(report))` in UTF-8, as parts that join to those bytes. While no string
    holds a lone surrogate or U+FFFD, the models are serialised straight to bytes and the lists that
    grow with the folder an item at a time: a big folder's JSON (tens of megabytes) is never held as
    (wider) text, nor twice as the serialiser's buffer and its copy. Otherwise the whole report takes
    the slow path."""
    if not isinstance(report, PlainReport):
        try:
            parts = _model_parts(report)
        except ValueError:  # a lone surrogate: the slow path replaces it
            parts = []
        marker = REPLACEMENT.encode()
        if parts and not any(marker in part for part in parts):
            return tuple(_JSON_RAW_UTF8.sub(lambda m: b"\\u%04x" % ord(m.group().decode()), part) for part in parts)
    return (json_safe(decodable_json(report)).encode("utf-8"),)


def _model_parts(report: BaseModel) -> list[bytes]:
    """The report's indented JSON in parts: the report with its growing lists empty, split where each
    list stands, and each list's items serialised alone and indented to their depth (two levels:
    strings hold no raw line break, so every line break of an item starts one of its lines)."""
    lists = {name: getattr(report, name) for name in _GROWING if getattr(report, name, None)}
    shell = report.model_copy(update={n: [] for n in lists}) if lists else report
    rest = type(report).__pydantic_serializer__.to_json(shell, indent=2)
    out: list[bytes] = []
    for name, items in lists.items():
        head, found, rest = rest.partition(b'\n  "%s": []' % name.encode())
        if not found:
            raise AssertionError(f"report JSON without its '{name}' list")
        out.append(head + b'\n  "%s": [' % name.encode())
        for k, item in enumerate(items):
            data = type(item).__pydantic_serializer__.to_json(item, indent=2)
            out.append((b",\n    " if k else b"\n    ") + data.replace(b"\n", b"\n    "))
        out.append(b"\n  ]")
    out.append(rest)
    return out


def decodable_report(report: M) -> M:
    """`report` with lone surrogates as U+FFFD and nothing else changed, for formats that escape the rest."""
    data = _data(report)
    if not _dirty(data, _SURROGATE.search):
        return report
    return type(as_model(report)).model_validate(_clean(data, False, unsurrogate, unsurrogate))


def _data(report: BaseModel) -> dict[str, Any]:
    """The report's fields as plain data (a stored report's view already holds them)."""
    return report.data if isinstance(report, PlainReport) else report.model_dump()
