"""Parse rule-language text into the typed AST; Lark errors become located `RuleDiagnostic`s."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any, Literal, cast

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedInput, VisitError

from . import ast
from .errors import RuleDiagnostic, RuleError, source_line
from .hints import deepest_bracket, hint_for
from .source import normalise


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    """Build the LALR parser once per process."""
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    # cache=True keeps the compiled LALR tables in the temp folder: start-up drops from ~130 ms to ~15 ms
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False, cache=True)


def _unquote(token: Token) -> str:
    """Strip the quotes of a STRING token and resolve `\\"` and `\\\\` escapes."""
    body = str(token)[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


class _MissingField(Exception):
    pass


@v_args(meta=True)
class _ToAst(Transformer[Token, ast.RuleFile]):
    """Turn Lark's tree into pydantic nodes, each with its span."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def _span(self, meta: Any) -> ast.Span:
        if getattr(meta, "empty", True):
            return ast.Span(file=self.path)
        return ast.Span(file=self.path, line=meta.line, column=meta.column)

    def _tspan(self, tok: Token) -> ast.Span:
        return ast.Span(file=self.path, line=tok.line or 0, column=tok.column or 0)

    # ---- patterns
    def phrase(self, meta: Any, ch: list[Token]) -> ast.Phrase:
        return ast.Phrase(text=_unquote(ch[0]), span=self._tspan(ch[0]))

    def term_ref(self, meta: Any, ch: list[Token]) -> ast.TermRef:
        return ast.TermRef(name=str(ch[0]), span=self._tspan(ch[0]))

    def p_any(self, meta: Any, ch: list[Any]) -> Any:
        return ch[0] if len(ch) == 1 else ast.PAny(items=ch, span=self._span(meta))

    def p_all(self, meta: Any, ch: list[Any]) -> Any:
        return ch[0] if len(ch) == 1 else ast.PAll(items=ch, span=self._span(meta))

    def p_near(self, meta: Any, ch: list[Any]) -> ast.PNear:
        return ast.PNear(left=ch[0], distance=int(ch[1]), right=ch[2], span=self._span(meta))

    def p_negate(self, meta: Any, ch: list[Any]) -> ast.PNot:
        return ast.PNot(item=ch[0], span=self._span(meta))

    # ---- expressions
    def judgement(self, meta: Any, ch: list[Any]) -> ast.Judgement:
        verb, pattern, *restrictions = ch
        section = kind = None
        for name, value in restrictions:
            if name == "section":
                section = value
            else:
                kind = value
        return ast.Judgement(verb=cast(ast.Verb, str(verb)), pattern=pattern, section=section, kind=kind, span=self._span(meta))

    def in_section(self, meta: Any, ch: list[Token]) -> tuple[str, str]:
        return ("section", _unquote(ch[0]))

    def in_kind(self, meta: Any, ch: list[Token]) -> tuple[str, str]:
        return ("kind", str(ch[0]))

    def met_ref(self, meta: Any, ch: list[Token]) -> ast.MetRef:
        return ast.MetRef(rule_id=str(ch[0]), span=self._tspan(ch[0]))

    def expr_ref(self, meta: Any, ch: list[Token]) -> ast.ExprRef:
        return ast.ExprRef(name=str(ch[0]), span=self._tspan(ch[0]))

    def any_of(self, meta: Any, ch: list[Any]) -> Any:
        return ch[0] if len(ch) == 1 else ast.AnyOf(items=ch, span=self._span(meta))

    def all_of(self, meta: Any, ch: list[Any]) -> Any:
        return ch[0] if len(ch) == 1 else ast.AllOf(items=ch, span=self._span(meta))

    def negate(self, meta: Any, ch: list[Any]) -> ast.Not:
        return ast.Not(item=ch[0], span=self._span(meta))

    def at_least(self, meta: Any, ch: list[Any]) -> ast.AtLeast:
        return ast.AtLeast(count=int(ch[0]), items=ch[1:], span=self._span(meta))

    def quantify(self, meta: Any, ch: list[Any]) -> ast.Quantified:
        return ast.Quantified(quantifier=cast(Literal["any", "every"], str(ch[0])), kind=str(ch[1]), item=ch[2], span=self._span(meta))

    # ---- kind conditions
    def title_has(self, meta: Any, ch: list[Any]) -> ast.TitleHas:
        return ast.TitleHas(pattern=ch[0], span=self._span(meta))

    def heading_has(self, meta: Any, ch: list[Any]) -> ast.HeadingHas:
        return ast.HeadingHas(pattern=ch[0], span=self._span(meta))

    def text_has(self, meta: Any, ch: list[Any]) -> ast.TextHas:
        return ast.TextHas(pattern=ch[0], span=self._span(meta))

    def path_matches(self, meta: Any, ch: list[Token]) -> ast.PathMatches:
        return ast.PathMatches(glob=_unquote(ch[0]), span=self._span(meta))

    def kind_or(self, meta: Any, ch: list[Any]) -> Any:
        return ch[0] if len(ch) == 1 else ast.KindAny(items=ch, span=self._span(meta))

    def kind_all(self, meta: Any, ch: list[Any]) -> Any:
        return ch[0] if len(ch) == 1 else ast.KindAll(items=ch, span=self._span(meta))

    def kind_negate(self, meta: Any, ch: list[Any]) -> ast.KindNot:
        return ast.KindNot(item=ch[0], span=self._span(meta))

    # ---- statements
    def pack_decl(self, meta: Any, ch: list[Token]) -> ast.PackDecl:
        version = _unquote(ch[2]) if len(ch) > 2 else "0"
        return ast.PackDecl(name=str(ch[0]), title=_unquote(ch[1]), version=version, span=self._span(meta))

    def area_decl(self, meta: Any, ch: list[Token]) -> ast.AreaDecl:
        return ast.AreaDecl(name=str(ch[0]), title=_unquote(ch[1]), span=self._span(meta))

    def term_list(self, meta: Any, ch: list[Any]) -> list[Any]:
        return ch

    def terms_decl(self, meta: Any, ch: list[Any]) -> ast.TermSet:
        minus = ch[2] if len(ch) > 2 else []
        return ast.TermSet(name=str(ch[0]), items=ch[1], minus=minus, span=self._tspan(ch[0]))

    def define_decl(self, meta: Any, ch: list[Any]) -> ast.Define:
        return ast.Define(name=str(ch[0]), body=ch[1], span=self._tspan(ch[0]))

    def pattern_decl(self, meta: Any, ch: list[Any]) -> ast.NamedPattern:
        return ast.NamedPattern(name=str(ch[0]), body=ch[1], span=self._tspan(ch[0]))

    def modality_decl(self, meta: Any, ch: list[Token]) -> ast.ModalityDecl:
        phrases = [ast.Phrase(text=_unquote(t), span=self._tspan(t)) for t in ch[1:]]
        return ast.ModalityDecl(name=str(ch[0]), phrases=phrases, span=self._tspan(ch[0]))

    def plain_binds(self, meta: Any, ch: list[Any]) -> str:
        return "plain_binds"

    def kind_decl(self, meta: Any, ch: list[Any]) -> ast.KindDecl:
        name = ch[0]
        plain = "plain_binds" in ch[1:-1]
        strings = [c for c in ch[1:-1] if isinstance(c, Token) and c.type == "STRING"]
        description = _unquote(strings[0]) if strings else ""
        return ast.KindDecl(name=str(name), description=description, plain_binds=plain, condition=ch[-1],
                            span=self._tspan(name))

    def text_value(self, meta: Any, ch: list[Token]) -> tuple[str, str]:
        return ("string", _unquote(ch[0]))

    def word_value(self, meta: Any, ch: list[Token]) -> tuple[str, str]:
        return ("word", str(ch[0]))

    def verb(self, meta: Any, ch: list[Token]) -> str:
        return str(ch[0])

    def quantifier(self, meta: Any, ch: list[Token]) -> str:
        return str(ch[0])

    def field(self, meta: Any, ch: list[Any]) -> tuple[str, Any, ast.Span]:
        return (str(ch[0]), ch[1], self._tspan(ch[0]))

    def rule_decl(self, meta: Any, ch: list[Any]) -> ast.Rule:
        rule_id, title, *fields = ch
        values: dict[str, Any] = {}
        spans: dict[str, ast.Span] = {}
        for name, value, span in fields:
            if name in values:
                raise _DuplicateField(name, span)
            spans[name] = span
            values[name] = value
        data: dict[str, Any] = {}
        for name, value in values.items():
            kind = value[0] if isinstance(value, tuple) else "expr"
            if name in ("message", "hint", "cite"):
                if kind != "string":
                    raise _WrongValue(name, spans[name], "a quoted string")
                data[name] = value[1]
            elif name in ("area", "severity", "scope"):
                if kind == "expr":
                    raise _WrongValue(name, spans[name], "a single word")
                data[name] = value[1]
            else:
                if kind != "expr":
                    raise _WrongValue(name, spans[name], "an expression such as commits(TERMS)")
                data[name] = value
        field_spans = ast.FieldSpan(**{k: spans[k] for k in ("area", "severity", "scope") if k in spans})
        return ast.Rule(id=str(rule_id), title=_unquote(title), field_spans=field_spans,
                        span=self._tspan(rule_id), **data)

    def start(self, meta: Any, ch: list[Any]) -> ast.RuleFile:
        out: dict[str, Any] = {"areas": [], "terms": [], "defines": [], "patterns": [], "modalities": [], "kinds": [],
                               "rules": []}
        pack = None
        for st in ch:
            if isinstance(st, ast.PackDecl):
                if pack is not None:
                    raise _DuplicateField("pack", st.span)
                pack = st
            elif isinstance(st, ast.AreaDecl):
                out["areas"].append(st)
            elif isinstance(st, ast.TermSet):
                out["terms"].append(st)
            elif isinstance(st, ast.Define):
                out["defines"].append(st)
            elif isinstance(st, ast.NamedPattern):
                out["patterns"].append(st)
            elif isinstance(st, ast.ModalityDecl):
                out["modalities"].append(st)
            elif isinstance(st, ast.KindDecl):
                out["kinds"].append(st)
            else:
                out["rules"].append(st)
        return ast.RuleFile(path=self.path, pack=pack, **out)


