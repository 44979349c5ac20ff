"""Alembic environment: the URL comes from the caller or from the settings, never an ini file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool, text

import socialguard.auth.models  # noqa: F401  (registers the tables on Base.metadata)
import socialguard.workflow.models  # noqa: F401
from socialguard.accounts import tables as _accounts  # noqa: F401
from socialguard.approvals import tables as _approvals  # noqa: F401
from socialguard.cases import tables as _cases  # noqa: F401
from socialguard.db import job_runs as _job_runs  # noqa: F401
from socialguard.db.base import Base
from socialguard.inbox import tables as _inbox  # noqa: F401
from socialguard.policydoc import tables as _policydoc  # noqa: F401
from socialguard.policydoc import test_drafts as _test_drafts  # noqa: F401
from socialguard.webhooks import tables as _webhooks  # noqa: F401

# Any fixed number: two workers starting together must not both run the migrations.
MIGRATION_LOCK_ID = 7_411_302


def _url() -> str:
    url = context.config.attributes.get("url")
    if url:
        return str(url)
    from socialguard.settings import Settings

    return Settings().sqlalchemy_url


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"),
                               {"id": MIGRATION_LOCK_ID})
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
