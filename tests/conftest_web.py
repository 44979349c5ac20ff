"""Shared fixtures for the web and API tests: a database, the app, named users per role.

SQLite by default; set SOCIALGUARD_TEST_DATABASE_URL (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run the same tests on
PostgreSQL: a fresh database is created for the session and dropped after it.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import make_url
from sqlalchemy.orm import sessionmaker

from socialguard.auth import service
from socialguard.auth.roles import Role
from socialguard.auth.schemas import UserCreate
from socialguard.settings import Settings
from socialguard.web.app import create_app

TEST_DB_ENV = "SOCIALGUARD_TEST_DATABASE_URL"
# Tests run the daily audit job directly; a background scheduler would race them.
os.environ.setdefault("SOCIALGUARD_SCHEDULER", "off")
BASE_URL = "http://localhost"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class NamedUser:
    role: Role
    email: str
    password: str
    token: str


def fresh_postgres(url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``url``, dropped afterwards."""
    import psycopg

    parsed = make_url(url)
    name = f"sg_test_{secrets.token_hex(4)}"
    admin_dsn = parsed.set(drivername="postgresql", database="postgres")
    conninfo = admin_dsn.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    given = os.environ.get(TEST_DB_ENV)
    if given:
        yield from fresh_postgres(given)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'socialguard.db'}"


def make_settings(data_dir: Path, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "secret_key": "test-secret-" + "x" * 40,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url))
    with TestClient(application, base_url=BASE_URL):  # runs the lifespan once: migrate, warm
        yield application


@pytest.fixture(scope="session")
def closed_app(data_dir: Path, database_url: str, app: FastAPI) -> Iterator[FastAPI]:
    """The same database with anonymous checks switched off."""
    application = create_app(
        make_settings(data_dir, database_url, anonymous_check=False, batch_limit=3)
    )
    with TestClient(application, base_url=BASE_URL):
        yield application


def make_users(app: FastAPI, domain: str = "test.nhs.uk") -> dict[Role, NamedUser]:
    """One named user per role on ``app``'s database, each with a password and an API
    token (``staff@test.nhs.uk``...)."""
    made: dict[Role, NamedUser] = {}
    with app.state.db.session() as session:
        for role in Role:
            email = f"{role.value}@{domain}"
            password = f"correct horse battery {role.value}"
            user = service.create_user(
                session,
                data=UserCreate(
                    email=email,
                    name=f"{role.value.title()} Tester",
                    roles=[role],
                    password=password,
                ),
            )
            _, token = service.create_token(session, user=user, name="tests")
            made[role] = NamedUser(role, email, password, token)
    return made


def own_database(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[str]:
    """A database for one test module alone (SQLite, or a fresh PostgreSQL database when
    SOCIALGUARD_TEST_DATABASE_URL is set): for tests that change what every other module
    sees, such as the policy version in force."""
    given = os.environ.get(TEST_DB_ENV)
    if given:
        yield from fresh_postgres(given)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp(name) / 'socialguard.db'}"


def own_app(name: str, domain: str, **overrides: object) -> tuple[object, object, object,
                                                                   object]:
    """The fixtures ``data_dir``, ``database_url``, ``app`` and ``users`` for a module that
    needs a database of its own (``own_database``), its app made with ``overrides`` and its
    named users at ``domain``; assign them as module attributes:

        data_dir, database_url, app, users = own_app("reading", "reading.nhs.uk")
    """

    @pytest.fixture(scope="module", name="data_dir")
    def data_dir_(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return tmp_path_factory.mktemp(f"{name}-data")

    @pytest.fixture(scope="module", name="database_url")
    def database_url_(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
        yield from own_database(tmp_path_factory, f"{name}-db")

    @pytest.fixture(scope="module", name="app")
    def app_(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
        application = create_app(make_settings(data_dir, database_url, **overrides))
        with TestClient(application, base_url=BASE_URL):
            yield application

    @pytest.fixture(scope="module", name="users")
    def users_(app: FastAPI) -> dict[Role, NamedUser]:
        return make_users(app, domain)

    return data_dir_, database_url_, app_, users_


@pytest.fixture(scope="session")
def users(app: FastAPI) -> dict[Role, NamedUser]:
    """One named user per role, each with a password and an API token."""
    return make_users(app)


@pytest.fixture()
def rolled_back(app: FastAPI) -> Iterator[None]:
    """Everything the test writes through the shared app is rolled back afterwards.

    The app's sessions are bound, for the test, to one connection inside a transaction
    that is never committed; each ``commit()`` in the code under test ends a savepoint
    instead (SQLAlchemy's ``join_transaction_mode="create_savepoint"``). So tests do not
    see each other's rows, and no test depends on the order they run in. What the
    session-scoped fixtures made (the named users) was committed before and stays.
    """
    database = app.state.db
    connection = database.engine.connect()
    outer = connection.begin()
    shared = database.sessions
    database.sessions = sessionmaker(bind=connection, expire_on_commit=False,
                                     join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        database.sessions = shared
        outer.rollback()
        connection.close()


@pytest.fixture()
def client(app: FastAPI, rolled_back: None) -> TestClient:
    """A fresh browser-like client (its own cookies) on the shared app, whose writes are
    rolled back when the test ends (``rolled_back``)."""
    return TestClient(app, base_url=BASE_URL)


def csrf_from(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def log_in(client: TestClient, email: str, password: str) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_from(page.text),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def bearer(user: NamedUser) -> dict[str, str]:
    return {"Authorization": f"Bearer {user.token}"}


class ServerThread:
    """An ASGI app served by uvicorn on 127.0.0.1 in a thread (a real socket, no network)."""

    def __init__(self, application: object, *, lifespan: str = "on") -> None:
        import socket
        import threading

        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(application, host="127.0.0.1", port=self.port,  # type: ignore[arg-type]
                                log_level="warning", lifespan=lifespan)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        import time

        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
