"""The approvals pages: sign-in, the new-request forms (a real captions upload), the checks
table, reviewers' buttons, CSRF and who sees what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, csrf_from, log_in, make_settings
from tests.governance.test_approvals_api import SRT_10S, VTT_30S

# Fixtures shared with the other web tests (pytest finds them as module attributes).
data_dir, database_url, users = web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


def signed_in(app: FastAPI, user: NamedUser) -> TestClient:
    browser = TestClient(app, base_url=BASE_URL)
    log_in(browser, user.email, user.password)
    return browser


def video_form(token: str, **changes: str) -> dict[str, str]:
    form = {"csrf_token": token, "title": "New clinic video", "summary": "Opening",
            "duration_s": "30", "channel": "corporate-youtube", "branded": "on",
            "labelled": "on", "tagged": "on", "credited_to": "",
            "people_0_description": "Clinic nurse", "people_0_age_group": "adult",
            "people_0_consent": "written", "people_0_record": "CF-1", "intent": "submit"}
    form.update(changes)
    return form


def raise_video(browser: TestClient, captions: tuple[str, str], **changes: str) -> int:
    token = csrf_from(browser.get("/approvals/new/video").text)
    response = browser.post("/approvals/new/video", data=video_form(token, **changes),
                            files={"captions": (captions[0], captions[1].encode(), "text/vtt")},
                            follow_redirects=False)
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/approvals/(\d+)", response.headers["location"])
    assert found
    return int(found.group(1))


def press(browser: TestClient, rid: int, action: str, reason: str = "") -> int:
    token = csrf_from(browser.get(f"/approvals/{rid}").text)
    return browser.post(f"/approvals/{rid}/action", follow_redirects=False,
                        data={"csrf_token": token, "action": action, "reason": reason}
                        ).status_code


def test_signed_out_visitors_are_sent_to_sign_in(app: FastAPI) -> None:
    browser = TestClient(app, base_url=BASE_URL)
    for path in ("/approvals", "/approvals/new/video", "/approvals/1"):
        response = browser.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_staff_raise_a_video_and_comms_approve_it(app: FastAPI, users: Users) -> None:
    staff = signed_in(app, users[Role.STAFF])
    page = staff.get("/approvals")
    assert page.status_code == 200 and 'href="/approvals/new/video"' in page.text
    rid = raise_video(staff, ("clinic.vtt", VTT_30S))
    detail = staff.get(f"/approvals/{rid}").text
    assert "All 5 checks pass." in detail and "clinic.vtt: 3 cues" in detail
    assert 'value="approve"' not in detail  # the requester does not review
    comms = signed_in(app, users[Role.COMMS])
    assert f'href="/approvals/{rid}"' in comms.get("/approvals").text
    assert press(comms, rid, "start_review") == 303
    assert press(comms, rid, "approve", "Looks good") == 303
    approved = comms.get(f"/approvals/{rid}").text
    assert "<strong>approved</strong>" in approved and "under review → approved" in approved
    assert press(comms, rid, "approve") == 409


def test_a_failing_check_is_shown_and_blocks_approval(app: FastAPI, users: Users) -> None:
    staff = signed_in(app, users[Role.STAFF])
    rid = raise_video(staff, ("short.srt", SRT_10S), duration_s="60",
                      credited_to="Acme Films")
    detail = staff.get(f"/approvals/{rid}").text
    assert "2 of 5 checks fail" in detail and "credited to Acme Films" in detail
    comms = signed_in(app, users[Role.COMMS])
    press(comms, rid, "start_review")
    token = csrf_from(comms.get(f"/approvals/{rid}").text)
    blocked = comms.post(f"/approvals/{rid}/action", data={"csrf_token": token,
                                                           "action": "approve"})
    assert blocked.status_code == 409
    assert "cannot approve while a check fails" in blocked.text
    assert press(comms, rid, "request_changes", "Captions stop at 10 seconds") == 303
    edit = staff.get(f"/approvals/{rid}/edit")
    assert edit.status_code == 200 and "Uploaded: short.srt" in edit.text


def test_the_form_names_each_problem(app: FastAPI, users: Users) -> None:
    staff = signed_in(app, users[Role.STAFF])
    token = csrf_from(staff.get("/approvals/new/video").text)
    response = staff.post("/approvals/new/video",
                          data=video_form(token, title="", duration_s="",
                                          people_0_age_group="", people_0_consent=""),
                          files={"captions": ("notes.txt", b"hello", "text/plain")})
    assert response.status_code == 422
    for anchor in ('href="#title"', 'href="#duration_s"', 'href="#captions"',
                   'href="#people_0_age_group"'):
        assert anchor in response.text
    assert 'aria-invalid="true"' in response.text


def test_forms_need_the_csrf_token(app: FastAPI, users: Users) -> None:
    staff = signed_in(app, users[Role.STAFF])
    response = staff.post("/approvals/new/blog", data={"title": "x", "where": "y"})
    assert response.status_code == 403


def test_staff_see_only_their_own_requests(app: FastAPI, users: Users) -> None:
    manager = signed_in(app, users[Role.MANAGER])
    token = csrf_from(manager.get("/approvals/new/survey").text)
    response = manager.post("/approvals/new/survey", follow_redirects=False, data={
        "csrf_token": token, "title": "Carers survey", "audience": "Carers",
        "tool": "Forms", "intent": "draft"})
    assert response.status_code == 303
    rid = int(response.headers["location"].rsplit("/", 1)[1])
    staff = signed_in(app, users[Role.STAFF])
    assert staff.get(f"/approvals/{rid}").status_code == 404
    assert f'href="/approvals/{rid}"' not in staff.get("/approvals").text
    assert signed_in(app, users[Role.IG]).get(f"/approvals/{rid}").status_code == 200
    assert staff.get("/approvals/new/podcast").status_code == 404


def test_collaboration_page_waits_for_both_teams(app: FastAPI, users: Users) -> None:
    staff = signed_in(app, users[Role.STAFF])
    token = csrf_from(staff.get("/approvals/new/collaboration").text)
    response = staff.post("/approvals/new/collaboration", follow_redirects=False, data={
        "csrf_token": token, "title": "Pathway redesign space", "tool": "FutureNHS",
        "participants": "Partners", "closed_environment": "on", "secure_login": "on",
        "intent": "submit"})
    rid = int(response.headers["location"].rsplit("/", 1)[1])
    comms, ig = signed_in(app, users[Role.COMMS]), signed_in(app, users[Role.IG])
    press(comms, rid, "start_review")
    press(comms, rid, "approve")
    page = comms.get(f"/approvals/{rid}").text
    assert "Waiting for Information Governance." in page and 'value="approve"' not in page
    press(ig, rid, "approve")
    assert "<strong>approved</strong>" in ig.get(f"/approvals/{rid}").text
    comment_token = csrf_from(ig.get(f"/approvals/{rid}").text)
    ig.post(f"/approvals/{rid}/comments", data={"csrf_token": comment_token,
                                                "body": "Review access in March"})
    assert "Review access in March" in staff.get(f"/approvals/{rid}").text
