"""Dependencies every route shares: the settings, a database session, the policy in force
and the row id type. The signed-in user and role checks are in ``socialguard.auth.deps``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from socialguard.db.session import Database
from socialguard.policy.schema import PolicyPack
from socialguard.policydoc.in_force import PolicyInForce
from socialguard.settings import Settings

# Every id in a path: positive and within a 32-bit signed integer, so a huge id is a 422
# on every database (SQLite raised OverflowError binding 2**63, a 500).
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a row id")]


async def get_settings(request: Request) -> Settings:  # async: sync ones cost a thread hop
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """A session that commits when the route returns and rolls back if it raises."""
    database: Database = request.app.state.db
    with database.session() as session:
        yield session


async def get_pack(request: Request) -> PolicyPack:
    """The published version in force, looked up again (off the event loop) when this
    process last asked more than ``policy_refresh_seconds`` ago."""
    policy: PolicyInForce = request.app.state.policy
    if policy.stale():
        await run_in_threadpool(policy.refresh)
    return policy.pack


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
PackDep = Annotated[PolicyPack, Depends(get_pack)]
