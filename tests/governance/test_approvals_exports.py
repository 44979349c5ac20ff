"""Approvals downloads: the requests as CSV and their audit trail as JSON Lines, through the
API and the pages, each over exactly the requests the reader may see."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.approvals.exports import CSV_COLUMNS
from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, bearer, log_in, make_settings
from tests.governance.test_approvals_api import COLLAB, act, create

# Fixtures shared with the other web tests (pytest finds them as module attributes).
client, data_dir, database_url, users = web.client, web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]
EXPORTS = ("/api/v1/approvals/export.csv", "/api/v1/approvals/audit.jsonl")


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


def rows_of(client: TestClient, user: NamedUser) -> dict[str, dict[str, str]]:
    response = client.get("/api/v1/approvals/export.csv", headers=bearer(user))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == \
        'attachment; filename="approval-requests.csv"'
    reader = csv.DictReader(io.StringIO(response.text, newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return {row["id"]: row for row in reader}


def events_of(client: TestClient, user: NamedUser) -> list[dict[str, Any]]:
    response = client.get("/api/v1/approvals/audit.jsonl", headers=bearer(user))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    assert "attachment" in response.headers["content-disposition"]
    # Every caller has acted on a request, so an empty export would be a failure.
    assert response.text.endswith("\n"), "the audit export is empty"
    return [json.loads(line) for line in response.text.splitlines()]


@pytest.mark.parametrize("path", EXPORTS)
def test_unauthenticated_callers_get_401_with_the_one_error_shape(client: TestClient,
                                                                  path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        response = client.get(path, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "request_id"}
        assert body["error"]["code"] == "unauthenticated"


def test_staff_see_their_own_requests_and_reviewers_the_submitted_ones(
        client: TestClient, users: Users) -> None:
    staff, manager = users[Role.STAFF], users[Role.MANAGER]
    mine = create(client, staff, "survey", {"audience": "Carers", "tool": "Forms"})
    theirs = create(client, manager, "blog", {"where": "Intranet",
                                              "discussed_with_comms": True})
    staff_rows = rows_of(client, staff)
    assert str(mine["id"]) in staff_rows and str(theirs["id"]) not in staff_rows
    assert {row["requester"] for row in staff_rows.values()} == {staff.email}
    assert str(theirs["id"]) in rows_of(client, manager)
    for role in (Role.COMMS, Role.IG, Role.ADMIN):
        seen = rows_of(client, users[role])
        assert {str(mine["id"]), str(theirs["id"])} <= set(seen), role
        assert seen[str(mine["id"])]["state"] == "submitted"
    assert not rows_of(client, users[Role.HR]).keys() & {str(mine["id"]), str(theirs["id"])}


def test_the_csv_has_the_columns_of_each_request(client: TestClient, users: Users) -> None:
    staff, comms = users[Role.STAFF], users[Role.COMMS]
    collab = create(client, staff, "collaboration", COLLAB)
    act(client, comms, collab["id"], "start_review")
    act(client, comms, collab["id"], "approve", reason="Tool is on the approved list")
    blog = create(client, staff, "blog", {"where": "Medium"})  # not discussed with comms
    rows = rows_of(client, comms)
    row = rows[str(collab["id"])]
    assert row["kind"] == "collaboration" and row["state"] == "under_review"
    assert row["title"] == "A collaboration request" and row["requester"] == staff.email
    assert row["teams_needed"] == "comms; ig"
    assert row["signed_off_by"] == f"comms:{comms.email}"
    assert row["checks_failed"] == ""
    assert row["created_at"].startswith(collab["created_at"][:10])
    assert datetime.fromisoformat(row["updated_at"]) >= datetime.fromisoformat(row["created_at"])
    assert rows[str(blog["id"])]["checks_failed"] == "discussed"
    assert rows[str(blog["id"])]["signed_off_by"] == ""
    assert list(rows) == sorted(rows, key=int, reverse=True)  # newest first, as on the page


def test_a_formula_title_is_quoted_and_a_handle_is_kept(client: TestClient,
                                                        users: Users) -> None:
    staff = users[Role.STAFF]
    ids = {}
    for title in ('=HYPERLINK("http://evil.example","Open")', "@STW_Maternity", "-1+1"):
        made = client.post("/api/v1/approvals", headers=bearer(staff), json={
            "kind": "survey", "title": title,
            "details": {"audience": "Patients", "tool": "Forms"}})
        assert made.status_code == 201, made.text
        ids[title] = str(made.json()["id"])
    rows = rows_of(client, staff)
    assert rows[ids['=HYPERLINK("http://evil.example","Open")']]["title"] == \
        '\'=HYPERLINK("http://evil.example","Open")'
    assert rows[ids["@STW_Maternity"]]["title"] == "@STW_Maternity"
    assert rows[ids["-1+1"]]["title"] == "'-1+1"


def test_audit_lines_are_json_with_the_actions_taken(client: TestClient,
                                                     users: Users) -> None:
    staff, comms, manager = users[Role.STAFF], users[Role.COMMS], users[Role.MANAGER]
    made = create(client, staff, "blog", {"where": "Intranet", "discussed_with_comms": True},
                  submit=False)
    rid = str(made["id"])
    act(client, staff, made["id"], "submit")
    act(client, comms, made["id"], "start_review")
    act(client, comms, made["id"], "request_changes", reason="Add a posting schedule")
    client.post(f"/api/v1/approvals/{rid}/comments", json={"body": "Will do"},
                headers=bearer(staff))
    other = str(create(client, manager, "survey", {"audience": "Staff", "tool": "Forms"})["id"])

    events = events_of(client, staff)
    assert {e["entity_type"] for e in events} == {"approval"}
    assert other not in {e["entity_id"] for e in events}
    mine = [e for e in events if e["entity_id"] == rid]
    assert [(e["action"], e["from"], e["to"]) for e in mine] == [
        ("create", None, "draft"), ("transition", "draft", "submitted"),
        ("transition", "submitted", "under_review"),
        ("transition", "under_review", "changes_requested"), ("comment", None, None)]
    assert [e["actor"] for e in mine] == [staff.email, staff.email, comms.email, comms.email,
                                          staff.email]
    assert mine[3]["reason"] == "Add a posting schedule"
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)  # oldest first
    assert set(mine[0]) == {"id", "at", "actor", "entity_type", "entity_id", "action", "from",
                            "to", "reason", "detail"}

    reviewer_sees = {e["entity_id"] for e in events_of(client, comms)}
    assert {rid, other} <= reviewer_sees
    assert other in {e["entity_id"] for e in events_of(client, manager)}
    assert rid not in {e["entity_id"] for e in events_of(client, manager)}


def test_the_pages_download_for_a_signed_in_user(app: FastAPI, users: Users) -> None:
    staff = users[Role.STAFF]
    made = create(TestClient(app, base_url=BASE_URL), staff, "survey",
                  {"audience": "Visitors", "tool": "Forms"})
    browser = TestClient(app, base_url=BASE_URL)
    for path in ("/approvals/export.csv", "/approvals/audit.jsonl"):
        signed_out = browser.get(path, follow_redirects=False)
        assert signed_out.status_code == 303
        assert signed_out.headers["location"].startswith("/login")
    log_in(browser, staff.email, staff.password)
    page = browser.get("/approvals").text
    assert '<a href="/approvals/export.csv" download>Download as CSV</a>' in page
    assert '<a href="/approvals/audit.jsonl" download>Audit trail (JSON Lines)</a>' in page
    download = browser.get("/approvals/export.csv")
    assert download.status_code == 200
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in download.headers["content-disposition"]
    ids = {row["id"] for row in csv.DictReader(io.StringIO(download.text, newline=""))}
    assert str(made["id"]) in ids
    assert ids == set(rows_of(TestClient(app, base_url=BASE_URL), staff))  # same as the API
    audit = browser.get("/approvals/audit.jsonl")
    assert audit.status_code == 200 and audit.headers["content-type"] == "application/x-ndjson"
    assert str(made["id"]) in {json.loads(line)["entity_id"] for line in audit.text.splitlines()}
