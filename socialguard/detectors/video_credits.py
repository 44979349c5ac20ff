"""Credit lines in a video's description ("filmed by...", "a ... production"):
evidence ``video.credit`` from the pack's ``video_credits`` lexicon (§11: official
video is not credited to an individual or production company)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class VideoCreditDetector(TextDetector):
    name: ClassVar[str] = "video_credits"
    scope: ClassVar[str] = "content"
    produces: ClassVar[tuple[str, ...]] = ("video.credit",)

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        return [Evidence("video.credit", h.start, h.end, h.text, 0.7,
                         "credits an individual or production company")
                for h in pack.lexicon("video_credits").finditer(text)]
