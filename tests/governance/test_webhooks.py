"""Live inbound: messages arrive by themselves through signed webhooks (Meta, X, generic).

Every signature here is computed from the sender's published recipe with hmac, hashlib and
base64, never with the app's own signing helpers, so the tests hold the app to the
protocol rather than to itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select

from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.cases.notify import Notice
from socialguard.inbox.tables import InboxMessage
from socialguard.webhooks import routes
from socialguard.webhooks.service import SYSTEM_EMAIL
from socialguard.webhooks.tables import WebhookDelivery
from socialguard.workflow.audit import trail
from tests.conftest_web import NamedUser, bearer

META_SECRET = "meta-app-secret-0123456789abcdef"
VERIFY_TOKEN = "meatyhamhock"
X_SECRET = "x-consumer-secret-z3ZX4v7mAAUGykl3EcmkqbartmuW8VFOOzCloLx9Q45P0hLrFu"
SHARED_SECRET = "shared-secret-for-orlo-" + "s" * 24
PAGE_ID, IG_ID, X_ACCOUNT = "1406234567", "17841400000000001", "2244994945"
DANGER = "I've taken an overdose and I'm scared"
Users = dict[Role, NamedUser]


# The recipes, as published.
def meta_signature(body: bytes, secret: str = META_SECRET) -> str:
    """Meta: sha256= and the hex HMAC-SHA256 of the raw body, keyed with the app secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def x_signature(message: bytes, secret: str = X_SECRET) -> str:
    """X: sha256= and the base64 HMAC-SHA256 keyed with the consumer secret (the body for a
    delivery, the crc_token for a CRC answer)."""
    digest = hmac.new(secret.encode(), msg=message, digestmod=hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def generic_headers(body: bytes, *, at: int | None = None,
                    secret: str = SHARED_SECRET) -> dict[str, str]:
    """Ours: sha256= and the hex HMAC-SHA256 of "<timestamp>.<raw body>"."""
    stamp = str(int(time.time()) if at is None else at)
    mac = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-SocialGuard-Timestamp": stamp, "X-SocialGuard-Signature": "sha256=" + mac,
            "Content-Type": "application/json"}


def dumps(payload: object) -> bytes:
    return json.dumps(payload).encode()


@pytest.fixture()
def notices(monkeypatch: pytest.MonkeyPatch) -> list[Notice]:
    """The case notices the endpoints hand to the mailer, kept instead of sent."""
    sent: list[Notice] = []
    monkeypatch.setattr(routes, "send", lambda batch: sent.extend(batch))
    return sent


@pytest.fixture()
def configure(app: FastAPI) -> Iterator[Callable[..., None]]:
    """Settings of the shared app changed for one test. (Not monkeypatch: it cannot put back
    an attribute of Starlette's ``State``, it deletes it.)"""
    original = app.state.settings

    def apply(**values: object) -> None:
        app.state.settings = original.model_copy(update=values)

    yield apply
    app.state.settings = original


@pytest.fixture()
def live(client: TestClient, configure: Callable[..., None],
         notices: list[Notice]) -> TestClient:
    """The shared app with every webhook secret configured (for this test only)."""
    configure(meta_app_secret=SecretStr(META_SECRET), meta_verify_token=SecretStr(VERIFY_TOKEN),
              x_consumer_secret=SecretStr(X_SECRET), webhook_secret=SecretStr(SHARED_SECRET))
    return client


def stored(app: FastAPI, platform: str, *external_ids: str) -> list[InboxMessage]:
    with app.state.db.session() as session:
        return list(session.scalars(select(InboxMessage).where(
            InboxMessage.platform == platform, InboxMessage.external_id.in_(external_ids))))


def count(app: FastAPI, model: type[Any]) -> int:
    with app.state.db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def refused(response: Any, status: int = 401) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"] and error["request_id"]


# --- Meta: Facebook Pages and Instagram ---------------------------------------------------

