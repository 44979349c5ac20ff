"""The FOI clock on the pages: every step goes through a confirmation page that says what
will change, nothing is recorded until Confirm, a mistake is shown on the case page, and
the audit trail names the step and the date before and after."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from tests.conftest_web import NamedUser, bearer, csrf_from, log_in
from tests.governance.test_foi_clock_api import open_foi

Users = dict[Role, NamedUser]


def state(client: TestClient, users: Users, case_id: int) -> Any:
    return client.get(f"/api/v1/cases/{case_id}/foi", headers=bearer(users[Role.FOI])).json()


def signed_in(client: TestClient, users: Users, case_id: int) -> str:
    user = users[Role.FOI]
    log_in(client, user.email, user.password)
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    return csrf_from(page.text)


def test_a_step_waits_for_confirmation(client: TestClient, users: Users) -> None:
    case_id = open_foi(client, users)
    token = signed_in(client, users, case_id)
    form = {"csrf_token": token, "on": "2026-01-07", "reason": "Which wards do you mean?"}
    asked = client.post(f"/cases/{case_id}/foi/clarification-sought", data=form)
    assert asked.status_code == 200 and "Confirm: Seek clarification" in asked.text
    assert "Mon 02 Feb 2026 → none (clock stopped)" in asked.text
    assert f'href="/cases/{case_id}">Cancel</a>' in asked.text
    assert 'name="confirm" value="yes"' in asked.text
    assert state(client, users, case_id)["state"] == "open"  # nothing recorded yet
    done = client.post(f"/cases/{case_id}/foi/clarification-sought",
                       data={**form, "confirm": "yes"}, follow_redirects=False)
    assert done.status_code == 303
    assert state(client, users, case_id)["state"] == "clarification_sought"
    page = client.get(f"/cases/{case_id}").text
    assert "Clock stopped since 07 Jan 2026" in page
    assert "clarification sought; due 2026-02-02 → none (clock stopped)" in page
    assert "Which wards do you mean?" in page


def test_a_restart_and_an_extension_show_the_new_date(client: TestClient,
                                                      users: Users) -> None:
    case_id = open_foi(client, users)
    token = signed_in(client, users, case_id)
    for name, form in (("clarification-sought", {"on": "2026-01-07", "reason": "Which year?"}),
                       ("clarification-received", {"on": "2026-01-12"})):
        assert client.post(f"/cases/{case_id}/foi/{name}", follow_redirects=False,
                           data={"csrf_token": token, "confirm": "yes", **form}
                           ).status_code == 303
    assert 'id="foi-due">Mon 09 Feb 2026' in client.get(f"/cases/{case_id}").text
    extend = {"csrf_token": token, "on": "2026-01-20", "new_due": "2026-03-16",
              "reason": "Public interest test under s.43"}
    check = client.post(f"/cases/{case_id}/foi/extension", data=extend)
    assert check.status_code == 200 and "Check before you confirm" in check.text
    assert "more than 20 working days after the statutory date" in check.text
    assert client.post(f"/cases/{case_id}/foi/extension", follow_redirects=False,
                       data={**extend, "confirm": "yes"}).status_code == 303
    page = client.get(f"/cases/{case_id}").text
    assert 'id="foi-due">Mon 16 Mar 2026 (extended' in page
    assert "Public interest test under s.43" in page


def test_respond_then_reopen_with_a_reason(client: TestClient, users: Users) -> None:
    case_id = open_foi(client, users)
    token = signed_in(client, users, case_id)
    respond = {"csrf_token": token, "on": "2026-01-28", "outcome": "refused",
               "exemptions": "s.40(2), s.43"}
    confirm = client.post(f"/cases/{case_id}/foi/response", data=respond)
    assert confirm.status_code == 200 and "s.40(2), s.43" in confirm.text
    assert client.post(f"/cases/{case_id}/foi/response", follow_redirects=False,
                       data={**respond, "confirm": "yes"}).status_code == 303
    page = client.get(f"/cases/{case_id}").text
    assert 'id="foi-response">Wed 28 Jan 2026: refused, relying on s.40(2), s.43' in page
    missing = client.post(f"/cases/{case_id}/foi/reopen",
                          data={"csrf_token": token, "confirm": "yes"})
    assert missing.status_code == 422 and "There is a problem" in missing.text
    assert state(client, users, case_id)["state"] == "responded"
    reopen = {"csrf_token": token, "reason": "Answered the wrong request"}
    assert "Confirm: Reopen the response" in client.post(
        f"/cases/{case_id}/foi/reopen", data=reopen).text
    assert client.post(f"/cases/{case_id}/foi/reopen", follow_redirects=False,
                       data={**reopen, "confirm": "yes"}).status_code == 303
    after = state(client, users, case_id)
    assert after["state"] == "in_progress" and after["clock"]["responded_on"] is None


def test_wrong_state_csrf_and_roles(client: TestClient, users: Users) -> None:
    case_id = open_foi(client, users)
    token = signed_in(client, users, case_id)
    wrong = client.post(f"/cases/{case_id}/foi/fee-paid",
                        data={"csrf_token": token, "on": "2026-01-06"})
    assert wrong.status_code == 409 and "cannot take the step" in wrong.text
    assert client.post(f"/cases/{case_id}/foi/start", data={"confirm": "yes"}).status_code == 403
    unknown = client.post(f"/cases/{case_id}/foi/nonsense", data={"csrf_token": token})
    assert unknown.status_code == 422
    staff = users[Role.HR]
    log_in(client, staff.email, staff.password)
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert client.get("/cases/foi/figures").status_code == 403


def test_the_plain_status_form_is_not_offered_for_foi(client: TestClient,
                                                       users: Users) -> None:
    case_id = open_foi(client, users)
    signed_in(client, users, case_id)
    page = client.get(f"/cases/{case_id}").text
    assert "Change the status" not in page and "Next step" in page
    assert f'action="/cases/{case_id}/foi/response"' in page


def test_an_foi_request_received_by_post_is_logged_with_its_day(client: TestClient,
                                                                 users: Users) -> None:
    user = users[Role.FOI]
    log_in(client, user.email, user.password)
    form = client.get("/cases/new")
    assert "Day an FOI request was received" in form.text
    made = client.post("/cases", follow_redirects=False, data={
        "csrf_token": csrf_from(form.text), "kind": "foi", "title": "Letter about parking",
        "description": "Parking income 2025", "received_on": "2026-01-05"})
    assert made.status_code == 303
    case_id = int(made.headers["location"].rsplit("/", 1)[1])
    assert state(client, users, case_id)["due_date"] == "2026-02-02"
    bad = client.post("/cases", data={"csrf_token": csrf_from(form.text), "kind": "foi",
                                      "title": "x", "received_on": "5 Jan"})
    assert bad.status_code == 422 and "received as a date" in bad.text
