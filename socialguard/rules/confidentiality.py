"""§6.2 and §7.1: patient information, other people's personal data and the
organisation's confidential information."""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.detectors.base import Evidence
from socialguard.rules.base import Context, Hit, Redaction, near, rule, within

# What can identify a patient (spec §1): redacted when the post is about their care.
IDENTIFIERS = ("pii.person", "pii.initials", "pii.age", "pii.location_in_care",
               "pii.nhs_number", "pii.mrn", "pii.dob", "pii.address", "pii.postcode",
               "pii.phone")
RECORD_NUMBERS = ("pii.nhs_number", "pii.mrn")
# The identifiers a redaction fix replaces or leaves out. A redaction's label is the
# evidence kind: the words that replace it (or whether its clause goes) are the pack's
# (``redaction`` in the pack), so the fixed draft never holds a placeholder like "[name]".
REDACTION_LABELS = ("pii.nhs_number", "pii.mrn", "pii.dob", "pii.person", "pii.initials",
                    "pii.location_in_care", "pii.address", "pii.postcode", "pii.phone",
                    "pii.email", "pii.ni_number", "pii.age")
# Always someone's data unless the author says it is theirs; contact details only when
# the post says whose they are.
ALWAYS_PERSONAL = ("pii.nhs_number", "pii.ni_number", "pii.dob")
CONTACT = ("pii.phone", "pii.address", "pii.postcode")
NEAR_PERSON = 60  # characters: "call Sue Brown on 07700 900123" names whose number it is


def redactions(evidence: list[Evidence]) -> list[Redaction]:
    return [Redaction(e.start, e.end, e.kind) for e in evidence if e.kind in REDACTION_LABELS]


def _service_number(e: Evidence) -> bool:
    """Non-geographic numbers (03xx, 08xx, 111, 116xxx, 999) belong to services."""
    return e.kind == "pii.phone" and bool(e.attrs.get("service"))


def _inside_organisation_name(ctx: Context, e: Evidence) -> bool:
    """'the Robert Jones and Agnes Hunt team' names a partner, not two people."""
    return any(within(e, o) for o in ctx.analysis.of("partner.mention", "org.name", "org.place"))


def _identifiers(ctx: Context) -> list[Evidence]:
    return [e for e in ctx.analysis.of(*IDENTIFIERS)
            if not _inside_organisation_name(ctx, e) and not _service_number(e)]


@rule("confidential.patient",
      needs=("meaning.confidential.patient", "pii", "partner.mention", "org.name"))
def patient(ctx: Context) -> Iterator[Hit]:
    meant = ctx.meaning("confidential.patient")
    identifiers = _identifiers(ctx)
    records = [e for e in identifiers if e.kind in RECORD_NUMBERS]
    if meant is None and not (records and ctx.official):
        return
    # Redact what identifies someone near the words the model read as patient care; an
    # NHS or hospital number is redacted wherever it is.
    named = [e for e in identifiers if e.kind in RECORD_NUMBERS
             or (meant is not None and near(e, meant, window=150))]
    evidence = ([meant] if meant is not None else []) + named
    why = (meant.explanation if meant is not None
           else "an official post gives a patient's record number")
    yield Hit("confidential.patient", evidence, why, redactions(named))


@rule("confidential.personal-data", stage=2, needs=("pii",))
def personal_data(ctx: Context) -> Iterator[Hit]:
    people = ctx.analysis.of("pii.person")
    in_care = "confidential.patient" in ctx.found
    flagged: list[Evidence] = []
    for d in ctx.analysis.of(*ALWAYS_PERSONAL, *CONTACT):
        if _service_number(d) or (in_care and d.kind == "pii.nhs_number"):
            continue  # an NHS number in a patient's story is the patient finding's
        owner = d.attrs.get("owner", "unknown")
        if owner == "unknown" and any(near(d, p, window=NEAR_PERSON) for p in people):
            owner = "someone"
        if d.kind in ALWAYS_PERSONAL:
            if owner != "author":
                flagged.append(d)
        elif owner == "someone" and not (d.kind == "pii.postcode" and ctx.corporate):
            flagged.append(d)
    if flagged:
        yield Hit(
            "confidential.personal-data",
            flagged,
            "shares " + ", ".join(sorted({e.kind.removeprefix("pii.") for e in flagged}))
            + " of someone other than the author",
            redactions(flagged),
        )


@rule("confidential.internal", needs=("meaning.confidential.internal", "internal.marking"))
def internal(ctx: Context) -> Iterator[Hit]:
    markings = ctx.analysis.of("internal.marking")
    meant = ctx.meaning("confidential.internal")
    if meant is not None:
        yield Hit("confidential.internal", [meant, *markings], meant.explanation)
    elif markings:
        yield Hit("confidential.internal", markings, "carries a protective marking")
