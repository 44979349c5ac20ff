"""Engine and session factory for one database URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from socialguard.errors import InvalidInput


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = _engine(url)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite starts transactions itself, late and not around SAVEPOINTs, so a nested
        # transaction (begin_nested) did not nest: SQLAlchemy's documented recipe hands the
        # BEGIN to SQLAlchemy instead, as on every other database.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN: see _sqlite_begin
    # WAL lets readers run while a worker writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


@event.listens_for(Session, "before_flush")
def _refuse_nul(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    # PostgreSQL text cannot hold NUL and refuses it; SQLite stores it. Refusing it here
    # makes both databases behave alike, before anything is written.
    for obj in (*session.new, *session.dirty):
        for column in inspect(obj).mapper.column_attrs:
            if _holds_nul(getattr(obj, column.key, None)):
                field = column.key.replace("_", " ")
                raise InvalidInput(f"The {field} holds a NUL character (\\0), which cannot "
                                   "be stored. Remove it and try again.")


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(v) for v in value)
    return False
