"""Dependencies every workflow's routes share: the policy in force and the row id type.

The database session, the settings and the signed-in user are in ``socialguard.auth.deps``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from socialguard.policy.schema import PolicyPack

# Every id in a path: positive and within a 32-bit signed integer, so a huge id is a 422
# on every database (SQLite raised OverflowError binding 2**63, a 500).
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a row id")]


async def get_pack(request: Request) -> PolicyPack:
    pack: PolicyPack = request.app.state.pack
    return pack


PackDep = Annotated[PolicyPack, Depends(get_pack)]
