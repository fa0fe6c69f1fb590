"""A pack ready to run: the checked AST plus its one compiled matcher, built once per run."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..language.pack import Pack
from .lexicon import Lexicon, load_lexicon
from .matcher import Matcher, compile_matcher


@dataclass
class CompiledPack:
    """The pack and the matcher every document is scanned with."""

    pack: Pack
    matcher: Matcher
    lexicon: Lexicon
    judgement_cache: dict[int, object] = field(default_factory=dict)  # id(judgement) -> required names

    @classmethod
    def build(cls, pack: Pack) -> CompiledPack:
        """Compile all term sets, modality lists and inline phrases once."""
        lexicon = load_lexicon()
        return cls(pack, compile_matcher(pack, lexicon), lexicon)