def meta_delivery(tag: str, sent: int) -> dict[str, Any]:
    """A Page comment, a Messenger message (and its echo), an Instagram comment and DM."""
    return {"object": "page", "entry": [
        {"id": PAGE_ID, "time": sent, "changes": [{"field": "feed", "value": {
            "from": {"id": "5550001", "name": "Amira Khan"}, "item": "comment", "verb": "add",
            "post_id": f"{PAGE_ID}_1", "comment_id": f"{PAGE_ID}_1_{tag}", "created_time": sent,
            "message": "Please could you send me the total spent on agency nurses in 2025?"}}]},
        {"id": PAGE_ID, "time": sent * 1000, "messaging": [
            {"sender": {"id": "6660001"}, "recipient": {"id": PAGE_ID}, "timestamp": sent * 1000,
             "message": {"mid": f"m_{tag}", "text": "Thanks for the lovely service"}},
            {"sender": {"id": PAGE_ID}, "recipient": {"id": "6660001"}, "timestamp": sent * 1000,
             "message": {"mid": f"m_echo_{tag}", "is_echo": True, "text": "You're welcome"}}]},
    ]}


def instagram_delivery(tag: str, sent: int) -> dict[str, Any]:
    return {"object": "instagram", "entry": [
        {"id": IG_ID, "time": sent, "changes": [{"field": "comments", "value": {
            "from": {"id": "1789001", "username": "clinic_fan"}, "id": f"1791{tag}",
            "media": {"id": "1800001", "media_product_type": "FEED"},
            "text": "Lovely photo of the new ward"}}]},
        {"id": IG_ID, "time": sent * 1000, "messaging": [
            {"sender": {"id": "1789002"}, "recipient": {"id": IG_ID}, "timestamp": sent * 1000,
             "message": {"mid": f"ig_{tag}", "text": "What time does the clinic open?"}}]},
    ]}


def test_meta_verification_echoes_the_challenge_only_for_the_verify_token(
        live: TestClient) -> None:
    asked = {"hub.mode": "subscribe", "hub.challenge": "1158201444",
             "hub.verify_token": VERIFY_TOKEN}
    answer = live.get("/api/v1/webhooks/meta", params=asked)
    assert answer.status_code == 200 and answer.text == "1158201444"
    assert answer.headers["content-type"].startswith("text/plain")
    for wrong in ({"hub.verify_token": "guess"}, {"hub.mode": "unsubscribe"},
                  {"hub.verify_token": None}):
        query = {k: v for k, v in (asked | wrong).items() if v is not None}
        refused(live.get("/api/v1/webhooks/meta", params=query), 403)


def test_a_signed_meta_delivery_is_stored_once_even_when_sent_twice(
        live: TestClient, app: FastAPI) -> None:
    tag, sent = uuid.uuid4().hex[:10], int(time.time()) - 600
    body = dumps(meta_delivery(tag, sent))
    headers = {"X-Hub-Signature-256": meta_signature(body), "Content-Type": "application/json"}
    first = live.post("/api/v1/webhooks/meta", content=body, headers=headers)
    assert first.status_code == 200, first.text
    receipt = first.json()
    # The Page's own echo is no message to the Page.
    assert (receipt["received"], len(receipt["stored"]), receipt["passed_over"]) == (2, 2, 1)
    comment, direct = sorted(stored(app, "facebook", f"{PAGE_ID}_1_{tag}", f"m_{tag}"),
                             key=lambda m: m.external_id or "")
    assert comment.author_name == "Amira Khan" and "agency nurses" in comment.text
    assert comment.labels == ["triage.foi-request"]
    assert direct.author_name == "6660001"  # Messenger gives a scoped id, not a name
    assert int(comment.received_at.timestamp()) == int(direct.received_at.timestamp()) == sent
    assert comment.imported_by == SYSTEM_EMAIL

    again = live.post("/api/v1/webhooks/meta", content=body, headers=headers)
    assert again.status_code == 200 and again.json()["replayed"] is True  # Meta retries
    assert again.json()["stored"] == []
    assert len(stored(app, "facebook", f"{PAGE_ID}_1_{tag}", f"m_{tag}")) == 2


