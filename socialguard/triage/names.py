"""Whether a requester's real name is discernible (spec §5, §10.1 of the policy).

A first name and surname, or an initial and surname, from the display name or
a signature counts; a handle, a first name alone or a joke name does not (joke
names are the pack's ``joke_names`` lexicon).
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


def is_real_name(candidate: str | None, joke_names: frozenset[str] = frozenset()) -> bool:
    """A first name and surname, or an initial and surname; not a handle, not a joke name
    (``joke_names``: the pack's lexicon of them, lower case)."""
    if not candidate:
        return False
    name = " ".join(candidate.replace("_", " ").split())
    if not name or name.startswith("@") or any(ch.isdigit() for ch in name):
        return False
    if name.lower().removeprefix("dr ").removeprefix("mr ").removeprefix("mrs ") in joke_names:
        return False
    return bool(FULL_NAME.match(name))


def signed_name(text: str, joke_names: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """Where the text gives its writer's real name (a sign-off, a dash signature, "my name
    is ..."), as a span, or None."""
    offset = max(0, len(text.rstrip()) - 80)
    tail = text.rstrip()[offset:]
    for pattern in (SIGN_OFF, DASH_SIGNATURE):
        m = pattern.search(tail)
        if m and is_real_name(m.group("name"), joke_names):
            return offset + m.start("name"), offset + m.end("name")
    m = INTRO.search(text)
    if m and is_real_name(m.group("name"), joke_names):
        return m.start("name"), m.end("name")
    return None


def discernible_name(display_name: str | None, text: str,
                     joke_names: frozenset[str] = frozenset()) -> str | None:
    """The requester's real name if one can be discerned (display name, then text), else None."""
    if is_real_name(display_name, joke_names):
        return display_name
    span = signed_name(text, joke_names)
    return text[span[0]:span[1]] if span else None
