"""Editing and resubmitting approval requests: which states the requester may change (a
draft, a request sent back for changes, a submitted one whose checks fail; never one under
review or closed), through the API (PATCH, the one error shape otherwise) and the pages (an
Edit button, the form pre-filled, the captions file replaced), the checks run again on save,
and the audit trail's record of the edit and the resubmission."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from socialguard.approvals.tables import ApprovalRequest
from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from socialguard.workflow.audit import trail
from socialguard.workflow.models import AuditEvent
from tests.conftest_web import BASE_URL, NamedUser, bearer, csrf_from, log_in, make_settings
from tests.governance import test_approvals_browser as in_browser
from tests.governance.test_approvals_api import SRT_10S, VTT_30S, act, create, good_video
from tests.web.browser import needs_chromium, serious_violations

# The live server and the browser thread of the approvals browser tests (module-scoped).
live, chromium = in_browser.live, in_browser.chromium

Users = dict[Role, NamedUser]
BLOG = {"where": "NHS Confed site", "discussed_with_comms": True}
UNDISCUSSED_BLOG = {"where": "Medium", "discussed_with_comms": False}
LONG_SRT = SRT_10S + "\n3\n00:00:10,000 --> 00:00:59,500\nThank you for watching.\n"
OVERFLOWING_SRT = "1\n00:00:00,1" + "0" * 400 + " --> 00:00:02,000\nHello\n"


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


def patch(client: TestClient, user: NamedUser, rid: int, **body: Any) -> Any:
    body.setdefault("title", "A blog request")
    body.setdefault("details", BLOG)
    return client.patch(f"/api/v1/approvals/{rid}", json=body, headers=bearer(user))


def assert_error_shape(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "request_id"}
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    return message


def events(app: FastAPI, rid: int) -> list[AuditEvent]:
    with app.state.db.session() as session:
        return trail(session, entity_type="approval", entity_id=rid)


def in_state(client: TestClient, users: Users, state: str) -> int:
    """A blog request by staff brought to ``state``; its one check (discussed with comms)
    fails for "submitted_failing" and passes otherwise."""
    staff, comms = users[Role.STAFF], users[Role.COMMS]
    rid: int = create(client, staff, "blog",
                      UNDISCUSSED_BLOG if state == "submitted_failing" else BLOG,
                      submit=state != "draft")["id"]
    if state in ("under_review", "changes_requested", "approved", "rejected"):
        act(client, comms, rid, "start_review")
    if state == "changes_requested":
        act(client, comms, rid, "request_changes", reason="Add a posting schedule")
    elif state == "approved":
        act(client, comms, rid, "approve")
    elif state == "rejected":
        act(client, comms, rid, "reject", reason="Not this year")
    elif state == "withdrawn":
        act(client, staff, rid, "withdraw")
    return rid


# -- the API ---------------------------------------------------------------------------


@pytest.mark.parametrize(("state", "editable"), [
    ("draft", True), ("changes_requested", True), ("submitted_failing", True),
    ("submitted", False), ("under_review", False), ("approved", False), ("rejected", False),
    ("withdrawn", False)])
def test_patch_allows_exactly_the_editable_states(client: TestClient, users: Users,
                                                  app: FastAPI, state: str,
                                                  editable: bool) -> None:
    staff = users[Role.STAFF]
    rid = in_state(client, users, state)
    before = client.get(f"/api/v1/approvals/{rid}", headers=bearer(staff)).json()
    assert before["editable"] is editable
    response = patch(client, staff, rid, title="Changed title", summary="new")
    if editable:
        assert response.status_code == 200, response.text
        assert response.json()["title"] == "Changed title"
        assert response.json()["state"] == before["state"]  # saving alone does not move it
        assert events(app, rid)[-1].action == "edit"
        return
    message = assert_error_shape(response, 409, "conflict")
    assert "cannot be changed" in message
    after = client.get(f"/api/v1/approvals/{rid}", headers=bearer(staff)).json()
    assert after["title"] == before["title"] and after["updated_at"] == before["updated_at"]
    assert "edit" not in [e.action for e in events(app, rid)]


def test_under_review_is_refused_even_with_failing_checks_and_a_bad_body(
        client: TestClient, users: Users) -> None:
    staff = users[Role.STAFF]
    rid = in_state(client, users, "submitted_failing")
    act(client, users[Role.COMMS], rid, "start_review")
    # Refused for its state before its details are read: nothing to fix in the body.
    message = assert_error_shape(patch(client, staff, rid, details={"where": ""}), 409,
                                 "conflict")
    assert message.startswith("This request is being reviewed")
    assert client.get(f"/api/v1/approvals/{rid}",
                      headers=bearer(staff)).json()["editable"] is False


def test_only_the_requester_edits(client: TestClient, users: Users) -> None:
    rid = in_state(client, users, "draft")
    assert_error_shape(patch(client, users[Role.COMMS], rid), 403, "forbidden")
    assert_error_shape(patch(client, users[Role.ADMIN], rid), 403, "forbidden")
    assert_error_shape(patch(client, users[Role.MANAGER], rid), 404, "not_found")
    no_token = client.patch(f"/api/v1/approvals/{rid}", json={"title": "x"})
    assert_error_shape(no_token, 401, "unauthenticated")
    seen = client.get(f"/api/v1/approvals/{rid}", headers=bearer(users[Role.COMMS])).json()
    assert seen["editable"] is False


def test_invalid_changes_are_named_and_nothing_is_kept(client: TestClient,
                                                       users: Users) -> None:
    staff = users[Role.STAFF]
    rid = in_state(client, users, "changes_requested")
    message = assert_error_shape(patch(client, staff, rid, title="Kept?", details={
        "where": "", "discussed_with_comms": True}), 422, "invalid_input")
    assert "details.where" in message
    wrong_kind = patch(client, staff, rid, captions={"name": "a.vtt", "content": VTT_30S})
    assert "only a video request" in assert_error_shape(wrong_kind, 422, "invalid_input")
    extra = patch(client, staff, rid, state="approved")  # the state is not the body's to set
    assert_error_shape(extra, 422, "invalid_input")
    again = client.get(f"/api/v1/approvals/{rid}", headers=bearer(staff)).json()
    assert again["title"] == "A blog request" and again["state"] == "changes_requested"


def test_a_submitted_video_with_failing_captions_is_fixed_and_checked_again(
        client: TestClient, users: Users, app: FastAPI) -> None:
    staff, comms = users[Role.STAFF], users[Role.COMMS]
    made = create(client, staff, "video", good_video(duration_s=60),
                  captions={"name": "clinic.srt", "content": SRT_10S})
    rid = made["id"]
    captions = made["checks"][0]
    assert made["state"] == "submitted" and made["editable"] is True
    assert captions["passed"] is False and "upload the new captions file" in captions["fix"]
    fixed = patch(client, staff, rid, title="Clinic video", summary="why",
                  details=good_video(duration_s=60),
                  captions={"name": "clinic-v2.srt", "content": LONG_SRT})
    assert fixed.status_code == 200, fixed.text
    body = fixed.json()
    assert body["state"] == "submitted" and body["captions_name"] == "clinic-v2.srt"
    assert all(c["passed"] and c["fix"] == "" for c in body["checks"])
    # Every check passes now: it waits for review as it is.
    assert body["editable"] is False
    assert_error_shape(patch(client, staff, rid, title="Again",
                             details=good_video(duration_s=60)), 409, "conflict")
    edit = events(app, rid)[-1]
    assert (edit.action, edit.actor, edit.from_state, edit.to_state) == (
        "edit", staff.email, None, None)
    assert edit.detail == {"state": "submitted", "changed": ["title", "captions"],
                           "captions": "clinic-v2.srt", "checks_failing_before": ["captions"],
                           "checks_failing": []}
    act(client, comms, rid, "start_review")
    assert act(client, comms, rid, "approve")["state"] == "approved"


def test_changes_requested_is_edited_and_resubmitted_in_one_call(
        client: TestClient, users: Users, app: FastAPI) -> None:
    staff, comms = users[Role.STAFF], users[Role.COMMS]
    rid = in_state(client, users, "changes_requested")
    response = patch(client, staff, rid, summary="Posting weekly on Mondays", submit=True)
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "submitted"
    tail = events(app, rid)[-2:]
    assert [(e.action, e.from_state, e.to_state) for e in tail] == [
        ("edit", None, None), ("transition", "changes_requested", "submitted")]
    assert tail[0].detail["changed"] == ["summary"]
    assert tail[0].detail["state"] == "changes_requested"
    assert tail[1].detail == {"resubmission": True} and tail[1].actor == staff.email
    history = response.json()["history"]
    assert [h["action"] for h in history][-2:] == ["edit", "transition"]
    act(client, comms, rid, "start_review")
    assert act(client, comms, rid, "approve")["state"] == "approved"


def test_resubmitting_through_the_actions_is_recorded_as_a_resubmission(
        client: TestClient, users: Users, app: FastAPI) -> None:
    staff = users[Role.STAFF]
    rid = in_state(client, users, "changes_requested")
    assert act(client, staff, rid, "submit")["state"] == "submitted"
    first, last = [e for e in events(app, rid) if e.to_state == "submitted"]
    assert first.detail == {} and last.detail == {"resubmission": True}


def test_saving_nothing_new_records_nothing_and_submit_keeps_a_submitted_one(
        client: TestClient, users: Users, app: FastAPI) -> None:
    staff = users[Role.STAFF]
    rid = in_state(client, users, "submitted_failing")
    count = len(events(app, rid))
    same = patch(client, staff, rid, details=UNDISCUSSED_BLOG, summary="why", submit=True)
    assert same.status_code == 200, same.text
    assert same.json()["state"] == "submitted"
    assert len(events(app, rid)) == count
    draft = in_state(client, users, "draft")
    submitted = patch(client, staff, draft, summary="why", submit=True)
    assert submitted.json()["state"] == "submitted"
    assert [e.action for e in events(app, draft)] == ["create", "transition"]  # no change


# -- the pages ---------------------------------------------------------------------------


def signed_in(app: FastAPI, user: NamedUser) -> TestClient:
    """Another browser on the app; use it inside a test that takes ``client``, so that what
    it writes is rolled back with the rest."""
    browser = TestClient(app, base_url=BASE_URL)
    log_in(browser, user.email, user.password)
    return browser


def edit_form(token: str, **changes: str) -> dict[str, str]:
    form = {"csrf_token": token, "title": "Clinic video", "summary": "Opening",
            "duration_s": "60", "channel": "corporate-youtube", "branded": "on",
            "labelled": "on", "tagged": "on", "credited_to": ""}
    form.update(changes)
    return form


def people(n: int) -> list[dict[str, str]]:
    return [{"description": f"Nurse {i}", "age_group": "adult", "consent": "written",
             "record": f"CF-{i}"} for i in range(1, n + 1)]


def field_value(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" type="[a-z]+"[^>]* value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_the_edit_button_leads_to_the_form_filled_in_and_a_new_captions_file(
        client: TestClient, users: Users, app: FastAPI) -> None:
    staff_user = users[Role.STAFF]
    made = create(client, staff_user, "video",
                  good_video(duration_s=60, credited_to="Acme Films", people=people(5)),
                  captions={"name": "short.srt", "content": SRT_10S})
    rid = made["id"]
    log_in(client, staff_user.email, staff_user.password)
    page = client.get(f"/approvals/{rid}").text
    assert f'href="/approvals/{rid}/edit">Edit request</a>' in page
    assert "2 of 5 checks fail" in page and "What to do next" in page
    assert "captions end at 10.0s of a 60.0s video" in page
    assert "blank: corporate video is not credited" in page

    form = client.get(f"/approvals/{rid}/edit")
    assert form.status_code == 200
    html = form.text
    assert field_value(html, "title") == "A video request"
    assert field_value(html, "duration_s") in ("60", "60.0")
    assert field_value(html, "credited_to") == "Acme Films"
    assert field_value(html, "people_4_description") == "Nurse 5"  # beyond the 4 blank rows
    assert field_value(html, "people_5_description") == ""  # and one blank row to add one
    assert "Uploaded: short.srt" in html and "2 checks fail now" in html
    assert 'value="save"' in html and "It stays submitted" in html

    data = edit_form(csrf_from(html), title="A video request", summary="why")
    for n, person in enumerate(people(5)):
        data.update({f"people_{n}_{k}": v for k, v in person.items()})
    saved = client.post(f"/approvals/{rid}/edit", data=data, follow_redirects=False,
                        files={"captions": ("clinic-v2.srt", LONG_SRT.encode(), "text/plain")})
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"/approvals/{rid}?saved=edit"
    after = client.get(saved.headers["location"]).text
    assert "Changes saved" in after and "all 5 pass" in after
    assert "All 5 checks pass." in after and "clinic-v2.srt: 3 cues" in after
    assert "edited (credited to, captions)" in after
    assert f'href="/approvals/{rid}/edit"' not in after  # passing and submitted: as it is
    with app.state.db.session() as session:
        row = session.scalars(select(ApprovalRequest).where(ApprovalRequest.id == rid)).one()
        assert row.state == "submitted" and row.captions_name == "clinic-v2.srt"
        assert len(row.details["people"]) == 5 and row.details["credited_to"] == ""


def test_keeping_the_captions_file_when_none_is_chosen(client: TestClient, users: Users,
                                                      app: FastAPI) -> None:
    staff_user = users[Role.STAFF]
    rid = create(client, staff_user, "video", good_video(tagged=False), submit=False,
                 captions={"name": "clinic.vtt", "content": VTT_30S})["id"]
    log_in(client, staff_user.email, staff_user.password)
    html = client.get(f"/approvals/{rid}/edit").text
    assert "Save and submit for approval" in html and "Save as draft" in html
    data = edit_form(csrf_from(html), duration_s="30", intent="submit",
                     people_0_description="Clinic nurse", people_0_age_group="adult",
                     people_0_consent="written", people_0_record="CF-2026-014")
    saved = client.post(f"/approvals/{rid}/edit", data=data, follow_redirects=False)
    assert saved.headers["location"] == f"/approvals/{rid}?saved=submitted"
    after = client.get(saved.headers["location"]).text
    assert "Changes saved and request submitted" in after and "All 5 checks pass." in after
    with app.state.db.session() as session:
        row = session.get(ApprovalRequest, rid)
        assert row is not None and row.state == "submitted"
        assert row.captions_name == "clinic.vtt" and row.captions_text == VTT_30S


def test_changes_requested_then_resubmitted_through_the_pages(client: TestClient,
                                                              users: Users,
                                                              app: FastAPI) -> None:
    staff_user, comms_user = users[Role.STAFF], users[Role.COMMS]
    rid = in_state(client, users, "changes_requested")
    log_in(client, staff_user.email, staff_user.password)
    page = client.get(f"/approvals/{rid}").text
    assert "Changes requested" in page and "Add a posting schedule" in page
    assert f'href="/approvals/{rid}/edit">Edit request</a>' in page
    html = client.get(f"/approvals/{rid}/edit").text
    assert "Save and resubmit" in html and "Save without resubmitting" in html
    assert field_value(html, "where") == "NHS Confed site"
    assert 'id="discussed_with_comms" name="discussed_with_comms" checked' in html
    saved = client.post(f"/approvals/{rid}/edit", follow_redirects=False, data={
        "csrf_token": csrf_from(html), "title": "A blog request",
        "summary": "Posting weekly on Mondays", "where": "NHS Confed site",
        "discussed_with_comms": "on", "intent": "submit"})
    assert saved.status_code == 303, saved.text
    after = client.get(saved.headers["location"]).text
    assert "<strong>submitted</strong>" in after
    assert "edited (summary)" in after and "resubmitted: changes requested → submitted" in after
    comms = signed_in(app, comms_user)
    assert 'value="start_review"' in comms.get(f"/approvals/{rid}").text


def test_no_edit_under_the_reviewers_feet(client: TestClient, users: Users,
                                          app: FastAPI) -> None:
    staff_user = users[Role.STAFF]
    rid = in_state(client, users, "submitted_failing")
    log_in(client, staff_user.email, staff_user.password)
    form = client.get(f"/approvals/{rid}/edit").text  # opened while it could be changed
    act(client, users[Role.COMMS], rid, "start_review")  # meanwhile, comms pick it up
    page = client.get(f"/approvals/{rid}").text
    assert f'href="/approvals/{rid}/edit"' not in page
    assert "This request is being reviewed, so it cannot be changed now." in page
    posted = client.post(f"/approvals/{rid}/edit", data={
        "csrf_token": csrf_from(form), "title": "Sneaky", "where": "Medium",
        "discussed_with_comms": "on"})
    assert posted.status_code == 409 and "There is a problem" in posted.text
    assert "being reviewed" in posted.text
    opened = client.get(f"/approvals/{rid}/edit")
    assert opened.status_code == 409 and "being reviewed" in opened.text
    with app.state.db.session() as session:
        row = session.get(ApprovalRequest, rid)
        assert row is not None and row.title == "A blog request"
        assert row.details["discussed_with_comms"] is False
    reviewer = signed_in(app, users[Role.COMMS])
    assert reviewer.get(f"/approvals/{rid}/edit").status_code == 403
    assert signed_in(app, users[Role.MANAGER]).get(f"/approvals/{rid}/edit").status_code == 404


def test_an_unreadable_captions_file_is_named_on_the_form(client: TestClient, users: Users,
                                                          app: FastAPI) -> None:
    staff_user = users[Role.STAFF]
    rid = create(client, staff_user, "video", good_video(), submit=False,
                 captions={"name": "clinic.vtt", "content": VTT_30S})["id"]
    log_in(client, staff_user.email, staff_user.password)
    html = client.get(f"/approvals/{rid}/edit").text
    response = client.post(f"/approvals/{rid}/edit", data=edit_form(csrf_from(html)),
                           files={"captions": ("clinic.srt", OVERFLOWING_SRT.encode(),
                                               "text/plain")})
    assert response.status_code == 422
    assert 'href="#captions"' in response.text
    assert "cue 1 has a time outside 0 to 100 hours" in response.text
    with app.state.db.session() as session:
        row = session.get(ApprovalRequest, rid)
        assert row is not None and row.captions_name == "clinic.vtt"
    assert [e.action for e in events(app, rid)] == ["create"]


# -- in a real browser ---------------------------------------------------------------------


@needs_chromium
def test_in_a_browser_failing_checks_are_fixed_through_the_edit_button(
        chromium: in_browser.BrowserThread, live: str, users: Users) -> None:
    chromium.run(lambda page: fix_in_browser(page, live, users))


def fix_in_browser(page: Any, live: str, users: Users) -> None:
    in_browser.sign_in(page, live, users[Role.STAFF])
    url = in_browser.raise_video(page, live, ("short.srt", SRT_10S), "60")
    steps = page.locator("#next-steps").inner_text()
    assert "captions end at 10.0s of a 60.0s video" in steps and "upload the new" in steps
    assert serious_violations(page) == []
    page.get_by_role("link", name="Edit request").click()
    page.wait_for_url(f"{url}/edit")
    assert page.get_by_label("Title").input_value() == "New clinic opening video"
    assert page.get_by_label("Person 1: who").input_value() == "Clinic nurse"
    assert serious_violations(page) == []
    page.get_by_label("Closed captions file (WebVTT .vtt or SubRip .srt)").set_input_files(
        {"name": "clinic-v2.srt", "mimeType": "text/plain", "buffer": LONG_SRT.encode()})
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"{url}?saved=edit")
    assert page.get_by_text("All 5 checks pass.").is_visible()
    assert "clinic-v2.srt: 3 cues" in page.locator("#checks").inner_text()
    history = page.locator("table", has_text="When (UK time)").inner_text()
    assert "edited (captions)" in history
    assert serious_violations(page) == []
