"""Media deadlines: when a journalist says they need a reply ("need a line by 5pm", "for
tomorrow's breakfast show", "by close of play Thursday", "before we go to print at 9 tonight").

The words are data — the lexicons ``media_deadline_cues``, ``media_deadline_times`` and
``media_deadline_days`` beside the pack, which a pack extends like any other; only the
grammar that joins them is here: a cue, then a day and a time in either order. Times are
UK local (Europe/London) on the day the message arrived. A deadline is never invented:
a cue must be followed by a time (a day alone, "for tomorrow's paper", is not one).

Two readings the issue fixes: a weekday is the next such day (today's, if the time is
still ahead); a time already past on the day of receipt keeps that day and is flagged,
since the likelier fault is a typo than a deadline a day away.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from socialguard.detectors.lexicon import Lexicon
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import LOCAL_ZONE

CUES, TIMES, DAYS = "media_deadline_cues", "media_deadline_times", "media_deadline_days"
WINDOW = 80  # characters after a cue in which its day and time must be found
WEEKDAYS = [d.lower() for d in calendar.day_name]
MONTHS = {name.lower(): n for n in range(1, 13)
          for name in (calendar.month_name[n], calendar.month_abbr[n])} | {"sept": 9}
# Grammar, not vocabulary: the small words between a day and a time ("5pm on Friday",
# "Friday at 2", "tomorrow's breakfast show", "at the latest").
# One at a time, so a day word that starts with one ("this afternoon") is tried first.
FILLER = re.compile(r"\s+|[,:;–—-]|['’]s\b|\b(?:on|at|the|this|next|is|of|by|around|about|"
                    r"latest)\b", re.IGNORECASE)
# "p.m." takes its dots; "5pm." leaves the full stop, which ends the window.
CLOCK = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>[0-5]\d))?(?:\s*(?P<mer>[ap])(?:\.\s?m\.|\s?m\b)"
                   r"|\s*(?P<oclock>o['’]?\s?clock)\b)?(?![\d:])", re.IGNORECASE)
DAY_MONTH = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]{3,9})\b\.?"
                       r"(?:\s+(?P<y>\d{4})\b)?", re.IGNORECASE)
MONTH_DAY = re.compile(r"(?P<mon>[a-z]{3,9})\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
                       r"(?:,?\s+(?P<y>\d{4})\b)?", re.IGNORECASE)
ENTRY = re.compile(r"^(?P<name>.+?)\s*=\s*(?P<value>.+)$")


@dataclass(frozen=True)
class Deadline:
    due: datetime  # aware, UTC
    phrase: str  # the words it was read from, as written
    passed_at_receipt: bool  # already past when the message arrived (likely a typo)


@dataclass(frozen=True)
class DayWord:
    offset: int | None  # days after the day of receipt, or None for a weekday
    weekday: int | None  # Monday = 0
    meridiem: str | None  # "am" / "pm": how a bare hour beside it reads


@dataclass(frozen=True)
class Vocabulary:
    cues: Lexicon
    time_names: Lexicon
    times: dict[str, time]
    relative_names: Lexicon
    relative: dict[str, timedelta]
    day_names: Lexicon
    days: dict[str, DayWord]


def vocabulary(pack: PolicyPack) -> Vocabulary:
    """The pack's deadline words (bundled lexicons with the pack's additions)."""
    return _compile(pack.lexicon(CUES).phrases, pack.lexicon(TIMES).phrases,
                    pack.lexicon(DAYS).phrases)


def _key(words: str) -> str:
    """One spelling per phrase: case, apostrophes and runs of spaces or hyphens ignored."""
    return re.sub(r"[\s\-]+", " ", re.sub(r"['’]", "", words.lower())).strip()


def _entries(phrases: tuple[str, ...], lexicon: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for phrase in phrases:
        found = ENTRY.match(phrase)
        if found is None:
            raise ValueError(f"lexicon {lexicon}: {phrase!r} is not 'words = value'")
        out[found["name"]] = found["value"].strip().lower()
    return out


@cache
def _compile(cues: tuple[str, ...], times: tuple[str, ...], days: tuple[str, ...]) -> Vocabulary:
    clock: dict[str, time] = {}
    relative: dict[str, timedelta] = {}
    for name, value in _entries(times, TIMES).items():
        hours, _, minutes = value.lstrip("+").partition(":")
        try:
            if value.startswith("+"):
                relative[name] = timedelta(hours=int(hours), minutes=int(minutes or 0))
            else:
                clock[name] = time(int(hours), int(minutes or 0))
        except ValueError as exc:
            raise ValueError(f"lexicon {TIMES}: {name} = {value!r} is not HH:MM or +H:MM") from exc
    words: dict[str, DayWord] = {}
    for name, value in _entries(days, DAYS).items():
        parts = value.split()
        if value in WEEKDAYS:
            words[name] = DayWord(None, WEEKDAYS.index(value), None)
        elif re.fullmatch(r"\+\d{1,2}", parts[0]) and parts[1:] in ([], ["am"], ["pm"]):
            words[name] = DayWord(int(parts[0]), None, parts[1] if parts[1:] else None)
        else:
            raise ValueError(f"lexicon {DAYS}: {name} = {value!r} is not '+N [am|pm]' "
                             "or a weekday")
    return Vocabulary(Lexicon(cues), Lexicon(list(clock)), {_key(k): v for k, v in clock.items()},
                      Lexicon(list(relative)), {_key(k): v for k, v in relative.items()},
                      Lexicon(list(words)), {_key(k): v for k, v in words.items()})


def read_deadline(text: str, received: datetime, words: Vocabulary) -> Deadline | None:
    """The soonest deadline stated in ``text`` (one not already past at receipt before one
    that is), or None when none is stated."""
    if received.tzinfo is None:
        received = received.replace(tzinfo=LOCAL_ZONE)
    found: list[Deadline] = []
    for cue in words.cues.finditer(text):
        start = cue.end
        reading = _read_window(text[start:start + WINDOW], words, cue.phrase.endswith(" at"))
        if reading is not None:
            parts, used = reading
            when = _resolve(parts, received)
            if when is not None:
                found.append(Deadline(when, _phrase(text[cue.start:start + used]),
                                      when < received))
    for hit in words.relative_names.finditer(text):
        found.append(Deadline(received.astimezone(UTC) + words.relative[_key(hit.text)],
                              _phrase(hit.text), False))
    return min(found, key=lambda d: (d.passed_at_receipt, d.due), default=None)


def _phrase(words: str) -> str:
    return " ".join(words.split())[:200]


@dataclass
class _Parts:
    """What a cue's window said: a day (word, weekday or date) and a time."""

    day: DayWord | None = None
    on: tuple[int, int, int | None] | None = None  # day, month, year
    clock: time | None = None
    bare: tuple[int, int, bool, bool] | None = None  # hour, minute, leading zero, surely a time
    meridiem: str | None = None
    at: bool = False  # "at 9": a bare hour reads as a time


