"""Approvals through the API: who may do what, each state machine, the video checks, the
collaboration space's two sign-offs, and the audit row of every transition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from socialguard.workflow.audit import trail
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, bearer, make_settings

# Fixtures shared with the other web tests (pytest finds them as module attributes).
client, data_dir, database_url, users = web.client, web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]
VTT_30S = """WEBVTT

00:00:00.000 --> 00:00:10.000
Welcome to the new clinic.

00:00:10.000 --> 00:00:20.500
It opens on Monday.

00:00:20.500 --> 00:00:29.000
Find out more on our website.
"""
SRT_10S = """1
00:00:00,000 --> 00:00:04,000
Welcome to the new clinic.

2
00:00:04,000 --> 00:00:10,000
It opens on Monday.
"""


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


def good_video(**changes: Any) -> dict[str, Any]:
    details: dict[str, Any] = {
        "duration_s": 30, "channel": "corporate-youtube", "branded": True, "labelled": True,
        "tagged": True, "credited_to": "",
        "people": [{"description": "Clinic nurse", "age_group": "adult", "consent": "written",
                    "record": "CF-2026-014"}]}
    details.update(changes)
    return details


def create(client: TestClient, user: NamedUser, kind: str, details: dict[str, Any], *,
           submit: bool = True, captions: dict[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": kind, "title": f"A {kind} request", "summary": "why",
                            "details": details, "submit": submit}
    if captions:
        body["captions"] = captions
    response = client.post("/api/v1/approvals", json=body, headers=bearer(user))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def act(client: TestClient, user: NamedUser, rid: int, action: str,
        status: int = 200, **extra: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/approvals/{rid}/actions", json={"action": action, **extra},
                           headers=bearer(user))
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


def test_unauthenticated_callers_get_401(client: TestClient) -> None:
    assert client.get("/api/v1/approvals").status_code == 401
    response = client.post("/api/v1/approvals", json={"kind": "blog", "title": "x"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_blog_request_through_its_state_machine(client: TestClient, users: Users,
                                                app: FastAPI) -> None:
    staff, comms = users[Role.STAFF], users[Role.COMMS]
    made = create(client, staff, "blog", {"where": "NHS Confed site",
                                          "discussed_with_comms": True}, submit=False)
    assert made["state"] == "draft"
    rid = made["id"]
    act(client, comms, rid, "start_review", status=409)  # a draft is not yet submitted
    assert act(client, staff, rid, "submit")["state"] == "submitted"
    act(client, staff, rid, "submit", status=409)
    act(client, staff, rid, "start_review", status=403)  # nobody reviews their own request
    act(client, users[Role.IG], rid, "start_review", status=403)  # a blog is comms' call
    assert act(client, comms, rid, "start_review")["state"] == "under_review"
    act(client, comms, rid, "request_changes", status=422)  # a reason is needed
    back = act(client, comms, rid, "request_changes", reason="Add the posting schedule")
    assert back["state"] == "changes_requested"
    edited = client.patch(f"/api/v1/approvals/{rid}", headers=bearer(staff), json={
        "title": "Blog on NHS Confed", "details": {"where": "NHS Confed site",
                                                    "discussed_with_comms": True}})
    assert edited.status_code == 200, edited.text
    act(client, staff, rid, "submit")
    act(client, comms, rid, "start_review")
    done = act(client, comms, rid, "approve", reason="Agreed")
    assert done["state"] == "approved" and done["signoffs"][0]["team"] == "comms"
    act(client, comms, rid, "approve", status=409)
    act(client, staff, rid, "withdraw", status=409)
    assert client.patch(f"/api/v1/approvals/{rid}", headers=bearer(staff), json={
        "title": "late", "details": {"where": "x"}}).status_code == 409
    moves = [(h["from_state"], h["to_state"]) for h in done["history"]
             if h["action"] == "transition"]
    assert moves == [("draft", "submitted"), ("submitted", "under_review"),
                     ("under_review", "changes_requested"), ("changes_requested", "submitted"),
                     ("submitted", "under_review"), ("under_review", "approved")]
    with app.state.db.session() as session:
        rows = trail(session, entity_type="approval", entity_id=rid)
        assert [r.action for r in rows].count("transition") == 6
        assert rows[-1].actor == comms.email and rows[-1].to_state == "approved"


def test_a_blog_not_discussed_with_comms_cannot_be_approved(client: TestClient,
                                                            users: Users) -> None:
    made = create(client, users[Role.STAFF], "blog", {"where": "Medium"})
    assert made["checks"][0]["passed"] is False
    act(client, users[Role.COMMS], made["id"], "start_review")
    act(client, users[Role.COMMS], made["id"], "approve", status=409)


def test_visibility_own_requests_for_staff_all_for_reviewers(client: TestClient,
                                                             users: Users) -> None:
    mine = create(client, users[Role.MANAGER], "survey",
                  {"audience": "Carers in Telford", "tool": "Microsoft Forms"})
    staff_sees = client.get("/api/v1/approvals", headers=bearer(users[Role.STAFF])).json()
    assert mine["id"] not in {r["id"] for r in staff_sees}
    assert client.get(f"/api/v1/approvals/{mine['id']}",
                      headers=bearer(users[Role.STAFF])).status_code == 404
    for role in (Role.COMMS, Role.IG, Role.ADMIN):
        seen = client.get("/api/v1/approvals", headers=bearer(users[role])).json()
        assert mine["id"] in {r["id"] for r in seen}
    hr = client.post(f"/api/v1/approvals/{mine['id']}/actions", json={"action": "reject"},
                     headers=bearer(users[Role.HR]))
    assert hr.status_code == 404
    act(client, users[Role.COMMS], mine["id"], "start_review")
    rejected = act(client, users[Role.COMMS], mine["id"], "reject", reason="Clashes with the "
                   "winter engagement survey")
    assert rejected["state"] == "rejected"
    act(client, users[Role.MANAGER], mine["id"], "submit", status=409)


def test_invalid_details_are_named_field_by_field(client: TestClient,
                                                  users: Users) -> None:
    response = client.post("/api/v1/approvals", headers=bearer(users[Role.STAFF]), json={
        "kind": "video", "title": "x", "details": {"duration_s": -3, "people": [
            {"description": "", "age_group": "toddler", "consent": "written"}]}})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    for field in ("details.duration_s", "details.people.0.description",
                  "details.people.0.age_group"):
        assert field in message
    bad_captions = client.post("/api/v1/approvals", headers=bearer(users[Role.STAFF]), json={
        "kind": "video", "title": "x", "details": good_video(),
        "captions": {"name": "captions.txt", "content": VTT_30S}})
    assert bad_captions.status_code == 422


def _checks(result: dict[str, Any]) -> dict[str, bool]:
    return {c["key"]: c["passed"] for c in result["checks"]}


def test_a_video_with_every_check_passing_is_approved(client: TestClient,
                                                      users: Users) -> None:
    made = create(client, users[Role.STAFF], "video", good_video(),
                  captions={"name": "clinic.vtt", "content": VTT_30S})
    assert _checks(made) == {"captions": True, "consent": True, "channel": True,
                             "branding": True, "credit": True}
    assert "3 cues" in made["checks"][0]["detail"]
    act(client, users[Role.COMMS], made["id"], "start_review")
    assert act(client, users[Role.COMMS], made["id"], "approve")["state"] == "approved"


@pytest.mark.parametrize(("details", "captions", "failing"), [
    (good_video(), None, "captions"),
    (good_video(duration_s=60), {"name": "clinic.srt", "content": SRT_10S}, "captions"),
    (good_video(), {"name": "clinic.vtt", "content": "WEBVTT\n\nnot a cue\n"}, "captions"),
    (good_video(people=[{"description": "Patient's child", "age_group": "child",
                         "consent": "verbal", "record": "asked mum"}]), "vtt", "consent"),
    (good_video(people=[{"description": "Visitor", "age_group": "adult",
                         "consent": "none"}]), "vtt", "consent"),
    (good_video(people=[{"description": "Resident", "age_group": "adult_at_risk",
                         "consent": "written"}]), "vtt", "consent"),  # no record given
    (good_video(channel="personal-youtube"), "vtt", "channel"),
    (good_video(tagged=False), "vtt", "branding"),
    (good_video(credited_to="Jo Bloggs Productions"), "vtt", "credit"),
])
def test_a_failing_video_check_blocks_approval(client: TestClient, users: Users,
                                               details: dict[str, Any], captions: Any,
                                               failing: str) -> None:
    if captions == "vtt":
        captions = {"name": "clinic.vtt", "content": VTT_30S}
    made = create(client, users[Role.STAFF], "video", details, captions=captions)
    checks = _checks(made)
    assert checks.pop(failing) is False
    assert all(checks.values()), made["checks"]
    act(client, users[Role.COMMS], made["id"], "start_review")
    blocked = act(client, users[Role.COMMS], made["id"], "approve", status=409)
    assert "cannot approve while a check fails" in blocked["error"]["message"]


def test_fixing_the_captions_unblocks_the_video(client: TestClient,
                                                users: Users) -> None:
    staff, comms = users[Role.STAFF], users[Role.COMMS]
    made = create(client, staff, "video", good_video(duration_s=60),
                  captions={"name": "clinic.srt", "content": SRT_10S})
    assert "end at 10.0s of a 60.0s video" in made["checks"][0]["detail"]
    act(client, comms, made["id"], "start_review")
    act(client, comms, made["id"], "request_changes", reason="Captions stop at 10 seconds")
    long_srt = SRT_10S + "\n3\n00:00:10,000 --> 00:00:59,500\nThank you for watching.\n"
    fixed = client.patch(f"/api/v1/approvals/{made['id']}", headers=bearer(staff), json={
        "title": "Clinic video", "details": good_video(duration_s=60),
        "captions": {"name": "clinic-v2.srt", "content": long_srt}})
    assert _checks(fixed.json())["captions"] is True
    act(client, staff, made["id"], "submit")
    act(client, comms, made["id"], "start_review")
    assert act(client, comms, made["id"], "approve")["state"] == "approved"


COLLAB = {"tool": "FutureNHS workspace", "participants": "ICS partners and two suppliers",
          "closed_environment": True, "secure_login": True}


def test_a_collaboration_space_needs_comms_and_ig(client: TestClient, users: Users,
                                                  app: FastAPI) -> None:
    comms, ig = users[Role.COMMS], users[Role.IG]
    made = create(client, users[Role.STAFF], "collaboration", COLLAB)
    assert made["teams_needed"] == ["comms", "ig"]
    rid = made["id"]
    act(client, ig, rid, "start_review")
    half = act(client, comms, rid, "approve", reason="Tool is on the approved list")
    assert half["state"] == "under_review"
    assert [s["team"] for s in half["signoffs"]] == ["comms"]
    act(client, comms, rid, "approve", status=409)  # comms has already signed off
    done = act(client, ig, rid, "approve", reason="DPIA done")
    assert done["state"] == "approved"
    assert {s["team"] for s in done["signoffs"]} == {"comms", "ig"}
    with app.state.db.session() as session:
        actions = [r.action for r in trail(session, entity_type="approval", entity_id=rid)]
    assert actions == ["create", "transition", "transition", "signoff", "transition"]


def test_an_admin_signs_off_for_a_named_team(client: TestClient,
                                             users: Users) -> None:
    admin = users[Role.ADMIN]
    made = create(client, users[Role.STAFF], "collaboration", COLLAB)
    act(client, admin, made["id"], "start_review")
    assert act(client, admin, made["id"], "approve", team="ig")["state"] == "under_review"
    assert act(client, admin, made["id"], "approve", team="comms")["state"] == "approved"


def test_an_open_collaboration_space_is_not_approved(client: TestClient,
                                                     users: Users) -> None:
    made = create(client, users[Role.STAFF], "collaboration",
                  {**COLLAB, "closed_environment": False})
    act(client, users[Role.COMMS], made["id"], "start_review")
    act(client, users[Role.IG], made["id"], "approve", status=409)


def test_comments_and_withdrawal(client: TestClient, users: Users) -> None:
    staff = users[Role.STAFF]
    made = create(client, staff, "survey", {"audience": "Patients", "tool": "Forms"})
    response = client.post(f"/api/v1/approvals/{made['id']}/comments", json={"body": "When?"},
                           headers=bearer(users[Role.COMMS]))
    assert response.status_code == 201
    assert response.json()["comments"][0]["author"] == users[Role.COMMS].email
    act(client, users[Role.COMMS], made["id"], "withdraw", status=403)
    assert act(client, staff, made["id"], "withdraw")["state"] == "withdrawn"
