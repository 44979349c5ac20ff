"""Sign-in, sessions, CSRF, throttling, API tokens and user admin, per role."""

from __future__ import annotations

import secrets

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from socialguard.auth import service
from socialguard.auth.models import ApiToken, User
from socialguard.auth.roles import Role
from socialguard.auth.schemas import UserCreate
from tests.conftest_web import BASE_URL, NamedUser, csrf_from, log_in


def new_user(app: FastAPI, *roles: Role) -> tuple[str, str]:
    email, password = f"u-{secrets.token_hex(4)}@test.nhs.uk", "a long enough password"
    with app.state.db.session() as session:
        service.create_user(session, data=UserCreate(email=email, roles=list(roles),
                                                     password=password))
    return email, password


def test_login_sets_a_hardened_session_cookie(client: TestClient,
                                              users: dict[Role, NamedUser]) -> None:
    page = client.get("/login")
    response = client.post("/login", data={"email": users[Role.STAFF].email,
                                           "password": users[Role.STAFF].password,
                                           "csrf_token": csrf_from(page.text), "next": "/policy"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/policy"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # localhost: the embedded default works over plain http
    assert client.get("/account").status_code == 200


def test_cookie_is_secure_off_localhost(app: FastAPI) -> None:
    remote = TestClient(app, base_url="http://socialguard.example.nhs.uk")
    response = remote.get("/login")
    assert "Secure" in response.headers["set-cookie"]


def test_login_refuses_a_form_without_the_csrf_token(client: TestClient,
                                                     users: dict[Role, NamedUser]) -> None:
    client.get("/login")
    response = client.post("/login", data={"email": users[Role.STAFF].email,
                                           "password": users[Role.STAFF].password})
    assert response.status_code == 403
    assert "did not come from this site" in response.text


def test_wrong_password_is_refused_without_saying_which_part(
        client: TestClient, users: dict[Role, NamedUser]) -> None:
    page = client.get("/login")
    response = client.post("/login", data={"email": users[Role.STAFF].email, "password": "nope",
                                           "csrf_token": csrf_from(page.text)})
    assert response.status_code == 401
    assert "e-mail address or password is not right" in response.text


def test_login_is_throttled_per_account_and_address(app: FastAPI) -> None:
    # Its own client, not the rolled-back one: a second app must see what this one stored.
    client = TestClient(app, base_url=BASE_URL)
    email, password = new_user(app, Role.STAFF)
    token = csrf_from(client.get("/login").text)
    limit = app.state.settings.login_max_failures
    for _ in range(limit):
        bad = client.post("/login", data={"email": email, "password": "wrong password",
                                          "csrf_token": token})
        assert bad.status_code == 401
    blocked = client.post("/login", data={"email": email, "password": password,
                                          "csrf_token": token})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    # Stored in the database, so another worker (another app on the same database) agrees.
    other = TestClient(create_twin(app), base_url=BASE_URL)
    again = other.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_from(other.get("/login").text)})
    assert again.status_code == 429


def create_twin(app: FastAPI) -> FastAPI:
    from socialguard.web.app import create_app

    twin = create_app(app.state.settings)
    twin.state.policy = app.state.policy
    return twin


def test_logout_ends_the_session(client: TestClient, users: dict[Role, NamedUser]) -> None:
    log_in(client, users[Role.COMMS].email, users[Role.COMMS].password)
    page = client.get("/account")
    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_login_redirect_is_never_off_site(client: TestClient,
                                          users: dict[Role, NamedUser]) -> None:
    page = client.get("/login")
    response = client.post("/login", data={"email": users[Role.HR].email,
                                           "password": users[Role.HR].password,
                                           "csrf_token": csrf_from(page.text),
                                           "next": "//evil.example/"},
                           follow_redirects=False)
    assert response.headers["location"] == "/"


