"""Inbound triage: routes, statutory dates, the danger instruction and real names."""

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


# How well messages are labelled is an evaluation, not a test: the labelled messages once
# here are tests/data/triage_cases.jsonl (``socialguard eval tests/data/triage_cases.jsonl``).


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
    assert route.due == date(2027, 1, 26)  # 4 Jan 2027 is Scotland's 2 January
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
def test_real_names(name: str, real: bool, pack: PolicyPack) -> None:
    from socialguard.detectors.sender import joke_names

    assert is_real_name(name, joke_names(pack)) is real


def test_signature_gives_a_name() -> None:
    assert (
        discernible_name("@stats", "How many? Best wishes, Fiona McAllister") == "Fiona McAllister"
    )
    assert discernible_name("@stats", "How many? – L") is None
