"""FOI compliance figures: how many requests were answered within the statutory time.

Requests are counted in the month (and calendar quarter) they were received, as the
published government FOI statistics count them. Each request, as of today, is:

- *in time*: answered on or before the date in force (20 working days from day 0, with
  clarification restarts, fee pauses and a public-interest extension taken into account);
- *late*: answered after it;
- *overdue*: not answered and the date has passed (it already counts against the month);
- *pending*: not answered, still in time or its clock stopped (not counted yet);
- *closed*: withdrawn, or lapsed without clarification or payment (not counted).

The share in time is in time / (in time + late + overdue); the ICO expects at least 90%.
The median counts working days from day 0 to the response, paused days left out. The CSV
holds counts only, no personal data, so it can be published (s.45 Code of Practice).
"""

from __future__ import annotations

import base64
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import pygal  # type: ignore[import-untyped]

from socialguard.accounts.charts import STYLE, Chart
from socialguard.cases.foi_clock import OUTCOMES, Clock
from socialguard.cases.kinds import FINISHED, STOPPED, CaseState
from socialguard.cases.tables import Case
from socialguard.exports import csv_text
from socialguard.triage.clock import working_days_left

TARGET_PERCENT = 90.0
CHART_TITLE = "FOI requests answered in time, by month received"
# Lines drawn thicker than pygal's 1px (which its own rule sets on each path, hence
# !important), the 90% one dashed, so neither reads as a guide line.
LINES = (".series.serie-0 .line { stroke-width: 3 !important; } "
         ".series.serie-1 .line { stroke-width: 3 !important; stroke-dasharray: 10, 6; }")
CSV_COLUMNS = ("period_type", "period", "first_day", "last_day", "received", "answered",
               "answered_in_time", "answered_late", "overdue_unanswered", "pending",
               "withdrawn_or_lapsed", "extended_public_interest", "percent_in_time",
               "median_working_days", *OUTCOMES, "exemptions_cited")


@dataclass
class Period:
    label: str
    first: date
    last: date
    received: int = 0
    in_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    closed: int = 0
    extended: int = 0
    days: list[int] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    exemptions: Counter[str] = field(default_factory=Counter)

    @property
    def answered(self) -> int:
        return self.in_time + self.late

    @property
    def percent_in_time(self) -> float | None:
        decided = self.in_time + self.late + self.overdue
        return round(100 * self.in_time / decided, 1) if decided else None

    @property
    def meets_target(self) -> bool | None:
        share = self.percent_in_time
        return None if share is None else share >= TARGET_PERCENT

    @property
    def median_days(self) -> float | None:
        return float(statistics.median(self.days)) if self.days else None

    def add(self, case: Case, clock: Clock, today: date) -> None:
        self.received += 1
        self.extended += clock.extended_to is not None
        if clock.responded_on is not None:
            if clock.in_time:
                self.in_time += 1
            else:
                self.late += 1
            self.days.append(clock.working_days_taken or 0)
            self.outcomes[clock.outcome or "not recorded"] += 1
            self.exemptions.update(clock.exemptions)
        elif case.state == CaseState.CLOSED.value:
            self.closed += 1
        elif clock.due is not None and clock.due < today:
            self.overdue += 1
        else:
            self.pending += 1


@dataclass(frozen=True)
class Overdue:
    case: Case
    due: date
    days_over: int
    what: str  # "response" or "internal review"


@dataclass(frozen=True)
class Figures:
    first: date
    last: date
    today: date
    overall: Period
    months: list[Period]
    quarters: list[Period]
    overdue: list[Overdue]


