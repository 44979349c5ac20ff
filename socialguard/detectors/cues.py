"""A detector built from named lexicons: each hit becomes evidence of that kind.

Most of the policy's topics are recognised first by vocabularies like these
(cheap, explainable); the rules then weigh them with context, and the
embedding classifier adds scores where phrasing is new.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector
from socialguard.detectors.lexicon import Lexicon

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class CueDetector(TextDetector):
    """Subclasses set ``cues``: evidence kind -> (lexicon, score, explanation)."""

    name: ClassVar[str] = "cues"
    cues: ClassVar[Mapping[str, tuple[Lexicon, float, str]]] = {}

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found: list[Evidence] = []
        for kind, (lexicon, score, why) in self.cues.items():
            for hit in lexicon.finditer(text):
                found.append(Evidence(kind, hit.start, hit.end, hit.text, score, why))
        return found


def cue(
    phrases: list[str] | tuple[str, ...], score: float, why: str, *, obfuscated: bool = False
) -> tuple[Lexicon, float, str]:
    return (Lexicon(phrases, obfuscated=obfuscated), score, why)
