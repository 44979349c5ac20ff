"""Disclaimers: the personal-views forms (§6.2, §9) and the reference wording (§8).

Spec §5: any clear personal-views form counts ("views my own"); the §8
reference disclaimer must be substantially the policy's wording, so it is
matched fuzzily against the pack's text rather than by keywords.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rapidfuzz import fuzz

from socialguard.detectors.base import Evidence, TextDetector
from socialguard.detectors.lexicon import Lexicon

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

SHORT_FORMS = Lexicon(
    [
        "views my own",
        "views are my own",
        "views are mine",
        "views mine",
        "all views my own",
        "views are entirely my own",
        "views entirely my own",
        "opinions my own",
        "opinions are my own",
        "opinions are mine",
        "my own views",
        "my own opinions",
        "my views not my employer's",
        "my views, not my employer's",
        "my views and not my employer's",
        "not the views of my employer",
        "not those of my employer",
        "not my employer's views",
        "do not represent my employer",
        "don't represent my employer",
        "does not represent my employer",
        "speaking for myself",
        "speaking personally",
        "personal views only",
        "my personal views",
        "my personal opinion",
        "tweets my own",
        "posts my own",
        "rts not endorsements",
        "in a personal capacity",
        "views expressed are my own",
        "views expressed are personal",
    ]
)
FULL_MATCH = 85.0  # partial_ratio score: the policy's wording with small slips still counts
REFERENCE_MATCH = 80.0


class DisclaimerDetector(TextDetector):
    name: ClassVar[str] = "disclaimers"
    scope: ClassVar[str] = "content"

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found: list[Evidence] = []
        for hit in SHORT_FORMS.finditer(text):
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
        lowered = text.lower()
        for key, wording in pack.disclaimers.items():
            if len(lowered) < len(wording) * 0.6:
                continue
            match = fuzz.partial_ratio_alignment(wording.lower(), lowered)
            if match is None:
                continue
            needed = REFERENCE_MATCH if key == "reference" else FULL_MATCH
            if match.score >= needed:
                kind = "disclaimer.reference" if key == "reference" else "disclaimer.personal_views"
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