def test_a_retry_batched_differently_stores_each_message_once(
        live: TestClient, app: FastAPI) -> None:
    tag, sent = uuid.uuid4().hex[:10], int(time.time()) - 60
    whole = meta_delivery(tag, sent)
    live.post("/api/v1/webhooks/meta", content=(b := dumps(whole)),
              headers={"X-Hub-Signature-256": meta_signature(b)})
    part = {"object": "page", "entry": [whole["entry"][1]], "extra": "another batch"}
    body = dumps(part)
    response = live.post("/api/v1/webhooks/meta", content=body,
                         headers={"X-Hub-Signature-256": meta_signature(body)})
    assert response.status_code == 200 and response.json()["duplicates"] == [f"m_{tag}"]
    assert len(stored(app, "facebook", f"m_{tag}")) == 1


def test_instagram_comments_and_messages_arrive_through_the_same_endpoint(
        live: TestClient, app: FastAPI) -> None:
    tag, sent = uuid.uuid4().hex[:10], int(time.time()) - 120
    body = dumps(instagram_delivery(tag, sent))
    response = live.post("/api/v1/webhooks/meta", content=body,
                         headers={"X-Hub-Signature-256": meta_signature(body)})
    assert response.status_code == 200 and len(response.json()["stored"]) == 2
    names = {m.external_id: m.author_name for m in stored(app, "instagram", f"1791{tag}",
                                                          f"ig_{tag}")}
    assert names == {f"1791{tag}": "@clinic_fan", f"ig_{tag}": "1789002"}


@pytest.mark.parametrize("signature", [
    None, "", "sha256=", meta_signature(b"{}"), meta_signature(b"x", secret="wrong-secret"),
    "sha1=0123", b"sha256=\xe9"])  # the last one not ASCII: compare_digest must not crash
def test_a_meta_delivery_without_the_right_signature_is_401_and_stores_nothing(
        live: TestClient, app: FastAPI, signature: str | bytes | None) -> None:
    tag = uuid.uuid4().hex[:10]
    body = dumps(meta_delivery(tag, int(time.time())))
    if signature == meta_signature(b"x", secret="wrong-secret"):
        signature = meta_signature(body, secret="wrong-secret")
    before = count(app, InboxMessage), count(app, WebhookDelivery)
    headers: dict[str, str | bytes] = {}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    refused(live.post("/api/v1/webhooks/meta", content=body, headers=headers))
    assert (count(app, InboxMessage), count(app, WebhookDelivery)) == before


def test_the_signature_is_over_the_raw_bytes_not_the_parsed_json(live: TestClient) -> None:
    body = dumps(meta_delivery(uuid.uuid4().hex[:10], int(time.time())))
    respaced = json.dumps(json.loads(body), indent=1).encode()  # the same JSON, other bytes
    refused(live.post("/api/v1/webhooks/meta", content=respaced,
                      headers={"X-Hub-Signature-256": meta_signature(body)}))


# --- X Account Activity API ---------------------------------------------------------------

def x_delivery(tag: str, sent_ms: int) -> dict[str, Any]:
    """A mention, the account's own post, a retweet, a DM received and a DM sent."""
    them = {"id_str": "3805104374", "name": "Tom Reed", "screen_name": "tomreed"}
    us = {"id_str": X_ACCOUNT, "name": "NHS STW", "screen_name": "NHSSTW"}
    return {
        "for_user_id": X_ACCOUNT, "user_has_blocked": "false",
        "tweet_create_events": [
            {"id_str": f"1{tag}", "created_at": "Wed Oct 10 20:19:24 +0000 2018",
             "timestamp_ms": str(sent_ms), "user": them,
             "text": "@NHSSTW Hi, I'm a reporter at the county paper - could your press office "
                     "give us a comment on the clinic closures by 5pm?"},
            {"id_str": f"2{tag}", "timestamp_ms": str(sent_ms), "user": us,
             "text": "Our clinics are open over the holidays"},
            {"id_str": f"3{tag}", "timestamp_ms": str(sent_ms), "user": them, "text": "RT ...",
             "retweeted_status": {"id_str": "1"}},
        ],
        "direct_message_events": [
            {"type": "message_create", "id": f"4{tag}", "created_timestamp": str(sent_ms),
             "message_create": {"target": {"recipient_id": X_ACCOUNT}, "sender_id": "3805104374",
                                "message_data": {"text": "Thank you for your help today"}}},
            {"type": "message_create", "id": f"5{tag}", "created_timestamp": str(sent_ms),
             "message_create": {"target": {"recipient_id": "3805104374"}, "sender_id": X_ACCOUNT,
                                "message_data": {"text": "You're welcome"}}},
        ],
        "users": {"3805104374": them, X_ACCOUNT: us},
    }


