"""The judgment heads: which label each head learns, and on which rows it is defined.

A head answers one question about a text's *meaning* ("does this disparage a
colleague?", "is someone in danger now?"). The rule that uses it (socialguard/rules)
still weighs the submission's context — capacity, kind, what it replies to — so a
head is trained only on rows where that context lets the label speak to the text.
A personal post is no evidence either way for ``official.collects-personal-data``,
for instance: the rule never asks the head about personal posts, so the head never
learns from them. ``gate`` says which rows define each head's label.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

Row = Mapping[str, Any]


def _personal(row: Row) -> bool:
    return row.get("capacity", "personal") != "official"


def _official(row: Row) -> bool:
    return row.get("capacity") == "official"


def _linked_to_org(row: Row) -> bool:
    author = row.get("author") or {}
    return _official(row) or bool(author.get("identifiable_as_staff"))


def _always(row: Row) -> bool:
    return True


def _staff_without_disclaimer(row: Row) -> bool:
    """A personal post by identifiable staff with no personal-views disclaimer: there,
    identity.disclaimer is expected exactly when the post touches ICB or NHS matters."""
    author = row.get("author") or {}
    return (_personal(row) and bool(author.get("identifiable_as_staff"))
            and row.get("kind") != "reference" and not _has_disclaimer(str(row["text"])))


@cache
def _disclaimers() -> tuple[Any, Any]:
    from socialguard.detectors.disclaimers import DisclaimerDetector
    from socialguard.policy.loader import bundled_pack_path, parse_pack

    # The bundled pack without the evidence check: its models may be the ones being built.
    raw = bundled_pack_path().read_text(encoding="utf-8")
    return DisclaimerDetector(), parse_pack(raw, check_evidence=False)


def _has_disclaimer(text: str) -> bool:
    detector, pack = _disclaimers()
    return any(e.kind == "disclaimer.personal_views" for e in detector.detect(text, pack))


# Content heads: name -> (the spec ids that make a row positive, the gate).
# media.response and official.third-party-reply have no head: the corpus raises them
# only on replies to published media, which the submission declares (in_reply_to), and
# the rules read that declaration.
CONTENT_HEADS: dict[str, tuple[tuple[str, ...], Callable[[Row], bool]]] = {
    "conduct.abusive": (("conduct.abusive",), _always),
    "conduct.discriminatory": (("conduct.discriminatory",), _always),
    "conduct.colleagues": (("conduct.colleagues",), _always),
    "conduct.grievance": (("conduct.grievance",), _always),
    "conduct.whistleblowing": (("conduct.whistleblowing",), _always),
    "conduct.sexual": (("conduct.sexual",), _always),
    "conduct.inflammatory": (("conduct.inflammatory",), _linked_to_org),
    "confidential.patient": (("confidential.patient",), _always),
    "confidential.internal": (("confidential.internal",), _always),
    "identity.work-comment": (("identity.work-comment",), _personal),
    # "Touches ICB or NHS matters" (spec §1 identity.disclaimer): the rule adds the rest.
    "identity.disclaimer": (("identity.disclaimer",), _staff_without_disclaimer),
    "identity.official-views": (("identity.official-views",), _personal),
    "interest.commercial": (("interest.commercial",), _always),
    "media.contact": (("media.contact",), _always),
    "official.collects-personal-data": (("official.collects-personal-data",), _official),
    "official.internal-promotion": (("official.internal-promotion",), _official),
    "reference.professional": (("reference.professional",),
                               lambda r: r.get("kind") == "reference"),
    "safeguarding.locating-details": (("safeguarding.locating-details",), _always),
    "safeguarding.underage": (("safeguarding.underage",), _always),
}

# Inbound heads. FOI and information requests are one head (a request for recorded
# information); whether a real name is discernible is a recogniser's question.
INBOUND_HEADS: dict[str, tuple[tuple[str, ...], Callable[[Row], bool]]] = {
    "triage.records-request": (("triage.foi-request", "triage.information-request"), _always),
    "triage.safeguarding-danger": (("triage.safeguarding-danger",), _always),
    "triage.safeguarding-concern": (("triage.safeguarding-concern",), _always),
    "triage.tos-breach": (("triage.tos-breach",), _always),
    "triage.staff-abuse": (("triage.staff-abuse",), _always),
    "triage.media-enquiry": (("triage.media-enquiry",), _always),
    "triage.misinformation": (("triage.misinformation",), _always),
    "triage.hostile": (("triage.hostile",), _always),
    "triage.complaint": (("triage.complaint",), _always),
}

HEADS = [*CONTENT_HEADS, *INBOUND_HEADS]


def targets(row: Row) -> dict[str, int]:
    """The head labels a labelled submission defines (heads it says nothing about are absent)."""
    expect = set(row.get("expect") or [])
    heads = INBOUND_HEADS if row.get("kind") == "message" else CONTENT_HEADS
    return {
        name: int(bool(expect.intersection(ids)))
        for name, (ids, gate) in heads.items()
        if gate(row)
    }
