"""The per-test rollback really rolls back, on SQLite as on PostgreSQL (pysqlite did not
nest SAVEPOINTs until the engine took over BEGIN)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from socialguard.cases.tables import Case
from socialguard.db.session import Database

TITLE = "Rolled back after its test"


def _count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Case)
                                  .where(Case.title == TITLE)) or 0)


@pytest.mark.parametrize("attempt", [1, 2])
def test_a_row_written_in_one_test_is_gone_in_the_next(app: FastAPI, client: TestClient,
                                                       attempt: int) -> None:
    assert _count(app.state.db) == 0, "the previous test's row survived"
    with app.state.db.session() as session:
        session.add(Case(kind="media", title=TITLE))
    assert _count(app.state.db) == 1  # committed, as far as the code under test can tell
