"""§7.1 and §11: children and adults at risk, images and consent."""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, pairs, rule
from socialguard.submission import AgeGroup, Consent

AT_RISK = {AgeGroup.CHILD, AgeGroup.YOUNG_PERSON, AgeGroup.ADULT_AT_RISK}


@rule("safeguarding.named-with-image")
def named_with_image(ctx: Context) -> Iterator[Hit]:
    named = [p for p in ctx.submission.people_shown if p.age_group in AT_RISK and p.named_in_post]
    if named:
        names = ctx.analysis.of("pii.person")
        groups = sorted({p.age_group.value.replace("_", " ") for p in named if p.age_group})
        yield Hit(
            "safeguarding.named-with-image",
            names,
            f"a {' / '.join(groups)} is named and pictured",
            spans=[n.span for n in names],
        )


@rule("safeguarding.image-consent")
def image_consent(ctx: Context) -> Iterator[Hit]:
    missing = []
    for person in ctx.submission.people_shown:
        needs_written = person.age_group in AT_RISK
        if person.consent is None or person.consent is Consent.NONE:
            missing.append(person)
        elif needs_written and person.consent is not Consent.WRITTEN:
            missing.append(person)
    if missing:
        yield Hit(
            "safeguarding.image-consent",
            [],
            f"{len(missing)} identifiable people shown without the consent they need",
            spans=[],
        )


@rule("safeguarding.locating-details")
def locating_details(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    # A named or described person whose age is given as under 18 is a child.
    minors = [e for e in a.of("pii.age")
              if (n := re.search(r"\d+", e.text)) and int(n.group()) < 18]
    people = a.of("person.vulnerable", "pii.initials") + minors
    addressed_child = ctx.reply_has(
        "audience.children", "person.vulnerable", "inbound.underage"
    ) or (
        ctx.reply is not None and "year" in (ctx.submission.in_reply_to.text or "").lower()
        if ctx.submission.in_reply_to
        else False
    )
    care_places = a.of("pii.location_in_care")
    # "side room 2" on a ward is a care location (patient confidentiality), not a classroom.
    details = [d for d in a.of("locate.school", "locate.place", "locate.routine")
               if not any(c.start <= d.start and d.end <= c.end for c in care_places)]
    if not details:
        return
    if addressed_child and a.of("locate.school"):
        yield Hit(
            "safeguarding.locating-details",
            details,
            "tells a young person's school and routine in public",
        )
        return
    near = pairs(people, details, ctx.text, window=200)
    kinds = {d.kind for _, d in near}
    if near and (len(kinds) >= 2 or "locate.routine" in kinds or "locate.school" in kinds):
        yield Hit(
            "safeguarding.locating-details",
            [d for _, d in near],
            "gives details that could locate a child or vulnerable person",
        )


@rule("safeguarding.underage")
def underage(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    minimum = ctx.pack.minimum_age(ctx.submission.platform)
    young_ages = [e for e in a.of("audience.age") if int(e.attrs.get("min_age", 99)) < minimum]
    children = a.of("audience.children") + young_ages
    engage = a.of("audience.engage")
    parents_only = a.has("audience.parents") and not young_ages
    if children and engage and not parents_only:
        yield Hit(
            "safeguarding.underage",
            children + engage,
            f"invites responses from children under {minimum}",
        )
