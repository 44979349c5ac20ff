"""Stream JSON Lines of submissions through the engine in constant memory.

A line that cannot be used becomes an error verdict carrying the line's id
when one can be read; the lines around it are unaffected.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from socialguard.captions import attach_coverage
from socialguard.engine import check_many
from socialguard.policy.schema import PolicyPack
from socialguard.submission import MAX_TEXT_CHARS, Submission

MAX_LINE_BYTES = 256_000
BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class Parsed:
    line_no: int
    submission: Submission | None = None
    id: str | None = None
    error: str | None = None


def parse_line(raw: bytes, line_no: int, base_dir: Path | None) -> Parsed | None:
    """One input line; None for a blank line (skipped, as JSON Lines readers do)."""
    if len(raw) > MAX_LINE_BYTES:
        return Parsed(line_no, error=f"line {line_no}: longer than {MAX_LINE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Parsed(line_no, error=f"line {line_no}: not UTF-8 text (byte {exc.start})")
    text = text.lstrip("\ufeff").strip()
    if not text:
        return None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return Parsed(line_no, error=f"line {line_no}: not JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(data, dict):
        return Parsed(line_no, error=f"line {line_no}: expected a JSON object")
    ident = data.get("id")
    ident = str(ident) if ident is not None else None
    try:
        submission = Submission.model_validate(data)
    except ValidationError as exc:
        return Parsed(line_no, id=ident, error=f"line {line_no}: {describe(exc)}")
    return Parsed(line_no, attach_coverage(submission, base_dir), ident)


def describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err["loc"]) or "submission"
        if err["type"] == "string_too_long" and err["loc"][-1] == "text":
            parts.append(f"text is longer than {MAX_TEXT_CHARS} characters")
        elif err["type"] == "missing":
            parts.append(f"{where} is required")
        else:
            parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def verdict_lines(
    lines: Iterable[bytes],
    pack: PolicyPack,
    *,
    base_dir: Path | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
) -> Iterator[dict[str, Any]]:
    """Yield one verdict (as a JSON-ready dict) per non-blank input line, in order.
    With ``workers`` > 1 the batches are checked on that many processes."""
    batches = _batches(lines, base_dir, batch_size)
    if workers < 2:
        for pending in batches:
            yield from _merge(pending, _check(pending, pack))
        return
    from socialguard.parallel import CheckPool

    with CheckPool(pack, workers) as pool:
        # The pool sees only each batch's valid submissions; the parse errors wait here.
        held: deque[list[Parsed]] = deque()

        def good(source: Iterator[list[Parsed]]) -> Iterator[list[Submission]]:
            for pending in source:
                held.append(pending)
                yield [p.submission for p in pending if p.submission is not None]

        for verdicts in pool.map(good(batches)):
            yield from _merge(held.popleft(), verdicts)


def _batches(lines: Iterable[bytes], base_dir: Path | None,
             batch_size: int) -> Iterator[list[Parsed]]:
    pending: list[Parsed] = []
    for line_no, raw in enumerate(lines, 1):
        parsed = parse_line(raw, line_no, base_dir)
        if parsed is None:
            continue
        pending.append(parsed)
        if len(pending) >= batch_size:
            yield pending
            pending = []
    if pending:
        yield pending


def _check(pending: list[Parsed], pack: PolicyPack) -> list[dict[str, Any]]:
    good = [p.submission for p in pending if p.submission is not None]
    verdicts = check_many(good, pack) if good else []
    return [v.model_dump(mode="json", exclude_none=True) for v in verdicts]


def _merge(pending: list[Parsed], verdicts: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    checked = iter(verdicts)
    for p in pending:
        if p.submission is None:
            yield {"id": p.id, "error": p.error}
        else:
            yield next(checked)
