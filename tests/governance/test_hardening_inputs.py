"""What a bad or repeated request can no longer do (issue 16, item 14): NUL characters are
refused on every database, empty inbox messages are refused, a retried POST opens one case,
and case notices that would reach nobody are said out loud."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from socialguard.auth.roles import Role
from socialguard.cases.notify import Notice, SmtpSettings, send
from socialguard.cases.tables import Case
from tests import conftest_web as web
from tests.conftest_web import NamedUser, bearer, csrf_from, log_in

app, client, data_dir, database_url, users = web.app, web.client, web.data_dir, web.database_url, web.users
Users = dict[Role, NamedUser]


def _cases_titled(app: Any, title: str) -> int:
    with app.state.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Case)
                                  .where(Case.title == title)) or 0)


def test_a_nul_character_is_refused_and_nothing_is_stored(app: Any, client: TestClient,
                                                          users: Users) -> None:
    title = f"Concern {uuid.uuid4().hex[:6]}\x00 hidden"
    response = client.post("/api/v1/cases", headers=bearer(users[Role.STAFF]),
                           json={"kind": "safeguarding", "title": title, "description": "x"})
    assert response.status_code == 422
    assert "NUL" in response.json()["error"]["message"]
    unique = title.split("\x00")[0]  # PostgreSQL cannot even be asked about a NUL
    with app.state.db.session() as session:
        assert not session.scalar(select(func.count()).select_from(Case)
                                  .where(Case.title.startswith(unique)))


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_inbox_message_is_refused(client: TestClient, users: Users,
                                           text: str) -> None:
    response = client.post("/api/v1/inbox/messages", headers=bearer(users[Role.COMMS]),
                           json={"text": text, "platform": "x"})
    assert response.status_code == 422
    assert "needs some text" in response.json()["error"]["message"]


def test_a_retried_post_with_the_same_key_opens_one_case(app: Any, client: TestClient,
                                                         users: Users) -> None:
    title = f"Press call {uuid.uuid4().hex[:6]}"
    key = {"Idempotency-Key": uuid.uuid4().hex, **bearer(users[Role.COMMS])}
    body = {"kind": "media", "title": title, "description": "Radio Shropshire, 4pm"}
    first = client.post("/api/v1/cases", headers=key, json=body)
    again = client.post("/api/v1/cases", headers=key, json=body)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert _cases_titled(app, title) == 1
    other = client.post("/api/v1/cases", headers=key, json={**body, "title": title + " 2"})
    assert other.status_code == 409 and "different case" in other.json()["error"]["message"]
    fresh = client.post("/api/v1/cases", headers=bearer(users[Role.COMMS]), json=body)
    assert fresh.json()["id"] != first.json()["id"]  # no key: a new case, as before


def test_the_same_key_from_two_people_opens_two_cases(app: Any, client: TestClient,
                                                      users: Users) -> None:
    title = f"Shared key {uuid.uuid4().hex[:6]}"
    body = {"kind": "media", "title": title, "description": "x"}
    for role in (Role.COMMS, Role.ADMIN):
        client.post("/api/v1/cases", headers={"Idempotency-Key": "k-1", **bearer(users[role])},
                    json=body)
    assert _cases_titled(app, title) == 2


def test_the_report_form_sent_twice_opens_one_case(app: Any, client: TestClient,
                                                   users: Users) -> None:
    log_in(client, users[Role.STAFF].email, users[Role.STAFF].password)
    page = client.get("/cases/new?kind=safeguarding").text
    key = page.split('name="request_key" value="')[1].split('"')[0]
    title = f"Worried about a post {uuid.uuid4().hex[:6]}"
    form = {"csrf_token": csrf_from(page), "kind": "safeguarding", "title": title,
            "description": "details", "request_key": key}
    for _ in range(2):
        assert client.post("/cases", data=form, follow_redirects=False).status_code in (200, 303)
    assert _cases_titled(app, title) == 1


def test_a_notice_with_no_address_is_logged_as_an_error(
        caplog: pytest.LogCaptureFixture) -> None:
    notice = Notice(to=(), subject="[SocialGuard] URGENT New safeguarding concern: case #9",
                    body="", teams=("safeguarding",))
    logger = logging.getLogger("socialguard")
    logger.propagate = True  # configure_logging turns it off; caplog listens at the root
    try:
        with caplog.at_level(logging.WARNING, logger="socialguard.cases.notify"):
            assert send([notice], SmtpSettings(host=None, port=25, sender="a@b")) == 0
    finally:
        logger.propagate = False
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "NOT SENT" in errors[0].getMessage()
    assert "safeguarding" in errors[0].getMessage() and "case #9" in errors[0].getMessage()


def test_the_users_page_says_which_notices_reach_nobody(client: TestClient,
                                                        users: Users) -> None:
    log_in(client, users[Role.ADMIN].email, users[Role.ADMIN].password)
    page = client.get("/admin/users").text
    assert 'id="delivery-problems"' in page
    assert "E-mail is not configured" in page  # the tests run without SMTP
    assert "safeguarding concern case notifies nobody" in page
