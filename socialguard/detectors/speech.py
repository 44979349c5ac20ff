"""What a post does: speaks for the organisation, reports media contact,
sells something, asks for personal details, introduces its author."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.cues import CueDetector, cue
from socialguard.detectors.lexicon import org_lexicon

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

OFFICIAL_VOICE = (
    "on behalf of the {org}",
    "on the {org}'s behalf",
    "on the organisation's behalf",
    "on behalf of the organisation",
    "on behalf of my employer",
    "on behalf of the trust",
    "the {org}'s position",
    "the {org}'s view",
    "the {org}'s official",
    "our position at {org}",
    "our position is",
    "our official position",
    "the official position",
    "officially supports",
    "officially opposes",
    "officially backs",
    "the {org} officially",
    "the {org} supports",
    "the {org} opposes",
    "the {org} backs",
    "the {org} will be",
    "i can confirm the {org}",
    "i can tell you on behalf",
    "i can confirm on behalf",
    "speaking for the {org}",
    "speaking on behalf",
    "as the {org}'s spokesperson",
    "we at the {org}",
    "we at {org}",
    "the {org} has decided",
    "the {org} is going to",
    "the {org} believes",
    "the {org} thinks",
    "the {org} is committed",
    "the {org}'s stance",
    "official stance",
    "the {org} does not support",
    "the {org} wants",
    "our organisation's position",
    "i can confirm that the {org}",
    "i can tell you that the {org}",
)
MEDIA_CONTACT = [
    "journalist",
    "reporter",
    "researcher at",
    "producer",
    "presenter",
    "radio",
    "bbc",
    "itv",
    "channel 4",
    "channel 5",
    "sky news",
    "the paper",
    "newspaper",
    "local paper",
    "the star",
    "shropshire star",
    "express & star",
    "the times",
    "the guardian",
    "the mail",
    "the sun",
    "the mirror",
    "podcast",
    "press",
    "media",
    "news team",
]
MEDIA_APPROACH = [
    "slid into my dms",
    "messaged me",
    "dm'd me",
    "dmed me",
    "asking about something i posted",
    "asking about my post",
    "about something i posted",
    "wants to interview me",
    "asked me for a quote",
    "asked me",
    "has asked me",
    "have asked me",
    "contacted me",
    "has contacted me",
    "got in touch",
    "been in touch",
    "reached out",
    "messaged me",
    "dm'd me",
    "dmed me",
    "emailed me",
    "rang me",
    "called me",
    "had a call",
    "want to feature",
    "wants to feature",
    "want to interview",
    "wants to interview",
    "interview me",
    "to interview",
    "come on",
    "talk about my",
    "about my post",
    "about my thread",
    "about my tweet",
    "about my video",
    "my reels",
    "to talk to them",
    "quote me",
    "want a comment",
    "wants a comment",
    "feature my",
    "use my post",
    "should i",
    "whether to talk",
]
COMMERCE = [
    "dm for rates",
    "my rates",
    "freelance",
    "now offering",
    "consultancy services",
    "£*",
    "per session",
    "a go",
    "a session",
    "prices",
    "price list",
    "discount",
    "% off",
    "off for",
    "promo code",
    "discount code",
    "my shop",
    "etsy",
    "my business",
    "my company",
    "my clinic",
    "my firm",
    "my old firm",
    "book now",
    "bookings open",
    "dm for prices",
    "dm me for",
    "dm me",
    "pm me for",
    "message me for",
    "inbox me for",
    "buy my",
    "buy from me",
    "order from me",
    "orders via",
    "order now",
    "link in bio",
    "for sale",
    "selling",
    "cheaper than",
    "private clinic*",
    "private practice",
    "from home",
    "by night",
    "side hustle",
    "i still hold shares",
    "shares",
    "commission",
    "affiliate",
    "sponsored",
    "#ad",
    "best product",
    "supplier",
    "buy from",
    "mlm",
    "join my team",
    "i offer",
    "i provide",
    "sessions",
    "an hour",
    "per hour",
    "per session",
    "private",
    "to book",
    "book in",
    "rates",
    "packages",
    "consultation fee",
    "my services",
    "my practice",
]
DATA_REQUEST = re.compile(
    r"\b(reply|comment|dm|message|send|pop|post|share|tell|give|leave|email|text|inbox|"
    r"pm|include)\b[^.!?\n]{0,40}?\b(your|ur|their|child'?s|kids'?)\b[^.!?\n]{0,30}?\b("
    r"address|addresses|phone|mobile|number|numbers|nhs number|email|e-mail|school|"
    r"date of birth|dob|d\.o\.b|birthday|postcode|name and|full name|details|hospital number)"
    # "tell us which school you go to"
    r"|\b(tell\s+us|let\s+us\s+know|say|comment)\b[^.!?\n]{0,20}?\b(which|what)\s+"
    r"(school|class|street|road|estate|area|town|village)\b(\s+you)?",
    re.IGNORECASE,
)
SELF_INTRO = re.compile(
    r"(?i:\b(?:i'm|i’m|i am|it's|this is|my name is)|[-–—])\s+"
    r"(?i:dr\.?\s+|mr\.?\s+|mrs\.?\s+|ms\.?\s+)?"
    r"([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)+)\s*(?:,|-|–|—)\s*([A-Za-z][\w&/ '’-]{2,60})"
)
ANONYMOUS_SELF = (
    "i'm one of the",
    "one of the nurses",
    "one of our",
    "from the {org}'s",
    "from the team",
    "message me",
    "drop me a line",
    "dm me",
    "our team is",
    "just a quick note from",
)


class SpeechDetector(CueDetector):
    name: ClassVar[str] = "speech"
    scope: ClassVar[str] = "content"
    cues = {
        "media.outlet": cue(MEDIA_CONTACT, 0.6, "names a journalist or media outlet"),
        "media.approach": cue(MEDIA_APPROACH, 0.5, "describes being approached"),
        "commerce.term": cue(COMMERCE, 0.5, "promotes a product, service or business"),
    }

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found = super().detect(text, pack)
        names = _org_names(pack)
        for hit in org_lexicon(OFFICIAL_VOICE, names).finditer(text):
            found.append(
                Evidence(
                    "voice.official",
                    hit.start,
                    hit.end,
                    hit.text,
                    0.85,
                    "speaks as if for the organisation",
                )
            )
        for m in DATA_REQUEST.finditer(text):
            item = (m.group(3) or m.group(6)).lower()
            found.append(
                Evidence(
                    "request.personal_data",
                    m.start(),
                    m.end(),
                    m.group(0),
                    0.85,
                    f"asks people for their {item}",
                    {"item": item},
                )
            )
        for m in SELF_INTRO.finditer(text):
            found.append(
                Evidence(
                    "author.introduced",
                    m.start(),
                    m.end(),
                    m.group(0),
                    0.9,
                    "the author gives a name and role",
                    {"name": m.group(1), "role": m.group(2).strip()},
                )
            )
        for hit in org_lexicon(ANONYMOUS_SELF, names).finditer(text):
            found.append(
                Evidence(
                    "author.unnamed",
                    hit.start,
                    hit.end,
                    hit.text,
                    0.6,
                    "speaks for a team without giving a name",
                )
            )
        return found


def _org_names(pack: PolicyPack) -> tuple[str, ...]:
    org = pack.organisation
    return (org.name, *org.short_names, *org.generic_names)
