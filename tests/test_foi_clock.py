"""The FOI clock: receipt is day 0; working day 20 is due; bank holidays skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from socialguard.triage.clock import (
    add_working_days,
    foi_due_date,
    is_working_day,
    working_days_left,
)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 8, 31), date(2026, 9, 28)),  # received on the summer bank holiday
        (date(2026, 12, 23), date(2027, 1, 25)),  # over Christmas: 25, 28 (substitute) Dec, 1 Jan
        (date(2026, 12, 28), date(2027, 1, 26)),  # received on a substitute bank holiday
        (date(2026, 4, 3), date(2026, 5, 5)),  # Good Friday receipt; Easter Monday and May Day
        (date(2026, 11, 21), date(2026, 12, 18)),  # a Saturday: day 1 is the Monday
        (date(2026, 11, 25), date(2026, 12, 23)),
    ],
)
def test_due_date(received: date, due: date) -> None:
    assert foi_due_date(received) == due


def test_late_evening_utc_in_summer_is_the_next_day_in_england() -> None:
    # 23:30 UTC on 30 June is 00:30 BST on 1 July: receipt day is 1 July.
    received = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert foi_due_date(received) == foi_due_date(date(2026, 7, 1))


def test_working_days() -> None:
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 26))  # Saturday
    assert not is_working_day(date(2026, 12, 28))  # substitute Boxing Day
    assert is_working_day(date(2026, 12, 29))
    assert working_days_left(date(2026, 12, 23), date(2026, 12, 21)) == 2
    assert working_days_left(date(2026, 12, 21), date(2026, 12, 23)) == -2


@pytest.mark.parametrize(
    ("start", "days"),
    [(date(2026, 12, 23), 20), (date(2026, 4, 2), 3), (date(2026, 11, 27), 1),
     (date(2025, 12, 19), 260)],
)
def test_days_left_counts_back_what_add_working_days_counted(start: date, days: int) -> None:
    due = add_working_days(start, days)
    assert working_days_left(due, start) == days
    assert working_days_left(start, due) == -days


def test_days_left_to_a_far_due_date_skips_every_year_s_holidays() -> None:
    # 2027-2099 in full: 73 years of weekdays less eight England bank holidays a year,
    # give or take the years whose holidays fall at weekends; a bound, not a copy of the code.
    left = working_days_left(date(2099, 12, 31), date(2026, 12, 31))
    assert 73 * 261 - 73 * 9 < left < 73 * 261 - 73 * 7
