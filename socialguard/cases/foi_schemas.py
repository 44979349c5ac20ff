"""API schemas of FOI requests: one body per step of the clock, the clock and checklist as
the API shows them, and the compliance figures."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from socialguard.cases.foi import StepInput

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
Day = Annotated[date, Field(ge=EARLIEST, le=LATEST)]
On = Annotated[Day | None, Field(description="the day it happened (UK); default today")]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]
Section = Annotated[str, Field(min_length=1, max_length=40)]


class StepBody(BaseModel):
    """Start work, record a clarification or a payment received, or an internal review
    asked for: the day it happened and, if you like, a note of why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    on: On = None
    reason: str | None = Field(default=None, max_length=2000)

    def as_input(self) -> StepInput:
        return StepInput(on=self.on, reason=self.reason)


class ClarificationBody(StepBody):
    reason: Reason = Field(description="what the requester was asked to clarify")


class FeeNoticeBody(StepBody):
    fee_pence: int = Field(gt=0, le=10_000_000, description="the fee asked for, in pence")

    def as_input(self) -> StepInput:
        return StepInput(on=self.on, reason=self.reason, fee_pence=self.fee_pence)


class ExtensionBody(StepBody):
    new_due: Day = Field(description="the new date for the response")
    reason: Reason = Field(description="why the public interest test needs longer")

    def as_input(self) -> StepInput:
        return StepInput(on=self.on, reason=self.reason, new_due=self.new_due)


class ResponseBody(StepBody):
    outcome: Literal["disclosed", "partly_disclosed", "refused", "not_held"]
    exemptions: list[Section] = Field(
        default_factory=list, max_length=20,
        description='sections relied on when refusing (s.17), e.g. ["s.40(2)", "s.43"]')

    def as_input(self) -> StepInput:
        return StepInput(on=self.on, reason=self.reason, outcome=self.outcome,
                         exemptions=tuple(self.exemptions))


class ReasonBody(StepBody):
    """Reopen a mistaken response, or close a request (withdrawn or lapsed): say why."""

    reason: Reason


class ReviewOutcomeBody(StepBody):
    outcome: Literal["upheld", "partly_upheld", "overturned"]

    def as_input(self) -> StepInput:
        return StepInput(on=self.on, reason=self.reason, outcome=self.outcome)


class IcoReferralBody(StepBody):
    reference: str | None = Field(default=None, max_length=100,
                                  description="the ICO's case reference")

    def as_input(self) -> StepInput:
        return StepInput(on=self.on, reason=self.reason, reference=self.reference)


class ValidityBody(BaseModel):
    """The officer's checklist (FOI Act s.8); null leaves an item pre-filled from the case."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_ok: bool | None = None
    address_ok: bool | None = None
    description_ok: bool | None = None
    requester: str | None = Field(default=None, max_length=200,
                                  description="the requester's real name")
    address: str | None = Field(default=None, max_length=500,
                                description="an e-mail or postal address; not a handle")


class PausePublic(BaseModel):
    kind: str
    start: date
    end: date | None
    working_days: int


class HolidayPublic(BaseModel):
    day: date
    name: str
    where: list[str]


class ClockPublic(BaseModel):
    received: date
    day_zero: date
    statutory_due: date | None
    due: date | None
    extended_to: date | None
    extension_reason: str | None
    stopped: bool
    waiting: PausePublic | None
    pauses: list[PausePublic]
    paused_working_days: int
    holidays_skipped: list[HolidayPublic]
    responded_on: date | None
    outcome: str | None
    exemptions: list[str]
    working_days_taken: int | None
    in_time: bool | None
    review_due: date | None
    reviewed_on: date | None
    review_outcome: str | None
    referred_on: date | None
    closed_on: date | None
    why: list[str]


class ValidityItemPublic(BaseModel):
    key: str
    label: str
    met: bool
    checked: bool
    basis: str


class ValidityPublic(BaseModel):
    valid: bool
    missing: list[str]
    items: list[ValidityItemPublic]
    reply: str | None
    address: str | None


class FoiPublic(BaseModel):
    case_id: int
    state: str
    due_date: date | None
    working_days_left: int | None
    clock: ClockPublic
    validity: ValidityPublic
    steps: list[str]
    warnings: list[str]


class PeriodPublic(BaseModel):
    period: str
    first_day: date
    last_day: date
    received: int
    answered: int
    in_time: int
    late: int
    overdue: int
    pending: int
    closed: int
    extended: int
    percent_in_time: float | None
    meets_target: bool | None
    median_working_days: float | None
    outcomes: dict[str, int]
    exemptions: dict[str, int]


class OverduePublic(BaseModel):
    id: int
    title: str
    due_date: date
    working_days_overdue: int
    what: str
    state: str
    assignee: str | None


class FiguresPublic(BaseModel):
    first_day: date
    last_day: date
    today: date
    target_percent: float
    overall: PeriodPublic
    months: list[PeriodPublic]
    quarters: list[PeriodPublic]
    overdue: list[OverduePublic]
