"""The validity checklist of an FOI request (FOI Act s.8): the requester's real name, an
address for correspondence (e-mail or postal, never a social-media handle) and a
description, pre-filled from what the case knows and ticked by the officer; and the ready
reply asking for what is missing, which does not stop the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.cases.foi_validity import clean_address, ready_reply
from socialguard.cases.kinds import CaseKind
from socialguard.cases.service import open_case
from socialguard.errors import InvalidInput
from tests.conftest_web import NamedUser, bearer, csrf_from, log_in

Users = dict[Role, NamedUser]
ASK_ADDRESS = "Please send us an e-mail or postal address so we can reply to your request."


def from_inbox(app: FastAPI, *, requester: str | None, text: str, platform: str = "x") -> int:
    """An FOI case as the inbox opens one: the name triage read, the message, the platform."""
    with app.state.db.session() as session:
        case, _ = open_case(session, kind=CaseKind.FOI, title="FOI request (x)",
                            description=text, reporter=None, pack=app.state.policy.pack,
                            platform=platform, requester=requester,
                            received_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
        session.commit()
        return case.id


def validity(client: TestClient, users: Users, case_id: int) -> dict[str, Any]:
    found = client.get(f"/api/v1/cases/{case_id}/foi", headers=bearer(users[Role.FOI]))
    assert found.status_code == 200, found.text
    result: dict[str, Any] = found.json()
    return result


def test_a_handle_is_not_an_address_and_the_reply_asks_for_one(
        app: FastAPI, client: TestClient, users: Users) -> None:
    case_id = from_inbox(app, requester="Amira Khan",
                         text="Please could you send me the total spent on agency nurses?")
    view = validity(client, users, case_id)
    items = {i["key"]: i for i in view["validity"]["items"]}
    assert items["name"]["met"] and not items["name"]["checked"]
    assert "Amira Khan" in items["name"]["basis"]
    assert not items["address"]["met"] and items["description"]["met"]
    assert view["validity"]["missing"] == ["address"] and not view["validity"]["valid"]
    reply = view["validity"]["reply"]
    assert ASK_ADDRESS in reply and "05 January 2026" in reply
    assert "social-media account" in reply and "real name" not in reply
    # Asking does not stop the clock: still due on working day 20.
    assert view["state"] == "open" and view["due_date"] == "2026-02-02"


def test_an_address_in_the_message_is_pre_filled(app: FastAPI, client: TestClient,
                                                 users: Users) -> None:
    case_id = from_inbox(app, requester=None,
                         text="Send me the 2025 agency spend please: jo.bloggs@example.org")
    view = validity(client, users, case_id)
    items = {i["key"]: i for i in view["validity"]["items"]}
    assert items["address"]["met"] and "jo.bloggs@example.org" in items["address"]["basis"]
    assert view["validity"]["missing"] == ["name"]
    assert "full name" in view["validity"]["reply"] and ASK_ADDRESS not in view["validity"]["reply"]


def test_the_officer_ticks_and_the_address_is_checked(app: FastAPI, client: TestClient,
                                                      users: Users) -> None:
    case_id = from_inbox(app, requester="@amira_k", text="how much on agency nurses?")
    url, foi = f"/api/v1/cases/{case_id}/foi/validity", bearer(users[Role.FOI])
    for handle in ("@amira_k", "https://x.com/amira_k", "x.com/amira_k", "12 High Street"):
        refused = client.put(url, headers=foi, json={"address": handle})
        assert refused.status_code == 422, handle
        assert refused.json()["error"]["code"] == "invalid_input"
    saved = client.put(url, headers=foi, json={
        "name_ok": True, "description_ok": True, "requester": "Amira Khan",
        "address": "12 High Street, Telford TF1 1AA"})
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["validity"]["valid"] and body["validity"]["reply"] is None
    assert all(i["checked"] for i in body["validity"]["items"])
    assert body["validity"]["address"] == "12 High Street, Telford TF1 1AA"
    untick = client.put(url, headers=foi, json={"name_ok": False, "address": "a@b.org"})
    assert untick.json()["validity"]["missing"] == ["name"]
    detail = client.get(f"/api/v1/cases/{case_id}", headers=foi).json()
    assert detail["requester"] == "Amira Khan"
    checked = [e for e in detail["trail"] if e["action"] == "validity_checked"]
    assert checked[0]["actor"] == users[Role.FOI].email
    assert checked[0]["detail"]["address_kind"] == "postal"  # the address itself is not logged
    assert checked[1]["detail"]["address_kind"] == "e-mail"
    assert client.put(url, headers=bearer(users[Role.HR]), json={}).status_code == 403


def test_the_checklist_on_the_case_page(app: FastAPI, client: TestClient,
                                        users: Users) -> None:
    case_id = from_inbox(app, requester="Amira Khan", text="How much was spent on agency staff?")
    user = users[Role.FOI]
    log_in(client, user.email, user.password)
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200 and 'id="ready-reply"' in page.text
    assert ASK_ADDRESS in page.text
    saved = client.post(f"/cases/{case_id}/foi/validity", follow_redirects=False, data={
        "csrf_token": csrf_from(page.text), "name_ok": "yes", "description_ok": "yes",
        "requester": "Amira Khan", "address": "amira@example.org"})
    assert saved.status_code == 303
    after = client.get(f"/cases/{case_id}").text
    assert 'id="ready-reply"' not in after and "everything section 8 needs" in after
    handle = client.post(f"/cases/{case_id}/foi/validity", data={
        "csrf_token": csrf_from(after), "address": "@amira"})
    assert handle.status_code == 422 and "not an address for correspondence" in handle.text


def test_ready_reply_in_full() -> None:
    reply = ready_reply(["name", "address"], platform="facebook",
                        team="Freedom of Information Team", contact="foi@nhs.net",
                        received=date(2026, 1, 5))
    assert reply.splitlines() == [
        "Thank you for your request for information, which we received on 05 January 2026. "
        "To answer it under the Freedom of Information Act 2000 we need a little more from you.",
        "",
        "Please tell us your full name (first name and surname): the Freedom of Information "
        "Act needs a request to give the requester's real name.",
        ASK_ADDRESS,
        "We cannot send the information through a social-media account, so your account "
        "name is not enough.",
        "",
        "You can reply to this message or write to the Freedom of Information Team at "
        "foi@nhs.net.",
        "Freedom of Information Team",
    ]


@pytest.mark.parametrize(("typed", "kept"), [
    ("jo@example.org", "jo@example.org"),
    ("Flat 2, Rose Court\nShrewsbury", "Flat 2, Rose Court\nShrewsbury"),
    ("1 Abbey Foregate SY2 6AH", "1 Abbey Foregate SY2 6AH"),
    ("   ", None),
])
def test_addresses_kept(typed: str, kept: str | None) -> None:
    assert clean_address(typed) == kept


@pytest.mark.parametrize("typed", ["@jo", "www.facebook.com/jo", "jo@", "Shrewsbury"])
def test_not_addresses(typed: str) -> None:
    with pytest.raises(InvalidInput):
        clean_address(typed)
