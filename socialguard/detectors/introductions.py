"""A member of staff acting officially who gives their name and role in the text
("I'm Priya Shah, practice nurse at...", "— Dr Tom Ellis, Clinical Director"):
evidence ``author.introduced`` (§6.2: identify yourself by name and role)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence, TextDetector

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

# A capitalised full name after "I'm"/"my name is" or a dash, then a role after a comma
# or a dash.
SELF_INTRO = re.compile(
    r"(?i:\b(?:i'm|i’m|i am|it's|this is|my name is)|[-–—])\s+"
    r"(?i:dr\.?\s+|mr\.?\s+|mrs\.?\s+|ms\.?\s+)?"
    r"([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)+)\s*(?:,|-|–|—)\s*([A-Za-z][\w&/ '’-]{2,60})"
)


class IntroductionDetector(TextDetector):
    name: ClassVar[str] = "introductions"
    scope: ClassVar[str] = "content"
    produces: ClassVar[tuple[str, ...]] = ("author.introduced",)

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        return [Evidence("author.introduced", m.start(), m.end(), m.group(0), 0.9,
                         "the author gives a name and role",
                         {"name": m.group(1), "role": m.group(2).strip()})
                for m in SELF_INTRO.finditer(text)]
