"""Inbound triage (spec §2): label a message to an official account and route it.

One message may carry several labels; ``triage.general`` only when no other
applies. Each label routes to the team the pack names, with the pack's
instruction; an FOI request also gets its statutory due date.
"""

from __future__ import annotations

import re
from datetime import date

from socialguard.detectors.base import Analysis, Evidence
from socialguard.policy.schema import PolicyPack
from socialguard.submission import ReplySource, Submission
from socialguard.triage.clock import foi_due_date
from socialguard.triage.names import discernible_name
from socialguard.verdict import Route

# Cue words strong enough on their own; other cues need a second, different one.
STRONG_DANGER = ("not breathing", "isn't breathing", "stopped breathing", "collapsed",
                 "unconscious", "unresponsive", "rope", "noose", "kill myself", "end my life",
                 "overdose", "driving into", "jump off", "help me", "suicid", "knife", "stabbed",
                 "no adults", "choking", "bleeding heavily", "can't wake")
STRONG_CONCERN = ("groom", "radical", "extrem", "exploit", "terrorist", "abuse", "cuckoo",
                  "trafficking")
STRONG_PLATFORM = ("terrorist", "nude", "naked", "stalk", "found your", "saw you", "fake",
                   "impersonat", "pretending to be", "posing as", "hot singles", "onlyfans",
                   "porn", "🔞", "outside her house", "outside his house", "where she lives",
                   "where he lives", "doxx", "home address")
STRONG_MEDIA = ("press office", "a statement", "statement from", "interview", "breakfast show",
                "get a comment", "a comment", "film a")
STRONG_MISINFO = ("is it true", "isn't true", "can't be right", "leaked", "petition", "printed",
                  "set the record straight", "put them right", "correct the record", "untrue",
                  "not true", "misleading", "microchip",
                  "rumour")
STRONG_HOSTILE = ("slap", "hearing from me", "won't be quiet", "keep posting", "ico", "court",
                  "solicitor", "or else", "watch", "i know where", "know where you live",
                  "keep tagging", "until you", "telling everyone", "publishing", "publish her",
                  "publish his",
                  "warned")
NOW = ("right now", "now", "tonight", "just", "screaming", "smashing", "wandering", "!!")
ASKING = ("?", "could", "can ", "would", "please", "looking for", "want a", "i want",
          "we want", "by 5", "deadline")
ABOUT_ORG = ("icb", "you", "your", "hospital", "nhs", "the royal", "gp", "unit", "chief")


def _distinct(evidence: list[Evidence]) -> int:
    return len({e.text.lower() for e in evidence})


def _mentions(evidence: list[Evidence], stems: tuple[str, ...]) -> bool:
    return any(stem in e.text.lower() for e in evidence for stem in stems)


def _strong_or_two(evidence: list[Evidence], stems: tuple[str, ...]) -> bool:
    return _distinct(evidence) >= 2 or _mentions(evidence, stems)


def label(submission: Submission, analysis: Analysis) -> list[str]:
    a = analysis
    text = submission.text.lower()
    labels: list[str] = []

    danger = a.of("inbound.danger")
    self_harm_now = a.has("inbound.intent") and a.has("inbound.method", "inbound.immediate")
    goodbye_to_us = (submission.in_reply_to is not None
                     and submission.in_reply_to.source is ReplySource.ICB
                     and bool(danger) and "goodbye" in text)
    meant = a.has("intent.danger") and (bool(danger) or a.has("inbound.intent", "inbound.method"))
    if (_mentions(danger, STRONG_DANGER) or self_harm_now or goodbye_to_us or meant
            or (_distinct(danger) >= 2 and any(w in text for w in NOW))):
        labels.append("triage.safeguarding-danger")

    grooming = a.of("inbound.grooming_ask")
    exploited_adult = a.has("inbound.vulnerable_adult") and a.has("inbound.exploitation")
    groomed_child = a.has("inbound.child") and bool(grooming) and (
        a.has("inbound.online") or _distinct(grooming) >= 2)
    concern = a.of("inbound.concern")
    concern_meant = a.has("intent.safeguarding_concern") and (
        bool(concern) or a.has("inbound.child", "inbound.vulnerable_adult"))
    if "triage.safeguarding-danger" not in labels and (
            exploited_adult or groomed_child or concern_meant
            or _strong_or_two(concern, STRONG_CONCERN)):
        labels.append("triage.safeguarding-concern")

    if (groomed_child and a.has("inbound.online")) or a.has("inbound.underage") \
            or _strong_or_two(a.of("inbound.platform"), STRONG_PLATFORM):
        labels.append("triage.tos-breach")

    if _aimed_at_staff(a, submission.text) and a.has("inbound.abuse", "abuse.obscene",
                                                      "abuse.insult"):
        labels.append("triage.staff-abuse")

    media = a.of("inbound.media")
    outlet_voice = a.has("inbound.outlet") or _sounds_like_outlet(submission)
    if media and any(w in text for w in ASKING) and (
            outlet_voice or any(e.text.lower() in STRONG_MEDIA for e in media)):
        labels.append("triage.media-enquiry")

    # Asking for comment is the media's business, not a request for recorded information,
    # unless the message says so in words ("please also treat this as an FOI request").
    records_request = _is_information_request(a, text) and (
        "triage.media-enquiry" not in labels or a.has("inbound.records", "inbound.foi_explicit"))
    if records_request:
        name = discernible_name(submission.author.name, submission.text)
        labels.append("triage.foi-request" if name else "triage.information-request")

    misinfo = a.of("inbound.misinfo")
    if misinfo and not records_request and any(w in text for w in ABOUT_ORG) and (
            _strong_or_two(misinfo, STRONG_MISINFO) or a.has("intent.misinformation")):
        labels.append("triage.misinformation")

    hostile = a.of("inbound.hostile")
    if hostile and (_strong_or_two(hostile, STRONG_HOSTILE) or a.has("intent.hostile")):
        labels.append("triage.hostile")

    return labels or ["triage.general"]


_STAFF_DETERMINER = re.compile(r"\b(?:your|the|that|this|ur)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def _aimed_at_staff(a: Analysis, text: str) -> bool:
    """Named as staff ("the nurse at...") or a job title someone holds ("your comms manager")."""
    return a.has("inbound.staff_target") or any(
        _STAFF_DETERMINER.search(text[max(0, e.start - 25) : e.start]) for e in a.of("work.role"))


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
        # A request phrased in new words ("Adoption services: placements made in 2025")
        # is recognised by meaning, unless it asks how to use a service.
        # The records model reads topics ("Adult social care charges"); a topic with an
        # opinion about it ("...services are a disgrace") is a complaint, not a request.
        opinion = a.has("tone.negative", "tone.derision", "abuse", "inbound.abuse",
                        "inbound.hostile", "inbound.misinfo")
        asked = a.has("intent.records_request") or (a.has("intent.records_model")
                                                     and not opinion)
        return asked and not service
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
