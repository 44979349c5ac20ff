"""Protective markings (OFFICIAL-SENSITIVE, commercial in confidence, not for
circulation...): evidence ``internal.marking`` from the pack's
``protective_markings`` lexicon. A marked document is not for publication whatever
else the post says (spec §1 confidential.internal)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class MarkingDetector(TextDetector):
    name: ClassVar[str] = "markings"
    scope: ClassVar[str] = "content"
    produces: ClassVar[tuple[str, ...]] = ("internal.marking",)

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        return [Evidence("internal.marking", h.start, h.end, h.text, 0.9, "a protective marking")
                for h in pack.lexicon("protective_markings").finditer(text)]
