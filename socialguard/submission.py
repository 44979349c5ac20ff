"""The submission: what a member of staff (or an inbound message) hands the checker.

The shape is fixed by spec §4. Unknown fields are ignored and missing optional
fields mean "not declared", so the models accept partial input.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_TEXT_CHARS = 20_000
# No platform takes more than 20 media items in a post (Instagram and LinkedIn carousels);
# the bounds keep a request of 600,000 empty attachments from costing seconds of work.
MAX_ATTACHMENTS = 50
MAX_PEOPLE = 200
"""Longer texts are refused: a social post is short, a blog post fits easily."""


class Kind(StrEnum):
    POST = "post"
    REPLY = "reply"
    COMMENT = "comment"
    REFERENCE = "reference"
    BLOG = "blog"
    VIDEO = "video"
    MESSAGE = "message"


class Capacity(StrEnum):
    PERSONAL = "personal"
    OFFICIAL = "official"


class AgeGroup(StrEnum):
    ADULT = "adult"
    YOUNG_PERSON = "young_person"
    CHILD = "child"
    ADULT_AT_RISK = "adult_at_risk"


class Consent(StrEnum):
    WRITTEN = "written"
    VERBAL = "verbal"
    NONE = "none"


class ReplySource(StrEnum):
    NEWS = "news"
    BLOG = "blog"
    NEWSFEED = "newsfeed"
    PUBLIC = "public"
    COLLEAGUE = "colleague"
    ICB = "icb"


PUBLISHED_MEDIA = frozenset({ReplySource.NEWS, ReplySource.BLOG, ReplySource.NEWSFEED})

_LENIENT = ConfigDict(extra="ignore", str_strip_whitespace=True)


class Author(BaseModel):
    model_config = _LENIENT

    identifiable_as_staff: bool = True
    name: str | None = None
    role: str | None = None

    @property
    def is_corporate_account(self) -> bool:
        return (self.role or "").strip().lower() == "corporate account"


class InReplyTo(BaseModel):
    model_config = _LENIENT

    source: ReplySource | None = None
    text: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)

    @field_validator("source", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class PersonShown(BaseModel):
    model_config = _LENIENT

    age_group: AgeGroup | None = None
    named_in_post: bool = False
    consent: Consent | None = None


class CaptionCoverage(BaseModel):
    """Filled in by a shell that could read the captions file (the engine does no I/O)."""

    model_config = _LENIENT

    readable: bool
    cue_count: int = 0
    first_start_s: float | None = None
    last_end_s: float | None = None
    covered_s: float = 0.0
    gaps: list[tuple[float, float]] = Field(
        default_factory=list,
        description="(start, end) of each stretch between first and last cue with no cue on "
        "screen, in seconds; pauses of a second or less between cues are left out")
    problem: str | None = None

    def uncovered(self, duration_s: float) -> list[tuple[float, float]]:
        """The stretches of a ``duration_s`` video with no captions, in order: before the
        first cue, the recorded gaps between cues, and after the last cue."""
        if self.cue_count == 0 or self.first_start_s is None or self.last_end_s is None:
            return [(0.0, duration_s)] if duration_s > 0 else []
        stretches = [(0.0, self.first_start_s), *self.gaps, (self.last_end_s, duration_s)]
        clipped = [(max(start, 0.0), min(end, duration_s)) for start, end in stretches]
        return [(start, end) for start, end in clipped if end > start]


class Attachment(BaseModel):
    model_config = _LENIENT

    type: str = "image"
    contains_logo: bool | None = None
    people: list[PersonShown] = Field(default_factory=list, max_length=MAX_PEOPLE)
    captions: str | None = None
    caption_coverage: CaptionCoverage | None = None
    duration_s: Annotated[float, Field(ge=0)] | None = None
    channel: str | None = None
    credited_to: str | None = None

    @field_validator("type", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def is_video(self) -> bool:
        return self.type == "video"


class Submission(BaseModel):
    model_config = _LENIENT

    id: str | None = None
    text: str = Field(max_length=MAX_TEXT_CHARS)
    kind: Kind = Kind.POST
    capacity: Capacity = Capacity.PERSONAL
    platform: str = "other"
    author: Author = Field(default_factory=Author)
    in_reply_to: InReplyTo | None = None
    attachments: list[Attachment] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    received_at: datetime | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("kind", "capacity", "platform", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("author", mode="before")
    @classmethod
    def _null_author(cls, value: object) -> object:
        return {} if value is None else value

    @field_validator("attachments", mode="before")
    @classmethod
    def _null_attachments(cls, value: object) -> object:
        return [] if value is None else value

    @property
    def is_inbound(self) -> bool:
        return self.kind is Kind.MESSAGE

    @property
    def videos(self) -> list[Attachment]:
        return [a for a in self.attachments if a.is_video]
