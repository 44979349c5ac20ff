"""The FOI clock: receipt is day 0; working day 20 is due; bank holidays skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from socialguard.triage.clock import (
    add_working_days,
    complaint_ack_due,
    foi_due,
    foi_due_date,
    is_working_day,
    working_days_left,
)


@pytest.mark.parametrize(
    ("received", "due"),
    # Counted by hand: working days skip weekends and the bank holidays of every UK nation
    # (FOI Act s.10(6)), so Scotland's and Northern Ireland's own holidays count too.
    [
        (date(2026, 8, 31), date(2026, 9, 28)),  # received on the summer bank holiday
        # over Christmas: 25, 28 (substitute) Dec, 1 Jan, and 4 Jan (Scotland's substitute
        # for 2 January, a Saturday in 2027)
        (date(2026, 12, 23), date(2027, 1, 26)),
        (date(2026, 12, 28), date(2027, 1, 27)),  # received on a substitute bank holiday
        (date(2026, 4, 3), date(2026, 5, 5)),  # Good Friday receipt; Easter Monday and May Day
        (date(2026, 11, 21), date(2026, 12, 21)),  # a Saturday; St Andrew's Day, Mon 30 Nov
        (date(2026, 11, 25), date(2026, 12, 24)),  # St Andrew's Day in the count
        (date(2027, 3, 10), date(2027, 4, 12)),  # St Patrick's Day, Good Friday, Easter Monday
        (date(2027, 7, 5), date(2027, 8, 4)),  # 12 July and Scotland's 2 August holiday
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
    # 2027-2099 in full: 73 years of weekdays less the UK's bank holidays: eight in
    # England and Wales, plus 2 January, the first Monday of August and St Andrew's Day
    # in Scotland and St Patrick's Day and 12 July in Northern Ireland — twelve or thirteen
    # weekdays a year once substitutes are counted; a bound, not a copy of the code.
    left = working_days_left(date(2099, 12, 31), date(2026, 12, 31))
    assert 73 * 261 - 73 * 14 < left < 73 * 261 - 73 * 11


def test_a_due_date_says_which_holidays_it_skipped() -> None:
    due = foi_due(date(2026, 11, 25))
    assert due.due == date(2026, 12, 24)
    assert [(h.day, h.where) for h in due.skipped] == [(date(2026, 11, 30), ("SCT",))]
    assert "Andrew's Day" in due.explain() and "SCT" in due.explain()


def test_a_formal_complaint_is_acknowledged_by_the_third_working_day_in_england() -> None:
    # Complaints count England-and-Wales working days: St Andrew's Day is not skipped.
    assert complaint_ack_due(date(2026, 11, 27)).due == date(2026, 12, 2)
    assert complaint_ack_due(date(2026, 12, 23)).due == date(2026, 12, 30)
