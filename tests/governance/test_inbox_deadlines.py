"""Media deadlines (issue "FOI and the inbox, right by the statute", item 6): the deadline a
journalist states becomes the due time of the media route and its case, in UK local time
from the message's receipt, shown with a countdown, soonest first; none stated, none set.

Tables over phrasings and receipt times (across midnight and the BST/GMT changes), then
the API, the pages and migration 0009 on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from socialguard.auth.roles import Role
from socialguard.db.migrate import alembic_config
from socialguard.policy import load_pack
from socialguard.policy.schema import LexiconEdit
from socialguard.triage.clock import LOCAL_ZONE
from socialguard.triage.deadlines import countdown, read_deadline, vocabulary
from tests.conftest_web import TEST_DB_ENV, NamedUser, bearer, fresh_postgres, log_in

Users = dict[Role, NamedUser]
WORDS = vocabulary(load_pack())
THU = "2026-12-03T10:00:00Z"  # Thursday 10:00 GMT


def when(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def local(due: datetime) -> str:
    return due.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")


# (message, received (UTC), deadline in UK local time, already passed at receipt)
READINGS = [
    # The issue's own examples.
    ("Could you give us a line by 5pm?", THU, "2026-12-03 17:00", False),
    ("Our deadline is 4pm.", THU, "2026-12-03 16:00", False),
    ("It's for tomorrow's breakfast show.", THU, "2026-12-04 06:00", False),
    ("We need something by close of play Thursday.", THU, "2026-12-03 17:00", False),
    ("Please reply before we go to print at 9 tonight.", THU, "2026-12-03 21:00", False),
    # Other ways of writing a time and a day.
    ("Deadline: 4pm today", THU, "2026-12-03 16:00", False),
    ("need a line by 5 p.m. on Friday", THU, "2026-12-04 17:00", False),
    ("Could you reply by Friday at 2?", THU, "2026-12-04 14:00", False),
    ("a statement by noon Weds please", THU, "2026-12-09 12:00", False),
    ("by midday tomorrow if you can", THU, "2026-12-04 12:00", False),
    ("by 17:30 please", THU, "2026-12-03 17:30", False),
    ("by 5.30 please", THU, "2026-12-03 17:30", False),  # an office "5.30" is afternoon
    ("by 07:30 tomorrow", THU, "2026-12-04 07:30", False),  # a leading zero is 24-hour
    ("ahead of tonight's 6pm bulletin", THU, "2026-12-03 18:00", False),
    ("can we have it by EOD", THU, "2026-12-03 17:00", False),
    ("by the end of the day", THU, "2026-12-03 17:00", False),
    ("by first thing tomorrow", THU, "2026-12-04 09:00", False),
    ("by 3 this afternoon", THU, "2026-12-03 15:00", False),
    ("by 10am Monday", THU, "2026-12-07 10:00", False),  # a weekday: the next such day
    ("by 5pm on 8 December", THU, "2026-12-08 17:00", False),
    ("we need a comment within the hour", THU, "2026-12-03 11:00", False),
    ("you have until 4pm to respond", THU, "2026-12-03 16:00", False),
    ("It’s for tomorrow’s breakfast show", THU, "2026-12-04 06:00", False),  # curly quotes
    ("BY CLOSE OF PLAY THURSDAY", THU, "2026-12-03 17:00", False),
    # A day alone is no deadline; the time given elsewhere is.
    ("For tomorrow's paper, could we have a comment by 4pm?", THU, "2026-12-03 16:00", False),
    ("We need it by 5pm. On Monday we run the piece.", THU, "2026-12-03 17:00", False),
    # Two deadlines: the sooner one.
    ("by 5pm, or at the latest for tomorrow's breakfast show", THU, "2026-12-03 17:00", False),
    # Already past at receipt on the same day: the day is kept and the time flagged.
    ("need a line by 9am", THU, "2026-12-03 09:00", True),
    ("need a line by 5pm", "2026-12-03T18:30:00Z", "2026-12-03 17:00", True),
    ("before we go to print at 9 tonight", "2026-12-03T22:00:00Z", "2026-12-03 21:00", True),
    # A weekday that is today, its time gone: next week, not a typo.
    ("by close of play Thursday", "2026-12-03T18:30:00Z", "2026-12-10 17:00", False),
    # A date without a year, written in late December, is next January.
    ("by 5pm on 2 January", "2026-12-30T10:00:00Z", "2027-01-02 17:00", False),
    # Across midnight: the day is the UK day of receipt, not the UTC one.
    ("need a line by 5pm", "2026-06-30T23:30:00Z", "2026-07-01 17:00", False),  # 00:30 BST
    ("for tomorrow's breakfast show", "2026-12-01T23:30:00Z", "2026-12-02 06:00", False),
    ("for tomorrow's breakfast show", "2026-07-01T23:30:00Z", "2026-07-03 06:00", False),
    # Across the clock changes (BST begins 29 Mar 2026 01:00 UTC, ends 25 Oct 01:00 UTC).
    ("by 10am tomorrow", "2026-03-28T12:00:00Z", "2026-03-29 10:00", False),
    ("for tomorrow's breakfast show", "2026-10-24T12:00:00Z", "2026-10-25 06:00", False),
    ("need a line by 5pm", "2026-03-29T00:30:00Z", "2026-03-29 17:00", False),
    ("need a line by 5pm", "2026-10-25T00:30:00Z", "2026-10-25 17:00", False),  # 01:30 BST
]


@pytest.mark.parametrize(("message", "received", "due", "passed"), READINGS)
def test_deadlines_are_read_in_uk_time(message: str, received: str, due: str,
                                       passed: bool) -> None:
    found = read_deadline(message, when(received), WORDS)
    assert found is not None, message
    assert (local(found.due), found.passed_at_receipt) == (due, passed)
    assert found.due.utcoffset() is not None and found.phrase in message  # words as written


# The same wall time is a different instant either side of a clock change.
@pytest.mark.parametrize(("message", "received", "due_utc", "left"), [
    ("by 10am tomorrow", "2026-03-28T12:00:00Z", "2026-03-29T09:00:00+00:00", "21 h 00 min left"),
    ("by midday tomorrow", "2026-03-28T12:00:00Z", "2026-03-29T11:00:00+00:00", "23 h 00 min left"),
    ("by midday tomorrow", "2026-10-24T12:00:00Z", "2026-10-25T12:00:00+00:00", "24 h 00 min left"),
    ("for tomorrow's breakfast show", "2026-10-24T12:00:00Z", "2026-10-25T06:00:00+00:00",
     "18 h 00 min left"),
    ("need a line by 5pm", "2026-06-30T23:30:00Z", "2026-07-01T16:00:00+00:00", "16 h 30 min left"),
])
def test_clock_changes_move_the_instant_not_the_wall_time(message: str, received: str,
                                                          due_utc: str, left: str) -> None:
    found = read_deadline(message, when(received), WORDS)
    assert found is not None
    assert found.due == datetime.fromisoformat(due_utc)
    assert countdown(found.due, when(received)) == left


@pytest.mark.parametrize("message", [
    "Hi, could your press office comment on the clinic closures?",
    "Our deadline is tomorrow.",  # a day with no time: the hour is not guessed
    "For tomorrow's paper, please.",
    "We're running the story for 5 days",
    "I was treated by Dr Patel at 5pm and it was awful",
    "figures published by 2025",
    "can you reply by 12/12",
    "by 5",  # a bare number: five in the morning or the afternoon?
    "I'm writing for the Shropshire Star",
    "Patients waited from 9am until 5pm in the corridor",  # a span, not a deadline
    "",
])
def test_no_deadline_stated_means_none(message: str) -> None:
    assert read_deadline(message, when(THU), WORDS) is None


@pytest.mark.parametrize(("due", "now", "shown"), [
    ("2026-12-03T17:00:00Z", "2026-12-03T13:55:00Z", "3 h 05 min left"),
    ("2026-12-03T17:00:00Z", "2026-12-03T16:15:30Z", "44 min left"),
    ("2026-12-03T17:00:00Z", "2026-12-03T17:00:00Z", "0 min left"),
    ("2026-12-03T17:00:00Z", "2026-12-03T17:20:00Z", "overdue by 20 min"),
    ("2026-12-03T17:00:00Z", "2026-12-03T19:05:00Z", "overdue by 2 h 05 min"),
    ("2026-12-05T17:00:00Z", "2026-12-03T17:00:00Z", "48 h 00 min left"),
])
def test_countdown_in_hours_and_minutes(due: str, now: str, shown: str) -> None:
    assert countdown(when(due), when(now)) == shown


def test_a_pack_adds_its_own_programmes_and_cues() -> None:
    pack = load_pack()
    local_pack = pack.model_copy(update={"lexicons": {
        **pack.lexicons,
        "media_deadline_times": LexiconEdit(add=["drive time show = 16:00"]),
        "media_deadline_cues": LexiconEdit(add=["needed for"]),
    }})
    message = "Comment needed for the drive time show"
    assert read_deadline(message, when(THU), WORDS) is None
    found = read_deadline(message, when(THU), vocabulary(local_pack))
    assert found is not None and local(found.due) == "2026-12-03 16:00"


def test_a_malformed_pack_entry_is_named() -> None:
    pack = load_pack()
    broken = pack.model_copy(update={"lexicons": {
        "media_deadline_times": LexiconEdit(add=["teatime"])}})
    with pytest.raises(ValueError, match="teatime"):
        vocabulary(broken)


# -- through the API and the pages --------------------------------------------------------

MEDIA = {
    "five": ("Hi, I'm a reporter at the Shropshire Star. Could your press office give us a "
             "comment on the ward closure by 5pm?", THU),
    "two": ("This is BBC Radio Shropshire - we'd like an interview with someone from the ICB "
            "about waiting lists. Our deadline is 2pm.", "2026-12-03T11:00:00Z"),
    "none": ("Hi, I'm a reporter at the Shropshire Star - could your press office comment on "
             "the new clinic opening?", "2026-12-03T12:00:00Z"),
    "typo": ("Journalist at the Telford Journal here: we need a statement from your press "
             "office on the parking charges by 9am.", THU),
}


def import_media(client: TestClient, user: NamedUser) -> dict[str, Any]:
    prefix = uuid.uuid4().hex[:8]
    body = "".join(json.dumps({"id": f"{prefix}-{key}", "text": message, "platform": "x",
                               "received_at": received}) + "\n"
                   for key, (message, received) in MEDIA.items())
    response = client.post("/api/v1/inbox/import", headers=bearer(user),
                           files={"file": ("m.jsonl", body.encode(), "application/x-ndjson")})
    assert response.status_code == 201, response.text
    data = response.json()
    return {m["external_id"].rsplit("-", 1)[1]: m for m in data["messages"]} | {"_": data}


def media_route(message: dict[str, Any]) -> dict[str, Any]:
    routes = [r for r in message["routes"] if r["label"] == "triage.media-enquiry"]
    assert len(routes) == 1, message
    return routes[0]


def test_the_stated_deadline_is_the_due_time_of_route_and_case(client: TestClient,
                                                                users: Users) -> None:
    comms = users[Role.COMMS]
    got = import_media(client, comms)
    five = media_route(got["five"])
    assert five["due_at"] == "2026-12-03T17:00:00Z"
    assert five["due_phrase"] == "by 5pm" and five["due_passed_at_receipt"] is False
    assert five["due"] is None  # the statutory date stays for statutory clocks
    case = client.get(f"/api/v1/cases/{five['case_id']}", headers=bearer(comms)).json()
    assert case["kind"] == "media" and case["due_date"] == "2026-12-03"
    assert "Their deadline: 17:00 Thu 03 Dec 2026 (UK time)" in case["instruction"]
    none = media_route(got["none"])
    assert (none["due_at"], none["due_phrase"], none["due_passed_at_receipt"]) == (
        None, None, False)
    case = client.get(f"/api/v1/cases/{none['case_id']}", headers=bearer(comms)).json()
    assert case["due_date"] is None and "deadline" not in case["instruction"]
    typo = media_route(got["typo"])
    assert typo["due_at"] == "2026-12-03T09:00:00Z" and typo["due_passed_at_receipt"] is True
    case = client.get(f"/api/v1/cases/{typo['case_id']}", headers=bearer(comms)).json()
    assert "already passed when the message arrived" in case["instruction"]


def test_the_queue_lists_open_deadlines_soonest_first(client: TestClient,
                                                      users: Users) -> None:
    comms = users[Role.COMMS]
    got = import_media(client, comms)
    listed = client.get("/api/v1/inbox/messages", params={"batch": got["_"]["batch"]},
                        headers=bearer(comms)).json()
    assert [m["id"] for m in listed] == [got[k]["id"] for k in ("typo", "two", "five", "none")]
    # A deadline dealt with no longer sorts the message first.
    done = client.post(f"/api/v1/inbox/routes/{media_route(got['typo'])['id']}/done",
                       headers=bearer(comms))
    assert done.status_code == 200
    listed = client.get("/api/v1/inbox/messages", params={"batch": got["_"]["batch"]},
                        headers=bearer(comms)).json()
    assert [m["id"] for m in listed] == [got[k]["id"] for k in ("two", "five", "none", "typo")]


def test_pages_show_the_deadline_with_a_countdown(client: TestClient, users: Users) -> None:
    comms = users[Role.COMMS]
    got = import_media(client, comms)
    log_in(client, comms.email, comms.password)
    inbox = client.get("/inbox")
    assert inbox.status_code == 200
    # The list: soonest first (their order on the page), each with its countdown.
    order = [inbox.text.index(f'href="/inbox/{got[k]["id"]}"') for k in ("typo", "two", "five")]
    assert order == sorted(order)
    row = re.search(rf'id="countdown-{got["two"]["id"]}">([^<]+)<', inbox.text)
    assert row is not None and re.fullmatch(r"overdue by \d+ h \d\d min", row.group(1))
    assert "14:00 Thu 03 Dec 2026</time> (UK time)" in inbox.text
    assert "Deadline already passed at receipt" in inbox.text
    page = client.get(f"/inbox/{got['five']['id']}")
    assert "17:00 Thu 03 Dec 2026</time> (UK time)" in page.text
    assert "Read from “by 5pm”" in page.text
    assert re.search(r'class="countdown" id="countdown-\d+">overdue by \d+ h \d\d min<',
                     page.text)
    assert "already passed at receipt" not in page.text
    typo = client.get(f"/inbox/{got['typo']['id']}")
    assert "Deadline already passed at receipt." in typo.text
    plain = client.get(f"/inbox/{got['none']['id']}")
    assert "Deadline" not in plain.text and 'class="countdown"' not in plain.text


# -- migration 0009 -----------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    given = os.environ.get(TEST_DB_ENV)
    if not given:
        pytest.skip(f"set {TEST_DB_ENV} to run on PostgreSQL")
    yield from fresh_postgres(given)


def test_migration_0009_adds_the_deadline_and_keeps_the_routes(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0007")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO inbox_messages (platform, text, received_at, labels, urgency, "
            "imported_by, imported_at) VALUES ('x', 'by 5pm please', "
            "'2026-12-03 10:00:00+00:00', '[]', 'high', 'system', '2026-12-03 10:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO inbox_routes (message_id, label, team, team_name, urgency, "
            "instruction, state, extra) SELECT id, 'triage.media-enquiry', 'comms', 'Comms', "
            "'high', 'Pass it on', 'open', '{}' FROM inbox_messages"))
    command.upgrade(config, "0009")
    columns = {c["name"] for c in inspect(engine).get_columns("inbox_routes")}
    assert {"due_at", "due_phrase", "due_passed_at_receipt"} <= columns
    assert "ix_inbox_routes_due_at" in {i["name"] for i in inspect(engine).get_indexes(
        "inbox_routes")}
    with engine.connect() as conn:
        row = conn.execute(text("SELECT label, due_at, due_phrase, due_passed_at_receipt "
                                "FROM inbox_routes")).one()
    assert (row[0], row[1], row[2], bool(row[3])) == ("triage.media-enquiry", None, None, False)
    command.downgrade(config, "0007")
    assert "due_at" not in {c["name"] for c in inspect(engine).get_columns("inbox_routes")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM inbox_routes")).scalar() == 1
    engine.dispose()


def test_every_bundled_deadline_word_is_well_formed() -> None:
    words = vocabulary(load_pack())  # raises, naming the entry, if one is not
    assert words.times["close of play"].isoformat() == "17:00:00"
    assert words.relative["within the hour"].total_seconds() == 3600
    assert words.days["tonight"].meridiem == "pm" and words.days["thurs"].weekday == 3


def test_a_naive_receipt_time_is_read_as_uk_time() -> None:
    found = read_deadline("by 5pm", datetime(2026, 7, 1, 10, 0), WORDS)
    assert found is not None and found.due == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
