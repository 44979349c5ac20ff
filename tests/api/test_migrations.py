"""Migrations upgrade an existing database without losing its data."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect, text

from socialguard.db.migrate import alembic_config, upgrade


def test_upgrade_from_the_first_schema_keeps_the_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(alembic_config(url), "0001")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (email, name, password_hash, roles, is_active, session_epoch, "
            "created_at) VALUES ('ada@nhs.net', 'Ada', NULL, '[\"foi\"]', 1, 0, "
            "'2026-01-01 00:00:00+00:00')"))
    upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT email, roles FROM users")).all()
    assert rows == [("ada@nhs.net", '["foi"]')]
    assert "audit_events" in inspect(engine).get_table_names()


def test_audit_rows_cannot_be_changed(tmp_path: Path) -> None:
    import pytest
    from sqlalchemy.orm import Session

    from socialguard.workflow.audit import record
    from socialguard.workflow.models import AuditTrailIsImmutable

    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    upgrade(url)
    engine = create_engine(url)
    with Session(engine) as session:
        event = record(session, actor=None, entity_type="case", entity_id=1, action="opened")
        session.commit()
        event.reason = "rewritten history"
        with pytest.raises(AuditTrailIsImmutable):
            session.commit()
        session.rollback()
        session.delete(event)
        with pytest.raises(AuditTrailIsImmutable):
            session.commit()
