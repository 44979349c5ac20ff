"""§7.1 and §11: children and adults at risk, images and consent."""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, rule
from socialguard.submission import AgeGroup, Consent

AT_RISK = {AgeGroup.CHILD, AgeGroup.YOUNG_PERSON, AgeGroup.ADULT_AT_RISK}


@rule("safeguarding.named-with-image", needs=("pii.person",))
def named_with_image(ctx: Context) -> Iterator[Hit]:
    named = [p for p in ctx.facts.people_shown if p.age_group in AT_RISK and p.named_in_post]
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
    for person in ctx.facts.people_shown:
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


@rule("safeguarding.locating-details", needs=("meaning.safeguarding.locating-details",))
def locating_details(ctx: Context) -> Iterator[Hit]:
    meant = ctx.meaning("safeguarding.locating-details")
    if meant is not None:
        yield Hit("safeguarding.locating-details", [meant], meant.explanation)


@rule("safeguarding.underage", needs=("meaning.safeguarding.underage",))
def underage(ctx: Context) -> Iterator[Hit]:
    meant = ctx.meaning("safeguarding.underage")
    if meant is not None:
        minimum = ctx.pack.minimum_age(ctx.facts.platform)
        yield Hit("safeguarding.underage", [meant],
                  f"engages children under {minimum}: {meant.explanation}")