def test_x_crc_answers_with_the_documented_hmac(live: TestClient) -> None:
    token = "9b4507b3-9040-4669-9ca3-6b94edb50553"
    answer = live.get("/api/v1/webhooks/x", params={"crc_token": token})
    assert answer.status_code == 200
    assert answer.json() == {"response_token": x_signature(token.encode())}


def test_x_crc_will_not_sign_something_that_could_be_a_delivery(live: TestClient) -> None:
    forged = json.dumps(x_delivery("evil", int(time.time() * 1000)))
    for token in (forged, " \n" + forged, "[]"):
        refused(live.get("/api/v1/webhooks/x", params={"crc_token": token}), 422)
    refused(live.get("/api/v1/webhooks/x"), 422)
    # Tokens that merely look like numbers or words are answered.
    assert live.get("/api/v1/webhooks/x", params={"crc_token": "1234"}).status_code == 200


def test_a_signed_x_delivery_stores_mentions_and_messages_once(
        live: TestClient, app: FastAPI) -> None:
    tag, sent_ms = uuid.uuid4().hex[:10], int(time.time() * 1000) - 5000
    body = dumps(x_delivery(tag, sent_ms))
    headers = {"x-twitter-webhooks-signature": x_signature(body)}
    first = live.post("/api/v1/webhooks/x", content=body, headers=headers)
    assert first.status_code == 200, first.text
    assert (len(first.json()["stored"]), first.json()["passed_over"]) == (2, 3)
    mention, direct = sorted(stored(app, "x", *(f"{n}{tag}" for n in range(1, 6))),
                             key=lambda m: m.external_id or "")
    assert mention.external_id == f"1{tag}" and mention.labels == ["triage.media-enquiry"]
    assert mention.author_name == direct.author_name == "Tom Reed"
    assert int(mention.received_at.timestamp()) == sent_ms // 1000
    again = live.post("/api/v1/webhooks/x", content=body, headers=headers)
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert len(stored(app, "x", *(f"{n}{tag}" for n in range(1, 6)))) == 2


def test_an_x_delivery_signed_in_hex_or_with_another_key_is_refused(
        live: TestClient, app: FastAPI) -> None:
    body = dumps(x_delivery(uuid.uuid4().hex[:10], int(time.time() * 1000)))
    hex_form = "sha256=" + hmac.new(X_SECRET.encode(), body, hashlib.sha256).hexdigest()
    before = count(app, InboxMessage)
    for signature in (hex_form, x_signature(body, secret="another"), x_signature(b"{}")):
        refused(live.post("/api/v1/webhooks/x", content=body,
                          headers={"x-twitter-webhooks-signature": signature}))
    assert count(app, InboxMessage) == before


# --- Generic: forwarded by Orlo, Hootsuite, Sprout Social... ------------------------------

def one_message(tag: str, text: str = "Thanks for the lovely service at the clinic"
                ) -> dict[str, Any]:
    return {"id": f"orlo-{tag}", "text": text, "platform": "facebook",
            "author": {"name": "@fan", "identifiable_as_staff": False},
            "received_at": "2026-11-25T10:00:00Z"}


def test_a_generic_delivery_of_one_message_or_a_list_is_stored(
        live: TestClient, app: FastAPI) -> None:
    tag = uuid.uuid4().hex[:10]
    body = dumps(one_message(tag))
    response = live.post("/api/v1/webhooks/generic", content=body, headers=generic_headers(body))
    assert response.status_code == 200, response.text
    assert len(response.json()["stored"]) == 1
    batch = dumps([one_message(tag), one_message(tag + "b"), one_message(tag + "c")])
    response = live.post("/api/v1/webhooks/generic", content=batch,
                         headers=generic_headers(batch))
    assert response.status_code == 200
    assert response.json()["duplicates"] == [f"orlo-{tag}"]
    assert len(stored(app, "facebook", f"orlo-{tag}", f"orlo-{tag}b", f"orlo-{tag}c")) == 3


