"""Database tables of the cases workflow (SQLAlchemy; API schemas live apart).

One table for every kind of case (safeguarding concern, harassment report, media
contact, non-compliance referred to HR, FOI request); comments sit beside it and
every change is written to the shared audit trail (``workflow.audit``). An FOI request
also keeps its validity checklist (FOI Act s.8) on the case and its clock's steps
(clarification, fees, extension, response, review) as ``FoiEvent`` rows, from which
``foi_clock`` works out the due date.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialguard.db.base import Base, UTCDateTime, utcnow


class Case(Base):
    __tablename__ = "cases"
    # A retried POST with the same Idempotency-Key finds the case the first one opened.
    __table_args__ = (Index("uq_cases_reporter_idempotency", "reporter_id", "idempotency_key",
                            unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(30), index=True, default="open")
    urgency: Mapped[str] = mapped_column(String(20), default="normal")
    instruction: Mapped[str | None] = mapped_column(Text, default=None)
    platform: Mapped[str | None] = mapped_column(String(50), default=None)
    requester: Mapped[str | None] = mapped_column(String(200), default=None)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    due_date: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)
    reporter: Mapped[str] = mapped_column(String(320), default="system")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True)
    assignee: Mapped[str | None] = mapped_column(String(320), default=None)
    source_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbox_messages.id", ondelete="SET NULL"), default=None, index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # FOI validity (s.8): the officer's ticks; None means not yet checked, so the page
    # shows what the message itself suggests (``foi_validity``).
    foi_name_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    foi_address_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    foi_description_ok: Mapped[bool | None] = mapped_column(Boolean, default=None)
    foi_address: Mapped[str | None] = mapped_column(String(500), default=None)

    comments: Mapped[list[CaseComment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseComment.id")


class CaseComment(Base):
    """A note on a case. Comments are added, never edited (the audit trail names each)."""

    __tablename__ = "case_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)
    author: Mapped[str] = mapped_column(String(320))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="comments")


class FoiEvent(Base):
    """One step of an FOI request's clock, on the day it happened (``on_date``), added and never
    changed: a mistaken response is undone by a later ``reopen`` step, not by editing."""

    __tablename__ = "foi_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    on_date: Mapped[date] = mapped_column(Date)
    new_due: Mapped[date | None] = mapped_column(Date, default=None)  # an extension's date
    outcome: Mapped[str | None] = mapped_column(String(30), default=None)
    exemptions: Mapped[list[str]] = mapped_column(JSON, default=list)
    fee_pence: Mapped[int | None] = mapped_column(Integer, default=None)
    reference: Mapped[str | None] = mapped_column(String(100), default=None)  # the ICO's
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)
    actor: Mapped[str] = mapped_column(String(320))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
