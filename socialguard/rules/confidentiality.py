"""§6.2 and §7.1: patient information, other people's personal data and the
organisation's confidential information."""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialguard.detectors.base import Evidence
from socialguard.rules.base import Context, Hit, Redaction, rule, same_sentence

# How strongly each kind of evidence identifies a person (spec §1: name, initials,
# age, ward, bed, room, NHS number, hospital number). A patient is identifiable
# once the weights near a piece of care context reach IDENTIFIES.
IDENTIFIER_WEIGHTS = {
    "pii.nhs_number": 2.0,
    "pii.mrn": 2.0,
    "pii.dob": 2.0,
    "pii.person": 1.0,
    "pii.initials": 1.0,
    "pii.location_in_care": 0.6,
    "pii.address": 1.0,
    "pii.phone": 1.0,
    "pii.age": 0.5,
    "locate.place": 0.6,
    "locate.school": 0.6,
    "person.vulnerable": 0.4,
}
IDENTIFIES = 1.0
CARE = ("care.condition", "care.treatment", "care.admission", "care.discharge", "care.death")
REDACTION_LABELS = {
    "pii.nhs_number": "[NHS number]",
    "pii.mrn": "[hospital number]",
    "pii.dob": "[date of birth]",
    "pii.person": "[name]",
    "pii.initials": "[initials]",
    "pii.location_in_care": "[location]",
    "pii.address": "[address]",
    "pii.postcode": "[postcode]",
    "pii.phone": "[phone]",
    "pii.email": "[email]",
    "pii.ni_number": "[NI number]",
    "pii.age": "[age]",
    "locate.place": "[place]",
    "locate.school": "[school]",
}
PERSONAL_DATA = (
    "pii.phone",
    "pii.email",
    "pii.address",
    "pii.postcode",
    "pii.dob",
    "pii.ni_number",
    "pii.nhs_number",
)


def _redact(evidence: list[Evidence]) -> list[Redaction]:
    return [
        Redaction(e.start, e.end, REDACTION_LABELS.get(e.kind, "[removed]"))
        for e in evidence
        if e.kind in REDACTION_LABELS
    ]


# Non-geographic numbers (03xx, 08xx, 111, 116xxx, 999) belong to services, never to a person.
SERVICE_NUMBER = re.compile(r"^(?:\+44\s?|0)(?:3|80|84|87)|^(?:111|116\d{3}|999|112)$")


def _service_number(e: Evidence) -> bool:
    return e.kind == "pii.phone" and bool(SERVICE_NUMBER.match(re.sub(r"[\s()-]", "", e.text)))


def _inside_organisation_name(ctx: Context, e: Evidence) -> bool:
    """'the Robert Jones and Agnes Hunt team' names a partner, not two people."""
    return any(
        o.start <= e.start and e.end <= o.end
        for o in ctx.analysis.of("partner.mention", "org.name", "org.place")
    )


def _named_age(ctx: Context, e: Evidence) -> bool:
    """'Theo (3)', 'Mr Lowe, 67': an age attached to a capitalised name identifies someone."""
    before = ctx.text[max(0, e.start - 25) : e.start]
    return e.kind == "pii.age" and bool(re.search(r"\b[A-Z][a-z]+\s*[(,]\s*$", before))


def _allowed(ctx: Context, e: Evidence) -> bool:
    allow = ctx.pack.allow_list
    value = e.text.lower().replace(" ", "")
    listed = [*allow.phone_numbers, *allow.emails, *allow.postcodes, *allow.handles, *allow.names]
    return any(value == item.lower().replace(" ", "") for item in listed)


