"""Database tables of the approvals workflow (SQLAlchemy; API schemas live apart).

One request table for every kind (blog, video, survey, collaboration space): what
differs between kinds lives in ``details`` (JSON) and in the state machine of the
kind. Sign-offs, comments and the uploaded captions file sit beside it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialguard.db.base import Base, UTCDateTime, utcnow


class ApprovalRequest(Base):
    __tablename__ = "approval_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(30), index=True, default="draft")
    requester_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    requester: Mapped[str] = mapped_column(String(320))  # kept if the user is later removed
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    captions_name: Mapped[str | None] = mapped_column(String(255), default=None)
    captions_text: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    signoffs: Mapped[list[ApprovalSignoff]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ApprovalSignoff.id")
    comments: Mapped[list[ApprovalComment]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ApprovalComment.id")


class ApprovalSignoff(Base):
    """A team's approval of a request under review (one per team and request)."""

    __tablename__ = "approval_signoffs"
    __table_args__ = (UniqueConstraint("request_id", "team",
                                       name="uq_approval_signoffs_request_id_team"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("approval_requests.id", ondelete="CASCADE"), index=True)
    team: Mapped[str] = mapped_column(String(20))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by: Mapped[str] = mapped_column(String(320))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    request: Mapped[ApprovalRequest] = relationship(back_populates="signoffs")


class ApprovalComment(Base):
    __tablename__ = "approval_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("approval_requests.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(320))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    request: Mapped[ApprovalRequest] = relationship(back_populates="comments")
