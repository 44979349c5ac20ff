"""The organisation's own names and sites, from the pack: evidence ``org.name`` (its
name, short names and the generic names such as "ICB" and "NHS", and hashtags built
on its acronyms: #NHS, #TeamSTW) and ``org.place`` (its sites and hospitals, which
are places, not partners cited)."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector
from socialguard.detectors.lexicon import cached_lexicon

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class OrganisationDetector(TextDetector):
    name: ClassVar[str] = "organisation"
    scope: ClassVar[str] = "all"
    produces: ClassVar[tuple[str, ...]] = ("org.name", "org.place")

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        org = pack.organisation
        names = tuple([org.name, *org.short_names, *org.generic_names])
        found = [Evidence("org.name", h.start, h.end, h.text, 0.9,
                          "names the organisation or the NHS")
                 for h in cached_lexicon(names).finditer(text)]
        found += [Evidence("org.name", m.start(), m.end(), m.group(0), 0.8,
                           "a hashtag of the organisation or the NHS")
                  for m in _org_hashtags(names).finditer(text)]
        found += [Evidence("org.place", h.start, h.end, h.text, 0.6,
                           "names one of the organisation's sites")
                  for h in cached_lexicon(tuple(org.places)).finditer(text)]
        return found


@cache
def _org_hashtags(names: tuple[str, ...]) -> re.Pattern[str]:
    acronyms = sorted({w for n in names for w in n.split() if w.isupper() and len(w) >= 3})
    if not acronyms:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(map(re.escape, acronyms))
    return re.compile(rf"(?<![\w#])#\w*?(?:{alternatives})\w*"
                      rf"|(?<![\w#])#(?i:{alternatives})\b")
