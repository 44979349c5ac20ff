"""Importers of the platforms' export files into posts and followers over time.

One module per format, each documenting the format it reads:

* ``x_archive`` — the X/Twitter archive's ``tweets.js`` (plus ``follower.js``
  and ``account.js``);
* ``facebook`` — Facebook Page insights CSV (daily Page data or per-post data);
* ``youtube`` — YouTube Analytics ``Table data.csv`` (by date or by content);
* ``jsonl`` — the spec §3 JSON Lines the audit reads.

Each returns an ``Activity`` (posts with their UTC time and original flag,
followers as ``(date, count)`` pairs) or raises ``ExportError`` naming the
file and line.
"""

from socialguard.accounts.importers.base import Activity, ExportError
from socialguard.accounts.importers.facebook import read_facebook_csv
from socialguard.accounts.importers.jsonl import LineError, read_accounts
from socialguard.accounts.importers.x_archive import (
    read_account_info,
    read_follower_count,
    read_tweets,
)
from socialguard.accounts.importers.youtube import read_youtube_csv

__all__ = [
    "Activity",
    "ExportError",
    "LineError",
    "read_account_info",
    "read_accounts",
    "read_facebook_csv",
    "read_follower_count",
    "read_tweets",
    "read_youtube_csv",
]