@pytest.mark.parametrize("path", ["/account", "/admin/users"])
def test_pages_send_anonymous_visitors_to_login(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


@pytest.mark.parametrize("role", list(Role))
def test_account_page_for_every_role(client: TestClient, users: dict[Role, NamedUser],
                                     role: Role) -> None:
    log_in(client, users[role].email, users[role].password)
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_user_admin_is_forbidden_to_non_admins(client: TestClient, users: dict[Role, NamedUser],
                                               role: Role) -> None:
    log_in(client, users[role].email, users[role].password)
    assert client.get("/admin/users").status_code == 403
    token = csrf_from(client.get("/account").text)
    response = client.post("/admin/users", data={"email": "x@test.nhs.uk", "roles": "admin",
                                                 "csrf_token": token})
    assert response.status_code == 403


def test_admin_creates_a_user_who_can_sign_in(client: TestClient, app: FastAPI,
                                              users: dict[Role, NamedUser]) -> None:
    log_in(client, users[Role.ADMIN].email, users[Role.ADMIN].password)
    page = client.get("/admin/users")
    email = f"new-{secrets.token_hex(3)}@test.nhs.uk"
    created = client.post("/admin/users", data={"email": email, "name": "New Person",
                                                "roles": ["foi", "staff"],
                                                "csrf_token": csrf_from(page.text)})
    assert created.status_code == 200
    assert f"Created {email}" in created.text
    password = created.text.split('id="created-password" type="text" readonly value="')[1]
    password = password.split('"')[0]
    fresh = TestClient(app, base_url=BASE_URL)
    log_in(fresh, email, password)
    with app.state.db.session() as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None and user.roles == ["staff", "foi"]
        assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")


def test_disabling_a_user_ends_their_sessions(client: TestClient, app: FastAPI,
                                              users: dict[Role, NamedUser]) -> None:
    email, password = new_user(app, Role.STAFF)
    victim = TestClient(app, base_url=BASE_URL)
    log_in(victim, email, password)
    assert victim.get("/account").status_code == 200
    log_in(client, users[Role.ADMIN].email, users[Role.ADMIN].password)
    with app.state.db.session() as session:
        user_id = session.scalar(select(User.id).where(User.email == email))
    page = client.get("/admin/users")
    response = client.post(f"/admin/users/{user_id}/active",
                           data={"active": "false", "csrf_token": csrf_from(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303
    assert victim.get("/account", follow_redirects=False).status_code == 303


def test_api_token_lifecycle(client: TestClient, app: FastAPI) -> None:
    email, password = new_user(app, Role.COMMS)
    log_in(client, email, password)
    page = client.get("/account")
    created = client.post("/account/tokens", data={"name": "intranet",
                                                   "csrf_token": csrf_from(page.text)})
    token = created.text.split('id="new-token-value" type="text" readonly value="')[1]
    token = token.split('"')[0]
    assert token.startswith("sg_")
    headers = {"Authorization": f"Bearer {token}"}
    inbound = {"text": "Is the clinic open on Saturday?"}
    assert client.post("/api/v1/triage", json=inbound, headers=headers).status_code == 200
    with app.state.db.session() as session:
        stored = session.scalar(select(ApiToken).where(ApiToken.name == "intranet",
                                                       ApiToken.prefix == token[:10]))
        assert stored is not None
        assert token not in stored.token_hash and len(stored.token_hash) == 64
        token_id = stored.id
    assert token not in client.get("/account").text  # shown once only
    page = client.get("/account")
    client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_from(page.text)})
    refused = client.post("/api/v1/triage", json=inbound, headers=headers)
    assert refused.status_code == 401


def test_cannot_revoke_someone_elses_token(client: TestClient,
                                           users: dict[Role, NamedUser], app: FastAPI) -> None:
    with app.state.db.session() as session:
        other_id = session.scalar(select(ApiToken.id).join(User).where(
            User.email == users[Role.HR].email))
    log_in(client, users[Role.STAFF].email, users[Role.STAFF].password)
    page = client.get("/account")
    response = client.post(f"/account/tokens/{other_id}/revoke",
                           data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 404


def test_first_start_creates_one_admin_only_once(app: FastAPI) -> None:
    with app.state.db.session() as session:
        assert service.ensure_first_admin(session) is None  # users exist already
        admin = service.find_user(session, email="admin@localhost")
        assert admin is not None and admin.roles == ["admin"]


def test_change_password_signs_out_other_sessions(client: TestClient, app: FastAPI) -> None:
    email, password = new_user(app, Role.STAFF)
    other = TestClient(app, base_url=BASE_URL)
    log_in(other, email, password)
    log_in(client, email, password)
    page = client.get("/account")
    wrong = client.post("/account/password", data={"current": "nope", "new": "x" * 12,
                                                   "confirm": "x" * 12,
                                                   "csrf_token": csrf_from(page.text)})
    assert "current password is not right" in wrong.text
    changed = client.post("/account/password", data={
        "current": password, "new": "a brand new passphrase", "confirm": "a brand new passphrase",
        "csrf_token": csrf_from(page.text)})
    assert "Your password was changed" in changed.text
    assert client.get("/account").status_code == 200  # this session continues
    assert other.get("/account", follow_redirects=False).status_code == 303
    log_in(TestClient(app, base_url=BASE_URL), email, "a brand new passphrase")
