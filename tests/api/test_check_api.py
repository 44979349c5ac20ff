"""POST /api/v1/check and /check/batch: per role, anonymous, limits and the error shape."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from tests.conftest_web import BASE_URL, NamedUser, bearer

TWEET = {"id": "p-1", "text": "Call Mrs Jones's daughter on 07700 900123 about her discharge.",
         "capacity": "personal", "kind": "post", "platform": "x"}


def assert_error(response_json: dict[str, object], code: str) -> None:
    error = response_json["error"]
    assert isinstance(error, dict)
    assert error["code"] == code
    assert error["message"] and error["request_id"]
    assert set(error) == {"code", "message", "request_id"}


def test_check_answers_anonymously_by_default(client: TestClient) -> None:
    response = client.post("/api/v1/check", json=TWEET)
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["id"] == "p-1"
    assert verdict["decision"] == "block"
    assert any(f["rule"].startswith("confidential.") for f in verdict["findings"])
    finding = verdict["findings"][0]
    assert {"rule", "severity", "section", "message", "spans", "evidence", "fix"} <= set(finding)


@pytest.mark.parametrize("role", list(Role))
def test_check_accepts_every_role(client: TestClient, users: dict[Role, NamedUser],
                                  role: Role) -> None:
    response = client.post("/api/v1/check", json=TWEET, headers=bearer(users[role]))
    assert response.status_code == 200


def test_check_needs_a_token_when_anonymous_checks_are_off(closed_app: FastAPI,
                                                           users: dict[Role, NamedUser]) -> None:
    client = TestClient(closed_app, base_url=BASE_URL)
    response = client.post("/api/v1/check", json=TWEET)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert_error(response.json(), "unauthenticated")
    allowed = client.post("/api/v1/check", json=TWEET, headers=bearer(users[Role.STAFF]))
    assert allowed.status_code == 200


def test_a_bad_token_is_refused_even_when_anonymous_checks_are_on(client: TestClient) -> None:
    response = client.post("/api/v1/check", json=TWEET,
                           headers={"Authorization": "Bearer sg_not-a-real-token"})
    assert response.status_code == 401
    assert_error(response.json(), "unauthenticated")


def test_batch_needs_a_token(client: TestClient) -> None:
    response = client.post("/api/v1/check/batch", json=[TWEET])
    assert response.status_code == 401
    assert_error(response.json(), "unauthenticated")


@pytest.mark.parametrize("role", list(Role))
def test_batch_answers_every_role_in_order(client: TestClient, users: dict[Role, NamedUser],
                                           role: Role) -> None:
    batch = [TWEET, {"id": "p-2", "text": "Lovely walk on the Wrekin today."}]
    response = client.post("/api/v1/check/batch", json=batch, headers=bearer(users[role]))
    assert response.status_code == 200
    assert [v["id"] for v in response.json()] == ["p-1", "p-2"]
    assert response.json()[1]["decision"] == "ok"


def test_batch_over_the_limit_is_refused(closed_app: FastAPI,
                                         users: dict[Role, NamedUser]) -> None:
    client = TestClient(closed_app, base_url=BASE_URL)  # batch_limit=3 there
    response = client.post("/api/v1/check/batch", json=[TWEET] * 4,
                           headers=bearer(users[Role.STAFF]))
    assert response.status_code == 413
    assert_error(response.json(), "payload_too_large")
    assert "at most 3" in response.json()["error"]["message"]


def test_batch_with_an_invalid_item_names_it(client: TestClient,
                                             users: dict[Role, NamedUser]) -> None:
    response = client.post("/api/v1/check/batch", json=[TWEET, {"kind": "post"}],
                           headers=bearer(users[Role.STAFF]))
    assert response.status_code == 422
    assert_error(response.json(), "invalid_input")
    assert "1.text" in response.json()["error"]["message"]


def test_invalid_json_gets_the_error_shape(client: TestClient) -> None:
    response = client.post("/api/v1/check", content=b"{not json",
                           headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert_error(response.json(), "invalid_input")


def test_unknown_capacity_is_a_422(client: TestClient) -> None:
    response = client.post("/api/v1/check", json={**TWEET, "capacity": "royal"})
    assert response.status_code == 422
    assert "capacity" in response.json()["error"]["message"]


def test_declared_body_over_the_limit_is_a_413(client: TestClient) -> None:
    limit = client.app.state.settings.max_request_bytes  # type: ignore[attr-defined]
    response = client.post("/api/v1/check", content=b"x" * (limit + 1),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert_error(response.json(), "payload_too_large")


def test_streamed_body_over_the_limit_is_a_413(client: TestClient) -> None:
    limit = client.app.state.settings.max_request_bytes  # type: ignore[attr-defined]

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    response = client.post("/api/v1/check", content=chunks(),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert_error(response.json(), "payload_too_large")


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("GET", "/api/v1/nowhere", 404, "not_found"),
    ("DELETE", "/api/v1/check", 405, "method_not_allowed"),
    ("GET", "/api/v1/check", 405, "method_not_allowed"),
])
def test_routing_errors_use_the_error_shape(client: TestClient, method: str, path: str,
                                            status: int, code: str) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert_error(response.json(), code)


def test_request_id_is_echoed_and_in_errors(client: TestClient) -> None:
    response = client.get("/api/v1/nowhere", headers={"X-Request-ID": "trace-123"})
    assert response.headers["x-request-id"] == "trace-123"
    assert response.json()["error"]["request_id"] == "trace-123"
    unsafe = client.get("/api/v1/health", headers={"X-Request-ID": "bad id\nforged"})
    assert unsafe.headers["x-request-id"] != "bad id\nforged"
    assert len(unsafe.headers["x-request-id"]) == 32
