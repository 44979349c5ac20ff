"""Write and read the audit trail; export it as JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.workflow.models import AuditEvent


def record(session: Session, *, actor: User | None, entity_type: str, entity_id: str | int,
           action: str, from_state: str | None = None, to_state: str | None = None,
           reason: str | None = None, detail: dict[str, Any] | None = None) -> AuditEvent:
    """Add one audit row (committed with the caller's transaction)."""
    event = AuditEvent(actor_id=actor.id if actor else None,
                       actor=actor.email if actor else "system",
                       entity_type=entity_type, entity_id=str(entity_id), action=action,
                       from_state=from_state, to_state=to_state, reason=reason,
                       detail=detail or {})
    session.add(event)
    return event


def trail(session: Session, *, entity_type: str, entity_id: str | int) -> list[AuditEvent]:
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == entity_type,
                                 AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.at, AuditEvent.id)))


def as_record(event: AuditEvent) -> dict[str, Any]:
    return {"id": event.id, "at": event.at.isoformat(), "actor": event.actor,
            "entity_type": event.entity_type, "entity_id": event.entity_id,
            "action": event.action, "from": event.from_state, "to": event.to_state,
            "reason": event.reason, "detail": event.detail}


def export_jsonl(session: Session, *, entity_type: str | None = None) -> Iterator[str]:
    """The trail (or one entity type's part of it) as JSON Lines, oldest first, streamed."""
    query = select(AuditEvent).order_by(AuditEvent.id)
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    for event in session.scalars(query.execution_options(yield_per=500)):
        yield json.dumps(as_record(event), ensure_ascii=False) + "\n"
