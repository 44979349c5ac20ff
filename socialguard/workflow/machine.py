"""Explicit state machines: states are a StrEnum, allowed transitions a table.

An invalid transition is a 409 (``Conflict``); a transition the user's roles do
not allow is a 403; every transition writes an audit row (who, when, from, to,
why).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.auth.roles import Role, permits
from socialguard.errors import Conflict, Forbidden
from socialguard.workflow.audit import record

S = TypeVar("S", bound=StrEnum)


class Stateful(Protocol):
    id: Any
    state: Any


@dataclass(frozen=True)
class Machine(Generic[S]):
    """``transitions[(from, to)]`` names the roles allowed to make that move."""

    entity_type: str
    transitions: Mapping[tuple[S, S], frozenset[Role]]

    def allowed_from(self, state: S) -> list[S]:
        return [to for (frm, to) in self.transitions if frm == state]

    def can(self, state: S, to: S, roles: Iterable[str]) -> bool:
        allowed = self.transitions.get((state, to))
        return allowed is not None and permits(roles, allowed)


def advance(session: Session, *, machine: Machine[S], entity: Stateful, to: S, actor: User,
            reason: str | None = None, detail: dict[str, Any] | None = None) -> None:
    """Move ``entity`` to ``to`` if the table allows it for the actor's roles; audit it."""
    current = entity.state
    allowed = machine.transitions.get((current, to))
    if allowed is None:
        raise Conflict(f"cannot move a {machine.entity_type} from {current} to {to}")
    if not permits(actor.roles, allowed):
        raise Forbidden(f"your role cannot move a {machine.entity_type} from {current} to {to}")
    entity.state = to
    record(session, actor=actor, entity_type=machine.entity_type, entity_id=entity.id,
           action="transition", from_state=str(current), to_state=str(to), reason=reason,
           detail=detail)