class _DuplicateField(Exception):
    def __init__(self, name: str, span: ast.Span) -> None:
        super().__init__(name)
        self.name, self.span = name, span


class _WrongValue(Exception):
    def __init__(self, name: str, span: ast.Span, expected: str) -> None:
        super().__init__(name)
        self.name, self.span, self.expected = name, span, expected


def parse_text(text: str, path: str = "<string>") -> ast.RuleFile:
    """Parse one rule file; raise `RuleError` with a located diagnostic on any syntax error.

    Line breaks are normalised first (see source.py): positions refer to the normalised text,
    whose lines are the lines the author sees.
    """
    text = normalise(text)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise RuleError([_diagnose(exc, text, path)]) from None
    except RecursionError:
        raise _too_deep(path, text) from None
    try:
        return _ToAst(path).transform(tree)
    except RecursionError:
        raise _too_deep(path, text) from None
    except VisitError as exc:
        orig = exc.orig_exc
        if isinstance(orig, RecursionError):
            raise _too_deep(path, text) from None
        if isinstance(orig, _DuplicateField):
            s = orig.span
            what = "a second 'pack' statement" if orig.name == "pack" else f"field '{orig.name}' given twice"
            raise RuleError([RuleDiagnostic(path, s.line, s.column, what,
                                            "each rule states each field once" if orig.name != "pack"
                                            else "a pack is declared once, in one of its files",
                                            source_line(text, s.line))]) from None
        if isinstance(orig, _WrongValue):
            s = orig.span
            raise RuleError([RuleDiagnostic(path, s.line, s.column,
                                            f"field '{orig.name}' expects {orig.expected}",
                                            _value_hint(orig.name), source_line(text, s.line))]) from None
        raise


def _too_deep(path: str, text: str) -> RuleError:
    line, column = deepest_bracket(text)
    return RuleError([RuleDiagnostic(path, line, column, "rule file is nested too deeply to parse",
                                     "name inner parts with define or pattern, or split the rule with met(...)",
                                     source_line(text, line))])


def _value_hint(name: str) -> str:
    return {
        "message": 'put the message in double quotes: message: "No document commits ..."',
        "hint": 'put the hint in double quotes: hint: "e.g. \'The Board shall ...\'"',
        "cite": "put the citation in double quotes",
        "require": "wrap words in a judgement: commits(FUNDING near 10 OFFICE)",
        "partial": "wrap words in a judgement: commits(FUNDING)",
        "when": "wrap words in a judgement: mentions(OFFICER)",
    }.get(name, "write area, severity and scope as one bare word: severity: error")


def _diagnose(exc: UnexpectedInput, text: str, path: str) -> RuleDiagnostic:
    """Turn a Lark exception into a message and a hint for the most common mistakes."""
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    if line < 1:  # end of input: point just past the last character
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    message, hint = hint_for(exc, text)
    return RuleDiagnostic(path, line, column, message, hint, source_line(text, line))
