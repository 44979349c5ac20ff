"""The official accounts register as data (spec §3, policy §10 and §10.1).

``Account`` is exactly one line of the spec §3 JSON Lines input; the audit's
answer for it is an ``AccountAudit``. Input is read tolerantly (extra fields
are ignored, enum values are case-insensitive, ``business_case: null`` means
``none``) but what the audit depends on is required, so a line that cannot be
judged becomes an error line instead of a guessed verdict.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

BusinessCase = Literal["approved", "pending", "none"]
ProgrammeStatus = Literal["active", "closed"]
Recommendation = Literal["close", "review", "keep"]
RuleId = Literal[
    "account.inactivity",
    "account.frequency",
    "account.interest",
    "account.relevance",
    "account.governance",
]
RULE_IDS: tuple[RuleId, ...] = (
    "account.inactivity",
    "account.frequency",
    "account.interest",
    "account.relevance",
    "account.governance",
)
FollowerCount = tuple[date, int]

_INPUT = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)


def to_utc(value: datetime) -> datetime:
    """Aware timestamps are converted; naive ones are taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def utc_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return to_utc(value).date()
    return value


class Post(BaseModel):
    """One post: when (UTC) and whether it was original (not a repost or a reply)."""

    model_config = _INPUT

    at: datetime
    original: bool

    @field_validator("at", mode="before")
    @classmethod
    def _date_only_is_midnight(cls, value: Any) -> Any:
        # A bare date ("2026-10-02") is a post that day; pin it to midnight UTC.
        if isinstance(value, str) and len(value.strip()) == 10:
            return datetime.combine(date.fromisoformat(value.strip()), time(), UTC)
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime.combine(value, time(), UTC)
        return value

    @field_validator("at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return to_utc(value)

    @property
    def day(self) -> date:
        """The post's calendar date in UTC: what every criterion compares."""
        return self.at.date()


class Account(BaseModel):
    """One official account as spec §3 gives it (plus optional register fields)."""

    model_config = _INPUT

    id: Annotated[str, Field(min_length=1)]
    platform: str = ""
    handle: str = ""
    owner: str | None = None
    business_case: BusinessCase = "none"
    programme_status: ProgrammeStatus
    created_at: date
    followers: Annotated[int, Field(ge=0)]
    posts: list[Post] = Field(default_factory=list)
    # Not in spec §3; kept so importers can hand the dashboard a history to chart.
    programme: str | None = None
    followers_history: list[FollowerCount] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("id must not be blank")
        return value

    @field_validator("business_case", mode="before")
    @classmethod
    def _business_case(cls, value: Any) -> Any:
        if value is None:
            return "none"
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("programme_status", "platform", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("platform", "handle", mode="before")
    @classmethod
    def _null_is_blank(cls, value: Any) -> Any:
        # Descriptive only: the audit never reads them, so null is not worth an error line.
        return "" if value is None else value

    @field_validator("posts", "followers_history", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("created_at", mode="before")
    @classmethod
    def _created_date(cls, value: Any) -> Any:
        # A full timestamp is accepted and reduced to its UTC date.
        if isinstance(value, str) and len(value.strip()) > 10:
            return utc_date(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        if isinstance(value, datetime):
            return utc_date(value)
        return value

    @property
    def named_owner(self) -> str | None:
        return self.owner.strip() if self.owner and self.owner.strip() else None

    def to_record(self) -> dict[str, Any]:
        """The spec §3 JSON object (``followers_history``/``programme`` only when set)."""
        record: dict[str, Any] = {
            "id": self.id,
            "platform": self.platform,
            "handle": self.handle,
            "owner": self.owner,
            "business_case": self.business_case,
            "programme_status": self.programme_status,
            "created_at": self.created_at.isoformat(),
            "followers": self.followers,
            "posts": [
                {"at": p.at.strftime("%Y-%m-%dT%H:%M:%SZ"), "original": p.original}
                for p in self.posts
            ],
        }
        if self.programme is not None:
            record["programme"] = self.programme
        if self.followers_history:
            record["followers_history"] = [
                [day.isoformat(), count] for day, count in self.followers_history
            ]
        return record


class AuditFinding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: RuleId
    evidence: str
    section: str = "10.1"
    message: str


class AccountAudit(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    findings: list[AuditFinding]
    recommendation: Recommendation

    @property
    def rules(self) -> list[str]:
        return [f.rule for f in self.findings]

    def to_record(self) -> dict[str, Any]:
        """The spec §3 output object, keys in the documented order."""
        return {
            "id": self.id,
            "findings": [
                {"rule": f.rule, "evidence": f.evidence, "section": f.section, "message": f.message}
                for f in self.findings
            ],
            "recommendation": self.recommendation,
        }
