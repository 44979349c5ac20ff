"""Migration 0004 upgrades a database at 0002 that holds data, without losing it, on SQLite
and (when SOCIALGUARD_TEST_DATABASE_URL is set) on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from socialguard.cases.tables import Case, CaseComment
from socialguard.db.migrate import alembic_config, upgrade
from socialguard.inbox.tables import InboxMessage, InboxRoute
from tests.conftest_web import TEST_DB_ENV, fresh_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    given = os.environ.get(TEST_DB_ENV)
    if not given:
        pytest.skip(f"set {TEST_DB_ENV} to run on PostgreSQL")
    yield from fresh_postgres(given)


def test_upgrade_from_0002_keeps_the_data_and_adds_inbox_and_cases(url: str) -> None:
    command.upgrade(alembic_config(url), "0002")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (email, name, password_hash, roles, is_active, session_epoch, "
            "created_at) VALUES ('ada@nhs.net', 'Ada', NULL, '[\"safeguarding\"]', true, 0, "
            "'2026-01-01 00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO audit_events (at, actor, entity_type, entity_id, action, detail) "
            "VALUES ('2026-01-02 00:00:00+00:00', 'ada@nhs.net', 'account', '1', 'created', "
            "'{}')"))
    upgrade(url)
    tables = set(inspect(engine).get_table_names())
    assert {"inbox_messages", "inbox_routes", "cases", "case_comments"} <= tables
    with engine.connect() as conn:
        assert conn.execute(text("SELECT email FROM users")).scalars().all() == ["ada@nhs.net"]
        assert conn.execute(text("SELECT action FROM audit_events")).scalars().all() == [
            "created"]
        # At every head of the migrations (workflows add their own branches).
        heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
        assert set(conn.execute(text("SELECT version_num FROM alembic_version"))
                   .scalars()) == heads
    with Session(engine) as session:
        message = InboxMessage(platform="x", text="hello", labels=["triage.general"],
                               received_at=datetime(2026, 1, 3, tzinfo=UTC))
        message.routes.append(InboxRoute(label="triage.general", team="account_owner",
                                         team_name="Owner", urgency="low", instruction="Reply"))
        session.add(message)
        session.flush()
        case = Case(kind="safeguarding", title="t", source_message_id=message.id)
        case.comments.append(CaseComment(author="ada@nhs.net", body="noted"))
        session.add(case)
        session.commit()
        stored = session.scalar(select(Case))
        assert stored is not None and stored.comments[0].body == "noted"
        assert stored.state == "open" and stored.reporter == "system"
    engine.dispose()