@rule("confidential.patient")
def patient(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    care = a.of(*CARE)
    identifiers = [
        e
        for e in a.of(*IDENTIFIER_WEIGHTS)
        if not _allowed(ctx, e) and not _inside_organisation_name(ctx, e) and not _service_number(e)
    ]
    # A record number in a care conversation is identifying on its own.
    strong = [e for e in identifiers if e.kind in ("pii.nhs_number", "pii.mrn")]
    if strong and (care or a.has("care.role") or ctx.official):
        yield Hit(
            "confidential.patient",
            strong + care[:1],
            "a patient record number with care",
            _redact(strong + [e for e in identifiers if e.kind == "pii.person"]),
        )
        return
    for c in care:
        near = [e for e in identifiers if same_sentence(ctx.text, e, c, window=160)]
        unique = {(x.kind, x.start): x for x in near}.values()
        weight = sum(
            IDENTIFIER_WEIGHTS[e.kind] + (1.0 if _named_age(ctx, e) else 0.0) for e in unique
        )
        if weight >= IDENTIFIES and not _generic_service_reply(ctx, near):
            yield Hit(
                "confidential.patient",
                near + [c],
                f"identifies someone ({', '.join(sorted({e.text for e in near}))}) "
                f"together with their care ({c.text})",
                _redact(near),
            )
            return
    # Photos of people in a care setting (a support group, a ward) show patients.
    shown = [
        p for p in ctx.submission.people_shown if p.consent is None or p.consent.value == "none"
    ]
    if shown and care and (a.has("care.role") or a.has("care.condition")):
        yield Hit(
            "confidential.patient",
            care[:2],
            "an image shows people in a care setting without recorded consent",
            spans=[care[0].span],
        )


def _generic_service_reply(ctx: Context, near: list[Evidence]) -> bool:
    """'Hi Sandra, the MIU can treat minor burns': an official answer naming only the
    person who asked publicly, with no record details, discloses nothing new."""
    if not (ctx.official and ctx.submission.in_reply_to is not None):
        return False
    return (
        all(e.kind == "pii.person" for e in near)
        and len(near) == 1
        and not ctx.analysis.has("pii.nhs_number", "pii.mrn", "pii.dob")
    )


@rule("confidential.personal-data", stage=2)
def personal_data(ctx: Context) -> Iterator[Hit]:
    if "confidential.patient" in ctx.found:
        return
    a = ctx.analysis
    data = [e for e in a.of(*PERSONAL_DATA) if not _allowed(ctx, e) and not _service_number(e)]
    if not data:
        return
    own = a.of("people.first_person_contact")
    others = a.of("people.third_party", "pii.person")
    flagged: list[Evidence] = []
    for d in data:
        if d.kind == "pii.email" and ctx.personal:
            continue  # the author's own address; nhsmail is identity.nhsmail's concern
        always = d.kind in ("pii.nhs_number", "pii.ni_number", "pii.dob")
        # Identity numbers and birth dates are the author's only when they say so ("my DOB");
        # contact details are the author's when offered as a way to reach them.
        mine = (
            _claimed_as_own(ctx, d)
            if always
            else any(same_sentence(ctx.text, d, o, window=60) for o in own)
        )
        theirs = any(same_sentence(ctx.text, d, o, window=120) for o in others) or (
            d.kind in ("pii.address", "pii.postcode") and _someones_home(ctx, d))
        if d.kind == "pii.postcode" and not (a.has("pii.address") or theirs):
            continue  # a postcode alone locates a building, not a person
        attributed = any(same_sentence(ctx.text, d, o, window=120)
                         for o in a.of("people.third_party"))
        if ctx.corporate and not always and not attributed:
            # The corporate account publishes its own sites and service numbers; a detail
            # is someone's only when the post says whose it is ("her number is...").
            continue
        if (theirs and not mine) or (always and not mine):
            flagged.append(d)
    if flagged:
        yield Hit(
            "confidential.personal-data",
            flagged,
            "shares "
            + ", ".join(sorted({e.kind.removeprefix("pii.") for e in flagged}))
            + " of someone other than the author",
            _redact(flagged),
        )


# "whoever lives at 14 Meadow Close", "her flat on ...": a home, so a person's address.
RESIDENCE = re.compile(r"\b(?:lives?|living|moved|staying)\s+(?:at|on|in)\b|\b(?:house|home|flat)"
                       r"\s+(?:at|on|is)\b|\baddress\b", re.IGNORECASE)


FIRST_PERSON_END = re.compile(r"\b(?:i|we|i'?ve|we'?ve|i'?m|we'?re|my|our)\s*$", re.IGNORECASE)


def _someones_home(ctx: Context, d: Evidence) -> bool:
    """A residence cue just before the address, not the author's own ("I live at")."""
    before = ctx.text[max(0, d.start - 40) : d.start]
    m = RESIDENCE.search(before)
    return m is not None and not FIRST_PERSON_END.search(before[: m.start()])


OWN_DATUM = re.compile(
    r"(?:\bmy\s+(?:own\s+)?(?:nhs(?: no\.?| number)?|ni(?: number)?|national insurance"
    r"(?: number)?|dob|d\.o\.b\.?|date of birth|birthday)|\bi was born|\bi'?m)[^.!?]{0,15}$"
)


def _claimed_as_own(ctx: Context, d: Evidence) -> bool:
    before = ctx.text[max(0, d.start - 40) : d.start].lower()
    return bool(OWN_DATUM.search(before))


@rule("confidential.internal")
def internal(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    strong = [e for e in a.of("internal.marking") if e.text.lower() != "confidential"]
    weak = [e for e in a.of("internal.marking") if e.text.lower() == "confidential"]
    unpublished = a.of("internal.unpublished")
    if strong:
        yield Hit("confidential.internal", strong + unpublished, "a protective marking or secrecy")
    elif unpublished and (weak or len(unpublished) >= 2 or a.has("work.issue", "org.name")):
        yield Hit(
            "confidential.internal", unpublished + weak, "discloses unpublished internal business"
        )
