"""Media outlets named in a text: evidence ``media.outlet`` from the pack's
``media_outlets`` lexicon (an organisation adds its own local paper and radio). The
judgment model decides whether the media contacted the author or a message is an
enquiry; the outlet named is shown with its finding."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class OutletDetector(TextDetector):
    name: ClassVar[str] = "outlets"
    scope: ClassVar[str] = "all"
    produces: ClassVar[tuple[str, ...]] = ("media.outlet",)

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        return [Evidence("media.outlet", h.start, h.end, h.text, 0.8, "names a media outlet")
                for h in pack.lexicon("media_outlets").finditer(text)]
