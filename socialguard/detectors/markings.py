"""Protective markings (OFFICIAL-SENSITIVE, commercial in confidence, not for
circulation...): evidence ``internal.marking`` from the pack's
``protective_markings`` lexicon. A marked document is not for publication whatever
else the post says (spec §1 confidential.internal)."""

from __future__ import annotations

from typing import ClassVar

from socialguard.detectors.base import LexiconDetector


class MarkingDetector(LexiconDetector):
    name: ClassVar[str] = "markings"
    scope: ClassVar[str] = "content"
    lexicon: ClassVar[str] = "protective_markings"
    kind: ClassVar[str] = "internal.marking"
    score: ClassVar[float] = 0.9
    note: ClassVar[str] = "a protective marking"
