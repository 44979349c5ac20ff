"""API schemas of the inbox workflow (tables live in tables.py)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class RoutePublic(BaseModel):
    id: int
    label: str
    team: str
    team_name: str
    urgency: str
    instruction: str
    due: date | None = Field(description="a statutory due date (an FOI request's)")
    due_at: datetime | None = Field(
        default=None, description="the deadline the sender stated (media enquiries), UTC")
    due_phrase: str | None = Field(default=None,
                                   description="the words the deadline was read from")
    due_passed_at_receipt: bool = Field(
        default=False, description="the stated deadline had passed when the message arrived "
        "(most likely a typo: the date is kept)")
    state: str
    report_url: str | None
    case_id: int | None


class AcknowledgementPublic(BaseModel):
    who: str
    at: datetime
    how: str = Field(description="'marked handled', or 'case #N resolved' / 'closed'")


class MessagePublic(BaseModel):
    id: int
    external_id: str | None
    platform: str
    author_name: str | None
    text: str
    received_at: datetime
    labels: list[str]
    urgency: str
    batch: str | None
    alert: str | None = Field(description="the 999 instruction while the alert shows; null "
                              "once it is handled or its safeguarding case is finished")
    alert_acknowledged: list[AcknowledgementPublic] = Field(
        default_factory=list, description="who cleared the 999 alert, and when")
    routes: list[RoutePublic]


class ImportProblem(BaseModel):
    line: int = Field(description="the row (CSV, header row 1) or line (JSON Lines)")
    message: str
    summary: str = Field(description="in a sentence: 'Row 4: ...' or 'Line 2: ...'")


class ImportResult(BaseModel):
    batch: str
    imported: int
    duplicates: list[str]
    problems: list[ImportProblem]
    alerts: list[str]
    messages: list[MessagePublic]
