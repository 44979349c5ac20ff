"""Database tables of the inbox workflow (SQLAlchemy; API schemas live apart).

An inbound message is stored once with the labels the engine gave it; each of
its routes is a queue item for one team (``InboxRoute``), which may have opened a
case or carry a "report to the platform" task. A media enquiry's route keeps the
deadline the journalist stated (``due_at``, with the words it was read from); the
case it opened reaches that time through ``InboxRoute.case_id``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialguard.cases.tables import Case
from socialguard.db.base import Base, UTCDateTime, utcnow


class InboxMessage(Base):
    __tablename__ = "inbox_messages"
    __table_args__ = (UniqueConstraint("platform", "external_id",
                                       name="uq_inbox_messages_platform_external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(200), default=None)
    platform: Mapped[str] = mapped_column(String(50), default="other")
    author_name: Mapped[str | None] = mapped_column(String(200), default=None)
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    urgency: Mapped[str] = mapped_column(String(20), default="low", index=True)
    batch: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True)
    imported_by: Mapped[str] = mapped_column(String(320), default="system")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    policy: Mapped[str | None] = mapped_column(String(200), default=None)

    routes: Mapped[list[InboxRoute]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="InboxRoute.id")


class InboxRoute(Base):
    """One label's route: an item in a team's queue (and, for a platform breach, the task
    of reporting it to the platform)."""

    __tablename__ = "inbox_routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("inbox_messages.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(60))
    team: Mapped[str] = mapped_column(String(40), index=True)
    team_name: Mapped[str] = mapped_column(String(200))
    urgency: Mapped[str] = mapped_column(String(20))
    instruction: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date, default=None)  # a statutory date (FOI)
    # A stated deadline (media enquiries): the time, the words, and whether it had already
    # passed when the message arrived (most likely a typo, so it is shown, not moved).
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, index=True)
    due_phrase: Mapped[str | None] = mapped_column(String(200), default=None)
    due_passed_at_receipt: Mapped[bool] = mapped_column(Boolean, default=False,
                                                        server_default=false())
    state: Mapped[str] = mapped_column(String(20), default="open", index=True)
    report_url: Mapped[str | None] = mapped_column(String(500), default=None)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), default=None)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    message: Mapped[InboxMessage] = relationship(back_populates="routes")
    # Read only: whether the case is finished decides whether a 999 alert still shows.
    case: Mapped[Case | None] = relationship(viewonly=True)
