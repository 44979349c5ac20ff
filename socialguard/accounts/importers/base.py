"""What every importer shares: the result type, errors, text decoding and CSV reading.

Platform exports arrive from Excel round trips, Windows machines and zip
files, so text is decoded by its byte-order mark (UTF-8, UTF-16 LE/BE), else
as UTF-8, else as Windows-1252 (which decodes any byte, so a file with stray
Latin-1 characters still imports). CSV delimiters are taken from an Excel
``sep=`` line if present, else guessed from the header among ``,``, ``;`` and
tab. Every error names the file and, where there is one, the line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from socialguard.accounts.models import (
    Account,
    BusinessCase,
    FollowerCount,
    Post,
    ProgrammeStatus,
)


class ExportError(ValueError):
    """An export file that cannot be read; the message names the file and line."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Activity:
    """What an export says about an account: its posts and its followers over time."""

    platform: str
    posts: list[Post] = field(default_factory=list)
    followers: list[FollowerCount] = field(default_factory=list)  # sorted by date
    notes: list[str] = field(default_factory=list)

    def latest_followers(self) -> int | None:
        return self.followers[-1][1] if self.followers else None

    def to_account(
        self,
        *,
        id: str,
        handle: str,
        owner: str | None,
        business_case: BusinessCase,
        programme_status: ProgrammeStatus,
        created_at: date,
        followers: int | None = None,
        programme: str | None = None,
    ) -> Account:
        """An ``Account`` for the register; ``followers`` defaults to the latest count."""
        count = followers if followers is not None else self.latest_followers()
        if count is None:
            raise ValueError("the export has no follower count: give the current number")
        return Account(
            id=id,
            platform=self.platform,
            handle=handle,
            owner=owner,
            business_case=business_case,
            programme_status=programme_status,
            created_at=created_at,
            followers=count,
            posts=sorted(self.posts, key=lambda p: p.at),
            programme=programme,
            followers_history=self.followers,
        )


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExportError(path, f"cannot read the file ({exc.strerror})") from exc
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif len(raw) >= 2 and raw[1] == 0 and raw[0] != 0:
        encoding = "utf-16-le"  # UTF-16 saved without a BOM
    else:
        encoding = "utf-8"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise ExportError(path, f"not valid {encoding} text") from None
        return raw.decode("cp1252", errors="replace")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# -- CSV -------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRow:
    line: int
    cells: dict[str, str]  # normalised header -> cell (stripped)


@dataclass(frozen=True)
class CsvTable:
    path: str
    header: list[str]  # as in the file
    rows: list[CsvRow]

    def column(self, *aliases: str) -> str | None:
        """The first alias present, as a normalised header key."""
        keys = {normalise(h) for h in self.header}
        return next((normalise(a) for a in aliases if normalise(a) in keys), None)


def normalise(header: str) -> str:
    return re.sub(r"\s+", " ", header.replace("\ufeff", "")).strip().strip('"').strip().lower()


def read_csv(path: str | Path, *, header_has: Sequence[str]) -> CsvTable:
    """Read a CSV whose header row holds one of ``header_has`` (lines before it are skipped).

    Exports put titles or an Excel ``sep=`` line above the header; the header
    is the first line naming one of the expected columns.
    """
    text = read_text(path)
    # Split on real line ends only: str.splitlines would also cut at U+2028 in a message.
    lines = io.StringIO(text, newline="").readlines()
    delimiter: str | None = None
    wanted = {normalise(h) for h in header_has}
    start = None
    for index, line in enumerate(lines[:50]):
        stripped = line.strip().strip('"')
        if stripped.lower().startswith("sep=") and len(stripped) >= 5:
            delimiter = stripped[4]
            continue
        cells = next(csv.reader([line], delimiter=delimiter or _guess_delimiter(line)), [])
        if wanted & {normalise(c) for c in cells}:
            start = index
            delimiter = delimiter or _guess_delimiter(line)
            break
    if start is None or delimiter is None:
        names = ", ".join(repr(h) for h in header_has)
        raise ExportError(path, f"no header row naming any of {names} in the first 50 lines")
    reader = csv.reader(lines[start:], delimiter=delimiter)
    header = next(reader)
    keys = [normalise(h) for h in header]
    rows: list[CsvRow] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        cells_by_key = {k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(keys)}
        rows.append(CsvRow(line=start + reader.line_num, cells=cells_by_key))
    return CsvTable(path=str(path), header=header, rows=rows)


def _guess_delimiter(line: str) -> str:
    return max((",", ";", "\t"), key=line.count)


def parse_count(table: CsvTable, row: CsvRow, key: str) -> int | None:
    """A whole number cell ("1,234", "1234.0", blank -> None)."""
    cell = row.cells.get(key, "").replace(",", "").replace("\u00a0", "").replace(" ", "")
    if not cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        raise ExportError(table.path, f"{key!r} is not a number: {cell!r}", row.line) from None
    if value != int(value):
        raise ExportError(table.path, f"{key!r} is not a whole number: {cell!r}", row.line)
    return int(value)


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_US_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*([AaPp][Mm])?)?$"
)
_NAMED_DATE = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$")


def parse_timestamp(cell: str) -> datetime | None:
    """ISO 8601 (date or date-time, any offset), US ``M/D/YYYY [h:mm [AM]]`` or ``Oct 2, 2026``.

    Meta's exports write dates month first; naive times are taken as UTC.
    Returns None when the cell is none of these.
    """
    cell = cell.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(cell.replace("Z", "+00:00"))
    except ValueError:
        parsed = _parse_us(cell) or _parse_named(cell)
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _parse_us(cell: str) -> datetime | None:
    match = _US_DATE.match(cell)
    if not match:
        return None
    month, day, year, hour, minute, second, ampm = match.groups()
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    h = int(hour or 0)
    if ampm:
        h = h % 12 + (12 if ampm.lower() == "pm" else 0)
    try:
        return datetime(full_year, int(month), int(day), h, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def _parse_named(cell: str) -> datetime | None:
    match = _NAMED_DATE.match(cell)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    try:
        return datetime(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
    except ValueError:
        return None


def dated_rows(table: CsvTable, key: str) -> Iterator[tuple[CsvRow, datetime]]:
    """Rows with a timestamp in ``key``; skips totals and a descriptions row under the header.

    Facebook's classic export puts a row of metric descriptions straight under
    the header and YouTube a "Total" row; both are skipped, any other row whose
    date cannot be read is an error.
    """
    for position, row in enumerate(table.rows):
        cell = row.cells.get(key, "")
        stamp = parse_timestamp(cell) if cell else None
        if stamp is not None:
            yield row, stamp
        elif (
            cell.lower() in ("total", "totals")
            or (position == 0 and not cell)
            or (position == 0 and len(cell) > 20)
        ):
            continue
        else:
            raise ExportError(table.path, f"{key!r} is not a date: {cell!r}", row.line)


def merge(activities: Sequence[Activity]) -> Activity:
    """Several exports of one account as one: posts together, followers by date (later wins)."""
    if not activities:
        raise ValueError("nothing to merge")
    by_day: dict[date, int] = {}
    for activity in activities:
        by_day.update(dict(activity.followers))
    return Activity(
        platform=activities[0].platform,
        posts=sorted((p for a in activities for p in a.posts), key=lambda p: p.at),
        followers=sorted(by_day.items()),
        notes=[n for a in activities for n in a.notes],
    )
