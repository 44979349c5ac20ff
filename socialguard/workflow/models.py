"""The audit trail table. Rows are written once and never changed or deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from socialguard.db.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(320))  # kept even if the user is later removed
    entity_type: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(60))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AuditTrailIsImmutable(RuntimeError):
    """Raised when code tries to change or delete an audit row (a bug, never user input)."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper: Mapper[AuditEvent], connection: object, target: AuditEvent) -> None:
    raise AuditTrailIsImmutable(f"audit event {target.id} cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper: Mapper[AuditEvent], connection: object, target: AuditEvent) -> None:
    raise AuditTrailIsImmutable(f"audit event {target.id} cannot be deleted")
