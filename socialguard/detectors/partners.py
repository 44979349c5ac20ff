"""Partners and suppliers named in the pack: evidence ``partner.mention``.

A partner named as a place ("at the Princess Royal") is not a citation; the
pack lists such places separately (``org.place``, socialguard.detectors.organisation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector
from socialguard.detectors.lexicon import cached_lexicon

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class PartnerDetector(TextDetector):
    name: ClassVar[str] = "partners"
    scope: ClassVar[str] = "content"
    produces: ClassVar[tuple[str, ...]] = ("partner.mention",)

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found: list[Evidence] = []
        for partner in pack.partners:
            names = tuple({partner.name, *partner.aliases})
            for hit in cached_lexicon(names).finditer(text):
                found.append(
                    Evidence(
                        "partner.mention",
                        hit.start,
                        hit.end,
                        hit.text,
                        0.9,
                        f"names {partner.name}",
                        {"partner": partner.name},
                    )
                )
        return found
