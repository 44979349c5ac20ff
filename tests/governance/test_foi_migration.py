"""Migration 0010 on a database at 0007 holding FOI requests, on SQLite and (when
SOCIALGUARD_TEST_DATABASE_URL is set) PostgreSQL: answered requests get their response
step (on the UK day they were closed), "withheld" becomes "responded" with the outcome
"refused" and the audit trail says so; downgrading puts "withheld" back."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from socialguard.cases import foi
from socialguard.cases.tables import Case
from socialguard.db.migrate import alembic_config, upgrade
from tests.conftest_web import TEST_DB_ENV, fresh_postgres

ROW = ("INSERT INTO cases (kind, title, description, state, urgency, reporter, received_at, "
       "created_at, updated_at, closed_at) VALUES (:kind, :title, '', :state, 'normal', "
       "'system', '2026-06-01 09:00:00+00:00', '2026-06-01 09:00:00+00:00', "
       "'2026-06-30 23:30:00+00:00', :closed)")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    given = os.environ.get(TEST_DB_ENV)
    if not given:
        pytest.skip(f"set {TEST_DB_ENV} to run on PostgreSQL")
    yield from fresh_postgres(given)


def states(url: str) -> dict[str, str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {title: state for title, state in conn.execute(
            text("SELECT title, state FROM cases"))}
    engine.dispose()
    return found


def test_answered_requests_get_their_response_step(url: str) -> None:
    command.upgrade(alembic_config(url), "0007")
    engine = create_engine(url)
    with engine.begin() as conn:
        # 23:30 UTC on 30 June is 00:30 on 1 July in the UK: that is the day it was answered.
        for kind, title, state, closed in (
                ("foi", "withheld", "withheld", "2026-06-30 23:30:00+00:00"),
                ("foi", "responded", "responded", None),
                ("foi", "open", "open", None),
                ("media", "media", "resolved", "2026-06-02 10:00:00+00:00")):
            conn.execute(text(ROW), {"kind": kind, "title": title, "state": state,
                                     "closed": closed})
    upgrade(url)
    assert "foi_events" in inspect(engine).get_table_names()
    assert states(url) == {"withheld": "responded", "responded": "responded", "open": "open",
                           "media": "resolved"}
    with Session(engine) as session:
        cases = {c.title: c for c in session.scalars(select(Case))}
        assert cases["open"].foi_name_ok is None and cases["open"].foi_address is None
        found = foi.events_of(session, [c.id for c in cases.values()])
        refused = found[cases["withheld"].id]
        assert [(e.step, e.on_date, e.outcome, e.actor) for e in refused] == [
            ("response", date(2026, 7, 1), "refused", "system")]
        answered = found[cases["responded"].id]  # closed_at unknown: the last update's day
        assert [(e.step, e.on_date, e.outcome) for e in answered] == [
            ("response", date(2026, 7, 1), None)]
        assert found[cases["open"].id] == [] and found[cases["media"].id] == []
        clock = foi.clock_of(cases["withheld"], refused, today=date(2026, 12, 1))
        assert clock.responded_on == date(2026, 7, 1) and clock.in_time is False
    with engine.connect() as conn:
        audit = [tuple(row) for row in conn.execute(
            text("SELECT action, from_state, to_state, actor FROM audit_events"))]
    assert audit == [("migrated", "withheld", "responded", "system")]

    command.downgrade(alembic_config(url), "0010-1")
    assert "foi_events" not in inspect(engine).get_table_names()
    assert "foi_address" not in {c["name"] for c in inspect(engine).get_columns("cases")}
    assert states(url)["withheld"] == "withheld" and states(url)["responded"] == "responded"
    upgrade(url)  # and up again, with the same result
    assert states(url)["withheld"] == "responded"
    engine.dispose()
