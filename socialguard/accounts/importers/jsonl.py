"""Spec §3 JSON Lines: one account per line, the audit's own input.

Each non-blank line is a JSON object::

    {"id": "acc-07", "platform": "x", "handle": "@STW_Maternity",
     "owner": "Maternity programme team", "business_case": "approved",
     "programme_status": "active", "created_at": "2025-02-01", "followers": 87,
     "posts": [{"at": "2026-10-02T09:00:00Z", "original": true}]}

Required: ``id``, ``programme_status`` (active | closed), ``created_at``
(a date, or a timestamp reduced to its UTC date) and ``followers`` (a whole
number >= 0). ``owner`` missing or null means nobody is named;
``business_case`` missing or null means ``none``; ``posts`` missing means
none. Each post needs ``at`` (ISO 8601; no offset means UTC; a bare date is
midnight UTC) and ``original``. Unknown fields are ignored. Optional
``followers_history`` (``[["2026-10-01", 80], ...]``) is what the import
commands write so a register keeps the series for its charts.

Reading never stops at a bad line: it yields a ``LineError`` carrying the
line number and the ``id`` when one could be read, and goes on. A UTF-8 BOM
is accepted; a line that is not UTF-8 is a bad line, not a failed file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from socialguard.accounts.importers.base import Activity, ExportError
from socialguard.accounts.models import Account


@dataclass(frozen=True)
class LineError:
    line: int
    id: str | None
    error: str

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "error": self.error}


def parse_line(raw: bytes | str, line: int) -> Account | LineError | None:
    """One line -> an ``Account``, a ``LineError``, or None for a blank line."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return LineError(line, None, f"line {line}: not UTF-8 text (byte {exc.start})")
    text = raw.lstrip("\ufeff").strip()
    if not text:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return LineError(line, None, f"line {line}: not valid JSON ({exc.msg}, column {exc.colno})")
    if not isinstance(data, dict):
        return LineError(line, None, f"line {line}: expected a JSON object")
    raw_id = data.get("id")
    shown_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else None
    try:
        return Account.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(err) for err in exc.errors())
        return LineError(line, shown_id, f"line {line}: {problems}")


def parse_lines(lines: Iterable[bytes | str]) -> Iterator[Account | LineError]:
    for number, raw in enumerate(lines, start=1):
        parsed = parse_line(raw, number)
        if parsed is not None:
            yield parsed


def read_accounts(path: str | Path) -> Iterator[Account | LineError]:
    """Every line of a JSON Lines file; ``ExportError`` only if the file cannot be opened."""
    try:
        handle = Path(path).open("rb")
    except OSError as exc:
        raise ExportError(path, f"cannot read the file ({exc.strerror})") from exc
    with handle:
        yield from parse_lines(handle)


def activity_of(account: Account) -> Activity:
    """The chartable part of a register line."""
    return Activity(
        platform=account.platform,
        posts=list(account.posts),
        followers=list(account.followers_history),
    )


def to_json_line(account: Account) -> str:
    return json.dumps(account.to_record(), ensure_ascii=False)


def _describe(err: Any) -> str:
    location = ".".join(str(part) for part in err["loc"])
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "missing":
        message = "required"
    return f"{location}: {message}" if location else message
