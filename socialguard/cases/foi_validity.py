"""Whether an FOI request is valid (FOI Act 2000 s.8), and the reply asking for what is not.

A request must be in writing, give the requester's real name and an address for
correspondence, and describe the information wanted. An address is an e-mail or postal
address: a social-media handle is not one (the ICO's guidance on requests made by social
media). Each item is the officer's tick once given; until then it is pre-filled from
what the case already knows (the requester's name as triage read it, an e-mail address
or postcode in the message, the message itself). Asking for what is missing does not
stop the clock: only seeking clarification of *what* is wanted does (s.1(3)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from socialguard.cases.tables import Case
from socialguard.errors import InvalidInput
from socialguard.triage.names import is_real_name

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b", re.I)
HANDLE_OR_LINK = re.compile(r"^@|^(?:https?://|www\.)|\.(?:com|co\.uk|org|net)/", re.I)
NOT_SOCIAL = {"email", "e-mail", "post", "letter", "web", "webform", "other"}

ASK = {
    "name": "Please tell us your full name (first name and surname): the Freedom of "
            "Information Act needs a request to give the requester's real name.",
    "address": "Please send us an e-mail or postal address so we can reply to your request.",
    "description": "Please describe the information you would like as clearly as you can, "
                   "for example what it is about and the period it covers.",
}
LABELS = {"name": "The requester's real name",
          "address": "An address for correspondence (e-mail or postal)",
          "description": "A description of the information requested"}


@dataclass(frozen=True)
class Item:
    key: str  # name, address, description
    label: str
    met: bool
    checked: bool  # ticked (or not) by the officer; otherwise pre-filled
    basis: str  # why it is ticked or not, for the page


@dataclass(frozen=True)
class Validity:
    items: tuple[Item, ...]
    reply: str | None  # the ready reply asking for what is missing

    @property
    def valid(self) -> bool:
        return all(i.met for i in self.items)

    @property
    def missing(self) -> list[str]:
        return [i.key for i in self.items if not i.met]


def check(case: Case, *, team: str, contact: str | None, received: date) -> Validity:
    items = (_name(case), _address(case), _description(case))
    missing = [i.key for i in items if not i.met]
    reply = ready_reply(missing, platform=case.platform, team=team, contact=contact,
                        received=received) if missing else None
    return Validity(items, reply)


def _name(case: Case) -> Item:
    if case.foi_name_ok is not None:
        return Item("name", LABELS["name"], case.foi_name_ok, True,
                    f"Checked by the FOI team{_given(case.requester)}.")
    if is_real_name(case.requester):
        return Item("name", LABELS["name"], True, False,
                    f"Pre-filled: the message gives the name {case.requester}.")
    return Item("name", LABELS["name"], False, False,
                "Pre-filled: no first name and surname found (a handle is not a name).")


def _address(case: Case) -> Item:
    if case.foi_address_ok is not None:
        return Item("address", LABELS["address"], case.foi_address_ok, True,
                    f"Checked by the FOI team{_given(case.foi_address)}.")
    if case.foi_address:
        return Item("address", LABELS["address"], True, False,
                    f"Given: {case.foi_address}.")
    text = case.description or ""
    if email := EMAIL.search(text):
        return Item("address", LABELS["address"], True, False,
                    f"Pre-filled: the message gives the e-mail address {email.group(0)}.")
    if postcode := POSTCODE.search(text):
        return Item("address", LABELS["address"], True, False,
                    f"Pre-filled: the message gives a postcode ({postcode.group(0).upper()}); "
                    "check the full postal address.")
    return Item("address", LABELS["address"], False, False,
                "Pre-filled: no e-mail or postal address in the message (a social-media "
                "account is not an address for correspondence).")


def _description(case: Case) -> Item:
    if case.foi_description_ok is not None:
        return Item("description", LABELS["description"], case.foi_description_ok, True,
                    "Checked by the FOI team.")
    if len((case.description or "").split()) >= 3:
        return Item("description", LABELS["description"], True, False,
                    "Pre-filled: the message says what is wanted; check it is clear enough.")
    return Item("description", LABELS["description"], False, False,
                "Pre-filled: the message does not say what information is wanted.")


def _given(value: str | None) -> str:
    return f": {value}" if value else ""


def ready_reply(missing: list[str], *, platform: str | None, team: str, contact: str | None,
                received: date) -> str:
    """A short reply the officer can send as it is (or edit) asking for what is missing."""
    lines = [f"Thank you for your request for information, which we received on "
             f"{received:%d %B %Y}. To answer it under the Freedom of Information Act 2000 "
             "we need a little more from you.", ""]
    lines += [ASK[key] for key in missing]
    if "address" in missing and (platform or "").lower() not in NOT_SOCIAL | {""}:
        lines.append("We cannot send the information through a social-media account, so "
                     "your account name is not enough.")
    reach = f" at {contact}" if contact else ""
    lines += ["", f"You can reply to this message or write to the {team}{reach}.", team]
    return "\n".join(lines)


def clean_address(value: str | None) -> str | None:
    """An address the officer typed: an e-mail or postal address, never a handle or link."""
    text = (value or "").replace("\r", "").strip()
    if not text:
        return None
    if EMAIL.fullmatch(text):
        return text
    if HANDLE_OR_LINK.search(text) or "@" in text:
        raise InvalidInput("A social-media handle or a web link is not an address for "
                           "correspondence (FOI Act s.8(1)(b)): give an e-mail or a postal "
                           "address.")
    parts = [p for p in re.split(r"[,\n]", text) if p.strip()]
    if len(parts) < 2 and not POSTCODE.search(text):
        raise InvalidInput("Give a full postal address (for example house, street, town and "
                           "postcode) or an e-mail address.")
    return text
