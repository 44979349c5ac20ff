"""Disclaimers: the personal-views forms (§6.2, §9) and the reference wording (§8).

Spec §5: any clear personal-views form counts ("views my own"); the §8
reference disclaimer must be substantially the policy's wording, so it is
matched fuzzily against the pack's text rather than by keywords.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rapidfuzz import fuzz

from socialguard.detectors.base import Evidence, TextDetector
from socialguard.detectors.lexicon import cached_lexicon

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

FULL_MATCH = 85.0  # partial_ratio score: the policy's wording with small slips still counts
REFERENCE_MATCH = 80.0


class DisclaimerDetector(TextDetector):
    name: ClassVar[str] = "disclaimers"
    scope: ClassVar[str] = "content"
    produces: ClassVar[tuple[str, ...]] = ("disclaimer.personal_views", "disclaimer.reference")

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found: list[Evidence] = []
        for hit in pack.lexicon("personal_views_disclaimers").finditer(text):
            found.append(
                Evidence(
                    "disclaimer.personal_views",
                    hit.start,
                    hit.end,
                    hit.text,
                    0.9,
                    "a personal-views disclaimer",
                )
            )
        # The pack's short forms are what a fix appends when the full wording does not fit;
        # each must count wherever it is written, or the fix would not clear its own finding.
        for key, forms in pack.disclaimer_short_forms.items():
            kind = _kind(key)
            for hit in cached_lexicon(tuple(f.rstrip(" .!") for f in forms)).finditer(text):
                found.append(Evidence(kind, hit.start, hit.end, hit.text, 0.9,
                                      f"the pack's short {key.replace('_', ' ')} disclaimer",
                                      {"disclaimer": key}))
        lowered = text.lower()
        for key, wording in pack.disclaimers.items():
            if len(lowered) < len(wording) * 0.6:
                continue
            match = fuzz.partial_ratio_alignment(wording.lower(), lowered)
            if match is None:
                continue
            needed = REFERENCE_MATCH if key == "reference" else FULL_MATCH
            if match.score >= needed:
                kind = _kind(key)
                start, end = match.dest_start, match.dest_end
                found.append(
                    Evidence(
                        kind,
                        start,
                        end,
                        text[start:end],
                        match.score / 100,
                        f"the policy's {key.replace('_', ' ')} disclaimer",
                        {"disclaimer": key},
                    )
                )
        return found


def _kind(key: str) -> str:
    """The evidence a disclaimer of the pack's ``disclaimers`` key gives."""
    return "disclaimer.reference" if key == "reference" else "disclaimer.personal_views"
