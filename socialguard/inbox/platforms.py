"""Where to report a breach of a platform's terms (policy §7.3), from platforms.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    report_url: str


@cache
def reporting_table() -> dict[str, Platform]:
    raw = json.loads((resources.files("socialguard.inbox") / "platforms.json")
                     .read_text(encoding="utf-8"))
    table: dict[str, Platform] = {}
    for key, entry in raw["platforms"].items():
        platform = Platform(key=key, name=entry["name"], report_url=entry["report_url"])
        for name in (key, *entry.get("aliases", [])):
            table[name] = platform
    return table


def reporting_for(platform: str | None) -> Platform | None:
    """The platform's official reporting page, or None for a platform not in the table."""
    return reporting_table().get((platform or "").strip().lower())
