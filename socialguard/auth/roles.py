"""Roles and what each may do. An admin may do everything."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"
    MANAGER = "manager"
    COMMS = "comms"
    HR = "hr"
    SAFEGUARDING = "safeguarding"
    FOI = "foi"
    IG = "ig"
    ADMIN = "admin"


ALL_ROLES: frozenset[Role] = frozenset(Role)
# Inbound messages reach the teams that act on them (spec §2 routes), never every member of staff.
TRIAGE_ROLES: frozenset[Role] = frozenset(
    {Role.COMMS, Role.SAFEGUARDING, Role.FOI, Role.HR, Role.IG, Role.MANAGER})
ADMIN_ONLY: frozenset[Role] = frozenset({Role.ADMIN})


def parse_roles(values: Iterable[str]) -> list[Role]:
    """Known roles in declaration order; unknown names are dropped (claims carry other apps')."""
    wanted = {v.strip().lower() for v in values}
    return [role for role in Role if role.value in wanted]


def permits(held: Iterable[str], allowed: Iterable[Role]) -> bool:
    held_set = set(held)
    return Role.ADMIN.value in held_set or any(role.value in held_set for role in allowed)