def _read_window(window: str, words: Vocabulary, at: bool) -> tuple[_Parts, int] | None:
    """The day and time at the start of ``window``, and how many characters they took."""
    parts, pos, used = _Parts(at=at), 0, 0
    while pos < len(window):
        end = _token(window, pos, words, parts)  # words first: "this afternoon" is a day
        if end is not None:
            pos = used = end
            continue
        filler = FILLER.match(window, pos)
        if filler is None or filler.end() == pos:
            break
        parts.at = parts.at or bool(re.search(r"\bat\b", filler.group(0), re.I))
        pos = filler.end()
    if parts.clock is None and parts.bare is None:
        return None  # a day alone ("for tomorrow's paper") is not a deadline
    if parts.bare is not None and not parts.bare[3] and parts.meridiem is None:
        return None  # "for 5 years": a number with no am/pm, minutes, "at" or "tonight"
    return parts, used


def _token(window: str, pos: int, words: Vocabulary, parts: _Parts) -> int | None:
    """Read one day or time at ``pos`` into ``parts``; its end, or None if neither."""
    if parts.clock is None and parts.bare is None and (
            m := words.time_names.pattern.match(window, pos)):
        parts.clock = words.times[_key(m.group(0))]
        return m.end()
    if parts.day is None and parts.on is None and (m := words.day_names.pattern.match(window, pos)):
        parts.day = words.days[_key(m.group(0))]
        parts.meridiem = parts.meridiem or parts.day.meridiem
        return m.end()
    if parts.on is None and (m := DAY_MONTH.match(window, pos) or MONTH_DAY.match(window, pos)):
        if m["mon"].lower() in MONTHS:
            parts.on = (int(m["d"]), MONTHS[m["mon"].lower()], int(m["y"]) if m["y"] else None)
            return m.end()
    if parts.clock is None and parts.bare is None and (m := CLOCK.match(window, pos)):
        return _clock(m, parts)
    return None


