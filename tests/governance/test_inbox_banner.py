"""The 999 banner (issue "FOI and the inbox, right by the statute", item 7): it shows until
the danger route is marked handled by the safeguarding team or an administrator, or the
safeguarding case the message opened is resolved or closed; then the message page and the
banner area say who acknowledged it and when, from the audit trail. Through the API, the
pages and a real browser (axe-core finds no serious or critical problems)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from socialguard.workflow.audit import trail
from tests.conftest_web import (
    NamedUser,
    ServerThread,
    bearer,
    csrf_from,
    log_in,
    make_settings,
)
from tests.web.browser import needs_chromium, serious_violations

Users = dict[Role, NamedUser]
DANGER_TEXT = "I've taken an overdose and I'm scared"


def post_danger(client: TestClient, user: NamedUser) -> dict[str, Any]:
    body = {"id": f"danger-{uuid.uuid4().hex}", "text": DANGER_TEXT, "platform": "x"}
    response = client.post("/api/v1/inbox/messages", json=body, headers=bearer(user))
    assert response.status_code == 201, response.text
    message: dict[str, Any] = response.json()["messages"][0]
    assert message["labels"] == ["triage.safeguarding-danger"] and "999" in message["alert"]
    return message


def danger_route(message: dict[str, Any]) -> dict[str, Any]:
    (route,) = [r for r in message["routes"] if r["label"] == "triage.safeguarding-danger"]
    return route


def fetch(client: TestClient, user: NamedUser, message_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/inbox/messages/{message_id}", headers=bearer(user))
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def test_marked_handled_the_banner_goes_and_says_who(client: TestClient, users: Users,
                                                     app: FastAPI) -> None:
    lead = users[Role.SAFEGUARDING]
    message = post_danger(client, lead)
    route = danger_route(message)
    log_in(client, lead.email, lead.password)
    assert f'id="alert-{message["id"]}"' in client.get("/inbox").text
    # Marked handled on the message page's button (the page posts "done").
    page = client.get(f"/inbox/{message['id']}")
    assert "Mark handled (999 dealt with)" in page.text
    moved = client.post(f"/inbox/routes/{route['id']}",
                        data={"to": "done", "csrf_token": csrf_from(page.text)},
                        follow_redirects=False)
    assert moved.status_code == 303
    seen = fetch(client, lead, message["id"])
    assert seen["alert"] is None
    (ack,) = seen["alert_acknowledged"]
    assert (ack["who"], ack["how"]) == (lead.email, "marked handled")
    with app.state.db.session() as session:  # the same row the audit trail holds
        rows = trail(session, entity_type="inbox_route", entity_id=route["id"])
    assert (rows[-1].actor, rows[-1].to_state) == (lead.email, "done")
    assert ack["at"].startswith(rows[-1].at.strftime("%Y-%m-%dT%H:%M"))
    inbox = client.get("/inbox").text
    assert f'id="alert-{message["id"]}"' not in inbox
    area = inbox[inbox.index(f'id="acknowledged-{message["id"]}"'):]
    assert f"marked handled by {lead.email} at" in area[:area.index("</div>")]
    page = client.get(f"/inbox/{message['id']}").text
    assert "Dial 999 now" not in page and 'id="acknowledged"' in page
    assert f"marked handled by {lead.email}" in page
    # Opened again, the alert is back and nobody has acknowledged it.
    again = client.post(f"/api/v1/inbox/routes/{route['id']}/open", headers=bearer(lead))
    assert again.status_code == 200
    seen = fetch(client, lead, message["id"])
    assert "999" in seen["alert"] and seen["alert_acknowledged"] == []
    assert f'id="alert-{message["id"]}"' in client.get("/inbox").text


@pytest.mark.parametrize("end", ["resolved", "closed"])
def test_the_safeguarding_case_finished_clears_the_banner(client: TestClient, users: Users,
                                                          end: str) -> None:
    lead = users[Role.SAFEGUARDING]
    message = post_danger(client, lead)
    case_id = danger_route(message)["case_id"]
    moved = client.post(f"/api/v1/cases/{case_id}/transition", json={"to": end},
                        headers=bearer(lead))
    assert moved.status_code == 200, moved.text
    seen = fetch(client, lead, message["id"])
    assert seen["alert"] is None
    assert [(a["who"], a["how"]) for a in seen["alert_acknowledged"]] == [
        (lead.email, f"case #{case_id} {end}")]
    assert danger_route(seen)["state"] == "open"  # the queue item is the team's to close
    log_in(client, lead.email, lead.password)
    inbox = client.get("/inbox").text
    assert f'id="alert-{message["id"]}"' not in inbox
    assert f"case #{case_id} {end} by {lead.email}" in inbox
    if end == "resolved":  # a resolved case taken up again brings the alert back
        client.post(f"/api/v1/cases/{case_id}/transition", json={"to": "in_progress"},
                    headers=bearer(lead))
        assert "999" in fetch(client, lead, message["id"])["alert"]


# Who may clear a banner that communications imported: the safeguarding team and
# administrators. Communications sees the message (it imported it) but may not clear it
# (403); a team that cannot see the message is told it does not exist (404); staff have
# no inbox at all (403).
WHO = {Role.SAFEGUARDING: 200, Role.ADMIN: 200, Role.COMMS: 403, Role.STAFF: 403,
       Role.FOI: 404, Role.HR: 404, Role.IG: 404, Role.MANAGER: 404}


@pytest.mark.parametrize("role", sorted(Role))
def test_only_safeguarding_or_an_admin_may_clear_it(client: TestClient, users: Users,
                                                    role: Role) -> None:
    comms = users[Role.COMMS]
    message = post_danger(client, comms)
    route = danger_route(message)
    tried = client.post(f"/api/v1/inbox/routes/{route['id']}/done", headers=bearer(users[role]))
    assert tried.status_code == WHO[role], tried.text
    seen = fetch(client, comms, message["id"])
    if WHO[role] == 200:
        assert seen["alert"] is None
        assert seen["alert_acknowledged"][0]["who"] == users[role].email
    else:
        assert "999" in seen["alert"] and seen["alert_acknowledged"] == []
    # Nor may other teams finish the safeguarding case.
    case = client.post(f"/api/v1/cases/{route['case_id']}/transition", json={"to": "closed"},
                       headers=bearer(users[role]))
    if role not in (Role.SAFEGUARDING, Role.ADMIN):
        assert case.status_code in (403, 404)


def test_communications_sees_the_banner_but_no_button(client: TestClient,
                                                       users: Users) -> None:
    comms = users[Role.COMMS]
    message = post_danger(client, comms)
    log_in(client, comms.email, comms.password)
    page = client.get(f"/inbox/{message['id']}")
    assert "Dial 999 now" in page.text and "Mark handled" not in page.text
    refused = client.post(f"/inbox/routes/{danger_route(message)['id']}",
                          data={"to": "done", "csrf_token": csrf_from(page.text)})
    assert refused.status_code == 403
    assert "Dial 999 now" in client.get(f"/inbox/{message['id']}").text


def test_the_banner_shows_whatever_queue_is_chosen(client: TestClient, users: Users) -> None:
    lead = users[Role.SAFEGUARDING]
    message = post_danger(client, lead)
    log_in(client, lead.email, lead.password)
    for query in ("", "?team=platform", "?team=safeguarding&open_only=true"):
        assert f'id="alert-{message["id"]}"' in client.get(f"/inbox{query}").text


# -- in the browser -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Any, database_url: str, users: Users) -> Iterator[str]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with ServerThread(application) as server:
        yield server.url


def signed_in(browser: Any, live: str, user: NamedUser) -> Any:
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.goto(f"{live}/login")
    tab.get_by_label("E-mail address").fill(user.email)
    tab.get_by_label("Password").fill(user.password)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{live}/")
    return tab


@needs_chromium
def test_banner_present_acknowledged_gone_in_the_browser(browser: Any, live: str,
                                                         users: Users, tmp_path: Path) -> None:
    lead = users[Role.SAFEGUARDING]
    comms = signed_in(browser, live, users[Role.COMMS])
    file = tmp_path / "messages.csv"
    file.write_text(f"Message ID,Message,Received\nb-{uuid.uuid4().hex[:8]},{DANGER_TEXT},"
                    "01/12/2026 08:45\n", encoding="utf-8")
    comms.goto(f"{live}/inbox")
    comms.get_by_label("Messages file (JSON Lines or CSV)").set_input_files(file)
    comms.get_by_role("button", name="Import messages").click()
    comms.wait_for_selector("text=Imported 1 message")
    href = comms.locator("table:has(caption:has-text('This import')) a").first.get_attribute(
        "href")
    message_id = href.rsplit("/", 1)[1]
    banner = comms.locator(f"#alert-{message_id}")
    assert "Dial 999 now" in banner.inner_text()
    comms.goto(f"{live}{href}")
    assert "Dial 999 now" in comms.get_by_role("alert").inner_text()
    assert comms.get_by_role("button", name="Mark handled").count() == 0  # not theirs
    assert serious_violations(comms) == []

    tab = signed_in(browser, live, lead)
    tab.goto(f"{live}/inbox")
    assert tab.locator(f"#alert-{message_id}").is_visible()
    tab.goto(f"{live}{href}")
    tab.get_by_role("button", name="Mark handled (999 dealt with)").click()
    tab.wait_for_selector("#acknowledged")
    assert tab.locator(".overdue-banner").count() == 0
    assert f"marked handled by {lead.email} at" in tab.locator("#acknowledged").inner_text()
    assert serious_violations(tab) == []
    tab.goto(f"{live}/inbox")
    assert tab.locator(f"#alert-{message_id}").count() == 0
    said = tab.locator(f"#acknowledged-{message_id}").inner_text()
    assert f"999 alert for message #{message_id} acknowledged" in said and lead.email in said
    assert serious_violations(tab) == []

    comms.goto(f"{live}/inbox")  # gone for everyone, with who and when
    assert comms.locator(f"#alert-{message_id}").count() == 0
    assert lead.email in comms.locator(f"#acknowledged-{message_id}").inner_text()
    comms.context.close()
    tab.context.close()
