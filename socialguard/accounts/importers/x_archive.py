"""X/Twitter archive: ``data/tweets.js`` (and optionally ``follower.js``, ``account.js``).

Format (the archive from Settings → Your account → Download an archive)::

    window.YTD.tweets.part0 = [
      {
        "tweet" : {
          "id_str" : "1842...",
          "created_at" : "Wed Oct 02 09:00:00 +0000 2026",
          "full_text" : "Our maternity voices partnership meets on ...",
          "in_reply_to_status_id_str" : "1841...",      (replies only)
          "retweeted_status" : { ... }                   (some archives, retweets only)
          ...
        }
      },
      ...
    ]

Large archives split into ``tweets-part1.js`` (``part1``) and so on; pass
every part. Older archives call the file ``tweet.js`` (``window.YTD.tweet``)
and some list bare tweet objects without the ``"tweet"`` wrapper; both are
read. A plain JSON array (no ``window.YTD`` prefix) is accepted too.

Mapping: each tweet is a ``Post`` at ``created_at`` (converted to UTC; the
weekday name is ignored, only day, month, year, time and offset count).
``original`` is false for retweets (``full_text`` starting ``RT @`` or a
``retweeted_status``) and for replies (``in_reply_to_status_id`` or its
``_str`` twin set) — the policy's "original posts". Replies to the account's
own tweets (threads) are replies too: the archive alone cannot tell a thread
from a conversation reliably, and spec §3 leaves originality to the importer.
Quote tweets are original. Duplicate ids across parts are read once.

``tweets.js`` carries no follower count: ``read_follower_count`` counts the
entries of the archive's ``follower.js``, and ``read_account_info`` reads the
handle and creation date from ``account.js``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from socialguard.accounts.importers.base import Activity, ExportError, line_of, read_text
from socialguard.accounts.models import Post

_PREFIX = re.compile(r"\A\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*")
_CREATED = re.compile(
    r"^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def read_tweets(paths: Sequence[str | Path] | str | Path) -> Activity:
    """Posts from one or more ``tweets.js`` parts."""
    if isinstance(paths, str | Path):
        paths = [paths]
    posts: dict[str, Post] = {}
    anonymous: list[Post] = []
    for path in paths:
        for line, item in _ytd_items(path):
            tweet = item.get("tweet", item)
            if not isinstance(tweet, dict):
                raise ExportError(path, "a tweet entry is not an object", line)
            post = _post(path, line, tweet)
            tweet_id = str(tweet.get("id_str") or tweet.get("id") or "")
            if tweet_id:
                posts.setdefault(tweet_id, post)
            else:
                anonymous.append(post)
    ordered = sorted([*posts.values(), *anonymous], key=lambda p: p.at)
    return Activity(platform="x", posts=ordered)


def read_follower_count(path: str | Path) -> int:
    """The number of followers listed in the archive's ``follower.js``."""
    return sum(1 for _ in _ytd_items(path))


def read_account_info(path: str | Path) -> tuple[str, date]:
    """``(handle, created_at)`` from the archive's ``account.js``."""
    for line, item in _ytd_items(path):
        account = item.get("account", item)
        username = account.get("username") if isinstance(account, dict) else None
        created = account.get("createdAt") if isinstance(account, dict) else None
        if not isinstance(username, str) or not isinstance(created, str):
            raise ExportError(path, "the account entry has no username or createdAt", line)
        try:
            when = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            raise ExportError(path, f"createdAt is not a timestamp: {created!r}", line) from None
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
        return f"@{username.lstrip('@')}", when.date()
    raise ExportError(path, "no account entry")


def parse_created_at(value: str) -> datetime:
    """``Wed Oct 02 09:00:00 +0000 2026`` -> an aware UTC datetime (ISO 8601 also accepted)."""
    match = _CREATED.match(value.strip())
    if match:
        mon, day, hh, mm, ss, sign, off_h, off_m, year = match.groups()
        if mon.title() not in _MONTHS:
            raise ValueError(f"unknown month {mon!r}")
        offset = timedelta(hours=int(off_h), minutes=int(off_m)) * (-1 if sign == "-" else 1)
        local = datetime(
            int(year),
            _MONTHS.index(mon.title()) + 1,
            int(day),
            int(hh),
            int(mm),
            int(ss),
            tzinfo=timezone(offset),
        )
        return local.astimezone(UTC)
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _post(path: str | Path, line: int, tweet: dict[str, Any]) -> Post:
    created = tweet.get("created_at")
    if not isinstance(created, str):
        raise ExportError(path, "a tweet has no created_at", line)
    try:
        at = parse_created_at(created)
    except ValueError:
        raise ExportError(path, f"created_at is not a tweet timestamp: {created!r}", line) from None
    text = tweet.get("full_text") or tweet.get("text") or ""
    retweet = (isinstance(text, str) and text.startswith("RT @")) or bool(
        tweet.get("retweeted_status")
    )
    reply = bool(tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id"))
    return Post(at=at, original=not (retweet or reply))


def _ytd_items(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each object of the archive file's array, with the line it starts on."""
    text = read_text(path)
    match = _PREFIX.match(text)
    index = match.end() if match else 0
    decoder = json.JSONDecoder()
    index = _skip_space(text, index)
    if index >= len(text) or text[index] != "[":
        raise ExportError(
            path,
            "not an X archive file (expected 'window.YTD.<name>.part0 = [')",
            line_of(text, index),
        )
    index = _skip_space(text, index + 1)
    while index < len(text) and text[index] != "]":
        try:
            item, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise ExportError(path, f"not valid JSON ({exc.msg})", line_of(text, exc.pos)) from None
        if not isinstance(item, dict):
            raise ExportError(path, "an entry is not an object", line_of(text, index))
        yield line_of(text, index), item
        index = _skip_space(text, end)
        if index < len(text) and text[index] == ",":
            index = _skip_space(text, index + 1)
        elif index >= len(text) or text[index] != "]":
            raise ExportError(path, "expected ',' or ']' between entries", line_of(text, index))
    if index >= len(text):
        raise ExportError(path, "the array is not closed with ']'", line_of(text, index))


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index
