"""Captions files on video approval requests: one that cannot be read is refused at the door
(API and form, nothing stored), a bad one already stored cannot break the lists and exports,
and the captions check measures the cues against the whole video."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from socialguard.approvals.tables import ApprovalRequest
from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, bearer, csrf_from, log_in, make_settings
from tests.governance.test_approvals_api import VTT_30S, create, good_video

# Fixtures shared with the other web tests (pytest finds them as module attributes).
client, data_dir, database_url, users = web.client, web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]
OVERFLOWING_SRT = "1\n00:00:00,1" + "0" * 400 + " --> 00:00:02,000\nHello\n"
LISTS = ("/api/v1/approvals", "/api/v1/approvals/export.csv")
PAGES = ("/approvals", "/approvals/export.csv")


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


def stored(app: FastAPI, title: str) -> int:
    with app.state.db.session() as session:
        count: int = session.scalar(select(func.count()).select_from(ApprovalRequest)
                                    .where(ApprovalRequest.title == title)) or 0
        return count


def post(client: TestClient, user: NamedUser, title: str, captions: dict[str, str],
         **details: Any) -> Any:
    return client.post("/api/v1/approvals", headers=bearer(user), json={
        "kind": "video", "title": title, "details": good_video(**details),
        "captions": captions, "submit": True})


def assert_lists_answer(app: FastAPI, client: TestClient, users: Users) -> None:
    for path in LISTS:
        for role in (Role.STAFF, Role.COMMS):
            response = client.get(path, headers=bearer(users[role]))
            assert response.status_code == 200, (path, role, response.text)
    browser = TestClient(app, base_url=BASE_URL)
    log_in(browser, users[Role.COMMS].email, users[Role.COMMS].password)
    for path in PAGES:
        assert browser.get(path).status_code == 200, path


@pytest.mark.parametrize(("captions", "problem"), [
    ({"name": "clinic.srt", "content": OVERFLOWING_SRT},
     "captions: clinic.srt cannot be read: cue 1 has a time outside 0 to 100 hours"),
    ({"name": "clinic.vtt", "content": "no captions here"},
     "captions: clinic.vtt cannot be read: not a valid captions file"),
    ({"name": "clinic.vtt", "content": VTT_30S.replace("Monday", "Mon\x00day")},
     "captions: clinic.vtt cannot be read: not a text file (it holds a NUL byte)"),
    ({"name": "cli\x00nic.vtt", "content": VTT_30S},
     "captions: the file name holds a control character"),
])
def test_an_unreadable_captions_file_is_refused_and_nothing_stored(
        app: FastAPI, client: TestClient, users: Users, captions: dict[str, str],
        problem: str) -> None:
    title = f"Refused {captions['name']!r} {len(captions['content'])}"
    response = post(client, users[Role.STAFF], title, captions)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["message"].startswith(problem)
    assert stored(app, title) == 0
    assert_lists_answer(app, client, users)


def test_an_unreadable_captions_file_cannot_replace_a_good_one(
        app: FastAPI, client: TestClient, users: Users) -> None:
    staff = users[Role.STAFF]
    made = create(client, staff, "video", good_video(), submit=False,
                  captions={"name": "clinic.vtt", "content": VTT_30S})
    changed = client.patch(f"/api/v1/approvals/{made['id']}", headers=bearer(staff), json={
        "title": "Changed", "details": good_video(),
        "captions": {"name": "clinic.srt", "content": OVERFLOWING_SRT}})
    assert changed.status_code == 422, changed.text
    again = client.get(f"/api/v1/approvals/{made['id']}", headers=bearer(staff)).json()
    assert again["title"] == made["title"] and again["captions_name"] == "clinic.vtt"


def test_the_form_refuses_an_unreadable_captions_file(app: FastAPI, users: Users) -> None:
    browser = TestClient(app, base_url=BASE_URL)
    log_in(browser, users[Role.STAFF].email, users[Role.STAFF].password)
    token = csrf_from(browser.get("/approvals/new/video").text)
    title = "Form video with broken captions"
    response = browser.post("/approvals/new/video", follow_redirects=False, data={
        "csrf_token": token, "title": title, "duration_s": "30",
        "channel": "corporate-youtube", "intent": "submit"},
        files={"captions": ("clinic.srt", OVERFLOWING_SRT.encode(), "text/plain")})
    assert response.status_code == 422, response.text
    assert "cue 1 has a time outside 0 to 100 hours" in response.text
    assert stored(app, title) == 0


def test_a_bad_captions_file_already_stored_does_not_break_the_lists(
        app: FastAPI, client: TestClient, users: Users) -> None:
    # As a row written before the door checked captions files.
    with app.state.db.session() as session:
        staff = session.scalars(select(User).where(User.email == users[Role.STAFF].email)).one()
        row = ApprovalRequest(kind="video", title="Stored before the check", state="submitted",
                              requester_id=staff.id, requester=staff.email,
                              details=good_video(), captions_name="old.srt",
                              captions_text=OVERFLOWING_SRT)
        session.add(row)
        session.flush()
        rid = row.id
    assert_lists_answer(app, client, users)
    listed = client.get("/api/v1/approvals", headers=bearer(users[Role.COMMS])).json()
    captions = next(r for r in listed if r["id"] == rid)["checks"][0]
    assert captions["key"] == "captions" and captions["passed"] is False
    assert captions["detail"] == "old.srt: cue 1 has a time outside 0 to 100 hours"
    rows = csv.DictReader(io.StringIO(client.get(
        "/api/v1/approvals/export.csv", headers=bearer(users[Role.COMMS])).text, newline=""))
    assert "captions" in next(r for r in rows if r["id"] == str(rid))["checks_failed"]


def test_one_cue_at_the_end_does_not_cover_the_video(client: TestClient,
                                                     users: Users) -> None:
    one_cue = "WEBVTT\n\n09:59.000 --> 10:00.000\nThank you for watching.\n"
    response = post(client, users[Role.STAFF], "Ten minutes, one cue",
                    {"name": "end.vtt", "content": one_cue}, duration_s=600)
    assert response.status_code == 201, response.text
    captions = response.json()["checks"][0]
    assert captions["passed"] is False
    assert captions["detail"] == ("end.vtt: 1 cues; 599.0s of 600.0s without captions; "
                                  "the longest gap is 0.0s to 599.0s")
