"""The FOI clock worked out from its steps, without a database: restarts (s.1(3)), fee
pauses over bank holidays (s.10(2)), extensions, reopened responses, and the sections a
refusal may cite (s.17). Dates counted by hand against the UK-wide bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from socialguard.cases.foi import section
from socialguard.cases.foi_clock import Step, build, ico_limit
from socialguard.errors import InvalidInput
from socialguard.triage.clock import count_working_days, foi_due, working_days_between

TODAY = date(2027, 6, 1)
D = date.fromisoformat


def test_disregarded_days_extend_the_count_and_are_explained() -> None:
    plain = count_working_days(D("2026-01-05"), 20)
    paused = count_working_days(D("2026-01-05"), 20, disregard=[(D("2026-01-09"),
                                                                   D("2026-01-13"))])
    assert (plain.due, paused.due, paused.disregarded) == (D("2026-02-02"), D("2026-02-05"), 3)
    assert "not counting 3 working days paused" in paused.explain()
    # Without pauses the explanation reads as it always has.
    assert foi_due(D("2026-11-25")).explain().startswith("working day 20 after 25 Nov 2026, "
                                                         "skipping Mon 30 Nov")


def test_working_days_between() -> None:
    assert working_days_between(D("2026-01-05"), D("2026-01-30")) == 19
    assert working_days_between(D("2026-01-30"), D("2026-01-05")) == 0
    assert working_days_between(D("2026-12-23"), D("2027-01-05")) == 5  # 24, 29-31 Dec, 5 Jan
    assert working_days_between(D("2026-01-05"), D("2026-01-30"),
                                disregard=[(D("2026-01-12"), D("2026-01-16"))]) == 14


def test_a_fee_paused_over_christmas() -> None:
    # Notice Thu 24 Dec 2026, paid Tue 5 Jan 2027: 24, 29, 30, 31 Dec and 5 Jan are working
    # days (25 and 28 Dec, 1 Jan and Scotland's 4 Jan are not), so 5 are not counted.
    clock = build(D("2026-12-14"), [Step("fee-notice", D("2026-12-24")),
                                    Step("fee-paid", D("2027-01-05"))], today=TODAY)
    assert clock.paused_days == 5
    assert clock.due == count_working_days(D("2026-12-14"), 25).due == D("2027-01-22")
    assert any("5 working days not counted" in line for line in clock.why())


def test_a_fee_still_unpaid_stops_the_date_and_counts_the_days_so_far() -> None:
    clock = build(D("2026-01-05"), [Step("fee-notice", D("2026-01-09"))], today=D("2026-01-14"))
    assert clock.due is None and clock.waiting is not None
    assert clock.waiting.working_days == 4  # 9, 12, 13, 14 Jan
    assert "4 working days paused so far" in clock.why()[-1]


def test_a_fee_after_the_due_date_does_not_move_it_back() -> None:
    clock = build(D("2026-01-05"), [Step("fee-notice", D("2026-02-10")),
                                    Step("fee-paid", D("2026-02-12"))], today=TODAY)
    assert clock.due == D("2026-02-02")


def test_clarification_restarts_and_drops_an_earlier_extension() -> None:
    steps = [Step("extension", D("2026-01-20"), new_due=D("2026-02-20"), reason="PIT"),
             Step("clarification-sought", D("2026-01-21")),
             Step("clarification-received", D("2026-03-16"))]
    clock = build(D("2026-01-05"), steps, today=TODAY)
    assert clock.extended_to is None and clock.start == D("2026-03-16")
    # St Patrick's Day (Northern Ireland), Good Friday and Easter Monday are skipped.
    assert clock.due == D("2026-04-16")
    assert "Saint Patrick's Day (NIR)" in " ".join(clock.why())


def test_reopen_undoes_the_response_but_keeps_the_history() -> None:
    steps = [Step("response", D("2026-01-20"), outcome="disclosed"),
             Step("reopen", D("2026-01-21"), reason="wrong request"),
             Step("response", D("2026-02-04"), outcome="not_held")]
    clock = build(D("2026-01-05"), steps, today=TODAY)
    assert (clock.responded_on, clock.outcome, clock.in_time) == (D("2026-02-04"), "not_held",
                                                                  False)
    assert clock.working_days_taken == 22 and clock.reopened == 1
    assert any("reopened on Wed 21 Jan 2026: wrong request" in line for line in clock.why())


def test_an_extension_counts_as_in_time_and_review_has_its_own_date() -> None:
    steps = [Step("extension", D("2026-01-20"), new_due=D("2026-02-27"), reason="PIT"),
             Step("response", D("2026-02-25"), outcome="partly_disclosed",
                  exemptions=("s.43",)),
             Step("internal-review", D("2026-03-02"))]
    clock = build(D("2026-01-05"), steps, today=TODAY)
    assert clock.in_time is True and clock.due == D("2026-02-27")
    assert clock.review is not None and clock.review.due == D("2026-03-31")
    assert clock.deadline() == D("2026-03-31")
    assert ico_limit(D("2026-02-02")) == D("2026-03-02")


@pytest.mark.parametrize(("typed", "cited"), [
    ("s.40(2)", "s.40(2)"), ("S40(2)", "s.40(2)"), ("section 43", "s.43"),
    ("43(2)", "s.43(2)"), ("s.36(2)(b)(i)", "s.36(2)(b)(i)"), ("s.12", "s.12"),
    ("s 14(1)", "s.14(1)"), ("s.31 (1)(a)", "s.31(1)(a)"),
])
def test_sections_are_normalised(typed: str, cited: str) -> None:
    assert section(typed) == cited


@pytest.mark.parametrize("typed", ["s.99", "s.13", "s.45", "GDPR", "s.40(2", "40(2)x", ""])
def test_other_sections_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        section(typed)
