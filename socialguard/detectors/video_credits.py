"""Credit lines in a video's description ("filmed by...", "a ... production"):
evidence ``video.credit`` from the pack's ``video_credits`` lexicon (§11: official
video is not credited to an individual or production company)."""

from __future__ import annotations

from typing import ClassVar

from socialguard.detectors.base import LexiconDetector


class VideoCreditDetector(LexiconDetector):
    name: ClassVar[str] = "video_credits"
    scope: ClassVar[str] = "content"
    lexicon: ClassVar[str] = "video_credits"
    kind: ClassVar[str] = "video.credit"
    score: ClassVar[float] = 0.7
    note: ClassVar[str] = "credits an individual or production company"
