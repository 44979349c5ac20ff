"""An FOI request's clock, worked out from its steps (FOI Act 2000 s.1(3), s.10, s.17).

- Receipt is day 0 and the due date is working day 20, skipping every UK bank holiday
  (``socialguard.triage.clock``).
- Clarification sought (s.1(3)): the clock stops. When the clarification arrives, the
  20 working days start again from that day, which becomes day 0.
- Fees notice (s.10(2)): paused until the fee is paid; the working days from the day of
  the notice to the day of payment, both included, are not counted.
- Public-interest extension (s.10(3)): a new date in force, with its reason. The ICO
  expects no more than 20 working days beyond the statutory date, so more is warned of.
- A response stops the clock; a later ``reopen`` step undoes a mistaken one.
- An internal review runs its own 20 working days from the day it was asked for.

Pure functions of the steps and the day: the same answer on the case page, in the API,
in the CSV and in the compliance figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from socialguard.triage.clock import (
    DueDate,
    Period,
    add_working_days,
    count_working_days,
    holiday_list,
    working_days_between,
)

ICO_EXTRA_DAYS = 20  # the ICO's expectation for a public-interest extension
REVIEW_DAYS = 20  # the Code of Practice (s.45) target for an internal review
OUTCOMES = {"disclosed": "disclosed", "partly_disclosed": "partly disclosed",
            "refused": "refused", "not_held": "not held"}
REVIEW_OUTCOMES = {"upheld": "original response upheld",
                   "partly_upheld": "original response partly upheld",
                   "overturned": "original response overturned"}


@dataclass(frozen=True)
class Step:
    """What the clock needs of one stored step (``tables.FoiEvent``)."""

    step: str
    on: date
    new_due: date | None = None
    outcome: str | None = None
    exemptions: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class Pause:
    kind: str  # "clarification" or "fee"
    start: date
    end: date | None  # None while still waiting
    working_days: int  # working days inside it (to today while it lasts)


@dataclass(frozen=True)
class Clock:
    received: date
    start: date  # day 0 of the count in force (receipt, or the day a clarification came)
    statutory: DueDate | None  # None while stopped or paused
    days: int = 20
    extended_to: date | None = None
    extension_reason: str | None = None
    extended_on: date | None = None
    waiting: Pause | None = None
    pauses: tuple[Pause, ...] = ()
    responded_on: date | None = None
    outcome: str | None = None
    exemptions: tuple[str, ...] = ()
    review: DueDate | None = None  # an internal review's own clock
    reviewed_on: date | None = None
    review_outcome: str | None = None
    referred_on: date | None = None
    closed_on: date | None = None
    reopened: int = 0  # mistaken responses undone
    notes: tuple[str, ...] = field(default=())

    @property
    def due(self) -> date | None:
        """The date in force for the response (None while the clock is stopped)."""
        if self.statutory is None:
            return None
        return self.extended_to or self.statutory.due

    @property
    def paused_days(self) -> int:
        """Working days not counted for unpaid fees since day 0 (s.10(2))."""
        return sum(p.working_days for p in self.pauses
                   if p.kind == "fee" and p.start >= self.start)

    @property
    def fee_periods(self) -> list[Period]:
        return [(p.start, p.end) for p in self.pauses
                if p.kind == "fee" and p.end is not None and p.start >= self.start]

    @property
    def working_days_taken(self) -> int | None:
        """Working days from day 0 to the response, paused days left out."""
        if self.responded_on is None:
            return None
        return working_days_between(self.start, self.responded_on, disregard=self.fee_periods)

    @property
    def in_time(self) -> bool | None:
        """Responded by the date in force (a lawful extension counts); None if not yet."""
        if self.responded_on is None or self.due is None:
            return None
        return self.responded_on <= self.due

    def deadline(self) -> date | None:
        """What the team works to now: the review's date during a review, else the due."""
        if self.review is not None and self.reviewed_on is None:
            return self.review.due
        return self.due

    def why(self) -> list[str]:
        """How the date in force was reached, line by line, for the page and the API."""
        lines = [f"Received {self.received:%a %d %b %Y}: that is day 0."]
        lines += self.notes
        if self.statutory is not None:
            skipped = (f"; bank holidays skipped: {holiday_list(self.statutory.skipped)}"
                       if self.statutory.skipped else "; no bank holiday in between")
            paused = (f"; {self.statutory.disregarded} working days paused not counted"
                      if self.statutory.disregarded else "")
            lines.append(f"Statutory due date {self.statutory.due:%a %d %b %Y}: working day "
                         f"{self.days} after {self.start:%a %d %b %Y}{paused}{skipped}.")
        if self.extended_to is not None:
            lines.append(f"Extended to {self.extended_to:%a %d %b %Y} for the public interest "
                         f"test (s.10(3)): {self.extension_reason}.")
        if self.waiting is not None:
            lines.append(_waiting_line(self.waiting))
        if self.responded_on is not None:
            verdict = "in time" if self.in_time else "late"
            lines.append(f"Responded on {self.responded_on:%a %d %b %Y} "
                         f"({OUTCOMES.get(self.outcome or '', 'outcome not recorded')}), "
                         f"{self.working_days_taken} working days after day 0: {verdict}.")
        if self.review is not None:
            lines.append(f"Internal review asked for on {self.review.received:%a %d %b %Y}: "
                         f"due {self.review.due:%a %d %b %Y} (working day {REVIEW_DAYS}).")
        if self.referred_on is not None:
            lines.append(f"Referred to the ICO on {self.referred_on:%a %d %b %Y}.")
        if self.closed_on is not None:
            lines.append(f"Closed on {self.closed_on:%a %d %b %Y} without a response.")
        return lines


