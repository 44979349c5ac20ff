"""The triage inbox through the API and the pages: who may import, what each label does
(cases, the 999 alert, the FOI clock, the platform task), queues per team, audit rows."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import TRIAGE_ROLES, Role
from socialguard.cases.tables import Case
from socialguard.policy import load_pack
from socialguard.triage.clock import foi_due_date, today_local, working_days_left
from socialguard.workflow.audit import trail
from tests import conftest_web as web
from tests.conftest_web import NamedUser, bearer, csrf_from, log_in

# Fixtures shared with the other web tests (pytest finds them as module attributes).
app, client, data_dir, database_url, users = web.app, web.client, web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]
RECEIVED = "2026-11-25T10:00:00Z"
MESSAGES = {
    "foi": ("Please could you send me the total spent on agency nurses in 2025?", "Amira Khan",
            {"triage.foi-request"}),
    "info": ("How much did the ICB spend on consultants last year?", "@taxwatch",
             {"triage.information-request"}),
    "danger": ("I've taken an overdose and I'm scared", "@anon",
               {"triage.safeguarding-danger"}),
    "concern": ("I am worried my neighbour, an elderly man with dementia, is being financially "
                "exploited by his carer", "@n", {"triage.safeguarding-concern"}),
    "media": ("Hi, I'm a reporter at the county paper – could your press office give us a "
              "comment on the clinic closures by 5pm?", "Tom Reed", {"triage.media-enquiry"}),
    "abuse": ("Your receptionist Sarah is a useless stupid cow and I hope she gets what's "
              "coming", "@angry", {"triage.staff-abuse"}),
    "tos": ("A spam account keeps posting porn links under every one of your posts, can you report it",
            "@watcher", {"triage.tos-breach"}),
    "general": ("Thanks for the lovely service at the clinic", "@fan", {"triage.general"}),
}


def jsonl(prefix: str, keys: list[str] | None = None) -> str:
    lines = []
    for key in keys or list(MESSAGES):
        text, name, _ = MESSAGES[key]
        lines.append(json.dumps({"id": f"{prefix}-{key}", "text": text, "platform": "x",
                                 "author": {"name": name, "identifiable_as_staff": False},
                                 "received_at": RECEIVED}))
    return "\n".join(lines) + "\n"


def upload(client: TestClient, user: NamedUser, body: str, name: str = "batch.jsonl",
           kind: str = "application/x-ndjson") -> Any:
    return client.post("/api/v1/inbox/import", headers=bearer(user),
                       files={"file": (name, body.encode(), kind)})


@pytest.fixture(scope="module")
def batch(app: FastAPI, users: Users) -> dict[str, Any]:
    with TestClient(app) as c:
        response = upload(c, users[Role.COMMS], jsonl(uuid.uuid4().hex[:8]))
    assert response.status_code == 201, response.text
    body = response.json()
    return {m["external_id"].rsplit("-", 1)[1]: m for m in body["messages"]} | {"_": body}


def test_every_label_routes_as_the_policy_says(batch: dict[str, Any], app: FastAPI) -> None:
    assert batch["_"]["imported"] == len(MESSAGES)
    for key, (_, _, labels) in MESSAGES.items():
        assert set(batch[key]["labels"]) == labels, key
    teams = {key: {r["team"] for r in batch[key]["routes"]} for key in MESSAGES}
    assert teams["foi"] == {"foi"} and teams["danger"] == {"safeguarding"}
    assert teams["media"] == {"comms"} and teams["abuse"] == {"hr"}
    assert teams["tos"] == {"platform"} and teams["general"] == {"account_owner"}
    assert teams["info"] == {"account_owner"}
    with app.state.db.session() as session:
        kinds = {key: session.get(Case, r["case_id"]).kind
                 for key in MESSAGES for r in batch[key]["routes"] if r["case_id"]}
    assert kinds == {"foi": "foi", "danger": "safeguarding", "concern": "safeguarding",
                     "media": "media", "abuse": "harassment"}


def test_foi_request_gets_the_statutory_due_date_and_a_countdown(
        batch: dict[str, Any], app: FastAPI, client: TestClient, users: Users) -> None:
    route = batch["foi"]["routes"][0]
    due = foi_due_date(datetime.fromisoformat(RECEIVED))
    assert route["due"] == due.isoformat() == "2026-12-24"  # St Andrew's Day, 30 Nov, skipped
    case = client.get(f"/api/v1/cases/{route['case_id']}", headers=bearer(users[Role.FOI]))
    assert case.status_code == 200
    data = case.json()
    assert data["due_date"] == due.isoformat() and data["requester"] == "Amira Khan"
    assert data["working_days_left"] == working_days_left(due, date.today())
    assert data["kind"] == "foi" and data["urgency"] == "high"


def test_danger_raises_an_urgent_case_and_the_999_alert(
        batch: dict[str, Any], client: TestClient, users: Users) -> None:
    assert "999" in batch["danger"]["alert"]
    assert any("999" in a for a in batch["_"]["alerts"])
    case_id = batch["danger"]["routes"][0]["case_id"]
    case = client.get(f"/api/v1/cases/{case_id}", headers=bearer(users[Role.SAFEGUARDING]))
    assert case.json()["urgency"] == "immediate" and "999" in case.json()["instruction"]
    assert case.json()["trail"][0]["action"] == "opened"


def test_platform_breach_gets_a_report_task_with_the_official_link(
        batch: dict[str, Any], client: TestClient, users: Users) -> None:
    route = batch["tos"]["routes"][0]
    assert route["report_url"].startswith("https://help.x.com/")
    moved = client.post(f"/api/v1/inbox/routes/{route['id']}/done",
                        headers=bearer(users[Role.COMMS]))
    assert moved.status_code == 200 and moved.json()["state"] == "done"
    again = client.post(f"/api/v1/inbox/routes/{route['id']}/done",
                        headers=bearer(users[Role.COMMS]))
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    hidden = client.post(f"/api/v1/inbox/routes/{route['id']}/open",
                         headers=bearer(users[Role.FOI]))
    assert hidden.status_code == 404


def test_each_team_sees_its_own_queue(batch: dict[str, Any], client: TestClient,
                                      users: Users) -> None:
    def ids(role: Role) -> set[int]:
        got = client.get("/api/v1/inbox/messages", headers=bearer(users[role]))
        assert got.status_code == 200
        return {m["id"] for m in got.json()}

    mine = {key: batch[key]["id"] for key in MESSAGES}
    assert mine["foi"] in ids(Role.FOI) and mine["danger"] not in ids(Role.FOI)
    assert {mine["danger"], mine["concern"], mine["tos"]} <= ids(Role.SAFEGUARDING)
    assert mine["media"] not in ids(Role.SAFEGUARDING)
    assert mine["abuse"] in ids(Role.HR) and mine["abuse"] in ids(Role.MANAGER)
    assert mine["foi"] not in ids(Role.HR)
    assert set(mine.values()) <= ids(Role.COMMS)  # comms imported the batch
    assert set(mine.values()) <= ids(Role.ADMIN)
    refused = client.get(f"/api/v1/inbox/messages/{mine['danger']}",
                         headers=bearer(users[Role.FOI]))
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"


def test_imports_and_cases_are_audited(batch: dict[str, Any], app: FastAPI) -> None:
    with app.state.db.session() as session:
        rows = trail(session, entity_type="inbox_message", entity_id=batch["danger"]["id"])
        assert [r.action for r in rows] == ["imported"]
        assert rows[0].actor == "comms@test.nhs.uk"
        assert rows[0].detail["labels"] == ["triage.safeguarding-danger"]
        opened = trail(session, entity_type="case",
                       entity_id=batch["media"]["routes"][0]["case_id"])
        assert opened[0].action == "opened" and opened[0].to_state == "open"


@pytest.mark.parametrize("role", sorted(Role))
def test_who_may_post_a_message(role: Role, client: TestClient, users: Users) -> None:
    body = {"id": f"one-{uuid.uuid4().hex}", "text": "Thanks for the lovely service",
            "platform": "facebook", "author": {"name": "@fan"}}
    response = client.post("/api/v1/inbox/messages", json=body, headers=bearer(users[role]))
    allowed = role in TRIAGE_ROLES or role is Role.ADMIN
    assert response.status_code == (201 if allowed else 403), response.text
    if not allowed:
        assert response.json()["error"]["code"] == "forbidden"


def test_unauthenticated_api_is_401(client: TestClient) -> None:
    for response in (client.post("/api/v1/inbox/messages", json={"text": "hi"}),
                     client.get("/api/v1/inbox/messages"),
                     client.post("/api/v1/inbox/import", files={"file": ("a.csv", b"text\nx")})):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_csv_import_reports_bad_lines_and_skips_duplicates(client: TestClient,
                                                           users: Users) -> None:
    prefix = uuid.uuid4().hex[:8]
    body = ("id,text,platform,author_name,received_at\n"
            f"{prefix}-1,Thanks for the lovely service,facebook,@fan,2026-11-25T09:00:00Z\n"
            f"{prefix}-2,,facebook,@fan,\n"
            f"{prefix}-3,Hello,facebook,@fan,not a date\n")
    first = upload(client, users[Role.FOI], body, "m.csv", "text/csv")
    assert first.status_code == 201, first.text
    data = first.json()
    assert data["imported"] == 1 and [p["line"] for p in data["problems"]] == [3, 4]
    second = upload(client, users[Role.FOI], body, "m.csv", "text/csv")
    assert second.json()["imported"] == 0 and second.json()["duplicates"] == [f"{prefix}-1"]
    bad = upload(client, users[Role.FOI], "name\nx\n", "m.csv", "text/csv")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"


def test_csv_with_stray_carriage_returns_and_nul_bytes_loses_nothing_else(
        client: TestClient, users: Users) -> None:
    prefix = uuid.uuid4().hex[:8]
    body = (f"id,text\r\n{prefix}-1,first\rsecond,x\r\n{prefix}-2,has a \x00 byte\r\n"
            f"{prefix}-3,kept\r\n")
    response = upload(client, users[Role.COMMS], body, "m.csv", "text/csv")
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["imported"] == 3  # "first", "second,x" and "kept"
    assert [p["line"] for p in data["problems"]] == [4]
    assert "NUL" in data["problems"][0]["message"]


def test_import_is_limited_to_the_batch_limit(client: TestClient, users: Users) -> None:
    lines = "".join(json.dumps({"text": f"hello {i}"}) + "\n" for i in range(101))
    response = upload(client, users[Role.COMMS], lines)
    assert response.status_code == 422


def test_inbox_pages_need_a_triage_role(client: TestClient, users: Users) -> None:
    assert client.get("/inbox", follow_redirects=False).status_code == 303
    log_in(client, users[Role.STAFF].email, users[Role.STAFF].password)
    assert client.get("/inbox").status_code == 403


def test_page_import_shows_the_999_alert_at_once(client: TestClient, users: Users) -> None:
    user = users[Role.SAFEGUARDING]
    log_in(client, user.email, user.password)
    page = client.get("/inbox")
    assert page.status_code == 200
    response = client.post("/inbox/import", data={"csrf_token": csrf_from(page.text)},
                           files={"file": ("b.jsonl", jsonl(uuid.uuid4().hex[:8],
                                                            ["danger", "foi"]).encode())})
    assert response.status_code == 200, response.text
    assert 'role="alert"' in response.text and "dial 999" in response.text
    assert "Imported 2 messages" in response.text
    no_csrf = client.post("/inbox/import", files={"file": ("b.jsonl", b"{}")})
    assert no_csrf.status_code == 403


def test_message_page_shows_routes_tasks_and_countdown(batch: dict[str, Any],
                                                       client: TestClient,
                                                       users: Users) -> None:
    user = users[Role.COMMS]
    log_in(client, user.email, user.password)
    page = client.get(f"/inbox/{batch['tos']['id']}")
    assert page.status_code == 200
    assert "https://help.x.com/" in page.text
    assert "Mark done" in page.text or "Open again" in page.text
    foi = batch["foi"]
    foi_page = client.get(f"/inbox/{foi['id']}")
    due = date.fromisoformat(next(r["due"] for r in foi["routes"] if r["team"] == "foi"))
    left = working_days_left(due, today_local(), load_pack().foi)
    plural = "" if abs(left) == 1 else "s"
    expected = (f"{left} working day{plural} left" if left > 0 else "due today" if left == 0
                else f"overdue by {-left} working day{plural}")
    assert f"Due {due.strftime('%d %b %Y')}</strong>: {expected}" in foi_page.text
    assert client.get("/inbox/999999").status_code == 404


def test_receipt_times_the_clock_cannot_count_from_are_refused(client: TestClient,
                                                               users: Users) -> None:
    body = {"text": "Please send the budget", "received_at": "1900-01-01T00:00:00Z"}
    response = client.post("/api/v1/inbox/messages", json=body,
                           headers=bearer(users[Role.FOI]))
    assert response.status_code == 422 and "received_at" in response.json()["error"]["message"]
