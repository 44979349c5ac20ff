"""API schemas of the cases workflow (tables live in tables.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from socialguard.cases.kinds import CaseKind

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class CaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: CaseKind
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20_000)
    platform: str | None = Field(default=None, max_length=50)
    due_date: date | None = Field(default=None, description="not for an FOI request (statutory)")
    received_on: Annotated[date, Field(ge=EARLIEST, le=LATEST)] | None = Field(
        default=None, description="an FOI request's day of receipt, its day 0 (default today)")


class CaseReceipt(BaseModel):
    id: int
    kind: str
    state: str
    message: str


class CaseTransition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str = Field(max_length=30)
    reason: str | None = Field(default=None, max_length=2000)


class CaseAssign(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee: str = Field(max_length=320, description="the assignee's e-mail address")


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=10_000)


class DueUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    due_date: Annotated[date, Field(ge=EARLIEST, le=LATEST)] | None
    reason: str | None = Field(default=None, max_length=2000)


class CommentPublic(BaseModel):
    id: int
    author: str
    body: str
    created_at: datetime


class AuditPublic(BaseModel):
    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    reason: str | None
    detail: dict[str, Any]


class CasePublic(BaseModel):
    id: int
    kind: str
    title: str
    description: str
    state: str
    urgency: str
    instruction: str | None
    platform: str | None
    requester: str | None
    received_at: datetime | None
    due_date: date | None
    working_days_left: int | None
    reporter: str
    assignee: str | None
    source_message_id: int | None
    created_at: datetime
    allowed_moves: list[str]


class CaseDetail(CasePublic):
    comments: list[CommentPublic]
    trail: list[AuditPublic]