def default_range(today: date) -> tuple[date, date]:
    """The twelve months to today: from the first day of the month eleven months back."""
    month = today.year * 12 + today.month - 1 - 11
    return date(month // 12, month % 12 + 1, 1), today


def _month_key(day: date) -> tuple[int, int]:
    return day.year, day.month


def months_between(first: date, last: date) -> list[Period]:
    periods, year, month = [], first.year, first.month
    while (year, month) <= _month_key(last):
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        periods.append(Period(f"{start:%b %Y}", start, end))
        year, month = year + month // 12, month % 12 + 1
    return periods


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarters_between(first: date, last: date) -> list[Period]:
    periods, (year, q) = [], _quarter(first)
    while (year, q) <= _quarter(last):
        start = date(year, 3 * q - 2, 1)
        end = date(year + q // 4, 3 * q % 12 + 1, 1) - timedelta(days=1)
        periods.append(Period(f"{year} Q{q} ({start:%b}-{end:%b})", start, end))
        year, q = year + q // 4, q % 4 + 1
    return periods


def figures(rows: list[tuple[Case, Clock]], *, first: date, last: date,
            today: date) -> Figures:
    """The figures for requests received from ``first`` to ``last`` (both included), and
    every request overdue today whenever it came."""
    months, quarters = months_between(first, last), quarters_between(first, last)
    overall = Period(f"{first:%d %b %Y} to {last:%d %b %Y}", first, last)
    by_month = {_month_key(p.first): p for p in months}
    by_quarter = {_quarter(p.first): p for p in quarters}
    for case, clock in rows:
        if first <= clock.received <= last:
            for period in (overall, by_month[_month_key(clock.received)],
                           by_quarter[_quarter(clock.received)]):
                period.add(case, clock, today)
    return Figures(first, last, today, overall, months, quarters, overdue_list(rows, today))


def overdue_list(rows: list[tuple[Case, Clock]], today: date) -> list[Overdue]:
    late = []
    for case, clock in rows:
        if case.state in FINISHED or case.state in STOPPED:
            continue
        deadline = clock.deadline()
        if deadline is not None and deadline < today:
            what = ("internal review" if case.state == CaseState.INTERNAL_REVIEW.value
                    else "response")
            late.append(Overdue(case, deadline, -working_days_left(deadline, today), what))
    return sorted(late, key=lambda o: (o.due, o.case.id))


def _cells(kind: str, p: Period) -> list[object]:
    cited = "; ".join(f"{s} x{n}" for s, n in sorted(p.exemptions.items()))
    return [kind, p.label, p.first, p.last, p.received, p.answered, p.in_time, p.late,
            p.overdue, p.pending, p.closed, p.extended, p.percent_in_time, p.median_days,
            *(p.outcomes[o] for o in OUTCOMES), cited]


def figures_csv(f: Figures) -> str:
    rows = [_cells("month", p) for p in f.months] + [_cells("quarter", p) for p in f.quarters]
    return csv_text(CSV_COLUMNS, [*rows, _cells("all", f.overall)])


def chart(f: Figures) -> Chart:
    """A line of the share answered in time per month, against the ICO's 90%."""
    line = pygal.Line(title=CHART_TITLE, style=STYLE,
                      js=[], width=800, height=320, x_label_rotation=30, range=(0, 100),
                      legend_at_bottom=True, disable_xml_declaration=True, dots_size=4,
                      allow_interruptions=True,  # a month with nothing decided is a gap
                      css=[*pygal.Config().css, f"inline:{LINES}"],
                      print_values=False, value_formatter=lambda v: f"{v:.1f}%")
    line.x_labels = [p.label for p in f.months]
    line.add("Answered in time (%)", [p.percent_in_time for p in f.months])
    line.add("ICO expectation (90%)", [TARGET_PERCENT] * len(f.months), show_dots=False)
    share = f.overall.percent_in_time
    alt = (f"Line chart: the share of FOI requests answered in time for each month received "
           f"from {f.first:%B %Y} to {f.last:%B %Y}"
           + (f"; {share:.1f}% overall against the ICO's 90%." if share is not None
              else "; no request has been answered or fallen overdue yet.")
           + " The table beside it gives every month.")
    rows: list[tuple[str, ...]] = [
        (p.label, str(p.received), str(p.in_time), str(p.late), str(p.overdue),
         _percent(p.percent_in_time), _number(p.median_days)) for p in f.months]
    svg = line.render(is_unicode=True)
    return Chart(CHART_TITLE, alt,
                 "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"),
                 ("Month received", "Received", "In time", "Late", "Overdue",
                  "% in time", "Median working days"), rows)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"
