"""API schemas of the inbox workflow (tables live in tables.py)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel


class RoutePublic(BaseModel):
    id: int
    label: str
    team: str
    team_name: str
    urgency: str
    instruction: str
    due: date | None
    state: str
    report_url: str | None
    case_id: int | None


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
    alert: str | None
    routes: list[RoutePublic]


class ImportProblem(BaseModel):
    line: int
    message: str


class ImportResult(BaseModel):
    batch: str
    imported: int
    duplicates: list[str]
    problems: list[ImportProblem]
    alerts: list[str]
    messages: list[MessagePublic]
