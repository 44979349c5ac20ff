"""Database tables of the accounts workflow (SQLAlchemy; API schemas live apart).

``OfficialAccount`` is one row of the official accounts register (policy §10):
the account, its business case and the state of its approval. Its activity
(``AccountPost``, ``FollowerSnapshot``) comes from the importers, and every
closure-criteria audit (§10.1) is kept in ``AccountAuditRun``; the latest one is
also copied onto the account so the dashboard can sort by it. An account that has
been closed on its platform keeps its row, with the day, who recorded it and why
(``closed_on`` is set only while it is closed); the audit no longer looks at it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialguard.db.base import Base, UTCDateTime, utcnow


class ApprovalState(StrEnum):
    """The business case's approval (§10): Communications and Engagement, then a Director."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    COMMS_APPROVED = "comms_approved"
    DIRECTOR_APPROVED = "director_approved"


class OfficialAccount(Base):
    __tablename__ = "official_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)  # the spec §3 "id", e.g. acc-07
    platform: Mapped[str] = mapped_column(String(40))
    handle: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200), default=None)
    programme: Mapped[str | None] = mapped_column(String(200), default=None)
    programme_status: Mapped[str] = mapped_column(String(20), default="active")
    # The date the account was opened on the platform (spec §3 created_at).
    created_at: Mapped[date] = mapped_column(Date)
    followers: Mapped[int] = mapped_column(default=0)
    # The business case (§10).
    objectives_kpis: Mapped[str] = mapped_column(Text, default="")
    content_plan: Mapped[str] = mapped_column(Text, default="")
    user_need: Mapped[str] = mapped_column(Text, default="")
    resourcing: Mapped[str] = mapped_column(Text, default="")
    checked_several_times_daily: Mapped[bool] = mapped_column(default=False)
    not_internal: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(30), default=ApprovalState.DRAFT.value, index=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    registered_by: Mapped[str] = mapped_column(String(320), default="system")
    # The latest audit, copied from account_audit_runs for sorting and the dashboard.
    last_audit_on: Mapped[date | None] = mapped_column(Date, default=None)
    last_recommendation: Mapped[str | None] = mapped_column(String(10), default=None)
    last_findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Closed on the platform (None while open); reopening clears all three.
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    closed_by: Mapped[str | None] = mapped_column(String(320), default=None)
    closed_reason: Mapped[str | None] = mapped_column(Text, default=None)

    posts: Mapped[list[AccountPost]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="AccountPost.at")
    snapshots: Mapped[list[FollowerSnapshot]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="FollowerSnapshot.day")
    audits: Mapped[list[AccountAuditRun]] = relationship(
        back_populates="account", cascade="all, delete-orphan",
        order_by="AccountAuditRun.id.desc()")

    @property
    def closed(self) -> bool:
        return self.closed_on is not None


class AccountPost(Base):
    __tablename__ = "account_posts"
    __table_args__ = (UniqueConstraint("account_id", "at", "original",
                                       name="uq_account_posts_account_at_original"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("official_accounts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    original: Mapped[bool] = mapped_column(default=True)

    account: Mapped[OfficialAccount] = relationship(back_populates="posts")


class FollowerSnapshot(Base):
    __tablename__ = "follower_snapshots"
    __table_args__ = (UniqueConstraint("account_id", "day",
                                       name="uq_follower_snapshots_account_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("official_accounts.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column()

    account: Mapped[OfficialAccount] = relationship(back_populates="snapshots")


class AccountAuditRun(Base):
    """One application of the §10.1 closure criteria to one account."""

    __tablename__ = "account_audit_runs"
    __table_args__ = (Index("ix_account_audit_runs_account_as_of", "account_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("official_accounts.id", ondelete="CASCADE"))
    as_of: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(320))  # "scheduler" for the daily job
    recommendation: Mapped[str] = mapped_column(String(10))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    account: Mapped[OfficialAccount] = relationship(back_populates="audits")
