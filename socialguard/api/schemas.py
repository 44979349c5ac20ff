"""API request and response schemas that are not the engine's own models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from socialguard.policy.schema import (
    DocumentControl,
    Organisation,
    Rule,
    Section,
    Team,
    TriageLabel,
)
from socialguard.submission import MAX_TEXT_CHARS, Author, Submission
from socialguard.verdict import Route

SENDER_NAME_CHARS = 200  # inbox_messages.author_name; platforms allow far fewer


class InboundMessage(BaseModel):
    """A message, mention or comment sent to an official account (spec §2)."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(default=None, max_length=200)
    text: str = Field(max_length=MAX_TEXT_CHARS)
    platform: str = Field(default="other", max_length=50)
    author: Author = Field(default_factory=Author,
                           description="the sender: a display name helps tell FOI requests")
    received_at: datetime | None = Field(default=None,
                                         description="starts the FOI clock; default now")

    @field_validator("text")
    @classmethod
    def _has_text(cls, value: str) -> str:
        # An empty message cannot be triaged and would sit in a queue saying nothing.
        if not value.strip():
            raise ValueError("a message needs some text")
        return value

    @field_validator("author")
    @classmethod
    def _name_fits(cls, value: Author) -> Author:
        # Refused whole rather than cut: PostgreSQL would refuse the row at commit and
        # take the rest of the import with it; SQLite would keep it and hide the limit.
        if value.name is not None and len(value.name) > SENDER_NAME_CHARS:
            raise ValueError(f"the sender's name is too long (at most {SENDER_NAME_CHARS} "
                             "characters)")
        return value

    def to_submission(self) -> Submission:
        return Submission(id=self.id, text=self.text, kind="message", platform=self.platform,
                          author=self.author, received_at=self.received_at)


class TriageResult(BaseModel):
    id: str | None
    labels: list[str]
    routes: list[Route]
    policy: str | None


class PolicyPublic(BaseModel):
    version: int = Field(description="The version in force (the number every page gives)")
    label: str = Field(description="How verdicts name it, e.g. 'HR020 policy version 3'")
    pack_version: str
    organisation: Organisation
    document: DocumentControl
    next_review: date = Field(description="Approval or the latest review, plus the interval")
    review_overdue: bool
    sections: list[Section]
    rules: dict[str, Rule]
    triage: dict[str, TriageLabel]
    disclaimers: dict[str, str]
    teams: dict[str, Team]


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    database: Literal["ok"] = "ok"
    policy: str
    detectors: int
    rate_limits: Literal["this process", "shared", "shared store unreachable"] = Field(
        "this process", description="where check rate limits are counted; while a shared "
        "store is unreachable checks go ahead unlimited")
