"""The FOI clock: the statutory due date for a request (FOI Act 2000 s.10).

ICO guidance, as spec §5 fixes it: the day of receipt is day 0 whatever day
it is; day 1 is the first working day after it; the due date is working day
20. Working days skip weekends and the bank holidays of the pack's
jurisdiction (England and Wales by default), substitute days included —
taken from the ``holidays`` package, never a hand-typed list.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import numpy as np

from socialguard.policy.schema import Foi


@cache
def _calendar(
    country: str, subdivision: str | None, years: tuple[int, ...]
) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision, years=years)


def is_working_day(day: date, *, country: str = "GB", subdivision: str | None = "ENG") -> bool:
    if day.weekday() >= 5:
        return False
    return day not in _calendar(country, subdivision, (day.year,))


def add_working_days(
    start: date, days: int, *, country: str = "GB", subdivision: str | None = "ENG"
) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself is day 0)."""
    current = start
    counted = 0
    while counted < days:
        current += timedelta(days=1)
        if is_working_day(current, country=country, subdivision=subdivision):
            counted += 1
    return current


def foi_due_date(received: date | datetime, rules: Foi | None = None) -> date:
    rules = rules or Foi()
    day = _local_date(received)
    return add_working_days(
        day,
        rules.working_days,
        country=rules.holiday_country,
        subdivision=rules.holiday_subdivision,
    )


def working_days_left(due: date, today: date, rules: Foi | None = None) -> int:
    """Working days from ``today`` until ``due`` (negative once overdue).

    Counted arithmetically (numpy's business-day count) rather than day by day, since a
    case may carry a due date decades away and a list page counts one per case."""
    rules = rules or Foi()
    if today == due:
        return 0
    low, high = sorted((today, due))
    years = tuple(range(low.year, high.year + 1))
    calendar = _calendar(rules.holiday_country, rules.holiday_subdivision, years)
    closed = [d for d in calendar if low < d <= high]
    # busday_count counts [begin, end): the working days after ``low`` up to and with ``high``.
    count = int(np.busday_count(low + timedelta(days=1), high + timedelta(days=1),
                                holidays=closed))
    return count if today < due else -count


LOCAL_ZONE = ZoneInfo("Europe/London")


def _local_date(received: date | datetime) -> date:
    """The receipt date as the organisation's office sees it (23:30 UTC in summer is tomorrow)."""
    if isinstance(received, datetime):
        if received.tzinfo is not None:
            received = received.astimezone(LOCAL_ZONE)
        return received.date()
    return received
