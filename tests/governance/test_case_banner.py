"""A resolved safeguarding case no longer tells its reader to dial 999 now (the inbox's
banner already cleared; the case page kept shouting)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from tests.conftest_web import NamedUser, bearer, log_in

DANGER = {"id": "banner-1", "text": "I've taken all my pills and I'm on the bridge now, "
          "goodbye everyone", "platform": "x", "author": {"name": "@someone"}}


def test_the_case_page_stops_saying_dial_999_once_resolved(
        client: TestClient, users: dict[Role, NamedUser]) -> None:
    sg = bearer(users[Role.SAFEGUARDING])
    made = client.post("/api/v1/inbox/messages", json=DANGER, headers=sg)
    assert made.status_code == 201, made.text
    route = next(r for r in made.json()["messages"][0]["routes"]
                 if r["label"] == "triage.safeguarding-danger")
    case_id = route["case_id"]
    log_in(client, users[Role.SAFEGUARDING].email, users[Role.SAFEGUARDING].password)
    assert "Dial 999 now." in client.get(f"/cases/{case_id}").text
    for to in ("in_progress", "resolved"):
        moved = client.post(f"/api/v1/cases/{case_id}/transition", headers=sg,
                            json={"to": to, "reason": "Police attended; person safe"})
        assert moved.status_code == 200, moved.text
    page = client.get(f"/cases/{case_id}").text
    assert "Dial 999 now." not in page
    assert "Raised as someone in immediate danger;</strong> the case is now resolved." in page