def _clock(m: re.Match[str], parts: _Parts) -> int | None:
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["mer"]:
        if not 1 <= hour <= 12:
            return None
        parts.clock = time(hour % 12 + (12 if m["mer"].lower() == "p" else 0), minute)
    elif hour > 23:
        return None
    else:  # "9 tonight" is settled by a word after it, so a bare number waits for the end
        parts.bare = (hour, minute, m["h"].startswith("0"),
                      bool(m["m"] or m["oclock"] or parts.at))
    return m.end()


def _hour(parts: _Parts) -> time:
    """A time without am/pm: beside "tonight" it is pm; otherwise 1-7 is afternoon (an office
    deadline "by 4" or "by 5.30" is not before dawn) and 8-11 morning, unless written "07:30"."""
    assert parts.bare is not None
    hour, minute, zero, _ = parts.bare
    if hour < 12 and parts.meridiem == "pm":
        hour += 12
    elif parts.meridiem is None and not zero and 1 <= hour <= 7:
        hour += 12
    return time(hour, minute)


def _resolve(parts: _Parts, received: datetime) -> datetime | None:
    """The moment ``parts`` name, read in UK local time from the day of receipt."""
    local = received.astimezone(LOCAL_ZONE)
    at = parts.clock if parts.clock is not None else _hour(parts)
    day: date = local.date()
    if parts.on is not None:
        d, month, year = parts.on
        try:
            day = date(year or local.year, month, d)
            if year is None and day < local.date() - timedelta(days=7):
                day = date(local.year + 1, month, d)  # "by 2 January", written in December
        except ValueError:
            return None
    elif parts.day is not None and parts.day.weekday is not None:
        ahead = (parts.day.weekday - local.weekday()) % 7
        if ahead == 0 and at <= local.time():
            ahead = 7  # "by 5pm Thursday", written on Thursday evening: next week
        day = local.date() + timedelta(days=ahead)
    elif parts.day is not None and parts.day.offset is not None:
        day = local.date() + timedelta(days=parts.day.offset)
    # zoneinfo reads a wall time in the spring-forward gap with the offset before it.
    return datetime.combine(day, at, tzinfo=LOCAL_ZONE).astimezone(UTC)


def countdown(due: datetime, now: datetime) -> str:
    """Hours and minutes to go ("3 h 05 min left"), or how far past ("overdue by 20 min")."""
    seconds = (due - now).total_seconds()
    minutes = int(abs(seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    span = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    return f"{span} left" if seconds >= 0 else f"overdue by {span}"


def uk_time(when: datetime) -> str:
    """A time as people in the office read it: "17:00 Fri 05 Dec 2026" (UK time)."""
    return when.astimezone(LOCAL_ZONE).strftime("%H:%M %a %d %b %Y")
