"""Statutory clocks: the FOI due date (FOI Act 2000 s.10) and the complaint
acknowledgement date (Complaints Regulations 2009, reg. 13).

ICO guidance, as spec §5 fixes it: the day of receipt is day 0 whatever day it is;
day 1 is the first working day after it; the FOI due date is working day 20. A
working day for FOI skips Saturdays, Sundays, Christmas Day, Good Friday and every
bank holiday in *any* part of the United Kingdom (s.10(6)) — England and Wales,
Scotland and Northern Ireland, substitute days and one-off proclaimed holidays
included — whatever the organisation's own nation. Complaint acknowledgements count
England-and-Wales working days (spec §2). Holidays come from the ``holidays``
package's UK subdivisions, never a hand-typed list; every due date keeps the
holidays it skipped, so a case can show why it falls where it does. A count can leave
out periods (the days between a fees notice and its payment, s.10(2)); the FOI case's
own clock (``socialguard.cases.foi_clock``) builds on these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import numpy as np

from socialguard.policy.schema import Foi

UK_WIDE = ("ENG", "WLS", "SCT", "NIR")
# A stretch of days (first, last, both included) the count leaves out, e.g. the days
# between a fees notice and the payment (FOI Act s.10(2)).
Period = tuple[date, date]
ENGLAND_AND_WALES = ("ENG", "WLS")
COMPLAINT_ACK_DAYS = 3
LOCAL_ZONE = ZoneInfo("Europe/London")


def today_local() -> date:
    """Today in the UK: statutory days turn over at midnight here, not in UTC."""
    return datetime.now(LOCAL_ZONE).date()


@dataclass(frozen=True, slots=True)
class Holiday:
    day: date
    name: str
    where: tuple[str, ...]  # the UK subdivisions that keep it


@dataclass(frozen=True, slots=True)
class DueDate:
    due: date
    received: date
    working_days: int
    skipped: tuple[Holiday, ...]  # weekday holidays between receipt and the due date
    disregarded: int = 0  # working days left out of the count (``Period``s given to it)

    def explain(self) -> str:
        paused = (f", not counting {self.disregarded} working "
                  f"day{'s' if self.disregarded != 1 else ''} paused" if self.disregarded else "")
        if not self.skipped:
            return (f"working day {self.working_days} after {self.received:%d %b %Y}{paused}; "
                    "no bank holiday in between")
        return (f"working day {self.working_days} after {self.received:%d %b %Y}{paused}, "
                f"skipping {holiday_list(self.skipped)}")


def holiday_list(skipped: Sequence[Holiday]) -> str:
    return "; ".join(f"{h.day:%a %d %b} {h.name} ({', '.join(h.where)})" for h in skipped)


@cache
def _holidays(year: int, regions: tuple[str, ...]) -> dict[date, Holiday]:
    """Every bank holiday of ``year`` kept in any of ``regions``, with where it is kept."""
    names: dict[date, str] = {}
    where: dict[date, list[str]] = {}
    for region in regions:
        for day, name in holidays.country_holidays("GB", subdiv=region, years=year).items():
            names.setdefault(day, name)
            where.setdefault(day, []).append(region)
    return {d: Holiday(d, names[d], tuple(where[d])) for d in names}


def holiday_on(day: date, regions: tuple[str, ...] = UK_WIDE) -> Holiday | None:
    return _holidays(day.year, regions).get(day)


def is_working_day(day: date, regions: tuple[str, ...] = UK_WIDE) -> bool:
    return day.weekday() < 5 and holiday_on(day, regions) is None


def count_working_days(start: date, days: int, regions: tuple[str, ...] = UK_WIDE, *,
                       disregard: Sequence[Period] = ()) -> DueDate:
    """The ``days``-th working day after ``start`` (``start`` itself is day 0), leaving out
    the working days inside any ``disregard`` period."""
    current, counted, skipped, paused = start, 0, [], 0
    while counted < days:
        current += timedelta(days=1)
        holiday = holiday_on(current, regions)
        if current.weekday() >= 5:
            continue
        if holiday is not None:
            skipped.append(holiday)
            continue
        if _within(current, disregard):
            paused += 1
            continue
        counted += 1
    return DueDate(current, start, days, tuple(skipped), paused)


def working_days_between(start: date, end: date, regions: tuple[str, ...] = UK_WIDE, *,
                         disregard: Sequence[Period] = ()) -> int:
    """Working days counted after ``start`` up to and including ``end`` (0 when ``end`` is
    not after ``start``), leaving out those inside any ``disregard`` period. Day by day:
    callers count the weeks a request was open, not decades."""
    current, counted = start, 0
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, regions) and not _within(current, disregard):
            counted += 1
    return counted


def _within(day: date, periods: Sequence[Period]) -> bool:
    return any(first <= day <= last for first, last in periods)


def add_working_days(start: date, days: int, regions: tuple[str, ...] = UK_WIDE) -> date:
    return count_working_days(start, days, regions).due


def foi_due(received: date | datetime, rules: Foi | None = None) -> DueDate:
    return count_working_days(local_date(received), (rules or Foi()).working_days, UK_WIDE)


def foi_due_date(received: date | datetime, rules: Foi | None = None) -> date:
    return foi_due(received, rules).due


def complaint_ack_due(received: date | datetime) -> DueDate:
    return count_working_days(local_date(received), COMPLAINT_ACK_DAYS, ENGLAND_AND_WALES)


def working_days_left(due: date, today: date, rules: Foi | None = None) -> int:
    """Working days from ``today`` until ``due`` (negative once overdue), UK-wide.

    Counted arithmetically (numpy's business-day count) rather than day by day, since a
    case may carry a due date decades away and a list page counts one per case."""
    if today == due:
        return 0
    low, high = sorted((today, due))
    closed = [d for year in range(low.year, high.year + 1) for d in _holidays(year, UK_WIDE)
              if low < d <= high]
    # busday_count counts [begin, end): the working days after ``low`` up to and with ``high``.
    count = int(np.busday_count(low + timedelta(days=1), high + timedelta(days=1),
                                holidays=closed))
    return count if today < due else -count


def local_date(received: date | datetime) -> date:
    """The receipt date as the organisation's office sees it (23:30 UTC in summer is tomorrow)."""
    if isinstance(received, datetime):
        if received.tzinfo is not None:
            received = received.astimezone(LOCAL_ZONE)
        return received.date()
    return received
