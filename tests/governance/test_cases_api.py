"""Cases through the API and the pages: role-based visibility (a case the user may not
see is 404), reporting, the state machine of each kind, comments, assignment, due
dates, the audit trail, and the role-filtered exports."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from tests import conftest_web as web
from tests.conftest_web import NamedUser, bearer, csrf_from, log_in

# Fixtures shared with the other web tests (pytest finds them as module attributes).
app, client, data_dir, database_url, users = web.app, web.client, web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]
SEES = {
    "safeguarding": {Role.SAFEGUARDING, Role.ADMIN},
    "harassment": {Role.HR, Role.MANAGER, Role.ADMIN},
    "non_compliance": {Role.HR, Role.ADMIN},
    "media": {Role.COMMS, Role.ADMIN},
    "foi": {Role.FOI, Role.ADMIN},
}


def report(client: TestClient, user: NamedUser, kind: str, title: str = "A case") -> Any:
    return client.post("/api/v1/cases", headers=bearer(user),
                       json={"kind": kind, "title": title, "description": "details"})


@pytest.fixture(scope="module")
def cases(app: Any, users: Users) -> dict[str, int]:
    made = {}
    with TestClient(app) as c:
        for kind in SEES:
            response = report(c, users[Role.ADMIN], kind, f"{kind} case")
            assert response.status_code == 201, response.text
            made[kind] = response.json()["id"]
    return made


@pytest.mark.parametrize("kind", sorted(SEES))
@pytest.mark.parametrize("role", sorted(Role))
def test_visibility_per_role(kind: str, role: Role, cases: dict[str, int], client: TestClient,
                             users: Users) -> None:
    case_id = cases[kind]
    api = client.get(f"/api/v1/cases/{case_id}", headers=bearer(users[role]))
    listed = {c["id"] for c in client.get("/api/v1/cases", headers=bearer(users[role])).json()}
    if role in SEES[kind]:
        assert api.status_code == 200 and case_id in listed
    else:
        assert api.status_code == 404 and case_id not in listed
        assert api.json()["error"]["code"] == "not_found"
        moved = client.post(f"/api/v1/cases/{case_id}/comments", json={"body": "x"},
                            headers=bearer(users[role]))
        assert moved.status_code == 404


def test_pages_enforce_visibility(cases: dict[str, int], client: TestClient,
                                  users: Users) -> None:
    assert client.get(f"/cases/{cases['safeguarding']}",
                      follow_redirects=False).status_code == 303
    log_in(client, users[Role.HR].email, users[Role.HR].password)
    assert client.get(f"/cases/{cases['safeguarding']}").status_code == 404
    page = client.get(f"/cases/{cases['harassment']}")
    assert page.status_code == 200 and "Harassment report" in page.text
    listing = client.get("/cases").text
    assert f"/cases/{cases['harassment']}" in listing
    assert f"/cases/{cases['safeguarding']}\"" not in listing


def test_unauthenticated_api_is_401(client: TestClient) -> None:
    for response in (client.get("/api/v1/cases"), client.post("/api/v1/cases", json={}),
                     client.get("/api/v1/cases/export.csv")):
        assert response.status_code == 401


def test_staff_report_a_press_call_but_do_not_see_it_afterwards(
        client: TestClient, users: Users) -> None:
    response = report(client, users[Role.STAFF], "media", "The press called me about my post")
    assert response.status_code == 201
    case_id = response.json()["id"]
    assert "message" in response.json()
    assert client.get(f"/api/v1/cases/{case_id}",
                      headers=bearer(users[Role.STAFF])).status_code == 404
    seen = client.get(f"/api/v1/cases/{case_id}", headers=bearer(users[Role.COMMS])).json()
    assert seen["reporter"] == "staff@test.nhs.uk" and seen["state"] == "open"


def test_only_hr_managers_and_comms_refer_non_compliance(client: TestClient,
                                                         users: Users) -> None:
    assert report(client, users[Role.STAFF], "non_compliance").status_code == 403
    assert report(client, users[Role.FOI], "non_compliance").status_code == 403
    assert report(client, users[Role.MANAGER], "non_compliance").status_code == 201
    assert report(client, users[Role.STAFF], "foi").status_code == 403
    assert report(client, users[Role.STAFF], "nonsense").status_code == 422


def test_general_state_machine_with_audit_rows(client: TestClient, users: Users) -> None:
    sg = bearer(users[Role.SAFEGUARDING])
    case_id = report(client, users[Role.SAFEGUARDING], "safeguarding").json()["id"]
    assert client.post(f"/api/v1/cases/{case_id}/transition", headers=sg,
                       json={"to": "in_progress"}).json()["state"] == "in_progress"
    resolved = client.post(f"/api/v1/cases/{case_id}/transition", headers=sg,
                           json={"to": "resolved", "reason": "police informed"})
    assert resolved.status_code == 200 and resolved.json()["allowed_moves"] == [
        "closed", "in_progress"]
    bad = client.post(f"/api/v1/cases/{case_id}/transition", headers=sg, json={"to": "open"})
    assert bad.status_code == 409 and bad.json()["error"]["code"] == "conflict"
    unknown = client.post(f"/api/v1/cases/{case_id}/transition", headers=sg,
                          json={"to": "responded"})
    assert unknown.status_code == 409
    trail = client.get(f"/api/v1/cases/{case_id}", headers=sg).json()["trail"]
    moves = [(e["action"], e["from_state"], e["to_state"]) for e in trail]
    assert moves == [("opened", None, "open"), ("transition", "open", "in_progress"),
                     ("transition", "in_progress", "resolved")]
    assert trail[2]["reason"] == "police informed"
    assert trail[2]["actor"] == "safeguarding@test.nhs.uk"


def test_foi_state_machine_and_statutory_due_date(client: TestClient, users: Users) -> None:
    foi = bearer(users[Role.FOI])
    opened = report(client, users[Role.FOI], "foi").json()
    case_id = opened["id"]
    assert opened["due_date"] is not None  # statutory from receipt, even when opened by hand
    assert client.put(f"/api/v1/cases/{case_id}/due", headers=foi,
                      json={"due_date": "2030-01-01"}).status_code == 422
    assert client.post(f"/api/v1/cases/{case_id}/transition", headers=foi,
                       json={"to": "resolved"}).status_code == 409
    # A response carries its outcome, so the plain transition points to the FOI step.
    plain = client.post(f"/api/v1/cases/{case_id}/transition", headers=foi,
                        json={"to": "responded"})
    assert plain.status_code == 422 and "/foi/response" in plain.json()["error"]["message"]
    done = client.post(f"/api/v1/cases/{case_id}/foi/response", headers=foi,
                       json={"outcome": "disclosed"})
    assert done.status_code == 200 and done.json()["state"] == "responded"
    after = client.get(f"/api/v1/cases/{case_id}", headers=foi).json()
    assert after["allowed_moves"] == ["in_progress", "internal_review", "referred_ico"]
    assert after["working_days_left"] is None


def test_comments_assignment_and_due_dates(client: TestClient, users: Users) -> None:
    hr = bearer(users[Role.HR])
    case_id = report(client, users[Role.HR], "harassment").json()["id"]
    note = client.post(f"/api/v1/cases/{case_id}/comments", headers=hr,
                       json={"body": "Spoke to the line manager."})
    assert note.status_code == 201 and note.json()["author"] == "hr@test.nhs.uk"
    assert client.post(f"/api/v1/cases/{case_id}/comments", headers=hr,
                       json={"body": "   "}).status_code == 422
    wrong = client.post(f"/api/v1/cases/{case_id}/assign", headers=hr,
                        json={"assignee": users[Role.FOI].email})
    assert wrong.status_code == 422
    right = client.post(f"/api/v1/cases/{case_id}/assign", headers=hr,
                        json={"assignee": users[Role.MANAGER].email})
    assert right.status_code == 200 and right.json()["assignee"] == users[Role.MANAGER].email
    due = client.put(f"/api/v1/cases/{case_id}/due", headers=hr,
                     json={"due_date": "2030-01-02", "reason": "HR timetable"})
    assert due.status_code == 200 and due.json()["due_date"] == "2030-01-02"
    detail = client.get(f"/api/v1/cases/{case_id}", headers=bearer(users[Role.MANAGER])).json()
    assert [c["body"] for c in detail["comments"]] == ["Spoke to the line manager."]
    assert [e["action"] for e in detail["trail"]] == ["opened", "commented", "assigned",
                                                      "due_changed"]


def test_page_workflow_comment_and_resolve(client: TestClient, users: Users) -> None:
    user = users[Role.COMMS]
    log_in(client, user.email, user.password)
    form = client.get("/cases/new")
    assert form.status_code == 200 and "Media contact" in form.text
    token = csrf_from(form.text)
    created = client.post("/cases", data={"csrf_token": token, "kind": "media",
                                          "title": "Radio asked about my post"},
                          follow_redirects=False)
    assert created.status_code == 303
    url = created.headers["location"]
    assert client.post(f"{url}/comments", data={"csrf_token": token, "body": "Called back"},
                       follow_redirects=False).status_code == 303
    assert client.post(f"{url}/transition", data={"csrf_token": token, "to": "resolved"},
                       follow_redirects=False).status_code == 303
    page = client.get(url).text
    assert "Called back" in page and 'id="case-state">resolved' in page
    assert client.post(f"{url}/transition", data={"to": "closed"}).status_code == 403  # CSRF
    missing = client.post("/cases", data={"csrf_token": token, "kind": "media", "title": ""})
    assert missing.status_code == 422


def test_staff_page_report_is_confirmed_but_hidden(client: TestClient, users: Users) -> None:
    user = users[Role.STAFF]
    log_in(client, user.email, user.password)
    token = csrf_from(client.get("/cases/new").text)
    done = client.post("/cases", data={"csrf_token": token, "kind": "safeguarding",
                                       "title": "Worrying comment on a colleague's post"})
    assert done.status_code == 200 and "ICB Safeguarding Lead" in done.text


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_exports_are_role_filtered(cases: dict[str, int], client: TestClient,
                                   users: Users) -> None:
    hr_rows = _csv_rows(client.get("/api/v1/cases/export.csv",
                                   headers=bearer(users[Role.HR])).text)
    kinds = {row["kind"] for row in hr_rows}
    assert kinds <= {"harassment", "non_compliance"} and "harassment" in kinds
    assert client.get("/api/v1/cases/foi.csv", headers=bearer(users[Role.HR])).status_code == 403
    foi = client.get("/api/v1/cases/foi.csv", headers=bearer(users[Role.FOI]))
    assert foi.status_code == 200 and foi.headers["content-type"].startswith("text/csv")
    rows = _csv_rows(foi.text)
    assert str(cases["foi"]) in {r["id"] for r in rows}
    assert set(rows[0]) >= {"due_date", "working_days_left", "requester"}
    audit = client.get("/api/v1/cases/audit.jsonl", headers=bearer(users[Role.HR]))
    assert audit.status_code == 200
    events = [json.loads(line) for line in audit.text.splitlines()]
    case_ids = {e["entity_id"] for e in events if e["entity_type"] == "case"}
    assert str(cases["harassment"]) in case_ids and str(cases["safeguarding"]) not in case_ids
    admin = client.get("/api/v1/cases/audit.jsonl", headers=bearer(users[Role.ADMIN])).text
    assert str(cases["safeguarding"]) in {json.loads(x)["entity_id"] for x in admin.splitlines()}


def test_page_exports(client: TestClient, users: Users) -> None:
    user = users[Role.FOI]
    log_in(client, user.email, user.password)
    assert client.get("/cases/foi.csv").status_code == 200
    assert client.get("/cases/export.csv").text.startswith("id,kind,title")
    assert client.get("/cases/audit.jsonl").status_code == 200


def test_csv_export_neutralises_formulas(client: TestClient, users: Users) -> None:
    report(client, users[Role.COMMS], "media", "=HYPERLINK(\"http://x\")")
    text = client.get("/api/v1/cases/export.csv", headers=bearer(users[Role.COMMS])).text
    assert "'=HYPERLINK" in text
