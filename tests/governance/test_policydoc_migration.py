"""Migration 0005 (approvals and policy document control) upgrades a database at 0002 with
data in it, keeps that data, and its tables take rows; the downgrade removes only them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from socialguard.db.migrate import alembic_config
from tests.conftest_web import TEST_DB_ENV, fresh_postgres

NEW_TABLES = {"approval_requests", "approval_signoffs", "approval_comments",
              "policy_versions", "policy_reviews", "policy_acknowledgements"}


@pytest.fixture()
def url(tmp_path: Path) -> Iterator[str]:
    given = os.environ.get(TEST_DB_ENV)
    if given:
        yield from fresh_postgres(given)
    else:
        yield f"sqlite:///{tmp_path / 'old.db'}"


def test_upgrade_from_0002_keeps_data_and_adds_the_tables(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0002")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO users (id, email, name, roles, is_active, session_epoch, created_at)"
                " VALUES (1, 'old@nhs.net', 'Old User', '[\"staff\"]', true, 0, "
                "'2026-01-01 09:00:00+00')"))
            conn.execute(text(
                "INSERT INTO audit_events (at, actor_id, actor, entity_type, entity_id, action,"
                " detail) VALUES ('2026-01-02 09:00:00+00', 1, 'old@nhs.net', 'case', '7',"
                " 'create', '{}')"))
        command.upgrade(config, "0005")
        tables = set(inspect(engine).get_table_names())
        assert NEW_TABLES <= tables
        with engine.begin() as conn:
            assert conn.execute(text("SELECT email FROM users")).scalar_one() == "old@nhs.net"
            assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one() == 1
            conn.execute(text(
                "INSERT INTO policy_versions (number, pack_version, document_version, title,"
                " approval_date, review_date, review_interval_months, sha256, yaml_text, note,"
                " source, created_by_id, created_by, created_at) VALUES (1, '2.0.0', '2', 'HR020',"
                " '2022-08-01', '2025-08-01', 12, 'abc', 'x: 1', '', 'bundled', 1,"
                " 'old@nhs.net', '2026-01-03 09:00:00+00')"))
            conn.execute(text(
                "INSERT INTO policy_acknowledgements (version_id, user_id, at) VALUES"
                " ((SELECT id FROM policy_versions), 1, '2026-01-04 09:00:00+00')"))
            conn.execute(text(
                "INSERT INTO approval_requests (kind, title, summary, state, requester_id,"
                " requester, details, created_at, updated_at) VALUES ('blog', 'Blog', '',"
                " 'draft', 1, 'old@nhs.net', '{}', '2026-01-05 09:00:00+00',"
                " '2026-01-05 09:00:00+00')"))
        command.downgrade(config, "0002")
        assert not NEW_TABLES & set(inspect(engine).get_table_names())
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 1
    finally:
        engine.dispose()
