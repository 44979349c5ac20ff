"""Each state of the FOI clock through the API (FOI Act 2000 s.1(3), s.10, s.17): a
clarification restarts the count, a fees notice pauses it, a public interest extension
moves the date (with a warning past the ICO's 20 extra working days), a response records
its outcome and exemptions and can be reopened with a reason, an internal review runs its
own clock; every step is audited with who, when, why and the date before and after."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.triage.clock import add_working_days, foi_due_date
from tests.conftest_web import NamedUser, bearer

Users = dict[Role, NamedUser]
RECEIVED = date(2026, 1, 5)  # a Monday after the New Year holidays; due Mon 2 Feb 2026


def open_foi(client: TestClient, users: Users, received: date = RECEIVED,
             description: str = "Please send the number of agency nurses employed in 2025.",
             ) -> int:
    made = client.post("/api/v1/cases", headers=bearer(users[Role.FOI]),
                       json={"kind": "foi", "title": "Agency nurses", "description": description,
                             "received_on": received.isoformat()})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def step(client: TestClient, users: Users, case_id: int, name: str, **body: Any) -> Any:
    return client.post(f"/api/v1/cases/{case_id}/foi/{name}", headers=bearer(users[Role.FOI]),
                       json=body)


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_new_request_is_due_on_working_day_20(client: TestClient, users: Users) -> None:
    case_id = open_foi(client, users)
    view = ok(client.get(f"/api/v1/cases/{case_id}/foi", headers=bearer(users[Role.FOI])))
    assert view["clock"]["received"] == "2026-01-05"
    assert view["clock"]["due"] == view["due_date"] == "2026-02-02"
    assert view["clock"]["why"][0] == "Received Mon 05 Jan 2026: that is day 0."
    assert "Statutory due date Mon 02 Feb 2026: working day 20" in view["clock"]["why"][1]
    assert view["steps"] == ["start", "clarification-sought", "fee-notice", "extension",
                             "response", "close"]


def test_clarification_stops_the_clock_and_restarts_the_count(client: TestClient,
                                                              users: Users) -> None:
    case_id = open_foi(client, users)
    sought = ok(step(client, users, case_id, "clarification-sought", on="2026-01-07",
                     reason="Which wards?"))
    assert sought["state"] == "clarification_sought"
    assert sought["due_date"] is None and sought["working_days_left"] is None
    assert sought["clock"]["stopped"] and sought["clock"]["waiting"]["kind"] == "clarification"
    assert sought["steps"] == ["clarification-received", "close"]
    back = ok(step(client, users, case_id, "clarification-received", on="2026-01-12"))
    # s.1(3): 20 working days from the day the clarification arrived, not from receipt.
    assert back["state"] == "in_progress"
    assert back["clock"]["day_zero"] == "2026-01-12"
    assert back["due_date"] == "2026-02-09" == foi_due_date(date(2026, 1, 12)).isoformat()
    assert any("started again from that day" in line for line in back["clock"]["why"])


def test_a_fees_notice_pauses_and_the_days_unpaid_do_not_count(client: TestClient,
                                                               users: Users) -> None:
    case_id = open_foi(client, users)
    paused = ok(step(client, users, case_id, "fee-notice", on="2026-01-09", fee_pence=4550))
    assert paused["state"] == "fee_notice" and paused["due_date"] is None
    paid = ok(step(client, users, case_id, "fee-paid", on="2026-01-13"))
    # Fri 9, Mon 12 and Tue 13 Jan are disregarded (s.10(2)): 2 Feb moves on three days.
    assert paid["clock"]["paused_working_days"] == 3
    assert paid["due_date"] == "2026-02-05" == add_working_days(date(2026, 2, 2), 3).isoformat()
    assert paid["clock"]["pauses"] == [{"kind": "fee", "start": "2026-01-09",
                                        "end": "2026-01-13", "working_days": 3}]


def test_public_interest_extension_moves_the_date_and_warns_past_the_ico_limit(
        client: TestClient, users: Users) -> None:
    case_id = open_foi(client, users)
    assert step(client, users, case_id, "extension", on="2026-01-20",
                new_due="2026-02-27").status_code == 422  # the reason is required
    moved = ok(step(client, users, case_id, "extension", on="2026-01-20", new_due="2026-02-27",
                    reason="Balancing commercial interests (s.43) needs the supplier's view"))
    assert moved["state"] == "extended" and moved["due_date"] == "2026-02-27"
    assert moved["clock"]["statutory_due"] == "2026-02-02" and moved["warnings"] == []
    assert moved["clock"]["extension_reason"].startswith("Balancing commercial")
    # The ICO expects at most 20 working days beyond 2 Feb: to 2 Mar 2026.
    again = ok(step(client, users, case_id, "extension", on="2026-01-21", new_due="2026-03-09",
                    reason="The supplier asked for more time"))
    assert again["due_date"] == "2026-03-09"
    assert len(again["warnings"]) == 1 and "02 Mar 2026" in again["warnings"][0]
    earlier = step(client, users, case_id, "extension", on="2026-01-22", new_due="2026-03-02",
                   reason="shorter")
    assert earlier.status_code == 422  # an extension only moves the date on


def test_response_outcome_exemptions_and_reopen_with_a_reason(client: TestClient,
                                                              users: Users) -> None:
    case_id = open_foi(client, users)
    assert step(client, users, case_id, "response", on="2026-01-30",
                outcome="refused").status_code == 422  # s.17: name the exemptions
    assert step(client, users, case_id, "response", on="2026-01-30", outcome="refused",
                exemptions=["s.99"]).status_code == 422
    assert step(client, users, case_id, "response", on="2026-01-30", outcome="disclosed",
                exemptions=["s.43"]).status_code == 422
    done = ok(step(client, users, case_id, "response", on="2026-01-30", outcome="refused",
                   exemptions=["section 40(2)", "s43", "s.40(2)"]))
    assert done["state"] == "responded" and done["working_days_left"] is None
    clock = done["clock"]
    assert clock["outcome"] == "refused" and clock["exemptions"] == ["s.40(2)", "s.43"]
    assert clock["responded_on"] == "2026-01-30" and clock["in_time"] is True
    assert clock["working_days_taken"] == 19
    assert step(client, users, case_id, "response", outcome="disclosed").status_code == 409
    assert step(client, users, case_id, "reopen").status_code == 422  # say why
    again = ok(step(client, users, case_id, "reopen", reason="Recorded on the wrong request"))
    assert again["state"] == "in_progress" and again["clock"]["responded_on"] is None
    assert again["due_date"] == "2026-02-02"
    assert any("Recorded on the wrong request" in line for line in again["clock"]["why"])
    trail = client.get(f"/api/v1/cases/{case_id}", headers=bearer(users[Role.FOI])).json()["trail"]
    reopened = trail[-1]
    assert (reopened["from_state"], reopened["to_state"]) == ("responded", "in_progress")
    assert reopened["reason"] == "Recorded on the wrong request"
    assert reopened["actor"] == users[Role.FOI].email
    assert reopened["detail"]["step"] == "reopen"
    responded = trail[-2]
    assert responded["detail"]["exemptions"] == ["s.40(2)", "s.43"]
    assert responded["detail"]["due_before"] == responded["detail"]["due_after"] == "2026-02-02"


def test_internal_review_has_its_own_clock_then_the_ico(client: TestClient,
                                                         users: Users) -> None:
    case_id = open_foi(client, users)
    ok(step(client, users, case_id, "start", on="2026-01-06", reason="Asked the workforce team"))
    ok(step(client, users, case_id, "response", on="2026-01-30", outcome="partly_disclosed",
            exemptions=["s.40(2)"]))
    review = ok(step(client, users, case_id, "internal-review", on="2026-02-10"))
    assert review["state"] == "internal_review"
    assert review["clock"]["review_due"] == "2026-03-10" == review["due_date"]
    assert review["working_days_left"] is not None
    assert step(client, users, case_id, "review-outcome", on="2026-03-02",
                outcome="maybe").status_code == 422
    reviewed = ok(step(client, users, case_id, "review-outcome", on="2026-03-02",
                       outcome="upheld"))
    assert reviewed["state"] == "reviewed" and reviewed["clock"]["review_outcome"] == "upheld"
    referred = ok(step(client, users, case_id, "ico-referral", on="2026-03-20",
                       reference="IC-123456-A1B2"))
    assert referred["state"] == "referred_ico" and referred["steps"] == []
    assert referred["clock"]["referred_on"] == "2026-03-20"


def test_close_a_request_that_was_never_clarified(client: TestClient, users: Users) -> None:
    case_id = open_foi(client, users)
    ok(step(client, users, case_id, "clarification-sought", on="2026-01-06", reason="Which year?"))
    assert step(client, users, case_id, "close", on="2026-04-07").status_code == 422
    closed = ok(step(client, users, case_id, "close", on="2026-04-07",
                     reason="No clarification within three months"))
    assert closed["state"] == "closed" and closed["clock"]["closed_on"] == "2026-04-07"


def test_dates_must_be_real_and_in_order(client: TestClient, users: Users) -> None:
    case_id = open_foi(client, users)
    future = step(client, users, case_id, "clarification-sought", on="2099-01-01", reason="x")
    assert future.status_code == 422 and future.json()["error"]["code"] == "invalid_input"
    before = step(client, users, case_id, "clarification-sought", on="2025-12-31", reason="x")
    assert before.status_code == 422
    ok(step(client, users, case_id, "clarification-sought", on="2026-01-08", reason="x"))
    backwards = step(client, users, case_id, "clarification-received", on="2026-01-07")
    assert backwards.status_code == 422 and "in order" in backwards.json()["error"]["message"]
    wrong = step(client, users, case_id, "fee-paid", on="2026-01-09")
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "conflict"
    assert step(client, users, case_id, "no-such-step").status_code in (404, 405)


def test_only_the_foi_team_sees_the_clock(client: TestClient, users: Users) -> None:
    case_id = open_foi(client, users)
    for role in (Role.STAFF, Role.HR, Role.COMMS):
        assert client.get(f"/api/v1/cases/{case_id}/foi",
                          headers=bearer(users[role])).status_code == 403
    assert client.get(f"/api/v1/cases/{case_id}/foi",
                      headers=bearer(users[Role.ADMIN])).status_code == 200
    media = client.post("/api/v1/cases", headers=bearer(users[Role.ADMIN]),
                        json={"kind": "media", "title": "A press call"}).json()["id"]
    not_foi = client.get(f"/api/v1/cases/{media}/foi", headers=bearer(users[Role.ADMIN]))
    assert not_foi.status_code == 404 and not_foi.json()["error"]["code"] == "not_found"
    assert client.post(f"/api/v1/cases/{case_id}/foi/start", json={}).status_code == 401


def test_an_foi_request_opened_by_hand_takes_no_due_date(client: TestClient,
                                                         users: Users) -> None:
    given = client.post("/api/v1/cases", headers=bearer(users[Role.FOI]),
                        json={"kind": "foi", "title": "By post", "due_date": "2026-02-01"})
    assert given.status_code == 422
    future = client.post("/api/v1/cases", headers=bearer(users[Role.FOI]),
                         json={"kind": "foi", "title": "By post", "received_on": "2099-01-01"})
    assert future.status_code == 422
    other = client.post("/api/v1/cases", headers=bearer(users[Role.COMMS]),
                        json={"kind": "media", "title": "x", "received_on": "2026-01-05"})
    assert other.status_code == 422


def test_every_step_has_its_own_operation_and_page_form(app: Any) -> None:
    from socialguard.cases.foi_views import STEPS
    from socialguard.cases.kinds import FOI_STEPS

    paths = app.openapi()["paths"]
    assert set(STEPS) == set(FOI_STEPS)
    for name in FOI_STEPS:
        operation = paths[f"/api/v1/cases/{{case_id}}/foi/{name}"]["post"]
        assert {"200", "401", "403", "404", "409", "422"} <= set(operation["responses"])