def _waiting_line(pause: Pause) -> str:
    if pause.kind == "clarification":
        return (f"Clarification sought on {pause.start:%a %d %b %Y}: the clock is stopped "
                "until the requester replies, then 20 working days start again (s.1(3)).")
    return (f"Fees notice given on {pause.start:%a %d %b %Y}: the clock is paused until the "
            f"fee is paid (s.10(2)); {pause.working_days} working days paused so far.")


def build(received: date, steps: Iterable[Step], *, today: date, days: int = 20) -> Clock:
    """Replay the steps, oldest first, into the clock as it stands on ``today``."""
    replay = _Replay(received=received, start=received)
    for s in steps:
        replay.apply(s)
    waiting = replay.waiting
    if waiting is not None and waiting.kind == "fee":
        waiting = Pause("fee", waiting.start, None, _inside(waiting.start, today))
    statutory = None if waiting is not None else count_working_days(
        replay.start, days, disregard=replay.periods)
    return replace(replay.clock, statutory=statutory, days=days, waiting=waiting,
                   pauses=tuple(replay.pauses), notes=tuple(replay.notes))


def _inside(first: date, last: date) -> int:
    """Working days from ``first`` to ``last``, both included (s.10(2)'s period)."""
    return working_days_between(first - timedelta(days=1), last)


@dataclass
class _Replay:
    received: date
    start: date
    periods: list[Period] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    waiting: Pause | None = None
    clock: Clock = field(init=False)

    def __post_init__(self) -> None:
        self.clock = Clock(received=self.received, start=self.start, statutory=None)

    def apply(self, s: Step) -> None:
        c, waiting = self.clock, self.waiting
        if s.step in ("clarification-sought", "fee-notice"):
            kind = "clarification" if s.step == "clarification-sought" else "fee"
            self.waiting = Pause(kind, s.on, None, 0)
        elif s.step == "clarification-received" and waiting is not None:
            self.pauses.append(Pause("clarification", waiting.start, s.on,
                                     working_days_between(waiting.start, s.on)))
            self.notes.append(
                f"Clarification sought on {waiting.start:%a %d %b %Y} and received on "
                f"{s.on:%a %d %b %Y}: the {c.days} working days started again from that day "
                "(s.1(3)).")
            # s.1(3): the count starts afresh, so earlier pauses and extensions fall away.
            self.start, self.periods, self.waiting = s.on, [], None
            self.clock = replace(c, start=s.on, extended_to=None, extension_reason=None,
                                 extended_on=None)
        elif s.step == "fee-paid" and waiting is not None:
            inside = _inside(waiting.start, s.on)
            self.pauses.append(Pause("fee", waiting.start, s.on, inside))
            self.periods.append((waiting.start, s.on))
            self.notes.append(f"Fees notice given on {waiting.start:%a %d %b %Y} and paid on "
                              f"{s.on:%a %d %b %Y}: {inside} working days not counted "
                              "(s.10(2)).")
            self.waiting = None
        elif s.step == "extension":
            self.clock = replace(c, extended_to=s.new_due, extension_reason=s.reason,
                                 extended_on=s.on)
        elif s.step == "response":
            self.clock = replace(c, responded_on=s.on, outcome=s.outcome,
                                 exemptions=s.exemptions)
        elif s.step == "reopen":
            if c.responded_on is not None:
                self.notes.append(f"The response recorded for {c.responded_on:%a %d %b %Y} was "
                                  f"reopened on {s.on:%a %d %b %Y}: {s.reason}.")
            self.clock = replace(c, responded_on=None, outcome=None, exemptions=(),
                                 reopened=c.reopened + 1)
        elif s.step == "internal-review":
            self.clock = replace(c, review=count_working_days(s.on, REVIEW_DAYS),
                                 reviewed_on=None, review_outcome=None)
        elif s.step == "review-outcome":
            self.clock = replace(c, reviewed_on=s.on, review_outcome=s.outcome)
        elif s.step == "ico-referral":
            self.clock = replace(c, referred_on=s.on)
        elif s.step == "close":
            self.clock = replace(c, closed_on=s.on)


def ico_limit(statutory: date) -> date:
    """The latest extended date the ICO expects: 20 working days past the statutory one."""
    return add_working_days(statutory, ICO_EXTRA_DAYS)
