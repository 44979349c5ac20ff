"""YouTube Analytics CSV exports (YouTube Studio → Analytics → Advanced mode → Export → CSV).

The download is a zip holding ``Table data.csv``, ``Chart data.csv`` and
``Totals.csv``; this reads ``Table data.csv`` in either of its groupings:

**Grouped by Date** — subscribers over time::

    Date,Subscribers gained,Subscribers lost,Subscribers,Views,Watch time (hours)
    Total,40,6,34,5120,210.4
    2026-10-01,2,0,2,180,7.1

``Subscribers`` is the day's net change (when absent, gained minus lost).
YouTube exports changes, never the total, so the series is rebuilt backwards
from the channel's current subscriber count (``subscribers_total``, the
figure on the channel page): the last date in the file holds the total and
each earlier day subtracts the later days' changes. Without that count no
follower series is returned (``notes`` says so) rather than one starting at
an invented zero.

**Grouped by Content** — one row per video::

    Content,Video title,Video publish time,Duration,Views,...
    Total,,,,5120,...
    dQw4w9WgXcQ,Maternity services open day,"Oct 2, 2026",0:02:41,830,...

Each video is a ``Post`` at its publish date (midnight UTC), ``original:
true`` — an upload is the channel's own content. Note that the table lists
the videos viewed in the report period, so widen the period to cover every
upload you want counted.

The ``Total`` row is skipped. Dates are ISO (``2026-10-01``), ``Oct 2, 2026``
or month-first ``10/02/2026``.
"""

from __future__ import annotations

from datetime import date
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

PUBLISH_COLUMNS = ("Video publish time", "Publish time", "Published")


def read_youtube_csv(path: str | Path, *, subscribers_total: int | None = None) -> Activity:
    table = read_csv(path, header_has=(*PUBLISH_COLUMNS, "Date"))
    publish_key = table.column(*PUBLISH_COLUMNS)
    if publish_key is not None:
        return _by_content(table, publish_key)
    return _by_date(table, subscribers_total)


def _by_content(table: CsvTable, publish_key: str) -> Activity:
    posts: list[Post] = []
    for _row, stamp in dated_rows(table, publish_key):
        midnight = stamp.replace(hour=0, minute=0, second=0, microsecond=0)
        posts.append(Post(at=midnight, original=True))
    return Activity(platform="youtube", posts=sorted(posts, key=lambda p: p.at))


def _by_date(table: CsvTable, subscribers_total: int | None) -> Activity:
    date_key = table.column("Date")
    assert date_key is not None
    net_key = table.column("Subscribers")
    gained_key = table.column("Subscribers gained")
    lost_key = table.column("Subscribers lost")
    if net_key is None and gained_key is None:
        raise ExportError(
            table.path,
            "no 'Subscribers' or 'Subscribers gained' column: export the report with them",
        )
    changes: dict[date, int] = {}
    for row, stamp in dated_rows(table, date_key):
        if net_key is not None:
            net = parse_count(table, row, net_key) or 0
        else:
            assert gained_key is not None
            gained = parse_count(table, row, gained_key) or 0
            lost = (parse_count(table, row, lost_key) or 0) if lost_key else 0
            net = gained - lost
        changes[stamp.date()] = net
    if subscribers_total is None:
        note = f"{table.path}: give the current subscriber count to chart subscribers over time"
        return Activity(platform="youtube", notes=[note])
    series: list[FollowerCount] = []
    total = subscribers_total
    for day in sorted(changes, reverse=True):
        series.append((day, total))
        total -= changes[day]  # the count at the end of the day before
    series.reverse()
    notes: list[str] = []
    if any(count < 0 for _, count in series):
        notes.append(f"{table.path}: the subscriber count given is lower than the changes imply")
    return Activity(platform="youtube", followers=series, notes=notes)
