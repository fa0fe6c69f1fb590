"""Friendly messages and hints for the syntax errors people actually make in rule files."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

STATEMENTS = ("pack", "area", "terms", "define", "pattern", "modality", "kind", "rule")
FIELDS = ("area", "severity", "scope", "when", "require", "partial", "message", "hint", "cite")
VERBS = ("mentions", "commits", "states", "defines")

_TOKEN_WORDS = {
    "COLON": "':'", "COMMA": "','", "LBRACE": "'{'", "RBRACE": "'}'", "LPAR": "'('", "RPAR": "')'",
    "LSQB": "'['", "RSQB": "']'", "EQUAL": "'='", "STRING": "a quoted string", "NAME": "a name",
    "TERM_NAME": "a TERM_SET name", "RULE_ID": "a rule ID such as FND-01", "INT": "a number",
    "FIELD_NAME": "a field name", "$END": "end of file",
}


def _did_you_mean(word: str, options: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _describe(expected: set[str]) -> str:
    words = sorted({_TOKEN_WORDS.get(e, f"'{e.lower()}'") for e in expected})
    if len(words) > 6:
        words = words[:6] + ["..."]
    return ", ".join(words)


def _code_chars(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, character) of each character outside strings and comments, the way the grammar
    reads them: a string or comment ends at the end of its line."""
    line, col = 1, 0
    in_str = in_comment = False
    prev = ""
    for ch in text:
        col += 1
        if ch == "\n":
            line, col, in_comment, in_str = line + 1, 0, False, False
        elif in_comment:
            pass
        elif in_str:
            if ch == '"' and prev != "\\":
                in_str = False
        elif ch == "#":
            in_comment = True
        elif ch == '"':
            in_str = True
        else:
            yield line, col, ch
        prev = ch


def _unclosed_brace_line(text: str) -> int | None:
    """Line of the last '{' outside strings and comments that has no matching '}'."""
    stack: list[int] = []
    for line, _, ch in _code_chars(text):
        if ch == "{":
            stack.append(line)
        elif ch == "}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def deepest_bracket(text: str) -> tuple[int, int]:
    """Line and column of the first '(' or '[' (outside strings and comments) at the deepest nesting."""
    depth, best, where = 0, 0, (1, 1)
    for line, col, ch in _code_chars(text):
        if ch in "([":
            depth += 1
            if depth > best:
                best, where = depth, (line, col)
        elif ch in ")]":
            depth = max(depth - 1, 0)
    return where


def hint_for(exc: UnexpectedInput, text: str) -> tuple[str, str]:
    """Message and hint for a Lark syntax error."""
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream] if exc.pos_in_stream is not None and exc.pos_in_stream < len(text) else ""
        if char == '"':
            return ("unclosed string", 'close the string with " on the same line (use \\" for a quote inside it)')
        if char in "'‘’“”":
            return (f"unexpected character {char!r}", 'strings use straight double quotes: "..."')
        return (f"unexpected character {char!r}", "rule files hold keywords, names, numbers and \"strings\"")
    if isinstance(exc, UnexpectedEOF):
        return ("unexpected end of file", "a statement was left unfinished")
    if not isinstance(exc, UnexpectedToken):
        return ("syntax error", "")
    tok = exc.token
    expected = set(exc.expected or ())
    value = str(tok)
    if tok.type == "$END":
        opener = _unclosed_brace_line(text)
        if "RBRACE" in expected or opener:
            where = f" (opened on line {opener})" if opener else ""
            return (f"unexpected end of file: unclosed '{{'{where}", "close the rule's body with '}'")
        return ("unexpected end of file", f"expected {_describe(expected)}")
    if "FIELD_NAME" in expected:
        if value in FIELDS:
            return (f"expected ':' after '{value}'", f"write it as `{value}: ...`")
        if tok.type in ("NAME", "TERM_NAME") or value.isidentifier():
            return (f"unknown field '{value}'",
                    _did_you_mean(value, FIELDS) + "a rule's fields are " + ", ".join(FIELDS))
        if value == "{":
            return ("unexpected '{' inside a rule", "a rule's body is closed with '}' before the next rule starts")
    if "COMMA" in expected and tok.type == "STRING":
        return ("expected ',' between phrases", f"separate phrases with commas: ..., {value}")
    statement_level = {"RULE", "TERMS", "PACK"} & expected
    if statement_level:
        if value in FIELDS and value not in STATEMENTS:
            return (f"field '{value}' outside a rule body", "fields go between the braces of `rule ID \"title\" { ... }`")
        if value == "}":
            return ("unmatched '}'", "remove it, or open the rule's body with '{'")
        return (f"unknown keyword '{value}'",
                _did_you_mean(value, STATEMENTS) + "a statement starts with " + ", ".join(STATEMENTS))
    judgement_expected = bool({"MENTIONS", "COMMITS", "DEFINES", "LPAR"} & expected)
    if tok.type == "TERM_NAME" and judgement_expected and "TERM_NAME" not in expected:
        return (f"bare term set '{value}' where a judgement is expected",
                f"wrap it in a judgement: commits({value}), mentions({value}) or defines({value})")
    if tok.type == "NAME" and judgement_expected and "NAME" not in expected:
        return (f"unknown keyword '{value}' in an expression",
                _did_you_mean(value, VERBS + ("met", "not", "any", "every"))
                + "an expression uses mentions(...), commits(...), defines(...), met(ID), at least N of [...]")
    if tok.type == "NAME" and value in ("near",) or (tok.type == "INT" and "NEAR" in expected):
        return ("malformed 'near'", "write it as `A near 10 B` (a word count between the two patterns)")
    if value in VERBS and "STRING" in expected and "TERM_NAME" in expected:
        return (f"judgement '{value}(...)' inside a pattern",
                f"a pattern holds phrases, term sets and named patterns; name an expression with: define NAME = {value}(...)")
    if tok.type == "NAME" and "RULE_ID" in expected:
        return (f"'{value}' is not a rule ID", "rule IDs look like AREA-NN, e.g. FND-01")
    return (f"unexpected {value!r}", f"expected {_describe(expected)}")
