"""Inbound triage (spec §2): the labels a message to an official account gets.

Each label is the judgment model's reading of the message (evidence
``meaning.triage.<label>``) weighed with what is exact: whether the sender's real name
is discernible (a declared display name, or a signature the sender detector found)
turns a request for recorded information into an FOI request. One message may carry
several labels; ``triage.general`` only when no other applies.

Safety comes first: ``triage.safeguarding-danger``'s threshold was chosen for recall
(models/judgment/meta.json), so a message that *might* be from someone in danger goes
to the Safeguarding Lead as urgent; the route says how sure the model is.
"""

from __future__ import annotations

from socialguard.rules.base import Context

# Labels that are one head's reading each.
BY_MEANING = (
    "triage.safeguarding-danger",
    "triage.safeguarding-concern",
    "triage.tos-breach",
    "triage.staff-abuse",
    "triage.media-enquiry",
    "triage.misinformation",
    "triage.hostile",
    "triage.complaint",
)
NEEDS = (*(f"meaning.{label}" for label in BY_MEANING), "meaning.triage.records-request",
         "sender.name", "complaint.formal")


def labels(ctx: Context) -> list[str]:
    found = [label for label in BY_MEANING if ctx.meaning(label) is not None]
    if ctx.meaning("triage.records-request") is not None:
        named = ctx.facts.sender_real_name or ctx.analysis.has("sender.name")
        found.append("triage.foi-request" if named else "triage.information-request")
    return found or ["triage.general"]
