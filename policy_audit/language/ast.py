"""Typed AST of the rule language: pydantic nodes that carry their source position.

The parser builds these from Lark's tree; the checker, the engine and `rules explain` read only these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field


class Span(BaseModel):
    """Where a node starts in its rule file (1-based line and column)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    file: str = ""
    line: int = 0
    column: int = 0


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    span: Span = Field(default_factory=Span)
    origin: str = ""  # the `define` or `pattern` whose body this node is, so unparse can print its name


# ---- patterns: what words a sentence must contain ---------------------------------------------


class Phrase(Node):
    type: Literal["phrase"] = "phrase"
    text: str


class TermRef(Node):
    type: Literal["term"] = "term"
    name: str


class PAll(Node):
    """All parts in the same sentence."""

    type: Literal["all"] = "all"
    items: list[Pattern]


class PAny(Node):
    type: Literal["any"] = "any"
    items: list[Pattern]


class PNear(Node):
    """Both parts within `distance` words of each other, in the same sentence, at two places (a span
    that both parts name is not near itself)."""

    type: Literal["near"] = "near"
    left: Pattern
    right: Pattern
    distance: int


class PNot(Node):
    type: Literal["not"] = "not"
    item: Pattern


Pattern = Phrase | TermRef | PAll | PAny | PNear | PNot


# ---- expressions: judgements over sentences, combined into a state ----------------------------

Verb = Literal["mentions", "commits", "states", "defines"]


class Judgement(Node):
    type: Literal["judgement"] = "judgement"
    verb: Verb
    pattern: Pattern
    section: str | None = None
    kind: str | None = None


class MetRef(Node):
    type: Literal["met"] = "met"
    rule_id: str


class AllOf(Node):
    """The weaker state of its parts."""

    type: Literal["and"] = "and"
    items: list[Expr]


class AnyOf(Node):
    """The stronger state of its parts."""

    type: Literal["or"] = "or"
    items: list[Expr]


class Not(Node):
    type: Literal["not_expr"] = "not_expr"
    item: Expr


class AtLeast(Node):
    """The N-th strongest state of its parts."""

    type: Literal["at_least"] = "at_least"
    count: int
    items: list[Expr]


class Quantified(Node):
    """`any`/`every document of kind K expr`: the strongest/weakest state over documents of kind K."""

    type: Literal["quantified"] = "quantified"
    quantifier: Literal["any", "every"]
    kind: str
    item: Expr


class ExprRef(Node):
    """A named expression (`define NAME = ...`) used by name; exists only until the pack is checked."""

    type: Literal["ref"] = "ref"
    name: str


# The checker replaces every ExprRef by its definition, so the engine's view of an expression
# (what type checkers see) never holds one; the parser's (what pydantic validates) does.
if TYPE_CHECKING:
    Expr = Judgement | MetRef | AllOf | AnyOf | Not | AtLeast | Quantified
else:
    Expr = Judgement | MetRef | AllOf | AnyOf | Not | AtLeast | Quantified | ExprRef
SourceExpr = Judgement | MetRef | AllOf | AnyOf | Not | AtLeast | Quantified | ExprRef


# ---- kind conditions ---------------------------------------------------------------------------


class TitleHas(Node):
    type: Literal["title_has"] = "title_has"
    pattern: Pattern


class HeadingHas(Node):
    type: Literal["heading_has"] = "heading_has"
    pattern: Pattern


class TextHas(Node):
    type: Literal["text_has"] = "text_has"
    pattern: Pattern


class PathMatches(Node):
    type: Literal["path_matches"] = "path_matches"
    glob: str


class KindAll(Node):
    type: Literal["kind_all"] = "kind_all"
    items: list[KindCond]


class KindAny(Node):
    type: Literal["kind_any"] = "kind_any"
    items: list[KindCond]


class KindNot(Node):
    type: Literal["kind_not"] = "kind_not"
    item: KindCond


KindCond = TitleHas | HeadingHas | TextHas | PathMatches | KindAll | KindAny | KindNot


# ---- statements --------------------------------------------------------------------------------


class PackDecl(Node):
    name: str
    title: str
    version: str = "0"


class AreaDecl(Node):
    name: str
    title: str


class TermSet(Node):
    """`terms NAME = items [except minus]`: the phrases of `items` without those of `minus`."""

    name: str
    items: list[Phrase | TermRef]
    minus: list[Phrase | TermRef] = Field(default_factory=list)


class Define(Node):
    """`define NAME = expression`: a named expression, usable wherever an expression may appear."""

    name: str
    body: Expr


class NamedPattern(Node):
    """`pattern NAME = pattern`: a named pattern, usable wherever a term set may appear in a pattern."""

    name: str
    body: Pattern


class ModalityDecl(Node):
    name: str
    phrases: list[Phrase]


class KindDecl(Node):
    name: str
    description: str = ""
    plain_binds: bool = False  # plain statements in documents of this kind are duties (binding)
    condition: KindCond


class FieldSpan(BaseModel):
    """Positions of a rule's fields, so the checker can point at the offending value."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    area: Span | None = None
    severity: Span | None = None
    scope: Span | None = None


class Rule(Node):
    id: str
    title: str
    area: str = ""
    severity: str = "warning"
    scope: str = "folder"
    when: Expr | None = None
    require: Expr | None = None
    partial: Expr | None = None
    message: str = ""
    hint: str = ""
    cite: str = ""
    field_spans: FieldSpan = Field(default_factory=FieldSpan)


class RuleFile(Node):
    """One parsed `.rules` file."""

    path: str
    pack: PackDecl | None = None
    areas: list[AreaDecl] = Field(default_factory=list)
    terms: list[TermSet] = Field(default_factory=list)
    defines: list[Define] = Field(default_factory=list)
    patterns: list[NamedPattern] = Field(default_factory=list)
    modalities: list[ModalityDecl] = Field(default_factory=list)
    kinds: list[KindDecl] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)


# Forward references between these models are resolved when a model is first built (they defer
# building, `defer_build=True`): a run whose rule pack comes from the cache never pays for it.
