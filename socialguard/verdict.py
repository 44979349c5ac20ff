"""The verdict: what the checker answers for one submission (spec §4)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field


class Severity(StrEnum):
    ADVISE = "advise"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ADVISE: 1, Severity.WARN: 2, Severity.BLOCK: 3}


class Decision(StrEnum):
    OK = "ok"
    ADVISE = "advise"
    WARN = "warn"
    BLOCK = "block"


class FixKind(StrEnum):
    REDACT = "redact"  # text: the draft with the offending words masked
    APPEND = "append"  # text: the draft with the disclaimer added; snippet: the disclaimer
    REMOVE = "remove"  # text: the draft without the offending words
    REWRITE = "rewrite"  # the author must rephrase; no mechanical fix exists
    CONTACT = "contact"  # someone must be told or asked before publishing
    ACTION = "action"  # something outside the text must change (consent, captions, channel)


class Contact(BaseModel):
    team: str
    name: str
    how: str | None = None


class Fix(BaseModel):
    kind: FixKind
    advice: str
    text: str | None = None
    snippet: str | None = None
    contacts: list[Contact] = Field(default_factory=list)


class Finding(BaseModel):
    rule: str
    severity: Severity
    section: str
    title: str
    message: str
    spans: list[tuple[int, int]] = Field(default_factory=list)
    evidence: str = ""
    fix: Fix | None = None
    explanation: str | None = None


class Urgency(StrEnum):
    IMMEDIATE = "immediate"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class Route(BaseModel):
    label: str
    team: str
    team_name: str
    urgency: Urgency = Urgency.NORMAL
    instruction: str
    due: date | None = None
    due_reason: str | None = None  # how the due date was counted, and the holidays skipped
    evidence: str | None = None  # the words that drove the label
    contact: str | None = None


class Verdict(BaseModel):
    id: str | None = None
    decision: Decision = Decision.OK
    findings: list[Finding] = Field(default_factory=list)
    labels: list[str] = Field(default_factory=list)
    routes: list[Route] = Field(default_factory=list)
    policy: str | None = None
    error: str | None = None

    @classmethod
    def failed(cls, id: str | None, error: str) -> Verdict:
        return cls(id=id, decision=Decision.OK, error=error)


def decide(findings: list[Finding]) -> Decision:
    """The worst severity found, or ok."""
    if not findings:
        return Decision.OK
    worst = max(findings, key=lambda f: f.severity.rank).severity
    return Decision(worst.value)
