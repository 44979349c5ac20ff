"""Whether a requester's real name is discernible (spec §5, §10.1 of the policy).

A first name and surname, or an initial and surname, from the display name or
a signature counts; a handle, a first name alone or a joke name does not.
"""

from __future__ import annotations

import re

# Letters with accents count: Siân, Seán, Zoë and José are real names.
UP = "A-ZÀ-ÖØ-Þ"
LOW = "a-zß-öø-ÿā-ž"
NAME_WORD = (rf"[{UP}][{LOW}]+(?:[-'’][{UP}]?[{LOW}]+)?|Mc[{UP}][{LOW}]+|Mac[{UP}][{LOW}]+"
             rf"|O'[{UP}][{LOW}]+")
TITLE = r"(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Rev|Cllr|Sir|Dame)\.?"
FULL_NAME = re.compile(
    rf"^(?:{TITLE}\s+)?(?:(?:{NAME_WORD})|[{UP}]\.?)(?:\s+(?:{NAME_WORD}|[{UP}]\.))*"
    rf"\s+(?:{NAME_WORD})$"
)
SIGN_OFF = re.compile(
    r"(?:regards|wishes|thanks|thank you|many thanks|cheers|sincerely|faithfully|yours)[,.!]?\s*"
    rf"(?P<name>(?:{TITLE}\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w'’-]*){{1,3}})\s*[.!]?\s*$",
    re.IGNORECASE,
)
DASH_SIGNATURE = re.compile(
    rf"[-–—]\s*(?P<name>(?:{TITLE}\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w'’-]*){{1,3}})\s*$"
)
INTRO = re.compile(
    rf"\b(?:my name is|i am|i'm|this is)\s+(?P<name>(?:{TITLE}\s+)?[{UP}][{LOW}]+\s+[{UP}][\w'’-]+)"
)
JOKE_NAMES = {
    "mickey mouse",
    "minnie mouse",
    "donald duck",
    "bart simpson",
    "homer simpson",
    "joe bloggs",
    "john doe",
    "jane doe",
    "santa claus",
    "father christmas",
    "boaty mcboatface",
    "seymour butts",
    "hugh jass",
    "ben dover",
    "mike hunt",
    "mike oxlong",
    "anna sassin",
    "harry potter",
    "darth vader",
    "luke skywalker",
    "spider man",
    "bat man",
    "iron man",
    "not telling",
    "no name",
    "anon anon",
    "a nonymous",
    "concerned citizen",
    "angry taxpayer",
    "mr angry",
    "mrs angry",
}


def is_real_name(candidate: str | None) -> bool:
    if not candidate:
        return False
    name = " ".join(candidate.replace("_", " ").split())
    if not name or name.startswith("@") or any(ch.isdigit() for ch in name):
        return False
    if name.lower().removeprefix("dr ").removeprefix("mr ").removeprefix("mrs ") in JOKE_NAMES:
        return False
    return bool(FULL_NAME.match(name))


def discernible_name(display_name: str | None, text: str) -> str | None:
    """The requester's real name if one can be discerned, else None."""
    if is_real_name(display_name):
        return display_name
    tail = text.strip()[-80:]
    for pattern in (SIGN_OFF, DASH_SIGNATURE):
        m = pattern.search(tail)
        if m and is_real_name(m.group("name")):
            return m.group("name")
    m = INTRO.search(text)
    if m and is_real_name(m.group("name")):
        return m.group("name")
    return None
