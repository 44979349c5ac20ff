"""Chart series for the accounts dashboard: posts per week."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from socialguard.accounts.models import Post


class WeekCount(NamedTuple):
    week_start: date  # a Monday
    posts: int
    original: int


def posts_per_week(posts: Iterable[Post], *, start: date, end: date) -> list[WeekCount]:
    """ISO weeks (Monday first) from the week holding ``start`` to the one holding ``end``.

    Every week in the range appears, empty ones with zero, so a chart shows gaps;
    posts outside ``[start, end]`` are left out.
    """
    first = start - timedelta(days=start.weekday())
    last = end - timedelta(days=end.weekday())
    totals: dict[date, list[int]] = {}
    week = first
    while week <= last:
        totals[week] = [0, 0]
        week += timedelta(days=7)
    for post in posts:
        if start <= post.day <= end:
            bucket = totals[post.day - timedelta(days=post.day.weekday())]
            bucket[0] += 1
            bucket[1] += int(post.original)
    return [WeekCount(w, n, o) for w, (n, o) in totals.items()]
