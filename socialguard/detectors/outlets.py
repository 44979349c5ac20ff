"""Media outlets named in a text: evidence ``media.outlet`` from the pack's
``media_outlets`` lexicon (an organisation adds its own local paper and radio). The
judgment model decides whether the media contacted the author or a message is an
enquiry; the outlet named is shown with its finding."""

from __future__ import annotations

from typing import ClassVar

from socialguard.detectors.base import LexiconDetector


class OutletDetector(LexiconDetector):
    name: ClassVar[str] = "outlets"
    scope: ClassVar[str] = "all"
    lexicon: ClassVar[str] = "media_outlets"
    kind: ClassVar[str] = "media.outlet"
    score: ClassVar[float] = 0.8
    note: ClassVar[str] = "names a media outlet"
