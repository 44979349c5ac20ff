"""Case notifications are delivered over SMTP to a real local server (aiosmtpd)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.cases.notify import Notice, SmtpSettings, parse_team_emails, send, team_addresses
from socialguard.policy import load_pack
from tests import conftest_web as web
from tests.conftest_web import NamedUser, bearer

# Fixtures shared with the other web tests (pytest finds them as module attributes).
app, client, data_dir, database_url, users = web.app, web.client, web.data_dir, web.database_url, web.users


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SOCIALGUARD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SOCIALGUARD_SMTP_PORT", str(port))
    monkeypatch.setenv("SOCIALGUARD_SMTP_FROM", "socialguard@icb.nhs.net")
    monkeypatch.setenv("SOCIALGUARD_TEAM_EMAILS",
                       "safeguarding=sg-lead@icb.nhs.net; hr=hr@icb.nhs.net,"
                       "line_manager=managers@icb.nhs.net,comms=comms@icb.nhs.net")
    try:
        yield inbox
    finally:
        controller.stop()


def test_a_danger_message_mails_the_safeguarding_lead(smtp: Inbox, client: TestClient,
                                                      users: dict[Role, NamedUser]) -> None:
    body = {"id": f"smtp-{uuid.uuid4().hex}", "text": "I've taken an overdose and I'm scared",
            "platform": "x", "author": {"name": "@anon"}}
    response = client.post("/api/v1/inbox/messages", json=body,
                           headers=bearer(users[Role.COMMS]))
    assert response.status_code == 201
    case_id = response.json()["messages"][0]["routes"][0]["case_id"]
    assert len(smtp.messages) == 1
    recipients, mail = smtp.messages[0]
    assert recipients == ["sg-lead@icb.nhs.net"]
    assert mail["From"] == "socialguard@icb.nhs.net"
    assert "URGENT" in mail["Subject"] and f"case #{case_id}" in mail["Subject"]
    text = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "dial 999" in text and "overdose" not in text  # details stay behind the sign-in


def test_harassment_goes_to_hr_and_line_managers_and_assignment_mails_the_assignee(
        smtp: Inbox, client: TestClient, users: dict[Role, NamedUser]) -> None:
    created = client.post("/api/v1/cases", headers=bearer(users[Role.STAFF]),
                          json={"kind": "harassment", "title": "Abuse in replies"})
    assert created.status_code == 201
    assert smtp.messages[0][0] == ["hr@icb.nhs.net", "managers@icb.nhs.net"]
    assigned = client.post(f"/api/v1/cases/{created.json()['id']}/assign",
                           headers=bearer(users[Role.HR]),
                           json={"assignee": users[Role.MANAGER].email})
    assert assigned.status_code == 200
    recipients, mail = smtp.messages[1]
    assert recipients == [users[Role.MANAGER].email]
    assert "assigned to you" in mail["Subject"]


def test_pack_team_emails_are_used_and_env_overrides_them() -> None:
    pack = load_pack()
    teams = dict(pack.teams)
    teams["foi"] = teams["foi"].model_copy(update={"email": "foi@icb.nhs.net"})
    pack = pack.model_copy(update={"teams": teams})
    plain = SmtpSettings(host=None, port=25, sender="x@y", team_emails={})
    assert team_addresses(["foi", "hr"], pack, plain) == ["foi@icb.nhs.net"]
    override = SmtpSettings(host=None, port=25, sender="x@y",
                            team_emails=parse_team_emails("foi=other@icb.nhs.net"))
    assert team_addresses(["foi"], pack, override) == ["other@icb.nhs.net"]


def test_a_mail_server_that_is_down_does_not_fail_the_case(caplog: pytest.LogCaptureFixture
                                                           ) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=_free_port(), sender="x@y")
    assert send([Notice(to=("a@b.nhs.net",), subject="s", body="b")], settings) == 0
    assert "case notification failed" in caplog.text


def test_without_smtp_host_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOCIALGUARD_SMTP_HOST", raising=False)
    assert send([Notice(to=("a@b.nhs.net",), subject="s", body="b")]) == 0
