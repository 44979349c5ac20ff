"""API schemas of policy document control (the tables live in tables.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class VersionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    yaml: Annotated[str, StringConstraints(min_length=1, max_length=1_000_000)] = Field(
        description="The policy pack as YAML (validated like `socialguard policy validate`)")
    note: Annotated[str, StringConstraints(max_length=2000)] = Field(
        "", description="What changed (the amendment history)")


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(max_length=2000)] = Field(
        "", description="Why (required when going back to an earlier version)")


class PublicationPublic(BaseModel):
    id: int
    version: int = Field(description="The version number put in force")
    action: str = Field(description="publish | rollback")
    reason: str
    actor: str
    at: datetime


class VersionPublic(BaseModel):
    id: int
    number: int
    current: bool = Field(description="In force: every check uses this version")
    status: str = Field(description="in force | draft (never published) | earlier")
    pack_version: str
    document_version: str
    title: str
    approval_date: date
    review_date: date
    review_interval_months: int
    sha256: str
    note: str
    source: str
    created_by: str
    created_at: datetime


class VersionDetail(VersionPublic):
    yaml: str
    amendments: list[dict[str, str]]
    review_triggers: list[str]
    next_review: date
    review_overdue: bool


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reviewed_on: date = Field(default_factory=date.today)
    triggers: list[Annotated[str, StringConstraints(max_length=200)]]
    notes: Annotated[str, StringConstraints(max_length=5000)] = ""
    outcome: str = Field(description="no_change, amend or new_version")


class ReviewPublic(BaseModel):
    id: int
    version: int
    reviewed_on: date
    triggers: list[str]
    notes: str
    outcome: str
    reviewer: str
    created_at: datetime


class ChangedSeverity(BaseModel):
    rule: str
    old: str
    new: str


class DiffPublic(BaseModel):
    a: int
    b: int
    rules_added: list[str]
    rules_removed: list[str]
    severities: list[ChangedSeverity]
    rules_changed: dict[str, list[str]]
    triage_changed: list[str]
    document: dict[str, list[str]]
    other: list[str]
    unified: str


class AckPublic(BaseModel):
    version: int
    email: str
    at: datetime


class PersonRow(BaseModel):
    email: str
    name: str
    roles: list[str]
    acknowledged_at: datetime | None


class AckReport(BaseModel):
    version: int
    acknowledged: list[PersonRow]
    outstanding: list[PersonRow]


class FindingBrief(BaseModel):
    rule: str
    severity: str


class OutcomePublic(BaseModel):
    decision: str = Field(description="ok | advise | warn | block")
    findings: list[FindingBrief]
    labels: list[str] = Field(description="Triage labels (inbound messages)")


class VerdictChangePublic(BaseModel):
    id: str
    source: str = Field(description="example (bundled) | test draft (saved by a policy manager)")
    text: str
    kind: str
    capacity: str
    platform: str
    before: OutcomePublic = Field(description="The verdict under the version compared against")
    after: OutcomePublic = Field(description="The verdict under this version")
    decision_changed: bool
    findings_added: list[FindingBrief]
    findings_removed: list[FindingBrief]
    severities: list[ChangedSeverity]
    labels_added: list[str]
    labels_removed: list[str]


class PreviewPublic(BaseModel):
    version: int = Field(description="The version previewed (its number)")
    against: int = Field(description="The version compared against: the one in force, "
                                     "unless asked otherwise")
    examples: int = Field(description="Bundled example drafts checked")
    test_drafts: int = Field(description="Saved test drafts checked")
    changes: list[VerdictChangePublic] = Field(
        description="Every draft whose decision, findings or labels differ")
    problem: str | None = Field(None, description="Why nothing could be compared, if so")