def test_a_replayed_generic_delivery_is_refused(live: TestClient, app: FastAPI) -> None:
    body = dumps(one_message(uuid.uuid4().hex[:10]))
    headers = generic_headers(body)
    assert live.post("/api/v1/webhooks/generic", content=body, headers=headers).status_code == 200
    before = count(app, InboxMessage)
    refused(live.post("/api/v1/webhooks/generic", content=body, headers=headers))
    # The same delivery with its hex in capitals is the same delivery.
    shouted = headers | {"X-SocialGuard-Signature": "sha256=" +
                         headers["X-SocialGuard-Signature"][7:].upper()}
    refused(live.post("/api/v1/webhooks/generic", content=body, headers=shouted))
    assert count(app, InboxMessage) == before


@pytest.mark.parametrize("skew", [-301, 301, -10**9])
def test_a_generic_delivery_signed_too_long_ago_or_ahead_is_refused(
        live: TestClient, app: FastAPI, skew: int) -> None:
    body = dumps(one_message(uuid.uuid4().hex[:10]))
    before = count(app, InboxMessage)
    refused(live.post("/api/v1/webhooks/generic", content=body,
                      headers=generic_headers(body, at=int(time.time()) + skew)))
    assert count(app, InboxMessage) == before


@pytest.mark.parametrize("change", [
    {"X-SocialGuard-Signature": None}, {"X-SocialGuard-Timestamp": None},
    {"X-SocialGuard-Timestamp": "yesterday"}, {"X-SocialGuard-Signature": "sha256=00"}])
def test_a_generic_delivery_without_a_valid_signature_is_refused(
        live: TestClient, app: FastAPI, change: dict[str, str | None]) -> None:
    body = dumps(one_message(uuid.uuid4().hex[:10]))
    headers = {k: v for k, v in (generic_headers(body) | change).items() if v is not None}
    before = count(app, InboxMessage), count(app, WebhookDelivery)
    refused(live.post("/api/v1/webhooks/generic", content=body, headers=headers))
    assert (count(app, InboxMessage), count(app, WebhookDelivery)) == before


@pytest.mark.parametrize("payload", [b"not json", b"[]", b'{"text": ""}', b'[{"id": "1"}]',
                                     b'{"text": "hi", "received_at": "1999-01-01T00:00:00Z"}',
                                     b'{"text": "a NUL \\u0000 here"}', b"[" * 100_000])
def test_a_signed_body_that_is_no_message_is_422_and_stores_nothing(
        live: TestClient, app: FastAPI, payload: bytes) -> None:
    before = count(app, InboxMessage), count(app, WebhookDelivery)
    refused(live.post("/api/v1/webhooks/generic", content=payload,
                      headers=generic_headers(payload)), 422)
    assert (count(app, InboxMessage), count(app, WebhookDelivery)) == before


# --- Off until configured -----------------------------------------------------------------

OPERATIONS = [("GET", "/api/v1/webhooks/meta"), ("POST", "/api/v1/webhooks/meta"),
              ("GET", "/api/v1/webhooks/x?crc_token=abc"), ("POST", "/api/v1/webhooks/x"),
              ("POST", "/api/v1/webhooks/generic")]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_endpoint_is_404_until_its_secret_is_configured(
        client: TestClient, method: str, path: str) -> None:
    body = b"{}"
    headers = generic_headers(body) | {"X-Hub-Signature-256": meta_signature(body),
                                       "x-twitter-webhooks-signature": x_signature(body)}
    refused(client.request(method, path, content=body, headers=headers), 404)


def test_a_blank_secret_leaves_the_endpoint_off(client: TestClient,
                                                configure: Callable[..., None]) -> None:
    configure(webhook_secret=SecretStr("  "))
    body = b"{}"
    refused(client.post("/api/v1/webhooks/generic", content=body,
                        headers=generic_headers(body, secret="  ")), 404)


def test_secrets_may_be_mounted_files(client: TestClient, tmp_path: Path,
                                      configure: Callable[..., None],
                                      notices: list[Notice]) -> None:
    (tmp_path / "webhook").write_text(SHARED_SECRET + "\n")
    configure(webhook_secret_file=tmp_path / "webhook", x_consumer_secret_file=tmp_path / "gone")
    body = dumps(one_message(uuid.uuid4().hex[:10]))
    response = client.post("/api/v1/webhooks/generic", content=body,
                           headers=generic_headers(body))
    assert response.status_code == 200, response.text
    # A secret file that cannot be read is the server's fault, said as such.
    refused(client.get("/api/v1/webhooks/x", params={"crc_token": "abc"}), 503)


