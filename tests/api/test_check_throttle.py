"""One client cannot starve the rest (issue 16, item 11): per-client limits on checks,
and a queue that takes one check from each client in turn."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.api.batcher import CheckBatcher
from socialguard.auth.roles import Role
from socialguard.policy import load_pack
from socialguard.policy.schema import PolicyPack
from socialguard.submission import Submission
from socialguard.verdict import Verdict
from socialguard.web.app import create_app
from tests.conftest_web import BASE_URL, NamedUser, bearer, make_settings

LONG = ("Lovely walk on the Wrekin this morning. " * 500).strip() + "!"  # 20,000: 21 units
SHORT = {"id": "s", "text": "Proud of our team today."}


@pytest.fixture(scope="module")
def strict_app(app: FastAPI, data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    """The shared database, with 60 units a minute for anonymous clients."""
    application = create_app(make_settings(data_dir, database_url,
                                           check_rate_anonymous="60/minute",
                                           check_rate_signed_in="60/minute"))
    with TestClient(application, base_url=BASE_URL):
        yield application


def client_at(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, base_url=BASE_URL, client=(address, 50000))


def test_an_anonymous_client_sending_long_drafts_is_told_to_wait(strict_app: FastAPI) -> None:
    flooder = client_at(strict_app, "192.0.2.10")
    answers = [flooder.post("/api/v1/check", json={"id": str(n), "text": LONG})
               for n in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]  # 21 + 21 fit in 60, 63 not
    refused = answers[2]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"
    assert "Try again in" in refused.json()["error"]["message"]


def test_others_keep_their_share_while_one_client_is_throttled(
        strict_app: FastAPI, users: dict[Role, NamedUser]) -> None:
    flooder = client_at(strict_app, "192.0.2.20")
    while flooder.post("/api/v1/check", json={"id": "x", "text": LONG}).status_code == 200:
        pass
    neighbour = client_at(strict_app, "192.0.2.21")
    assert neighbour.post("/api/v1/check", json=SHORT).status_code == 200
    staff = client_at(strict_app, "192.0.2.20")  # the same address, signed in
    signed_in = staff.post("/api/v1/check", json=SHORT, headers=bearer(users[Role.STAFF]))
    assert signed_in.status_code == 200


def test_the_check_page_is_limited_too(strict_app: FastAPI) -> None:
    from tests.conftest_web import csrf_from

    browser = client_at(strict_app, "192.0.2.30")
    token = csrf_from(browser.get("/").text)
    answers = [browser.post("/check", data={"text": LONG, "csrf_token": token}).status_code
               for _ in range(3)]
    assert answers[:2] == [200, 200] and answers[2] == 429


def test_a_batch_takes_one_check_from_each_client_in_turn() -> None:
    pack = load_pack()
    batches: list[list[str]] = []

    def recording(submissions: Sequence[Submission], pack: PolicyPack) -> list[Verdict]:
        batches.append([s.id or "" for s in submissions])
        return [Verdict(id=s.id) for s in submissions]

    async def scenario() -> None:
        batcher = CheckBatcher(recording, max_batch=3)
        try:
            flood = [batcher.check(Submission(id=f"flood-{n}", text="x"), pack,
                                   client="addr:flooder") for n in range(9)]
            mine = batcher.check(Submission(id="mine", text="y"), pack, client="user:7")
            await asyncio.gather(*flood, mine)
        finally:
            await batcher.close()

    asyncio.run(scenario())
    # The first batch already holds the late-comer's check: flood, mine, flood...
    assert "mine" in batches[0]
    assert sum(len(b) for b in batches) == 10 and max(map(len, batches)) <= 3


def test_a_batch_stops_at_its_character_budget() -> None:
    pack = load_pack()
    batches: list[list[str]] = []

    def recording(submissions: Sequence[Submission], pack: PolicyPack) -> list[Verdict]:
        batches.append([s.id or "" for s in submissions])
        return [Verdict(id=s.id) for s in submissions]

    async def scenario() -> None:
        batcher = CheckBatcher(recording, max_chars=25_000)
        try:
            long = [batcher.check(Submission(id=f"long-{n}", text=LONG), pack,
                                  client="addr:a") for n in range(3)]
            short = batcher.check(Submission(id="short", text="hi"), pack, client="addr:b")
            await asyncio.gather(*long, short)
        finally:
            await batcher.close()

    asyncio.run(scenario())
    assert all(sum(1 for i in b if i.startswith("long")) <= 1 for b in batches)
    assert "short" in batches[0]


def test_a_flood_of_attachments_is_refused_before_any_work(client: TestClient) -> None:
    body = {"id": "a", "text": "Our new clinic", "attachments": [{}] * 51}
    response = client.post("/api/v1/check", json=body)
    assert response.status_code == 422
    assert "attachments" in response.json()["error"]["message"]
    assert client.post("/api/v1/check", json={**body, "attachments": [{}] * 50}).status_code \
        == 200
