"""Migration 0003 upgrades a database at 0002 without losing its data, and goes back down."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from socialguard.db.migrate import alembic_config, upgrade
from tests.conftest_web import TEST_DB_ENV, fresh_postgres

TABLES = {"official_accounts", "account_posts", "follower_snapshots", "account_audit_runs"}


@pytest.fixture()
def empty_url(tmp_path: Path) -> Iterator[str]:
    given = os.environ.get(TEST_DB_ENV)
    if given:
        yield from fresh_postgres(given)
    else:
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"


def test_upgrade_from_0002_keeps_data_and_adds_the_register(empty_url: str) -> None:
    command.upgrade(alembic_config(empty_url), "0002")
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (email, name, password_hash, roles, is_active, session_epoch, "
            "created_at) VALUES ('ada@nhs.net', 'Ada', NULL, '[\"comms\"]', true, 0, "
            "'2026-01-01 00:00:00+00:00')"))
        conn.execute(text(
            "INSERT INTO audit_events (at, actor, entity_type, entity_id, action, detail) "
            "VALUES ('2026-01-02 00:00:00+00:00', 'ada@nhs.net', 'case', '1', 'opened', '{}')"))
    upgrade(empty_url)
    try:
        assert TABLES <= set(inspect(engine).get_table_names())
        with engine.begin() as conn:
            assert conn.execute(text("SELECT email FROM users")).scalars().all() == [
                "ada@nhs.net"]
            assert conn.execute(text("SELECT action FROM audit_events")).scalars().all() == [
                "opened"]
            conn.execute(text(
                "INSERT INTO official_accounts (ref, platform, handle, programme_status, "
                "created_at, followers, objectives_kpis, content_plan, user_need, resourcing, "
                "checked_several_times_daily, not_internal, state, registered_at, "
                "registered_by, last_findings) VALUES ('acc-01', 'x', '@a', 'active', "
                "'2025-01-01', 3, '', '', '', '', false, false, 'draft', "
                "'2026-01-01 00:00:00+00:00', 'ada@nhs.net', '[]')"))
            account_id = conn.execute(text("SELECT id FROM official_accounts")).scalar_one()
            conn.execute(text("INSERT INTO account_posts (account_id, at, original) VALUES "
                              "(:a, '2026-01-01 09:00:00+00:00', true)"), {"a": account_id})
            posts = conn.execute(text("SELECT count(*) FROM account_posts")).scalar_one()
            assert posts == 1
    finally:
        engine.dispose()


def test_0003_downgrades_cleanly(empty_url: str) -> None:
    command.upgrade(alembic_config(empty_url), "0003")
    engine = create_engine(empty_url)
    try:
        assert TABLES <= set(inspect(engine).get_table_names())
        command.downgrade(alembic_config(empty_url), "0002")
        assert not TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
