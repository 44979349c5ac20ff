"""POST /triage, GET /policy, /health, /ready and the OpenAPI document."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import TRIAGE_ROLES, Role
from tests.api.test_check_api import assert_error
from tests.conftest_web import BASE_URL, NamedUser, bearer

FOI = {"id": "m-1", "text": "Under the Freedom of Information Act please send me the number of "
       "complaints you received in 2025. Regards, Jane Smith",
       "platform": "x", "author": {"name": "Jane Smith"},
       "received_at": "2026-11-25T09:30:00Z"}


def test_triage_needs_a_token(client: TestClient) -> None:
    response = client.post("/api/v1/triage", json=FOI)
    assert response.status_code == 401
    assert_error(response.json(), "unauthenticated")


@pytest.mark.parametrize("role", sorted(set(Role) - TRIAGE_ROLES - {Role.ADMIN}))
def test_triage_is_forbidden_to_roles_that_do_not_handle_inbound(
        client: TestClient, users: dict[Role, NamedUser], role: Role) -> None:
    response = client.post("/api/v1/triage", json=FOI, headers=bearer(users[role]))
    assert response.status_code == 403
    assert_error(response.json(), "forbidden")


@pytest.mark.parametrize("role", sorted(TRIAGE_ROLES | {Role.ADMIN}))
def test_triage_labels_and_routes_for_handling_roles(
        client: TestClient, users: dict[Role, NamedUser], role: Role) -> None:
    response = client.post("/api/v1/triage", json=FOI, headers=bearer(users[role]))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "m-1"
    assert "triage.foi-request" in body["labels"]
    foi = next(r for r in body["routes"] if r["team"] == "foi")
    assert foi["due"] == "2026-12-24"  # St Andrew's Day (Scotland), 30 Nov, skipped


def test_policy_is_readable_when_anonymous_checks_are_on(client: TestClient) -> None:
    response = client.get("/api/v1/policy")
    assert response.status_code == 200
    body = response.json()
    assert body["document"]["reference"] == "HR020"
    assert "confidential.patient" in body["rules"]
    # One version number and one review date: the database's, as every page gives them.
    assert body["label"] == f"HR020 policy version {body['version']}"
    verdict = client.post("/api/v1/check", json={"text": "Lovely walk in Ludlow"}).json()
    assert verdict["policy"] == body["label"]
    assert body["review_overdue"] is (date.fromisoformat(body["next_review"]) < date.today())


def test_policy_needs_a_token_when_anonymous_checks_are_off(
        closed_app: FastAPI, users: dict[Role, NamedUser]) -> None:
    client = TestClient(closed_app, base_url=BASE_URL)
    assert client.get("/api/v1/policy").status_code == 401
    for role in Role:
        assert client.get("/api/v1/policy", headers=bearer(users[role])).status_code == 200


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    ready = client.get("/api/v1/ready")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"
    assert ready.json()["detectors"] > 0


def test_not_ready_until_warmed(app: FastAPI, client: TestClient) -> None:
    app.state.warmed = False
    try:
        response = client.get("/api/v1/ready")
    finally:
        app.state.warmed = True
    assert response.status_code == 503
    assert_error(response.json(), "not_ready")


def test_openapi_is_published(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/check", "/api/v1/check/batch", "/api/v1/triage", "/api/v1/policy",
            "/api/v1/health", "/api/v1/ready"} <= set(spec["paths"])
    assert not any(path.startswith(("/login", "/admin", "/account")) for path in spec["paths"])
    check_422 = spec["paths"]["/api/v1/check"]["post"]["responses"]["422"]
    assert check_422["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_a_nul_character_is_refused_on_every_database(
        client: TestClient, users: dict[Role, NamedUser]) -> None:
    # PostgreSQL text cannot hold NUL and SQLite can: both refuse it, and nothing is stored.
    body = {"kind": "media", "title": "Press call\x00", "description": "The Star rang me."}
    response = client.post("/api/v1/cases", json=body, headers=bearer(users[Role.ADMIN]))
    assert response.status_code == 422
    assert_error(response.json(), "invalid_input")
    listed = client.get("/api/v1/cases", headers=bearer(users[Role.ADMIN])).json()
    assert not any(c["title"].startswith("Press call\x00") for c in listed)
