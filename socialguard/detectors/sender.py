"""Inbound messages: a real name the sender signs with, and a request to make a formal
complaint — evidence ``sender.name`` and ``complaint.formal``.

A sign-off ("Many thanks, Fiona McAllister"), a dash signature or "my name is ..."
with a first name and surname (or initial and surname) is a discernible real name
(spec §5; the display name is a declared fact the rules read themselves). A formal
complaint is asked for in the words of the pack's ``formal_complaint`` lexicon.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector
from socialguard.triage.names import signed_name

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class SenderDetector(TextDetector):
    name: ClassVar[str] = "sender"
    scope: ClassVar[str] = "inbound"
    produces: ClassVar[tuple[str, ...]] = ("sender.name", "complaint.formal")

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found = []
        span = signed_name(text, joke_names(pack))
        if span is not None:
            found.append(Evidence("sender.name", *span, text[span[0]:span[1]], 0.9,
                                  "the sender signs with a real name"))
        found += [Evidence("complaint.formal", h.start, h.end, h.text, 0.9,
                           "asks to make a formal complaint")
                  for h in pack.lexicon("formal_complaint").finditer(text)]
        return found


def joke_names(pack: PolicyPack) -> frozenset[str]:
    return frozenset(p.lower() for p in pack.lexicon("joke_names").phrases)
