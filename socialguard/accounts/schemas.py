"""API schemas of the official accounts register (the tables live in ``tables.py``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from socialguard.accounts.tables import ApprovalState

ProgrammeStatus = Literal["active", "closed"]
ImportFormat = Literal["x", "facebook", "youtube", "jsonl"]
Platform = Literal["x", "facebook", "instagram", "youtube", "linkedin", "tiktok", "threads",
                   "other"]
PLATFORMS: tuple[str, ...] = get_args(Platform)

MAX_COUNT = 2_000_000_000  # fits a 32-bit INTEGER column on every backend


def storable(value: str) -> str:
    """Text every database can hold: UTF-8 encodable (no lone surrogates), no NUL."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


Stored = Annotated[str, AfterValidator(storable)]
Text = Annotated[Stored, Field(max_length=10_000)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
# Social media dates: the audit subtracts months, so year 1 would underflow.
Day = Annotated[date, Field(ge=date(1990, 1, 1), le=date(2199, 12, 31))]


class AccountCreate(BaseModel):
    """A new account and its business case (policy §10)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ref: Annotated[Stored | None, Field(max_length=64, pattern=r"^[A-Za-z0-9._-]+$")] = Field(
        default=None, description="Register id as in spec §3 (e.g. acc-07); default acc-<n>")
    platform: Platform
    handle: Annotated[Stored, Field(min_length=1, max_length=200)]
    owner: Annotated[Stored | None, Field(max_length=200)] = None
    programme: Annotated[Stored | None, Field(max_length=200)] = None
    programme_status: ProgrammeStatus = "active"
    created_at: Day
    followers: Count = 0
    objectives_kpis: Text = ""
    content_plan: Text = ""
    user_need: Text = ""
    resourcing: Text = ""
    checked_several_times_daily: bool = False
    not_internal: bool = False

    @field_validator("owner", "programme", "ref")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None


class AccountUpdate(BaseModel):
    """What may change after registration: who owns it, its programme, its follower count."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    owner: Annotated[Stored | None, Field(max_length=200)] = None
    programme: Annotated[Stored | None, Field(max_length=200)] = None
    programme_status: ProgrammeStatus | None = None
    followers: Count | None = None


class FindingPublic(BaseModel):
    rule: str
    evidence: str
    section: str
    message: str


class AuditRunPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    as_of: date
    at: datetime
    actor: str
    recommendation: str
    findings: list[FindingPublic]


class AccountPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ref: str
    platform: str
    handle: str
    owner: str | None
    programme: str | None
    programme_status: str
    created_at: Day
    followers: int
    objectives_kpis: str
    content_plan: str
    user_need: str
    resourcing: str
    checked_several_times_daily: bool
    not_internal: bool
    state: ApprovalState
    business_case: Literal["approved", "pending", "none"]
    registered_at: datetime
    last_audit_on: date | None
    last_recommendation: str | None
    last_findings: list[FindingPublic]
    closed: bool = Field(description="closed on its platform: left out of the audit")
    closed_on: date | None = Field(description="the day it was closed (while closed)")
    closed_by: str | None = Field(description="who recorded the closure")
    closed_reason: str | None = Field(description="why it was closed")


class TransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: ApprovalState
    reason: Annotated[Stored | None, Field(max_length=2000)] = None


Reason = Annotated[Stored, Field(min_length=1, max_length=2000)]


class CloseRequest(BaseModel):
    """The account was closed on its platform (e.g. after the audit said CLOSE)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: Reason = Field(description="why it was closed (required)")
    closed_on: Day | None = Field(
        default=None, description="the day it was closed; default today (UTC), never later")


class ReopenRequest(BaseModel):
    """Undo a closure recorded by mistake (or the account is back in use)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: Reason = Field(description="why it is reopened (required)")


class ImportResult(BaseModel):
    account_id: int
    format: ImportFormat
    posts_added: int
    posts_already_held: int
    follower_snapshots: int
    followers: int
    notes: list[str]


class AuditRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: Day | None = Field(default=None, description="default: today (UTC)")


class AuditSummary(BaseModel):
    as_of: date
    audited: int
    close: int
    review: int
    keep: int
    skipped_closed: int = Field(default=0, description="closed accounts, not audited")
