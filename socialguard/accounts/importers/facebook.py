"""Facebook Page insights CSV exports.

Two shapes are read; which one is decided from the header.

**Daily Page data** (Insights → Export data → Page data, saved as CSV; the
Meta Business Suite page-overview export has the same daily shape). One row
per day::

    Date,Lifetime Total Likes,Lifetime Total Followers,Daily New Likes,...,Daily Page Posts
    ,Lifetime: The total number of people who have liked your Page. (Unique Users),...
    2026-10-01,1204,1311,3,...,1

* the date column is ``Date`` (or ``Day``);
* the row of metric descriptions under the classic export's header, an
  Excel ``sep=,`` line and title lines above the header are skipped;
* the follower total is the first column present of ``Lifetime Total
  Followers``, ``Total Follows``, ``Page followers``, ``Facebook followers``,
  ``Followers``, then — for Pages that only report likes — ``Lifetime Total
  Likes``, ``Lifetime Likes``, ``Page likes``, ``Total likes``; daily
  change columns such as ``Daily New Likes`` are not totals and are ignored;
* the number of posts published that day is the first column present of
  ``Daily Page Posts``, ``Page posts``, ``Posts``, ``Published posts``,
  ``Number of posts``. Each counted post becomes a ``Post`` at midnight UTC
  that day, ``original: true`` (a Page's own posts). Without such a column
  the export gives followers only and ``notes`` says so.

**Per-post data** (Insights → Export data → Post data, or Meta Business
Suite's content export). One row per post, the time in ``Posted``,
``Publish time``, ``Post Publish Time`` or ``Created time``; a post is not
original when ``Is share`` is yes/true or ``Post type``/``Type`` is
``Share``. These files carry no follower totals.

Dates are ISO 8601 or month-first as Meta writes them (``10/02/2026``,
``10/02/2026 09:00``, ``10/02/2026 9:00 AM``); times without an offset are
taken as UTC. Numbers may carry thousands separators. Blank cells are
skipped (a day without a follower total gives no point on the chart).
"""

from __future__ import annotations

from pathlib import Path

from socialguard.accounts.importers.base import (
    Activity,
    CsvTable,
    ExportError,
    dated_rows,
    parse_count,
    read_csv,
)
from socialguard.accounts.models import FollowerCount, Post

DATE_COLUMNS = ("Date", "Day")
POST_TIME_COLUMNS = ("Posted", "Publish time", "Post Publish Time", "Created time")
FOLLOWER_COLUMNS = (
    "Lifetime Total Followers",
    "Total Follows",
    "Page followers",
    "Facebook followers",
    "Followers",
    "Lifetime Total Likes",
    "Lifetime Likes",
    "Page likes",
    "Total likes",
)
POST_COUNT_COLUMNS = (
    "Daily Page Posts",
    "Page posts",
    "Posts",
    "Published posts",
    "Number of posts",
)
_YES = {"yes", "true", "1", "y"}


def read_facebook_csv(path: str | Path) -> Activity:
    table = read_csv(path, header_has=(*POST_TIME_COLUMNS, *DATE_COLUMNS))
    post_time = table.column(*POST_TIME_COLUMNS)
    if post_time is not None:
        return _per_post(table, post_time)
    date_key = table.column(*DATE_COLUMNS)
    assert date_key is not None  # read_csv found a header naming one
    return _daily(table, date_key)


def _daily(table: CsvTable, date_key: str) -> Activity:
    follower_key = table.column(*FOLLOWER_COLUMNS)
    posts_key = table.column(*POST_COUNT_COLUMNS)
    if follower_key is None and posts_key is None:
        raise ExportError(
            table.path,
            "no follower total or post count column (expected one of "
            + ", ".join(repr(c) for c in (*FOLLOWER_COLUMNS, *POST_COUNT_COLUMNS))
            + ")",
        )
    followers: dict[str, FollowerCount] = {}
    posts: list[Post] = []
    for row, stamp in dated_rows(table, date_key):
        day = stamp.date()
        if follower_key is not None:
            total = parse_count(table, row, follower_key)
            if total is not None:
                followers[day.isoformat()] = (day, total)
        if posts_key is not None:
            count = parse_count(table, row, posts_key) or 0
            if count < 0:
                raise ExportError(table.path, f"{posts_key!r} is negative", row.line)
            midnight = stamp.replace(hour=0, minute=0, second=0, microsecond=0)
            posts.extend(Post(at=midnight, original=True) for _ in range(count))
    notes: list[str] = []
    if posts_key is None:
        notes.append(f"{table.path}: no post count column; posts must come from a post export")
    if follower_key is None:
        notes.append(f"{table.path}: no follower total column")
    history = [followers[k] for k in sorted(followers)]
    return Activity(platform="facebook", posts=posts, followers=history, notes=notes)


def _per_post(table: CsvTable, time_key: str) -> Activity:
    share_key = table.column("Is share")
    type_key = table.column("Post type", "Type")
    posts: list[Post] = []
    for row, stamp in dated_rows(table, time_key):
        shared = share_key is not None and row.cells.get(share_key, "").lower() in _YES
        shared = shared or (type_key is not None and row.cells.get(type_key, "").lower() == "share")
        posts.append(Post(at=stamp, original=not shared))
    return Activity(platform="facebook", posts=sorted(posts, key=lambda p: p.at))
