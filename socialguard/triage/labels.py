"""Inbound triage (spec §2): label a message to an official account and route it.

One message may carry several labels; ``triage.general`` only when no other
applies. Each label routes to the team the pack names, with the pack's
instruction; an FOI request also gets its statutory due date.
"""

from __future__ import annotations

from datetime import date

from socialguard.detectors.base import Analysis, Evidence
from socialguard.policy.schema import PolicyPack
from socialguard.submission import ReplySource, Submission
from socialguard.triage.clock import foi_due_date
from socialguard.triage.names import discernible_name
from socialguard.verdict import Route

STRONG_DANGER = (
    "not breathing",
    "isn't breathing",
    "stopped breathing",
    "collapsed",
    "unconscious",
    "unresponsive",
    "rope",
    "noose",
    "kill myself",
    "end my life",
    "overdose",
    "driving into",
    "jump off",
    "help me",
    "suicid",
    "knife",
    "stabbed",
    "no adults",
    "choking",
    "bleeding heavily",
    "can't wake",
)
NOW = ("right now", "now", "tonight", "just", "screaming", "smashing", "wandering", "!!")


def label(submission: Submission, analysis: Analysis) -> list[str]:
    a = analysis
    text = submission.text.lower()
    labels: list[str] = []

    danger = a.of("inbound.danger")
    strong_danger = [e for e in danger if any(s in e.text.lower() for s in STRONG_DANGER)]
    self_harm_now = a.has("inbound.intent") and a.has("inbound.method", "inbound.immediate")
    if (
        strong_danger
        or self_harm_now
        or (len({e.text.lower() for e in danger}) >= 2 and any(w in text for w in NOW))
    ):
        labels.append("triage.safeguarding-danger")
    elif (
        submission.in_reply_to is not None
        and submission.in_reply_to.source is ReplySource.ICB
        and a.has("inbound.danger")
        and "goodbye" in text
    ):
        labels.append("triage.safeguarding-danger")

    concern = a.of("inbound.concern")
    exploited_adult = (
        a.has("inbound.vulnerable_adult")
        and len({e.text.lower() for e in a.of("inbound.exploitation")}) >= 1
        and a.has("inbound.exploitation")
    )
    groomed_child = (
        a.has("inbound.child")
        and a.has("inbound.grooming_ask")
        and (
            a.has("inbound.online")
            or len({e.text.lower() for e in a.of("inbound.grooming_ask")}) >= 2
        )
    )
    if "triage.safeguarding-danger" not in labels and (
        exploited_adult
        or groomed_child
        or len({e.text.lower() for e in concern}) >= 2
        or any(
            w in e.text.lower()
            for e in concern
            for w in (
                "groom",
                "radical",
                "extrem",
                "exploit",
                "terrorist",
                "abuse",
                "cuckoo",
                "trafficking",
            )
        )
    ):
        labels.append("triage.safeguarding-concern")

    platform = a.of("inbound.platform")
    online_grooming = groomed_child and a.has("inbound.online")
    if (
        online_grooming
        or a.has("inbound.underage")
        or len({e.text.lower() for e in platform}) >= 2
        or any(
            w in e.text.lower()
            for e in platform
            for w in (
                "terrorist",
                "nude",
                "naked",
                "stalk",
                "found your",
                "saw you",
                "fake",
                "impersonat",
                "pretending to be",
                "posing as",
            )
        )
    ):
        labels.append("triage.tos-breach")

    staff = a.of("inbound.staff_target")
    abuse = a.of("inbound.abuse", "abuse.obscene", "abuse.insult")
    if staff and abuse:
        labels.append("triage.staff-abuse")

    media = a.of("inbound.media")
    outlet_voice = a.has("inbound.outlet") or _sounds_like_outlet(submission)
    asks = any(w in text for w in ("?", "could", "can ", "would", "please", "looking for"))
    if (
        media
        and asks
        and (
            outlet_voice
            or any(
                e.text.lower()
                in (
                    "press office",
                    "a statement",
                    "statement from",
                    "interview",
                    "breakfast show",
                    "get a comment",
                    "a comment",
                    "film a",
                )
                for e in media
            )
        )
    ):
        labels.append("triage.media-enquiry")

    if _is_information_request(a, text):
        name = discernible_name(submission.author.name, submission.text)
        labels.append("triage.foi-request" if name else "triage.information-request")

    misinfo = a.of("inbound.misinfo")
    about_org = any(
        w in text
        for w in ("icb", "you", "your", "hospital", "nhs", "the royal", "gp", "unit", "chief")
    )
    if (
        misinfo
        and about_org
        and not _is_information_request(a, text)
        and (
            len({e.text.lower() for e in misinfo}) >= 2
            or any(
                w in e.text.lower()
                for e in misinfo
                for w in (
                    "is it true",
                    "isn't true",
                    "can't be right",
                    "leaked",
                    "petition",
                    "printed",
                    "rumour",
                )
            )
        )
    ):
        labels.append("triage.misinformation")

    hostile = a.of("inbound.hostile")
    if hostile and (
        len({e.text.lower() for e in hostile}) >= 2
        or any(
            w in e.text.lower()
            for e in hostile
            for w in (
                "slap",
                "hearing from me",
                "won't be quiet",
                "keep posting",
                "ico",
                "court",
                "solicitor",
                "or else",
                "watch",
            )
        )
    ):
        labels.append("triage.hostile")

    return labels or ["triage.general"]


def _sounds_like_outlet(submission: Submission) -> bool:
    name = (submission.author.name or "").lower()
    return any(
        w in name
        for w in (
            "news",
            "radio",
            "fm",
            "live",
            "star",
            "weekly",
            "times",
            "tv",
            "press",
            "journal",
            "gazette",
        )
    )


def _is_information_request(a: Analysis, text: str) -> bool:
    explicit = a.has("inbound.foi_explicit")
    records = a.of("inbound.records")
    service = a.of("inbound.service")
    if explicit and (records or "request" in text or "send" in text or "want" in text):
        return True
    if not records:
        return False
    # "How do I get referred?" asks to use a service, not for recorded information.
    return not service or _records_outweigh(records, service)


def _records_outweigh(records: list[Evidence], service: list[Evidence]) -> bool:
    strong = [r for r in records if r.text.lower() not in ("rated", "numbers", "policy on")]
    return len(strong) >= 1 and not any(s.text.lower().startswith("how do i") for s in service)


def routes(
    labels: list[str], submission: Submission, pack: PolicyPack, received: date | None
) -> list[Route]:
    out: list[Route] = []
    for label_id in labels:
        spec = pack.triage.get(label_id)
        if spec is None or not spec.enabled:
            continue
        team = pack.teams[spec.team]
        due = None
        if label_id == "triage.foi-request":
            when = submission.received_at or received
            due = foi_due_date(when, pack.foi) if when is not None else None
        out.append(
            Route(
                label=label_id,
                team=spec.team,
                team_name=team.name,
                urgency=spec.urgency,
                instruction=spec.instruction,
                due=due,
                contact=team.how_to_reach(),
            )
        )
    return out
