"""Reading an uploaded file of messages: JSON Lines from another system, or CSV saved from
a spreadsheet, which is read as people type it — column names in any case or spacing
("Received at", "MESSAGE"), dates day first (``inbox.ukdates``).

Every problem is one plain sentence naming the row (CSV) or line (JSON Lines), in the
words of the import page ("the message", "the time received"), never a field id; the
rows that can be read are imported all the same.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from socialguard.api.schemas import InboundMessage
from socialguard.db.base import utcnow
from socialguard.errors import InvalidInput
from socialguard.inbox.ukdates import not_a_date, parse_uk_datetime
from socialguard.triage.clock import LOCAL_ZONE

EARLIEST_YEAR = 2000
# Column headings people use, normalised (lower case, single spaces), to the field read.
COLUMNS: dict[str, str] = {
    **dict.fromkeys(("text", "message", "message text", "body", "content", "post",
                     "comment"), "text"),
    **dict.fromkeys(("id", "message id", "platform id", "external id", "reference",
                     "ref"), "id"),
    **dict.fromkeys(("platform", "network", "channel", "site"), "platform"),
    **dict.fromkeys(("author name", "author", "from", "sender", "sender name", "name",
                     "handle"), "author_name"),
    **dict.fromkeys(("received at", "received", "received on", "date received",
                     "time received", "when received", "date", "date and time", "sent",
                     "sent at", "timestamp"), "received_at"),
}
WORDS = {"text": "the message", "id": "the message id", "platform": "the platform",
         "author": "the sender", "author.name": "the sender's name",
         "author.identifiable_as_staff": "whether the sender is staff",
         "received_at": "the time received"}
NO_TEXT_COLUMN = ("The file needs a first row naming its columns, one of them 'message' "
                  "(the message itself). It may also have 'received' (when it arrived, e.g. "
                  "05/12/2026 08:45), 'from', 'platform' and 'message id'.")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    unit: str = "Line"  # "Row" in a spreadsheet, "Line" in a JSON Lines file

    @property
    def summary(self) -> str:
        return f"{self.unit} {self.line}: {self.message}"


def parse_upload(data: bytes, filename: str | None, content_type: str | None
                 ) -> tuple[list[InboundMessage], list[Problem]]:
    """A JSON Lines or CSV file (told apart by name, type, or a leading ``{``)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("The file could not be read as text: save it as "
                           "'CSV UTF-8' from your spreadsheet and try again.") from exc
    name = (filename or "").lower()
    is_csv = name.endswith(".csv") or "csv" in (content_type or "")
    if not is_csv and not name.endswith((".jsonl", ".ndjson", ".json")):
        is_csv = not text.lstrip().startswith("{")
    return parse_csv(text) if is_csv else parse_jsonl(text)


def parse_jsonl(text: str) -> tuple[list[InboundMessage], list[Problem]]:
    out: list[InboundMessage] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(number, f"not JSON ({exc.msg})"))
            continue
        if not isinstance(raw, dict):
            problems.append(Problem(number, "a line must be a JSON object"))
            continue
        read_one(raw, number, "Line", out, problems)
    return out, problems


def column(heading: str) -> str | None:
    """The field a column heading names ("Received At", " MESSAGE ") or None."""
    return COLUMNS.get(re.sub(r"[\s_\-]+", " ", heading.strip().lower()))


def parse_csv(text: str) -> tuple[list[InboundMessage], list[Problem]]:
    """A header row, then one message a row; rows are numbered as a spreadsheet shows them."""
    out: list[InboundMessage] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))  # csv splits the lines itself
    number = 1
    try:
        fields = [column(h) for h in next(reader, [])]
        if "text" not in fields:
            raise InvalidInput(NO_TEXT_COLUMN)
        for number, row in enumerate(reader, start=2):
            raw: dict[str, Any] = {}
            for field, value in zip(fields, row, strict=False):
                if field and value.strip() and field not in raw:  # first filled column wins
                    raw[field] = value.strip()
            if "received_at" in raw:
                when = parse_uk_datetime(raw["received_at"])
                if when is None:
                    problems.append(Problem(number, not_a_date(raw["received_at"]), "Row"))
                    continue
                raw["received_at"] = when
            read_one(raw, number, "Row", out, problems)
    except csv.Error as exc:
        # Rows before the fault are kept; the file cannot be read past it.
        problems.append(Problem(number + 1, f"not readable as CSV ({exc}); rows after this "
                                "one were not read", "Row"))
    return out, problems


def read_one(raw: dict[str, Any], number: int, unit: str, out: list[InboundMessage],
             problems: list[Problem]) -> None:
    """Validate one message (row or line ``number``); a fault is added to ``problems``."""
    def fault(message: str) -> None:
        problems.append(Problem(number, message, unit))

    if "author_name" in raw and "author" not in raw:
        raw["author"] = {"name": raw.pop("author_name"), "identifiable_as_staff": False}
    if any(isinstance(v, str) and "\x00" in v for v in raw.values()):
        return fault("contains a NUL character, which cannot be stored")
    try:
        message = InboundMessage.model_validate(raw)
    except ValidationError as exc:
        return fault(plain(exc.errors()[0]))
    wrong = received_problem(message)
    if wrong:
        return fault(wrong)
    out.append(message)


def plain(error: ErrorDetails) -> str:
    """A validation error in the page's words: "the message is missing", not "text: Field
    required"."""
    where = ".".join(str(p) for p in error["loc"])
    field = WORDS.get(where, where.replace("_", " "))
    kind, context = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return f"{field} is missing"
    if kind == "string_too_long":
        return f"{field} is too long (at most {context.get('max_length')} characters)"
    if kind.startswith(("datetime", "date")):
        return f"'{error['input']}' is not a date and time — write it as 2026-12-05T08:45:00Z"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{field}: {str(error['msg']).lower()}"


def received_problem(message: InboundMessage) -> str | None:
    """Receipt times the FOI clock can count from (not before 2000, not in the future)."""
    when = message.received_at
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=LOCAL_ZONE)
    if when.year < EARLIEST_YEAR or when > utcnow() + timedelta(days=1):
        return "the time received must be since 2000 and not in the future"
    return None
