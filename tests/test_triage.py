"""Inbound triage: labels, routes and real names, on newly written messages."""

from __future__ import annotations

from datetime import date

import pytest

from socialguard.engine import check
from socialguard.policy import PolicyPack
from socialguard.triage.names import discernible_name, is_real_name
from tests.conftest import make


def inbound(text: str, name: str | None = "@someone", when: str = "2026-11-25T10:00:00Z"):
    return make(
        text,
        kind="message",
        capacity="official",
        author={"identifiable_as_staff": False, "name": name},
        received_at=when,
    )


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            "Please could you send me the total spent on agency nurses in 2025?",
            "Amira Khan",
            {"triage.foi-request"},
        ),
        (
            "How much did the ICB spend on consultants last year?",
            "@taxwatch",
            {"triage.information-request"},
        ),
        ("How do I book a flu jab for my mum?", "Amira Khan", {"triage.general"}),
        ("I've taken an overdose and I'm scared", "@anon", {"triage.safeguarding-danger"}),
        (
            "Hi, I'm a reporter at the county paper – could your press office give us a comment "
            "on the clinic closures by 5pm?",
            "Tom Reed",
            {"triage.media-enquiry"},
        ),
        ("Thanks for the lovely service at the clinic", "@fan", {"triage.general"}),
        ("Your practice manager is a lying c*nt", "@angry", {"triage.staff-abuse"}),
        ("Horny singles in Shrewsbury 🔞 see my pics at the link", "@xx", {"triage.tos-breach"}),
        (
            "Somebody keeps filming the midwife outside her house and posting it in this group",
            "@worried",
            {"triage.staff-abuse", "triage.tos-breach"},
        ),
        (
            "The paper says the ICB closed the walk-in centre, it was the trust. Set the record "
            "straight?",
            "@local",
            {"triage.misinformation"},
        ),
        ("Thanks for putting the record straight on parking, very helpful", "@fan",
         {"triage.general"}),
        # A bare topic line is how many requesters write (WhatDoTheyKnow titles). These
        # paraphrase the model's own training titles: they test the wiring; `socialguard
        # eval --benchmarks` measures the model on held-out titles. Each sits well clear of
        # the model's threshold (P >= 0.95 against 0.85): int8 arithmetic differs slightly
        # between CPUs with and without VNNI, so a borderline title passes on one machine and
        # fails on another (one at P 0.86 did).
        ("Wheelchair services waiting list 2025", "Amira Khan", {"triage.foi-request"}),
        ("Agency staff spending 2024/25", "@cbc_watch",
         {"triage.information-request"}),
        ("Wheelchair services here are a shambles", "Amira Khan", {"triage.general"}),
        ("i cant do this anymore, got the pills ready for tonight", "@x",
         {"triage.safeguarding-danger"}),
        ("can u send me the minutes of last month's board", "@jo", {"triage.information-request"}),
        ("Answer the question! I'll keep tagging you until you do 😡", "@y", {"triage.hostile"}),
        ("SHARE THIS: the ICB has stopped all IVF, it's in the paper today", "@z",
         {"triage.misinformation"}),
        ("Tom Birch, county paper newsdesk. I want a comment from your chief executive by 5pm.",
         "Tom Birch", {"triage.media-enquiry"}),
        ("If your comms manager ignores me again I'll be publishing her home address", "@w",
         {"triage.staff-abuse", "triage.hostile", "triage.tos-breach"}),
        ("The story being shared all over Facebook says the ICB shut the unit. That's not what "
         "your post says, people are panicking", "@v", {"triage.misinformation"}),
    ],
)
def test_labels(text: str, name: str, expected: set[str], pack: PolicyPack) -> None:
    verdict = check(inbound(text, name), pack)
    assert set(verdict.labels) == expected, verdict.labels


def test_foi_route_carries_due_date_and_team(pack: PolicyPack) -> None:
    verdict = check(
        inbound(
            "Please provide the number of GP practices rated inadequate. "
            "Kind regards, Dr Jane Moss",
            "@watcher",
            when="2026-12-23T15:00:00Z",
        ),
        pack,
    )
    route = next(r for r in verdict.routes if r.label == "triage.foi-request")
    assert route.due == date(2027, 1, 25)
    assert route.team == "foi" and route.team_name == "Freedom of Information Team"


def test_danger_route_tells_the_handler_to_dial_999(pack: PolicyPack) -> None:
    verdict = check(inbound("He has collapsed and isn't breathing, we're outside the clinic"), pack)
    route = verdict.routes[0]
    assert route.label == "triage.safeguarding-danger"
    assert route.urgency.value == "immediate" and "999" in route.instruction


@pytest.mark.parametrize(
    ("name", "real"),
    [
        ("Amira Khan", True),
        ("Siân Roberts", True),
        ("Zoë Hughes", True),
        ("S. Banerjee", True),
        ("Dr Ruth Ingram", True),
        ("@amira_k", False),
        ("Robbo", False),
        ("Mickey Mouse", False),
        ("amira99", False),
    ],
)
def test_real_names(name: str, real: bool) -> None:
    assert is_real_name(name) is real


def test_signature_gives_a_name() -> None:
    assert (
        discernible_name("@stats", "How many? Best wishes, Fiona McAllister") == "Fiona McAllister"
    )
    assert discernible_name("@stats", "How many? – L") is None
