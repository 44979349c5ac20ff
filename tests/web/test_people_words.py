"""Pages speak as people do (issue 15, item 6): label titles, not ids; times in UK time."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from tests.conftest_web import NamedUser, bearer, log_in

FOI = {"id": "words-1", "text": "Please send me the ICB's spend on agency nurses in 2025/26.",
       "platform": "x", "author": {"name": "Jane Smith"},
       "received_at": "2026-07-01T08:20:00Z"}


def test_the_inbox_names_labels_and_gives_uk_times(client: TestClient,
                                                   users: dict[Role, NamedUser]) -> None:
    made = client.post("/api/v1/inbox/messages", json=FOI, headers=bearer(users[Role.FOI]))
    assert made.status_code == 201, made.text
    message_id = made.json()["messages"][0]["id"]
    log_in(client, users[Role.FOI].email, users[Role.FOI].password)
    for page in (client.get("/inbox").text, client.get(f"/inbox/{message_id}").text):
        assert "Freedom of Information request" in page
        assert not re.search(r">[^<]*triage\.[a-z-]+", page), "a label id shown to people"
    message = client.get(f"/inbox/{message_id}").text
    # 08:20 UTC on 1 July is 09:20 in the UK (BST), and the page says which clock it uses.
    assert "09:20 Wed 01 Jul 2026</time> (UK time)" in message
    assert "UTC" not in message
