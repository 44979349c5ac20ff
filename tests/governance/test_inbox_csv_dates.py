"""Import as people type (issue "FOI and the inbox, right by the statute", item 8): a CSV from
a spreadsheet may write dates day first and in words, name its columns loosely, and is
told what is wrong with a row in plain English while the other rows are imported."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.inbox.ukdates import parse_uk_datetime
from socialguard.inbox.upload import parse_csv, parse_jsonl
from tests.conftest_web import NamedUser, bearer, csrf_from, log_in

Users = dict[Role, NamedUser]
SHAPE = "write it as 05/12/2026 08:45"


@pytest.mark.parametrize(("typed", "meant"), [
    ("05/12/2026 08:45", "2026-12-05 08:45:00"),  # day first
    ("5/12/2026", "2026-12-05 00:00:00"),
    ("5/12/2026 8:45", "2026-12-05 08:45:00"),
    ("05.12.2026 08.45", "2026-12-05 08:45:00"),
    ("05-12-2026 17:45:10", "2026-12-05 17:45:10"),
    ("5 Dec 2026", "2026-12-05 00:00:00"),
    ("5 December 2026 8.45am", "2026-12-05 08:45:00"),
    ("5 December 2026 8.45 pm", "2026-12-05 20:45:00"),
    ("5th Dec 2026, 12.15pm", "2026-12-05 12:15:00"),
    ("5 Dec 2026 at 12am", "2026-12-05 00:00:00"),
    ("Saturday 5 December 2026 08:45", "2026-12-05 08:45:00"),
    ("Sat, 5 Dec 2026 8am", "2026-12-05 08:00:00"),
    ("December 5, 2026 08:45", "2026-12-05 08:45:00"),  # month in words: no doubt
    ("5 Sept 2026", "2026-09-05 00:00:00"),
    ("  05/12/2026   08:45 ", "2026-12-05 08:45:00"),
    ("2026-12-05", "2026-12-05 00:00:00"),  # ISO 8601, year first
    ("2026-12-05 08:45", "2026-12-05 08:45:00"),
    ("2026-12-05T08:45:00", "2026-12-05 08:45:00"),
    ("2026-12-05T08:45:00Z", "2026-12-05 08:45:00+00:00"),
    ("2026-06-05T08:45:00+01:00", "2026-06-05 08:45:00+01:00"),
])
def test_dates_as_people_type_them(typed: str, meant: str) -> None:
    assert str(parse_uk_datetime(typed)) == meant


@pytest.mark.parametrize("typed", [
    "13/25/2026",  # no month 25
    "12/25/2026",  # a US date: refused, not quietly turned into 25 December
    "31/02/2026",  # no 31 February
    "5/12/26",  # a two-digit year
    "5 Dec",  # no year
    "05/12/2026 8",  # eight in the morning or the evening?
    "05/12/2026 25:00",
    "05/12/2026 13.00pm",
    "Friday 5 December 2026",  # 5 December 2026 is a Saturday
    "5 Smarch 2026",
    "2026-13-01",
    "yesterday",
    "not a date",
])
def test_dates_in_doubt_are_refused(typed: str) -> None:
    assert parse_uk_datetime(typed) is None


@pytest.mark.parametrize("header", [
    "text,received_at,author_name,platform,id",
    "Message,Received,From,Platform,Message ID",
    "MESSAGE , Received At ,Author Name,PLATFORM,ID",
    "message text,date received,sender,network,reference",
    "Body,When Received,Author,Channel,Platform-ID",
])
def test_column_names_are_forgiving(header: str) -> None:
    messages, problems = parse_csv(f"{header}\nHello there,05/12/2025 08:45,@fan,facebook,m-1\n")
    assert problems == []
    (message,) = messages
    assert (message.text, message.author.name, message.platform, message.id) == (
        "Hello there", "@fan", "facebook", "m-1")
    assert message.received_at == datetime(2025, 12, 5, 8, 45)


# (CSV body after the header "Message,Received", the problems, by row, in words)
ROWS = [
    ("ok,05/12/2025 08:45\nok,5 Dec 2025\nbad,13/25/2026\n",
     ["Row 4: '13/25/2026' is not a date — write it as 05/12/2026 08:45"]),
    (",05/12/2025 08:45\nok,\n", ["Row 2: the message is missing"]),
    ("ok,12/25/2025\nok,5/12/25\n",
     ["Row 2: '12/25/2025' is not a date — write it as 05/12/2026 08:45",
      "Row 3: '5/12/25' is not a date — write it as 05/12/2026 08:45"]),
    ("ok,05/12/2099 08:45\n",
     ["Row 2: the time received must be since 2000 and not in the future"]),
    ("ok,05/12/1999 08:45\n",
     ["Row 2: the time received must be since 2000 and not in the future"]),
    ("a \x00 NUL,5 Dec 2025\n",
     ["Row 2: contains a NUL character, which cannot be stored"]),
]
# (the same, under the header "Message,Received,From")
ROWS_FROM = [
    (f"ok,5 Dec 2025,{'x' * 200}\nok,5 Dec 2025,{'x' * 201}\n",
     ["Row 3: the sender's name is too long (at most 200 characters)"]),
]


@pytest.mark.parametrize(("header", "body", "said"), [
    *(("Message,Received", b, s) for b, s in ROWS),
    *(("Message,Received,From", b, s) for b, s in ROWS_FROM)])
def test_a_bad_row_is_named_in_plain_english_and_the_rest_imported(header: str, body: str,
                                                                   said: list[str]) -> None:
    messages, problems = parse_csv(header + "\n" + body)
    assert [p.summary for p in problems] == said
    assert len(messages) + len(problems) == body.count("\n")
    for p in problems:  # no field ids, no validator jargon
        assert not any(word in p.summary for word in ("received_at", "text:", "Field",
                                                      "author_name", "Value error"))


def test_json_lines_problems_are_plain_too() -> None:
    _, problems = parse_jsonl('{"text": ""}\n{"text": "hi", "received_at": "soon"}\n'
                              '{"platform": "x"}\n')
    assert [p.summary for p in problems] == [
        "Line 1: a message needs some text",
        "Line 2: 'soon' is not a date and time — write it as 2026-12-05T08:45:00Z",
        "Line 3: the message is missing"]


def test_a_file_without_a_message_column_says_what_it_needs(client: TestClient,
                                                            users: Users) -> None:
    response = client.post("/api/v1/inbox/import", headers=bearer(users[Role.COMMS]),
                           files={"file": ("m.csv", b"Sender,Received\n@fan,5 Dec 2025\n",
                                           "text/csv")})
    assert response.status_code == 422
    said = response.json()["error"]["message"]
    assert "'message'" in said and "05/12/2026 08:45" in said and "text" not in said


def test_imported_times_are_uk_local(client: TestClient, users: Users) -> None:
    prefix = uuid.uuid4().hex[:8]
    body = ("Message ID,Message,Received\n"
            f"{prefix}-1,Thanks for the lovely service,05/12/2025 08:45\n"  # GMT
            f"{prefix}-2,Thanks for the lovely service,5 June 2025 8.45am\n"  # BST
            f"{prefix}-3,Thanks for the lovely service,2025-06-05T08:45:00Z\n"
            f"{prefix}-4,Thanks for the lovely service,13/25/2026\n")
    response = client.post("/api/v1/inbox/import", headers=bearer(users[Role.COMMS]),
                           files={"file": ("m.csv", body.encode(), "text/csv")})
    assert response.status_code == 201, response.text
    data = response.json()
    assert [m["received_at"] for m in data["messages"]] == [
        "2025-12-05T08:45:00Z", "2025-06-05T07:45:00Z", "2025-06-05T08:45:00Z"]
    assert [(p["line"], p["summary"]) for p in data["problems"]] == [
        (5, f"Row 5: '13/25/2026' is not a date — {SHAPE}")]


def test_the_import_page_speaks_plainly(client: TestClient, users: Users) -> None:
    user = users[Role.COMMS]
    log_in(client, user.email, user.password)
    page = client.get("/inbox")
    form = page.text[page.text.index('id="import-heading"'):page.text.index('id="queue-heading"')]
    for jargon in ("received_at", "author_name", "spec", "§"):
        assert jargon not in form
    assert "message" in form and "received" in form and "05/12/2026 08:45" in form
    yesterday = (datetime.now() - timedelta(days=1)).strftime("%d/%m/%Y %H:%M")
    body = (f"MESSAGE,Received At\nThanks for the lovely service,{yesterday}\n"
            ",05/12/2025 08:45\nThanks again,13/25/2026\n")
    response = client.post("/inbox/import", data={"csrf_token": csrf_from(page.text)},
                           files={"file": ("m.csv", body.encode(), "text/csv")})
    assert response.status_code == 200, response.text
    assert "Imported 1 message" in response.text
    listed = response.text[response.text.index('id="import-problems"'):]
    listed = listed[:listed.index("</ul>")]
    assert "<li>Row 3: the message is missing</li>" in listed
    assert f"<li>Row 4: &#39;13/25/2026&#39; is not a date — {SHAPE}</li>" in listed
    assert "2 messages could not be imported" in response.text
    for jargon in ("received_at", "text:", "Field required", "loc"):
        assert jargon not in listed


def test_a_sender_name_too_long_to_store_is_refused_whole(client: TestClient,
                                                          users: Users) -> None:
    """The column holds 200 characters: PostgreSQL would refuse a longer name at commit,
    SQLite would keep it; the API refuses it up front on both, and stores nothing."""
    prefix, who = uuid.uuid4().hex[:8], bearer(users[Role.COMMS])
    for n, expected in ((200, 201), (201, 422)):
        body = {"id": f"{prefix}-{n}", "text": "Thanks for the lovely service",
                "author": {"name": "x" * n, "identifiable_as_staff": False}}
        response = client.post("/api/v1/inbox/messages", json=body, headers=who)
        assert response.status_code == expected, response.text
    assert "the sender's name is too long (at most 200 characters)" in response.text
    stored = {m["external_id"]: m["author_name"]
              for m in client.get("/api/v1/inbox/messages", headers=who).json()}
    assert stored.get(f"{prefix}-200") == "x" * 200
    assert f"{prefix}-201" not in stored
