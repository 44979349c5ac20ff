"""Settings resolution, migrations on both databases, and the serve/admin commands."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from typer.testing import CliRunner

from socialguard.auth.models import User
from socialguard.db.session import Database
from socialguard.settings import Settings
from socialguard.web.cli import app as cli


def test_embedded_default_is_sqlite_in_the_data_folder(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SOCIALGUARD_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path / 'socialguard.db'}"
    assert settings.anonymous_check is True


def test_database_url_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/x")
    settings = Settings(data_dir=tmp_path)
    assert settings.sqlalchemy_url == "postgresql+psycopg://postgres@127.0.0.1:5432/x"


def test_generated_secret_is_persisted_privately(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path).secret
    again = Settings(data_dir=tmp_path).secret
    assert first == again and len(first) >= 32
    mode = (tmp_path / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_secret_from_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret_file = tmp_path / "mounted"
    secret_file.write_text("s" * 48 + "\n")
    monkeypatch.setenv("SOCIALGUARD_SECRET_KEY_FILE", str(secret_file))
    assert Settings(data_dir=tmp_path).secret == "s" * 48


@pytest.mark.parametrize("key", ["changeme", "short"])
def test_placeholder_secrets_are_refused_outside_development(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="placeholder"):
        Settings(data_dir=tmp_path, secret_key=key)
    assert Settings(data_dir=tmp_path, secret_key=key, environment="development").secret == key


def test_migrations_create_the_tables(database_url: str, app: object) -> None:
    database = Database(database_url)
    try:
        tables = set(inspect(database.engine).get_table_names())
    finally:
        database.dispose()
    assert {"users", "api_tokens", "login_attempts", "alembic_version"} <= tables


def test_admin_create_command(database_url: str, data_dir: Path, app: object,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALGUARD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(cli, ["admin", "create", "--email", "Boss@Test.nhs.uk",
                                      "--role", "admin", "--role", "ig"])
    assert result.exit_code == 0, result.output
    assert "password (shown once):" in result.output
    database = Database(database_url)
    try:
        with database.session() as session:
            user = session.scalar(select(User).where(User.email == "boss@test.nhs.uk"))
            assert user is not None and user.roles == ["ig", "admin"]
    finally:
        database.dispose()
    again = CliRunner().invoke(cli, ["admin", "create", "--email", "boss@test.nhs.uk",
                                     "--role", "admin"])
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_admin_create_refuses_an_unknown_role() -> None:
    result = CliRunner().invoke(cli, ["admin", "create", "--email", "a@b.c", "--role", "king"])
    assert result.exit_code == 2


def test_postgres_when_asked(app: object) -> None:
    import os

    from fastapi import FastAPI

    assert isinstance(app, FastAPI)
    expected = "postgresql" if os.environ.get("SOCIALGUARD_TEST_DATABASE_URL") else "sqlite"
    assert app.state.db.engine.dialect.name == expected


def test_serve_starts_on_the_embedded_default(tmp_path: Path) -> None:
    """`serve` with nothing configured: SQLite in the data folder, migrated, first admin
    printed once, ready; a second start prints no password."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCIALGUARD_")}
    env.pop("DATABASE_URL", None)
    env["SOCIALGUARD_DATA_DIR"] = str(tmp_path)

    def start() -> str:
        process = subprocess.Popen([sys.executable, "-m", "socialguard.web.cli", "serve",
                                    "--port", str(port)], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/api/v1/ready").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            assert process.poll() is None, "the server exited"
            verdict = httpx.post(f"http://127.0.0.1:{port}/api/v1/check",
                                 json={"text": "Lovely walk today."})
            assert verdict.json()["decision"] == "ok"
        finally:
            process.terminate()
            output = process.communicate(timeout=30)[0]
        return output

    first = start()
    assert "password:" in first and "admin@localhost" in first
    assert (tmp_path / "socialguard.db").exists() and (tmp_path / "secret_key").exists()
    assert "password:" not in start()
