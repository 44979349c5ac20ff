"""API and form schemas of the approvals workflow (the tables live in tables.py)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from socialguard.submission import AgeGroup, Consent

_FORM = ConfigDict(extra="forbid", str_strip_whitespace=True)
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Needed = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Kind(StrEnum):
    BLOG = "blog"
    VIDEO = "video"
    SURVEY = "survey"
    COLLABORATION = "collaboration"


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "request_changes"
    WITHDRAW = "withdraw"


class Team(StrEnum):
    COMMS = "comms"
    IG = "ig"


# -- what each kind declares ---------------------------------------------------------


class BlogDetails(BaseModel):
    """§10.2: an official blog, discussed and agreed with Communications and Engagement."""

    model_config = _FORM

    where: Needed = Field(description="The platform or website the blog will be on")
    discussed_with_comms: bool = Field(
        False, description="The proposal was discussed with Communications and Engagement")


class PersonShown(BaseModel):
    model_config = _FORM

    description: Needed = Field(description="Who the person is (no need to name a child)")
    age_group: AgeGroup
    consent: Consent
    record: Short = Field("", description="Where the consent record is kept (form reference)")


class VideoDetails(BaseModel):
    """§11: corporate YouTube channel, branded, not credited, captions, consent."""

    model_config = _FORM

    duration_s: Annotated[float, Field(gt=0, le=86_400)]
    channel: Needed = "corporate-youtube"
    branded: bool = False
    labelled: bool = False
    tagged: bool = False
    credited_to: Short = ""
    people: Annotated[list[PersonShown], Field(max_length=50)] = Field(default_factory=list)


class SurveyDetails(BaseModel):
    """§12: an externally facing online survey, through Communications and Engagement."""

    model_config = _FORM

    audience: Needed = Field(description="The stakeholder groups the survey will reach")
    tool: Needed = Field(description="The survey tool")
    closes_on: date | None = None


class CollaborationDetails(BaseModel):
    """§12.1: a closed collaboration space behind a secure login."""

    model_config = _FORM

    tool: Needed = Field(description="The web-based tool")
    participants: Needed = Field(description="NHS colleagues or suppliers taking part")
    closed_environment: bool = False
    secure_login: bool = False


DETAILS: dict[Kind, type[BaseModel]] = {
    Kind.BLOG: BlogDetails, Kind.VIDEO: VideoDetails, Kind.SURVEY: SurveyDetails,
    Kind.COLLABORATION: CollaborationDetails,
}


# -- API ---------------------------------------------------------------------------------


class CaptionsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(min_length=5, max_length=255,
                                           pattern=r"(?i)\.(vtt|srt)$")]
    content: Annotated[str, StringConstraints(max_length=1_000_000)]


class ApprovalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    summary: Text = ""
    details: dict[str, Any] = Field(default_factory=dict)
    captions: CaptionsIn | None = None
    submit: bool = Field(False, description="Submit at once rather than keep as a draft")


class ApprovalUpdate(BaseModel):
    """The requester's new version of a draft, of a request sent back for changes, or of a
    submitted request whose checks fail (not yet under review). The whole request is given
    again; the checks run again on it."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    summary: Text = ""
    details: dict[str, Any] = Field(default_factory=dict)
    captions: CaptionsIn | None = Field(
        None, description="Replaces the captions file if given; kept if left out")
    submit: bool = Field(False, description="Submit (or resubmit) it once saved; a request "
                                            "already submitted stays submitted")


class ActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Action
    reason: Text = ""
    team: Team | None = Field(None, description="The team an admin signs off for")


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class CheckPublic(BaseModel):
    key: str
    label: str
    passed: bool
    detail: str
    section: str
    fix: str = Field(description="What to do next when the check fails (empty when it passes)")


class SignoffPublic(BaseModel):
    team: str
    by: str
    at: datetime
    note: str


class CommentPublic(BaseModel):
    author: str
    body: str
    at: datetime


class HistoryPublic(BaseModel):
    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    reason: str | None


class ApprovalPublic(BaseModel):
    id: int
    kind: Kind
    title: str
    summary: str
    state: State
    requester: str
    details: dict[str, Any]
    captions_name: str | None
    created_at: datetime
    updated_at: datetime
    checks: list[CheckPublic]
    teams_needed: list[str]
    signoffs: list[SignoffPublic]
    comments: list[CommentPublic]
    history: list[HistoryPublic]
    editable: bool = Field(description="Whether the caller may change it now (PATCH)")
