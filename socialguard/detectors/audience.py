"""Who a post addresses and what could locate someone: children and young
audiences (§7.1 minimum ages), schools, streets, estates and routines."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.cues import CueDetector, cue

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

CHILD_AUDIENCE = [
    "kids",
    "kiddos",
    "children",
    "boys and girls",
    "little ones",
    "little followers",
    "young followers",
    "tiny followers",
    "primary school",
    "year 1",
    "year 2",
    "year 3",
    "year 4",
    "year 5",
    "year 6",
    *(f"year {n}s" for n in range(1, 7)),
    *(f"years {n}" for n in range(1, 7)),
    "reception class",
    "ks1",
    "ks2",
    "your classmates",
    "classmates",
    "your teacher",
    "school talks",
    "under-10s",
    "under 10s",
    "under-12s",
    "under 12s",
    "under-13s",
    "under 13s",
    "cartoon series",
    "colouring competition",
    "mums and dads",
]
ENGAGE = [
    "comment",
    "comment with",
    "reply",
    "reply with",
    "tag",
    "tag your",
    "subscribe",
    "hit the bell",
    "follow us",
    "follow me",
    "dm",
    "dm us",
    "message us",
    "send us",
    "share your",
    "duet",
    "join in",
    "enter",
    "shout-out",
    "shout out",
    "like and share",
    "replying to",
    "i'll do another",
    "for you",
]
CHILD_PERSON = [
    "little lad",
    "little girl",
    "little boy",
    "the lad",
    "the boy",
    "the girl",
    "toddler",
    "baby",
    "kid",
    "child",
    "teenager",
    "teen",
    "young person",
    "schoolboy",
    "schoolgirl",
    "pupil",
    "student",
    "vulnerable",
    "lives alone",
    "service user",
    "elderly",
    "old lady",
    "old man",
    "gentleman",
    "blind",
    "confused",
]
ROUTINE = [
    "every monday",
    "every tuesday",
    "every wednesday",
    "every thursday",
    "every friday",
    "every saturday",
    "every sunday",
    "every morning",
    "every evening",
    "every night",
    "every day",
    "every weekend",
    "after school",
    "before school",
    "on his way home",
    "on her way home",
    "walks to school",
    "walks home",
    "always on his",
    "always on her",
    "usually at",
    "every lunchtime",
    "lunchtime",
    "leaves his door",
    "leaves her door",
    "leaves the door",
    "leaves his back door",
    "leaves her back door",
    "door unlocked",
    "unlocked",
    "key under",
    "on his own",
    "on her own",
    "walks home alone",
    "home alone",
]
SCHOOL = re.compile(
    r"\b(?:(?:your|his|her|their|my)\s+school\b|"
    r"(?:[A-Z][\w'’]+\s+){1,3}(?:Primary|Academy|High School|School|College|Infants|Juniors|"
    r"Nursery|Grammar)\b|(?:room|classroom)\s+[A-Z]?\d+[A-Z]?)"
)
PLACE = re.compile(
    r"\b(?:the\s+)?[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)?\s+(?:estate|Estate|Street|St|Road|Rd|Avenue|"
    r"Lane|Close|Drive|Way|Court|Crescent|Park|Green)\b|\bby the [A-Z][\w'’]+\b|"
    r"\b(?:lives|living|lives alone)\s+(?:on|in|at)\s+[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)*"
)


class AudienceDetector(CueDetector):
    name: ClassVar[str] = "audience"
    cues = {
        "audience.children": cue(CHILD_AUDIENCE, 0.7, "addresses children"),
        "audience.engage": cue(ENGAGE, 0.5, "invites a response"),
        "person.vulnerable": cue(CHILD_PERSON, 0.6, "refers to a child or vulnerable person"),
        "locate.routine": cue(ROUTINE, 0.7, "gives a routine or an unprotected time or place"),
    }

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found = super().detect(text, pack)
        for m in SCHOOL.finditer(text):
            found.append(
                Evidence(
                    "locate.school",
                    m.start(),
                    m.end(),
                    m.group(0),
                    0.8,
                    "names a school or classroom",
                )
            )
        for m in PLACE.finditer(text):
            found.append(
                Evidence(
                    "locate.place",
                    m.start(),
                    m.end(),
                    m.group(0),
                    0.6,
                    "names a street, estate or local place",
                )
            )
        for m in re.finditer(
            r"\b(?:ages?|aged)\s+(\d{1,2})\s*(?:to|-|–)\s*(\d{1,2})\b|"
            r"\bunder[- ]?(\d{1,2})s?\b|\b(\d{1,2})[- ]?(?:year[- ]olds?|yr olds?)\b",
            text,
            re.IGNORECASE,
        ):
            ages = [int(g) for g in m.groups() if g]
            found.append(
                Evidence(
                    "audience.age",
                    m.start(),
                    m.end(),
                    m.group(0),
                    0.8,
                    "gives an age range",
                    {"min_age": min(ages)},
                )
            )
        return found
