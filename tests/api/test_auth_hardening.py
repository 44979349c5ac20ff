"""Findings of the security probe: throttle race, account enumeration by timing, logout.

No test here measures time: each counts the argon2 checks made through the seam
``passwords.verify_hash`` (the real argon2 still runs) or follows a copied cookie.
"""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth import passwords, service
from socialguard.auth.roles import Role
from socialguard.auth.schemas import UserCreate
from socialguard.auth.sessions import SESSION_COOKIE
from socialguard.errors import Throttled, Unauthenticated
from tests.conftest_web import BASE_URL, csrf_from, log_in


def new_user(app: FastAPI) -> tuple[str, str]:
    """A user of this test alone: logging out and throttling then touch no one else."""
    email, password = f"h-{secrets.token_hex(4)}@test.nhs.uk", "a long enough password"
    with app.state.db.session() as session:
        service.create_user(session, data=UserCreate(email=email, roles=[Role.STAFF],
                                                     password=password))
    return email, password


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stored hashes argon2 is asked to check, in order; the real check still runs."""
    checked: list[str] = []
    real = passwords.verify_hash

    def counting(stored: str, password: str) -> bool:
        checked.append(stored)  # list.append is atomic: safe from the threads below
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify_hash", counting)
    return checked


def argon2_parameters(stored: str) -> str:
    """'$argon2id$v=19$m=65536,t=3,p=4' from a hash: what decides how long a check takes."""
    return stored.rsplit("$", 2)[0]


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(
        app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    email, _ = new_user(app)
    limit, tries = 3, 12
    checked = count_checks(monkeypatch)
    start = threading.Barrier(tries)  # all read the failure count at once, as in the probe

    def attempt(_: int) -> str:
        start.wait()
        with app.state.db.session() as session:
            try:
                service.authenticate(session, email=email, password="wrong password",
                                     ip="198.51.100.7", max_failures=limit, window_s=600)
            except Throttled:
                return "throttled"
            except Unauthenticated:
                return "refused"
        return "signed in"

    with ThreadPoolExecutor(tries) as pool:
        outcomes = Counter(pool.map(attempt, range(tries)))
    assert outcomes == {"refused": limit, "throttled": tries - limit}
    assert len(checked) == limit


def test_a_success_clears_its_reservation_and_failures_still_count(app: FastAPI) -> None:
    email, password = new_user(app)
    ip, limit = "198.51.100.8", 2

    def sign_in(guess: str) -> None:
        with app.state.db.session() as session:
            service.authenticate(session, email=email, password=guess, ip=ip,
                                 max_failures=limit, window_s=600)

    for _ in range(limit + 2):  # successes neither count nor leave a reservation behind
        sign_in(password)
    with pytest.raises(Unauthenticated):
        sign_in("wrong password")
    sign_in(password)  # and a success clears the earlier failure
    for _ in range(limit):
        with pytest.raises(Unauthenticated):
            sign_in("wrong password")
    with pytest.raises(Throttled):
        sign_in(password)


@pytest.mark.parametrize("case", ["unknown", "disabled", "wrong password"])
def test_every_refused_address_costs_one_real_argon2_check(
        app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    email, password = new_user(app)
    with app.state.db.session() as session:
        user = service.find_user(session, email=email)
        assert user is not None and user.password_hash is not None
        real_hash = user.password_hash
        if case == "disabled":
            service.set_active(session, user=user, active=False)
    if case == "unknown":
        email = f"nobody-{secrets.token_hex(4)}@test.nhs.uk"
    guess = "wrong password" if case == "wrong password" else password
    token = csrf_from(client.get("/login").text)
    checked = count_checks(monkeypatch)
    response = client.post("/login", data={"email": email, "password": guess,
                                           "csrf_token": token})
    assert response.status_code == 401
    assert "e-mail address or password is not right" in response.text
    # One check, against a hash as costly as a real one: the same time as a wrong password.
    assert len(checked) == 1
    assert argon2_parameters(checked[0]) == argon2_parameters(real_hash)


def test_logout_ends_a_copied_session_cookie(app: FastAPI) -> None:
    email, password = new_user(app)
    first = TestClient(app, base_url=BASE_URL)
    log_in(first, email, password)
    thief = TestClient(app, base_url=BASE_URL,
                       cookies={SESSION_COOKIE: first.cookies[SESSION_COOKIE]})
    assert thief.get("/account").status_code == 200
    page = first.get("/account")
    first.post("/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False)
    response = thief.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account"
    log_in(first, email, password)  # signing in again gives a working session
    assert first.get("/account").status_code == 200
