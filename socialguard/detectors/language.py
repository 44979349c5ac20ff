"""Obscenities and slurs, however they are spelt: evidence ``abuse.obscene`` and
``discrimination.slur``.

The words are the pack's ``obscenities`` and ``slurs`` lexicons, matched through
leetspeak, masking and spacing ("c**t", "f4ggot", "s h i t") on the text as the
de-obfuscator reads it, and reported as typed. Whether a listed word is used to
attack, quoted to condemn it or reclaimed is not this detector's question: the rules
weigh these words with the judgment model's reading of the whole text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector
from socialguard.ml.deobfuscate import reading

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class LanguageDetector(TextDetector):
    name: ClassVar[str] = "language"
    scope: ClassVar[str] = "all"
    produces: ClassVar[tuple[str, ...]] = ("abuse.obscene", "discrimination.slur")

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        view, typed = reading(text)
        found: list[Evidence] = []
        for lexicon, kind, why in (
            ("obscenities", "abuse.obscene", "an obscenity"),
            ("slurs", "discrimination.slur", "a slur for people of a protected characteristic"),
        ):
            for hit in pack.lexicon(lexicon).finditer(view):
                start, end = typed(hit.start, hit.end)
                found.append(Evidence(kind, start, end, text[start:end], 0.9, why))
        return found
