"""Dates as people type them in a UK spreadsheet: ``05/12/2026 08:45`` (day first),
``5/12/2026``, ``5 Dec 2026``, ``Friday 5 December 2026 8.45am``, and ISO 8601.

Deliberately strict, and not ``dateutil.parser``: with ``dayfirst`` it quietly reads
``12/25/2026`` as 25 December (a US date passed off as UK) and the ISO ``2026-12-05`` as
12 May. Here a date that is impossible day first, has a two-digit year (05/12/26: which
century, and which order?) or no year at all is refused, so the row is reported rather
than stored on the wrong day. A weekday, if given, must agree with the date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time

EXAMPLE = "05/12/2026 08:45"
MONTHS = {name.lower(): n for n in range(1, 13)
          for name in (calendar.month_name[n], calendar.month_abbr[n])} | {"sept": 9}
WEEKDAYS = {name.lower(): n for n in range(7)
            for name in (calendar.day_name[n], calendar.day_abbr[n])}
_WEEKDAY = r"(?:(?P<wd>[a-z]+)\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
DATES = [re.compile(p, re.IGNORECASE) for p in (
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})",  # 05/12/2026, 5.12.2026
    _WEEKDAY + rf"(?P<d>\d{{1,2}}){_ORDINAL}\s+(?P<mon>[a-z]+)\.?,?\s+(?P<y>\d{{4}})",
    _WEEKDAY + rf"(?P<mon>[a-z]+)\.?\s+(?P<d>\d{{1,2}}){_ORDINAL},?\s+(?P<y>\d{{4}})",
)]
TIME = re.compile(r"(?:,?\s*(?:at\s+)?|T)(?P<h>\d{1,2})(?:[:.](?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?)?"
                  r"\s*(?P<mer>[ap]\.?\s?m\.?)?\s*$", re.IGNORECASE)


def not_a_date(raw: str) -> str:
    """The plain-English reason a received time was refused."""
    shown = raw if len(raw) <= 40 else raw[:39] + "…"
    return f"'{shown}' is not a date — write it as {EXAMPLE}"


def parse_uk_datetime(raw: str) -> datetime | None:
    """The date and time ``raw`` names (naive unless ISO with an offset: UK local time),
    or None if it is not one, or not one beyond doubt."""
    text = " ".join(raw.split())
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    for pattern in DATES:
        found = pattern.match(text)
        if found is None:
            continue
        day = _day(found)
        rest = text[found.end():]
        clock = _time(rest) if rest.strip() else time(0, 0)
        return datetime.combine(day, clock) if day is not None and clock is not None else None
    return None


def _day(found: re.Match[str]) -> date | None:
    groups = found.groupdict()
    month = int(groups["m"]) if groups.get("m") else MONTHS.get(groups["mon"].lower())
    if month is None:
        return None
    try:
        day = date(int(groups["y"]), month, int(groups["d"]))
    except ValueError:  # 31/02/2026, 13/25/2026 (a month 25), 12/25/2026 (a US date)
        return None
    weekday = groups.get("wd")
    if weekday and WEEKDAYS.get(weekday.lower()) != day.weekday():
        return None  # "Friday 6 December 2026" names two different days
    return day


def _time(rest: str) -> time | None:
    found = TIME.match(rest)
    if found is None:
        return None
    hour, minute, second = int(found["h"]), int(found["m"] or 0), int(found["s"] or 0)
    if found["mer"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found["mer"].lower().startswith("p") else 0)
    elif found["m"] is None or hour > 23:
        return None  # "05/12/2026 8": eight in the morning or evening?
    return time(hour, minute, second)
