"""A pack ready to run: the checked AST plus its one compiled matcher, built once per run."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..language import ast
from ..language.pack import Pack
from ..language.walk import judgements, pattern_leaves
from .lexicon import Lexicon, load_lexicon
from .matcher import Matcher, compile_matcher, inline_name


def pack_judgements(pack: Pack) -> list[ast.Judgement]:
    """Every judgement of the pack's rules (when, require, partial), in declaration order.

    A judgement's position in this walk is its stable key: the same in every process that holds a
    copy of the pack, and in every run of the same rule files, unlike `id()`."""
    return [j for r in pack.rules for e in (r.when, r.require, r.partial) for j in judgements(e)]


def _content(value: object) -> object:
    """A rule-tree value as plain data without its source spans: equal for the same judgement text."""
    if isinstance(value, dict):
        return tuple(sorted((k, _content(v)) for k, v in value.items() if k != "span"))
    if isinstance(value, (list, tuple)):
        return tuple(_content(v) for v in value)
    return value


def shared_keys(found: list[ast.Judgement]) -> list[int]:
    """For each judgement, the key of the first one with the same pattern and section: their matches
    are the same (a judgement's verb and kind only decide how matches count), so they are computed once."""
    first: dict[object, int] = {}
    out = []
    for k, j in enumerate(found):
        same = _content({"pattern": j.pattern.model_dump(), "section": j.section})
        out.append(first.setdefault(same, k))
    return out


@dataclass
class CompiledPack:
    """The pack and the matcher every document is scanned with."""

    pack: Pack
    matcher: Matcher
    lexicon: Lexicon
    judgement_cache: dict[int, object] = field(default_factory=dict)  # id(judgement) -> how it is looked for
    judgements: list[ast.Judgement] = field(default_factory=list)  # index = the judgement's stable key
    shared: list[int] = field(default_factory=list)  # stable key -> key of the first identical judgement
    required: frozenset[str] = frozenset()  # every term and phrase name of the judgements' patterns
    _keys: dict[int, int] = field(default_factory=dict, repr=False)  # id(judgement) -> stable key, this process
    _digest: str = field(default="", repr=False)

    @classmethod
    def build(cls, pack: Pack, digest: str = "") -> CompiledPack:
        """Compile all term sets, modality lists and inline phrases once; `digest` names the pack's
        content when the caller knows it (the hash of its rule files), else it is computed on demand."""
        lexicon = load_lexicon()
        return cls.assemble(pack, compile_matcher(pack, lexicon), lexicon, digest)

    @classmethod
    def assemble(cls, pack: Pack, matcher: Matcher, lexicon: Lexicon, digest: str = "") -> CompiledPack:
        """A compiled pack from its parts (the matcher and lexicon may come from the cache); the
        judgement keys are made here, in this process, since they index objects by identity."""
        found = pack_judgements(pack)
        required = frozenset(inline_name(leaf.text) if isinstance(leaf, ast.Phrase) else leaf.name
                             for j in found for leaf in pattern_leaves(j.pattern))
        return cls(pack, matcher, lexicon, judgements=found, shared=shared_keys(found),
                   required=required, _keys={id(j): k for k, j in enumerate(found)}, _digest=digest)

    @property
    def digest(self) -> str:
        """A hash of everything the pack says (its AST), for cache keys of what it decided."""
        if not self._digest:
            self._digest = hashlib.sha256(repr(self.pack).encode("utf-8", "surrogatepass")).hexdigest()
        return self._digest

    def key_of(self, j: ast.Judgement) -> int:
        """The stable key of one of this pack's judgements (the first of identical ones); KeyError for
        a judgement of another pack."""
        return self.shared[self._keys[id(j)]]
