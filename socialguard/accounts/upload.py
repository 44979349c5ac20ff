"""Uploaded export files -> an ``Activity``, through the importers in ``importers/``.

Formats (each documented in its importer module):

* ``x``: the X/Twitter archive's ``data/tweets.js`` (and ``tweets-part1.js``, ...);
  a ``follower.js`` uploaded with it gives the follower count.
* ``facebook``: a Facebook Page insights CSV (daily page data or per-post data).
* ``youtube``: a YouTube Analytics "Table data.csv" (by date or by content);
  by-date exports only hold subscriber *changes*, so they are anchored on the
  count given, or else on the register's current count.
* ``jsonl``: spec §3 JSON Lines; the line whose ``id`` is the account's
  register id is used (or the only line, if there is one).

The importers read paths, so uploads are written to a private temporary folder
under fixed names; error messages name the uploaded file, never that folder.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from socialguard.accounts.importers.base import Activity, ExportError, merge
from socialguard.accounts.importers.facebook import read_facebook_csv
from socialguard.accounts.importers.jsonl import LineError, activity_of, parse_lines
from socialguard.accounts.importers.x_archive import read_follower_count, read_tweets
from socialguard.accounts.importers.youtube import read_youtube_csv
from socialguard.errors import InvalidInput

MAX_FILES = 20


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class Imported:
    activity: Activity
    followers: int | None  # a count the export states for today, if any


def read_upload(fmt: str, uploads: Sequence[Upload], *, ref: str,
                followers: int | None, current_followers: int) -> Imported:
    """Parse the uploads as ``fmt``; ``InvalidInput`` (422) names the file and line at fault."""
    uploads = [u for u in uploads if u.data]
    if not uploads:
        raise InvalidInput("Choose an export file to import.")
    if len(uploads) > MAX_FILES:
        raise InvalidInput(f"At most {MAX_FILES} files at a time.")
    if fmt == "jsonl":
        return Imported(_jsonl(uploads, ref), followers)
    with tempfile.TemporaryDirectory(prefix="sg-import-") as folder:
        names: dict[str, str] = {}
        paths: list[Path] = []
        for index, upload in enumerate(uploads):
            path = Path(folder) / f"{index:02d}-{_safe(upload.filename)}"
            path.write_bytes(upload.data)
            names[str(path)] = upload.filename
            paths.append(path)
        try:
            return _read(fmt, paths, followers, current_followers)
        except ExportError as exc:
            name = names.get(exc.path, Path(exc.path).name)
            where = f"{name}, line {exc.line}" if exc.line is not None else name
            raise InvalidInput(f"{where}: {exc.reason}") from None


def _read(fmt: str, paths: list[Path], followers: int | None,
          current_followers: int) -> Imported:
    if fmt == "x":
        counts = [p for p in paths if "follower" in p.name.lower()]
        tweets = [p for p in paths if p not in counts]
        if not tweets:
            raise InvalidInput("Upload the archive's tweets.js.")
        if followers is None and counts:
            followers = sum(read_follower_count(p) for p in counts)
        return Imported(read_tweets(tweets), followers)
    if fmt == "facebook":
        return Imported(merge([read_facebook_csv(p) for p in paths]), followers)
    if fmt == "youtube":
        total = followers if followers is not None else current_followers
        return Imported(merge([read_youtube_csv(p, subscribers_total=total) for p in paths]),
                        followers)
    raise InvalidInput(f"Unknown format {fmt!r}: use x, facebook, youtube or jsonl.")


def _jsonl(uploads: Sequence[Upload], ref: str) -> Activity:
    lines = [line for u in uploads for line in u.data.splitlines()]
    parsed = list(parse_lines(lines))
    mine = [p for p in parsed if not isinstance(p, LineError) and p.id == ref]
    errors = [p for p in parsed if isinstance(p, LineError) and p.id in (ref, None)]
    if not mine and len(parsed) == 1:
        if isinstance(parsed[0], LineError):
            raise InvalidInput(parsed[0].error)
        mine = [parsed[0]]
    if not mine:
        detail = f" ({errors[0].error})" if errors else ""
        raise InvalidInput(f"No valid line for {ref} in the JSON Lines file{detail}.")
    activities = [activity_of(account) for account in mine]
    last = mine[-1]
    merged = merge(activities)
    if not merged.followers:
        # The line's count has no date of its own: it is taken as today's.
        merged = Activity(platform=merged.platform, posts=merged.posts,
                          followers=[(datetime.now(UTC).date(), last.followers)],
                          notes=merged.notes)
    return merged


def _safe(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:80] or "upload"