# --- What arrives is triaged like an import -----------------------------------------------

@pytest.mark.parametrize("how", ["meta", "generic"])
def test_a_danger_message_by_webhook_raises_the_safeguarding_route(
        live: TestClient, app: FastAPI, users: Users, notices: list[Notice], how: str) -> None:
    tag = uuid.uuid4().hex[:10]
    if how == "meta":
        body = dumps({"object": "page", "entry": [{"id": PAGE_ID, "messaging": [
            {"sender": {"id": "7770001"}, "recipient": {"id": PAGE_ID},
             "timestamp": int(time.time() * 1000), "message": {"mid": tag, "text": DANGER}}]}]})
        headers = {"X-Hub-Signature-256": meta_signature(body)}
    else:
        body = dumps(one_message(tag, DANGER))
        headers = generic_headers(body)
    response = live.post(f"/api/v1/webhooks/{how}", content=body, headers=headers)
    assert response.status_code == 200, response.text
    message_id = response.json()["stored"][0]
    seen = live.get(f"/api/v1/inbox/messages/{message_id}",
                    headers=bearer(users[Role.SAFEGUARDING])).json()
    assert seen["labels"] == ["triage.safeguarding-danger"] and "999" in seen["alert"]
    route = seen["routes"][0]
    assert route["team"] == "safeguarding" and route["urgency"] == "immediate"
    case = live.get(f"/api/v1/cases/{route['case_id']}",
                    headers=bearer(users[Role.SAFEGUARDING])).json()
    assert case["urgency"] == "immediate" and "999" in case["instruction"]
    assert case["reporter"] == SYSTEM_EMAIL and case["source_message_id"] == message_id
    assert [n.subject for n in notices if "URGENT" in n.subject], notices


def test_deliveries_are_imported_by_one_service_account_that_cannot_sign_in(
        live: TestClient, app: FastAPI) -> None:
    ids = []
    for _ in range(2):
        body = dumps(one_message(uuid.uuid4().hex[:10]))
        response = live.post("/api/v1/webhooks/generic", content=body,
                             headers=generic_headers(body))
        ids += response.json()["stored"]
    with app.state.db.session() as session:
        accounts = session.scalars(select(User).where(User.email == SYSTEM_EMAIL)).all()
        assert len(accounts) == 1
        account = accounts[0]
        assert not account.is_active and account.password_hash is None and account.roles == []
        rows = trail(session, entity_type="inbox_message", entity_id=ids[0])
        assert [(r.action, r.actor) for r in rows] == [("imported", SYSTEM_EMAIL)]


def test_logs_carry_ids_and_digests_never_the_message(
        live: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret_words = f"My name is Jo Bloggs and my NHS number is 943 476 {uuid.uuid4().int % 10000}"
    body = dumps(one_message(uuid.uuid4().hex[:10], secret_words))
    with caplog.at_level(logging.DEBUG):
        response = live.post("/api/v1/webhooks/generic", content=body,
                             headers=generic_headers(body))
        refused(live.post("/api/v1/webhooks/generic", content=body,
                          headers=generic_headers(body)))
    assert response.status_code == 200
    assert "webhook generic" in caplog.text
    assert "Jo Bloggs" not in caplog.text and SHARED_SECRET not in caplog.text


def test_the_openapi_document_describes_the_webhooks(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    generic = paths["/api/v1/webhooks/generic"]["post"]
    assert {p["name"] for p in generic["parameters"]} == {"X-SocialGuard-Timestamp",
                                                          "X-SocialGuard-Signature"}
    schema = generic["requestBody"]["content"]["application/json"]["schema"]
    assert schema["anyOf"][0]["$ref"].rsplit("/", 1)[1] in app.openapi()["components"]["schemas"]
    for path, method in [(p, m) for p, item in paths.items() if "/webhooks/" in p
                         for m in item]:
        assert "404" in paths[path][method]["responses"], (method, path)
